//! .NET custom numeric format strings: `0` and `#` digit placeholders, `.` (first one only),
//! `,` as group separator (between placeholders) or scaling by 1000 (right before the point),
//! `%` (×100) and `‰` (×1000), `E+0`/`E-0`/`E0` exponents, up to three `;` sections (positive,
//! negative, zero), `'…'`/`"…"` literals and `\` escapes. This follows .NET's
//! `NumberToStringFormat`, including the 15-significant-digit rounding of doubles.

use super::digits::{Digits, Source};
use super::standard::exponent_text;
use crate::locale::NumberData;

const NONE: i32 = i32::MAX;

/// The index where section `n` (0 positive, 1 negative, 2 zero) starts, or 0 when the format
/// has no such (non-empty) section.
fn find_section(format: &[char], mut n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let mut i = 0;
    while i < format.len() {
        let c = format[i];
        i += 1;
        match c {
            '\'' | '"' => {
                while i < format.len() && format[i] != c {
                    i += 1;
                }
                i += 1;
            }
            '\\' => i += 1,
            ';' => {
                n -= 1;
                if n == 0 {
                    return if i < format.len() && format[i] != ';' {
                        i
                    } else {
                        0
                    };
                }
            }
            _ => {}
        }
    }
    0
}

/// What the scan of a section found.
#[derive(Default)]
struct Layout {
    digit_count: i32,
    decimal_pos: i32,
    first_digit: i32,
    last_digit: i32,
    scientific: bool,
    thousand_seps: bool,
}

fn at(format: &[char], i: usize) -> char {
    format.get(i).copied().unwrap_or('\0')
}

/// Scans a section for placeholders; applies its scaling to `d` and rounds it.
fn scan(format: &[char], section: usize, d: &mut Digits) -> Layout {
    let mut l = Layout {
        decimal_pos: -1,
        first_digit: NONE,
        ..Layout::default()
    };
    let (mut thousand_pos, mut thousand_count, mut scale_adjust) = (-1, 0, 0);
    let mut i = section;
    while i < format.len() && format[i] != ';' {
        let c = format[i];
        i += 1;
        match c {
            '#' => l.digit_count += 1,
            '0' => {
                if l.first_digit == NONE {
                    l.first_digit = l.digit_count;
                }
                l.digit_count += 1;
                l.last_digit = l.digit_count;
            }
            '.' if l.decimal_pos < 0 => l.decimal_pos = l.digit_count,
            ',' if l.digit_count > 0 && l.decimal_pos < 0 => {
                if thousand_pos >= 0 {
                    if thousand_pos == l.digit_count {
                        thousand_count += 1;
                        continue;
                    }
                    l.thousand_seps = true;
                }
                thousand_pos = l.digit_count;
                thousand_count = 1;
            }
            '%' => scale_adjust += 2,
            '‰' => scale_adjust += 3,
            '\'' | '"' => {
                while i < format.len() && format[i] != c {
                    i += 1;
                }
                i += 1;
            }
            '\\' => i += 1,
            'E' | 'e' => {
                let next = at(format, i);
                if next == '0' || (matches!(next, '+' | '-') && at(format, i + 1) == '0') {
                    i += 1;
                    while at(format, i) == '0' {
                        i += 1;
                    }
                    l.scientific = true;
                }
            }
            _ => {}
        }
    }
    if l.decimal_pos < 0 {
        l.decimal_pos = l.digit_count;
    }
    if thousand_pos >= 0 {
        if thousand_pos == l.decimal_pos {
            scale_adjust -= thousand_count * 3;
        } else {
            l.thousand_seps = true;
        }
    }
    if d.is_zero() {
        if d.source != Source::Float {
            d.negative = false;
        }
        d.scale = 0;
    } else {
        d.scale += scale_adjust;
        let pos = if l.scientific {
            l.digit_count
        } else {
            d.scale + l.digit_count - l.decimal_pos
        };
        d.round(pos);
    }
    l
}

/// Formats `d` with a custom format.
pub(super) fn format(mut d: Digits, format: &str, nf: &NumberData) -> String {
    let format: Vec<char> = format.chars().collect();
    let start = if d.is_zero() {
        2
    } else if d.negative {
        1
    } else {
        0
    };
    let mut section = find_section(&format, start);
    let mut layout = scan(&format, section, &mut d);
    if d.is_zero() && start != 2 {
        let zero = find_section(&format, 2);
        if zero != section {
            section = zero;
            layout = scan(&format, section, &mut d);
        }
    }
    let body = render(&format, section, &layout, &d, nf);
    if d.negative && section == 0 && (d.scale != 0 || !body.is_empty()) {
        format!("{}{body}", nf.negative_sign)
    } else {
        body
    }
}

/// Where group separators go: digit positions (counted from the decimal point leftwards).
fn separator_positions(
    l: &Layout,
    first_digit: i32,
    dig_pos: i32,
    adjust: i32,
    nf: &NumberData,
) -> Vec<i32> {
    let mut positions = Vec::new();
    if !l.thousand_seps || nf.group_separator.is_empty() {
        return positions;
    }
    let sizes = nf.group_sizes;
    let total_digits = dig_pos + adjust.min(0);
    let wanted = first_digit.max(total_digits);
    let mut index = 0;
    let mut size = i32::from(sizes.first().copied().unwrap_or(0));
    let mut total = size;
    while wanted > total && size != 0 {
        positions.push(total);
        if index + 1 < sizes.len() {
            index += 1;
            size = i32::from(sizes[index]);
        }
        total += size;
    }
    positions
}

fn render(format: &[char], section: usize, l: &Layout, d: &Digits, nf: &NumberData) -> String {
    let first_digit = if l.first_digit < l.decimal_pos {
        l.decimal_pos - l.first_digit
    } else {
        0
    };
    let last_digit = if l.last_digit > l.decimal_pos {
        l.decimal_pos - l.last_digit
    } else {
        0
    };
    let (mut dig_pos, mut adjust) = if l.scientific {
        (l.decimal_pos, 0)
    } else {
        (d.scale.max(l.decimal_pos), d.scale - l.decimal_pos)
    };
    let separators = separator_positions(l, first_digit, dig_pos, adjust, nf);
    let mut sep_index = separators.len();
    let mut out = String::new();
    let mut next = 0usize;
    let mut scientific = l.scientific;
    let mut decimal_written = false;
    let mut i = section;
    let push_digit = |out: &mut String, c: u8, dig_pos: i32, sep_index: &mut usize| {
        out.push(char::from(c));
        if dig_pos > 1 && *sep_index > 0 && dig_pos == separators[*sep_index - 1] + 1 {
            out.push_str(nf.group_separator);
            *sep_index -= 1;
        }
    };
    while i < format.len() && format[i] != ';' {
        let c = format[i];
        i += 1;
        if adjust > 0 && matches!(c, '#' | '0' | '.') {
            while adjust > 0 {
                let digit = d.at(next);
                next += 1;
                push_digit(&mut out, digit, dig_pos, &mut sep_index);
                dig_pos -= 1;
                adjust -= 1;
            }
        }
        match c {
            '#' | '0' => {
                let digit = if adjust < 0 {
                    adjust += 1;
                    (dig_pos <= first_digit).then_some(b'0')
                } else if next < d.digits.len() {
                    next += 1;
                    Some(d.digits[next - 1])
                } else {
                    (dig_pos > last_digit).then_some(b'0')
                };
                if let Some(digit) = digit {
                    push_digit(&mut out, digit, dig_pos, &mut sep_index);
                }
                dig_pos -= 1;
            }
            '.' => {
                if dig_pos == 0
                    && !decimal_written
                    && (last_digit < 0 || (l.decimal_pos < l.digit_count && next < d.digits.len()))
                {
                    out.push_str(nf.decimal_separator);
                    decimal_written = true;
                }
            }
            '‰' => out.push_str(nf.per_mille_symbol),
            '%' => out.push_str(nf.percent_symbol),
            ',' => {}
            '\'' | '"' => {
                while i < format.len() && format[i] != c {
                    out.push(format[i]);
                    i += 1;
                }
                i += 1;
            }
            '\\' => {
                if i < format.len() {
                    out.push(format[i]);
                    i += 1;
                }
            }
            'E' | 'e' if scientific => {
                let next_char = at(format, i);
                let (mut zeros, positive) = match (next_char, at(format, i + 1)) {
                    ('0', _) => (1, false),
                    ('+', '0') => (0, true),
                    ('-', '0') => (0, false),
                    _ => {
                        out.push(c);
                        continue;
                    }
                };
                i += 1;
                while at(format, i) == '0' {
                    zeros += 1;
                    i += 1;
                }
                let exponent = if d.is_zero() {
                    0
                } else {
                    d.scale - l.decimal_pos
                };
                exponent_text(&mut out, exponent, c, zeros.min(10), positive, nf);
                scientific = false;
            }
            'E' | 'e' => {
                out.push(c);
                if matches!(at(format, i), '+' | '-') {
                    out.push(format[i]);
                    i += 1;
                }
                while at(format, i) == '0' {
                    out.push('0');
                    i += 1;
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::{EN_US, culture};

    fn int(i: i64, f: &str) -> String {
        format(Digits::integer(i), f, &EN_US.numbers)
    }

    fn float(x: f64, f: &str) -> String {
        format(Digits::float_significant(x, 15), f, &EN_US.numbers)
    }

    #[test]
    fn placeholders_groups_and_scaling() {
        assert_eq!(int(1_234_567_890, "0,0.00"), "1,234,567,890.00");
        assert_eq!(int(1_234_567_890, "#,##0"), "1,234,567,890");
        assert_eq!(int(1_234_567_890, "#,##0,,"), "1,235");
        assert_eq!(int(123, "00000"), "00123");
        assert_eq!(int(0, "#"), "");
        assert_eq!(int(0, "0"), "0");
        assert_eq!(float(1.5, "#.##"), "1.5");
        assert_eq!(float(0.5, "#.##"), ".5");
        assert_eq!(float(0.125, "0.00"), "0.13");
        assert_eq!(float(1234.5678, "#,##0.0"), "1,234.6");
        assert_eq!(float(0.256, "0.0%"), "25.6%");
        assert_eq!(float(0.00256, "0.0‰"), "2.6‰");
        let de = culture("de-DE").unwrap();
        assert_eq!(
            format(Digits::integer(1_234_567_890), "0,0.00", &de.numbers),
            "1.234.567.890,00"
        );
    }

    #[test]
    fn sections_signs_literals_and_exponents() {
        assert_eq!(int(-5, "0;(0)"), "(5)");
        assert_eq!(int(-5, "0"), "-5");
        assert_eq!(int(0, "0;(0);'zero'"), "zero");
        assert_eq!(float(-0.001, "0.00;neg;zero"), "zero");
        assert_eq!(float(-0.4, "0"), "-0");
        assert_eq!(int(5, "'#'0\\%"), "#5%");
        assert_eq!(float(12345.0, "0.00E+00"), "1.23E+04");
        assert_eq!(float(0.00012, "0.0e0"), "1.2e-4");
        assert_eq!(float(12345.0, "0E-000"), "1E004");
        assert_eq!(int(42, "#E"), "42E");
        assert_eq!(int(42, "abc"), "abc");
        assert_eq!(int(5, ";;"), "");
        assert_eq!(int(-5, "0;"), "-5");
        assert_eq!(int(1_234_567, "#,#"), "1,234,567");
        assert_eq!(int(12, "000,000"), "000,012");
        assert_eq!(int(-1234, "#,##0;(#,##0)"), "(1,234)");
        assert_eq!(float(1.23456789e-10, "0.###E+0"), "1.235E-10");
        assert_eq!(float(123_456_789.0, "##0.0E+0"), "123.5E+6");
        assert_eq!(int(100, "0.##E0"), "1E2");
        assert_eq!(float(-0.0, "0.0"), "-0.0");
        assert_eq!(float(1e20, "#,##0"), "100,000,000,000,000,000,000");
        assert_eq!(int(42, "#-#"), "4-2");
        assert_eq!(
            float(0.1 + 0.2, "0.00000000000000000"),
            "0.30000000000000000"
        );
    }
}

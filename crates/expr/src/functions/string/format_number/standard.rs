//! .NET standard numeric formats: `C` currency, `D` decimal (integers), `E` exponential, `F`
//! fixed-point, `G` general, `N` number, `P` percent, `R` round-trip (doubles), `X` hexadecimal
//! (integers), each with an optional precision (`C2`, `E10`, `X8`).

use super::digits::Digits;
use crate::locale::{
    CURRENCY_NEGATIVE, CURRENCY_POSITIVE, NUMBER_NEGATIVE, NumberData, PERCENT_NEGATIVE,
    PERCENT_POSITIVE,
};
use crate::numeric::Number;

/// Largest precision accepted (.NET accepts up to 999,999,999; results that long could not be
/// returned anyway).
pub(super) const MAX_PRECISION: u32 = 10_000;

/// Formats `number` with standard specifier `letter` and optional `precision`.
pub(super) fn format(
    number: Number,
    letter: char,
    precision: Option<u32>,
    nf: &NumberData,
) -> Result<String, String> {
    let upper = letter.to_ascii_uppercase();
    if let Number::Float(f) = number
        && !f.is_finite()
    {
        return Ok(non_finite(f, nf).to_owned());
    }
    let p = precision.map(|p| p as usize);
    match (upper, number) {
        ('D', Number::Int(i)) => Ok(integer_digits(i, p.unwrap_or(0), nf)),
        ('X', Number::Int(i)) => {
            let hex = if letter == 'X' {
                format!("{:X}", i as u64)
            } else {
                format!("{:x}", i as u64)
            };
            Ok(format!("{hex:0>width$}", width = p.unwrap_or(0)))
        }
        ('D' | 'X', _) => Err(format!("The format '{letter}' applies only to integers")),
        ('R', Number::Float(f)) => Ok(localize_plain(&crate::number::format_float(f), nf)),
        ('R', _) => Err("The format 'R' applies only to floating-point numbers".to_owned()),
        ('G', _) if p.is_none_or(|p| p == 0) => Ok(general_default(number, letter, nf)),
        ('C', _) => {
            let places = p.unwrap_or(usize::from(nf.currency_decimal_digits));
            let mut d = fixed_digits(number, places, 0);
            let text = fixed(&mut d, places, Some(nf.group_sizes), nf);
            let pattern = if d.negative {
                CURRENCY_NEGATIVE[usize::from(nf.currency_negative_pattern)]
            } else {
                CURRENCY_POSITIVE[usize::from(nf.currency_positive_pattern)]
            };
            Ok(apply(pattern, &text, nf.currency_symbol, nf))
        }
        ('F' | 'N', _) => {
            let places = p.unwrap_or(usize::from(nf.number_decimal_digits));
            let groups = (upper == 'N').then_some(nf.group_sizes);
            let mut d = fixed_digits(number, places, 0);
            let text = fixed(&mut d, places, groups, nf);
            let pattern = match (d.negative, upper) {
                (false, _) => "n",
                (true, 'N') => NUMBER_NEGATIVE[usize::from(nf.number_negative_pattern)],
                (true, _) => "-n",
            };
            Ok(apply(pattern, &text, "", nf))
        }
        ('P', _) => {
            let places = p.unwrap_or(usize::from(nf.number_decimal_digits));
            let mut d = fixed_digits(number, places, 2);
            let text = fixed(&mut d, places, Some(nf.group_sizes), nf);
            let pattern = if d.negative {
                PERCENT_NEGATIVE[usize::from(nf.percent_negative_pattern)]
            } else {
                PERCENT_POSITIVE[usize::from(nf.percent_positive_pattern)]
            };
            Ok(apply(pattern, &text, nf.percent_symbol, nf))
        }
        ('E', _) => {
            let places = p.unwrap_or(6);
            let mut d = significant_digits(number, places + 1);
            d.round(places as i32 + 1);
            Ok(scientific(&d, places, letter, nf))
        }
        ('G', _) => {
            let significant = p.unwrap_or(0);
            let mut d = significant_digits(number, significant);
            d.round(significant as i32);
            Ok(general(
                &d,
                significant as i32,
                if letter == 'G' { 'E' } else { 'e' },
                nf,
            ))
        }
        _ => Err(format!(
            "'{letter}' is not a standard numeric format specifier (C, D, E, F, G, N, P, R, X)"
        )),
    }
}

fn non_finite(f: f64, nf: &NumberData) -> &'static str {
    if f.is_nan() {
        nf.nan
    } else if f > 0.0 {
        nf.positive_infinity
    } else {
        nf.negative_infinity
    }
}

/// Digits rounded to `places` decimals after scaling by 10^`shift` (2 for percent).
fn fixed_digits(number: Number, places: usize, shift: i32) -> Digits {
    let mut d = match number {
        Number::Int(i) => Digits::integer(i),
        Number::Decimal(x) => Digits::decimal(x),
        Number::Float(f) => Digits::float_fixed(f, places + shift as usize),
    };
    d.scale += shift;
    let pos = d.scale + places as i32;
    d.round(pos);
    d
}

/// Digits for `significant` digits (all of them when 0).
pub(super) fn significant_digits(number: Number, significant: usize) -> Digits {
    match number {
        Number::Int(i) => Digits::integer(i),
        Number::Decimal(x) => Digits::decimal(x),
        Number::Float(f) if significant == 0 => Digits::float_significant(f, 17),
        Number::Float(f) => Digits::float_significant(f, significant),
    }
}

/// `G` without precision: integers and decimals print all their digits (decimals keep their
/// scale), doubles the shortest round-trip form.
fn general_default(number: Number, letter: char, nf: &NumberData) -> String {
    let plain = match number {
        Number::Int(i) => i.to_string(),
        Number::Decimal(d) => crate::number::format_decimal(d),
        Number::Float(f) => crate::number::format_float(f),
    };
    let plain = if letter == 'g' {
        plain.replace('E', "e")
    } else {
        plain
    };
    localize_plain(&plain, nf)
}

/// Swaps `.` and `-` of invariant number text for the culture's symbols.
fn localize_plain(text: &str, nf: &NumberData) -> String {
    let mut out = String::new();
    for (i, c) in text.char_indices() {
        match c {
            '.' => out.push_str(nf.decimal_separator),
            '-' if i == 0 => out.push_str(nf.negative_sign),
            '-' => out.push('-'),
            other => out.push(other),
        }
    }
    out
}

fn integer_digits(i: i64, min: usize, nf: &NumberData) -> String {
    let digits = format!("{:0>min$}", i.unsigned_abs());
    if i < 0 {
        format!("{}{digits}", nf.negative_sign)
    } else {
        digits
    }
}

/// .NET `FormatFixed`: the integer part (grouped when `groups` is given), then `places` digits.
pub(super) fn fixed(
    d: &mut Digits,
    places: usize,
    groups: Option<&[u8]>,
    nf: &NumberData,
) -> String {
    let mut next = 0usize;
    let integer_len = d.scale.max(0) as usize;
    let mut integer: Vec<u8> = (0..integer_len)
        .map(|_| {
            next += 1;
            d.at(next - 1)
        })
        .collect();
    if integer.is_empty() {
        integer.push(b'0');
    }
    let mut out = match groups {
        Some(sizes) => group(&integer, sizes, nf.group_separator),
        None => String::from_utf8_lossy(&integer).into_owned(),
    };
    if places > 0 {
        out.push_str(nf.decimal_separator);
        let zeros = ((-d.scale).max(0) as usize).min(places);
        out.extend(std::iter::repeat_n('0', zeros));
        for _ in zeros..places {
            out.push(char::from(d.at(next)));
            next += 1;
        }
    }
    out
}

/// Inserts group separators into integer digits, groups counted from the right; the last size
/// repeats (a size of 0 stops grouping).
pub(super) fn group(digits: &[u8], sizes: &[u8], separator: &str) -> String {
    let mut cuts = Vec::new();
    let mut total = 0usize;
    for i in 0.. {
        let size = usize::from(*sizes.get(i).or(sizes.last()).unwrap_or(&0));
        if size == 0 || total + size >= digits.len() {
            break;
        }
        total += size;
        cuts.push(digits.len() - total);
    }
    let mut out = String::new();
    for (i, &b) in digits.iter().enumerate() {
        if cuts.contains(&i) {
            out.push_str(separator);
        }
        out.push(char::from(b));
    }
    out
}

/// Fills a .NET pattern: `n` the number, `$` the symbol (currency or percent), `-` the
/// negative sign, anything else as is.
fn apply(pattern: &str, number: &str, symbol: &str, nf: &NumberData) -> String {
    let mut out = String::new();
    for c in pattern.chars() {
        match c {
            'n' => out.push_str(number),
            '$' | '%' => out.push_str(symbol),
            '-' => out.push_str(nf.negative_sign),
            other => out.push(other),
        }
    }
    out
}

/// `E`: `d.ddd…E+ddd` (at least three exponent digits).
fn scientific(d: &Digits, places: usize, letter: char, nf: &NumberData) -> String {
    let mut out = String::new();
    if d.negative {
        out.push_str(nf.negative_sign);
    }
    out.push(char::from(d.at(0)));
    if places > 0 {
        out.push_str(nf.decimal_separator);
        for i in 1..=places {
            out.push(char::from(d.at(i)));
        }
    }
    let exponent = if d.is_zero() { 0 } else { d.scale - 1 };
    exponent_text(&mut out, exponent, letter, 3, true, nf);
    out
}

/// `E+05`, `e-003`, …
pub(super) fn exponent_text(
    out: &mut String,
    exponent: i32,
    letter: char,
    min_digits: usize,
    positive_sign: bool,
    nf: &NumberData,
) {
    out.push(letter);
    if exponent < 0 {
        out.push_str(nf.negative_sign);
    } else if positive_sign {
        out.push_str(nf.positive_sign);
    }
    out.push_str(&format!("{:0min_digits$}", exponent.unsigned_abs()));
}

/// .NET `FormatGeneral`: plain digits unless the exponent is at least the precision or below
/// -5, then `d.dddE+dd`; no trailing zeros.
fn general(d: &Digits, precision: i32, letter: char, nf: &NumberData) -> String {
    let mut out = String::new();
    if d.negative {
        out.push_str(nf.negative_sign);
    }
    let scientific = d.scale > precision || d.scale < -3;
    let mut position = if scientific { 1 } else { d.scale };
    let mut next = 0;
    if position > 0 {
        while position > 0 {
            out.push(char::from(d.at(next)));
            next += 1;
            position -= 1;
        }
    } else {
        out.push('0');
    }
    if next < d.digits.len() || position < 0 {
        out.push_str(nf.decimal_separator);
        while position < 0 {
            out.push('0');
            position += 1;
        }
        while next < d.digits.len() {
            out.push(char::from(d.digits[next]));
            next += 1;
        }
    }
    if scientific {
        exponent_text(&mut out, d.scale - 1, letter, 2, true, nf);
    }
    out
}

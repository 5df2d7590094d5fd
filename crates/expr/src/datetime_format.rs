//! .NET date/time format strings: the standard single-letter formats (`d D f F g G M m O o R r s
//! t T u U Y y`), expanded through the culture's patterns, and the custom tokens (`yyyy yy y MM
//! MMM MMMM M dd ddd dddd d HH H hh h mm m ss s f…fffffff F…FFFFFFF tt t K zzz zz z g : /`),
//! `'…'`/`"…"` literals, `\` escapes and `%` (a lone custom token).
//!
//! [`format`] renders a wall-clock time with its [`Kind`]; [`parse_exact`] is the inverse for
//! `parseDateTime(text, locale, format)`. Errors are messages for the caller to wrap.
//!
//! # Layout
//! - this file: [`Kind`], the standard-format table and the custom-pattern renderer;
//! - `datetime_format/parse_exact.rs`: .NET `DateTime.ParseExact` over the same tokens.

mod parse_exact;

use std::borrow::Cow;

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::locale::{Culture, INVARIANT};

pub(crate) use parse_exact::parse_exact;

/// How a timestamp's offset is known, which decides what `K` prints (.NET `DateTimeKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// UTC (the text ended in `Z`): `K` prints `Z`.
    Utc,
    /// Local time at a fixed offset in seconds east of UTC: `K` prints `+hh:mm`. Timestamps
    /// parsed with an explicit offset become `Offset(0)`: the runtime converts them to its own
    /// local time, which is UTC (see `crate::timestamp`).
    Offset(i32),
    /// No offset (input had none): `K` prints nothing.
    Unspecified,
}

/// `DateTime.ToString("o")` without the kind suffix.
const ROUND_TRIP: &str = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
const RFC_1123: &str = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
const SORTABLE: &str = "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
const UNIVERSAL_SORTABLE: &str = "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";

/// The message every malformed format string gets (after the specific reason).
pub(crate) fn invalid_format(format: &str, why: &str) -> String {
    format!("The format '{format}' is not a valid date time format: {why}.")
}

/// Formats `local` with a .NET format string and culture. An empty format means `o`.
pub(crate) fn format_in(
    local: NaiveDateTime,
    kind: Kind,
    format: &str,
    culture: &Culture,
) -> Result<String, String> {
    let format = if format.is_empty() { "o" } else { format };
    let mut chars = format.chars();
    let (Some(letter), None) = (chars.next(), chars.next()) else {
        let mut out = String::new();
        custom(local, kind, format, culture, &mut out)?;
        return Ok(out);
    };
    let (pattern, culture) = standard(letter, culture).ok_or_else(|| {
        invalid_format(
            format,
            "a single character must be a standard format specifier (d, D, f, F, g, G, M, m, O, o, R, r, s, t, T, u, U, Y or y); use '%' before a single custom specifier",
        )
    })?;
    // `R`, `U` (and `u` for local times) show the instant in UTC.
    let local = match (letter, kind) {
        ('R' | 'r' | 'U' | 'u', Kind::Offset(seconds)) => {
            local - chrono::Duration::seconds(i64::from(seconds))
        }
        _ => local,
    };
    let kind = match letter {
        'U' | 'R' | 'r' | 'u' => Kind::Utc,
        _ => kind,
    };
    let mut out = String::new();
    custom(local, kind, &pattern, culture, &mut out)?;
    Ok(out)
}

/// The pattern behind a standard format specifier and the culture it renders in (`o`, `r`, `s`
/// and `u` are culture-invariant), or `None` if `letter` is not a standard specifier.
pub(crate) fn standard(letter: char, culture: &Culture) -> Option<(Cow<'static, str>, &Culture)> {
    let dates = &culture.dates;
    let joined = |a: &str, b: &str| Cow::Owned(format!("{a} {b}"));
    let pattern = match letter {
        'o' | 'O' => return Some((Cow::Borrowed(ROUND_TRIP), &INVARIANT)),
        'r' | 'R' => return Some((Cow::Borrowed(RFC_1123), &INVARIANT)),
        's' => return Some((Cow::Borrowed(SORTABLE), &INVARIANT)),
        'u' => return Some((Cow::Borrowed(UNIVERSAL_SORTABLE), &INVARIANT)),
        'd' => Cow::Borrowed(dates.short_date),
        'D' => Cow::Borrowed(dates.long_date),
        'f' => joined(dates.long_date, dates.short_time),
        'F' | 'U' => joined(dates.long_date, dates.long_time),
        'g' => joined(dates.short_date, dates.short_time),
        'G' => joined(dates.short_date, dates.long_time),
        'm' | 'M' => Cow::Borrowed(dates.month_day),
        't' => Cow::Borrowed(dates.short_time),
        'T' => Cow::Borrowed(dates.long_time),
        'y' | 'Y' => Cow::Borrowed(dates.year_month),
        _ => return None,
    };
    Some((pattern, culture))
}

/// One element of a custom pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// A format letter repeated `count` times (`yyyy` is `Field('y', 4)`).
    Field(char, usize),
    /// Text copied as is (quoted, escaped, or a character with no meaning).
    Literal(String),
    /// `/`: the culture's date separator.
    DateSeparator,
    /// `:`: the culture's time separator.
    TimeSeparator,
}

/// Splits a custom pattern into tokens, with .NET's errors for malformed patterns.
pub(crate) fn tokenize(pattern: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                let mut text = String::new();
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        None => {
                            return Err(invalid_format(
                                pattern,
                                &format!("the quote {c} at position {i} is never closed"),
                            ));
                        }
                        Some(&q) if q == c => break,
                        Some('\\') if j + 1 < chars.len() => {
                            text.push(chars[j + 1]);
                            j += 2;
                        }
                        Some(&other) => {
                            text.push(other);
                            j += 1;
                        }
                    }
                }
                tokens.push(Token::Literal(text));
                i = j + 1;
            }
            '\\' => {
                let next = chars.get(i + 1).ok_or_else(|| {
                    invalid_format(pattern, "it ends with an escape character '\\'")
                })?;
                tokens.push(Token::Literal(next.to_string()));
                i += 2;
            }
            '%' => match chars.get(i + 1) {
                Some(&next) if next != '%' => {
                    let letter = field_letter(next);
                    tokens.push(match letter {
                        Some(l) => Token::Field(l, 1),
                        None => single(next),
                    });
                    i += 2;
                }
                _ => {
                    return Err(invalid_format(
                        pattern,
                        "'%' must be followed by a single custom format specifier",
                    ));
                }
            },
            _ => {
                if let Some(letter) = field_letter(c) {
                    let run = chars[i..].iter().take_while(|&&d| d == c).count();
                    if matches!(letter, 'f' | 'F') && run > 7 {
                        return Err(invalid_format(
                            pattern,
                            "at most 7 fractional-second digits ('fffffff') are allowed",
                        ));
                    }
                    tokens.push(Token::Field(letter, run));
                    i += run;
                } else {
                    tokens.push(single(c));
                    i += 1;
                }
            }
        }
    }
    Ok(tokens)
}

fn field_letter(c: char) -> Option<char> {
    matches!(
        c,
        'y' | 'M' | 'd' | 'H' | 'h' | 'm' | 's' | 'f' | 'F' | 't' | 'K' | 'z' | 'g'
    )
    .then_some(c)
}

fn single(c: char) -> Token {
    match c {
        '/' => Token::DateSeparator,
        ':' => Token::TimeSeparator,
        other => Token::Literal(other.to_string()),
    }
}

/// Renders a custom pattern.
fn custom(
    t: NaiveDateTime,
    kind: Kind,
    pattern: &str,
    culture: &Culture,
    out: &mut String,
) -> Result<(), String> {
    for token in tokenize(pattern)? {
        match token {
            Token::Literal(text) => out.push_str(&text),
            Token::DateSeparator => out.push_str(culture.dates.date_separator),
            Token::TimeSeparator => out.push_str(culture.dates.time_separator),
            Token::Field(letter, run) => field(t, kind, letter, run, culture, out),
        }
    }
    Ok(())
}

fn field(t: NaiveDateTime, kind: Kind, c: char, run: usize, culture: &Culture, out: &mut String) {
    let dates = &culture.dates;
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let am_pm = if t.hour() < 12 { dates.am } else { dates.pm };
    match (c, run) {
        ('y', 1 | 2) => pad(out, t.year().rem_euclid(100) as u32, run),
        ('y', n) => pad(out, t.year() as u32, n),
        ('M', 1 | 2) => pad(out, t.month(), run),
        ('M', 3) => out.push_str(dates.abbreviated_months[t.month0() as usize]),
        ('M', _) => out.push_str(dates.months[t.month0() as usize]),
        ('d', 1 | 2) => pad(out, t.day(), run),
        ('d', 3) => {
            out.push_str(dates.abbreviated_days[t.weekday().num_days_from_sunday() as usize]);
        }
        ('d', _) => out.push_str(dates.days[t.weekday().num_days_from_sunday() as usize]),
        ('H', _) => pad(out, t.hour(), run.min(2)),
        ('h', _) => pad(out, hour12, run.min(2)),
        ('m', _) => pad(out, t.minute(), run.min(2)),
        ('s', _) => pad(out, t.second(), run.min(2)),
        ('f' | 'F', _) => fraction(t, c == 'F', run, out),
        ('t', 1) => out.extend(am_pm.chars().next()),
        ('t', _) => out.push_str(am_pm),
        ('g', _) => out.push_str(dates.era),
        ('K', _) => match kind {
            Kind::Utc => out.push('Z'),
            Kind::Offset(seconds) => offset(seconds, 3, out),
            Kind::Unspecified => {}
        },
        ('z', _) => match kind {
            Kind::Offset(seconds) => offset(seconds, run, out),
            // The runtime's local zone is UTC.
            Kind::Utc | Kind::Unspecified => offset(0, run, out),
        },
        (other, n) => out.extend(std::iter::repeat_n(other, n)),
    }
}

fn pad(out: &mut String, n: u32, width: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{n:0width$}");
}

/// `f…` prints `run` fraction digits; `F…` trims trailing zeros and, if nothing is left, also a
/// `.` just before it (as .NET does).
fn fraction(t: NaiveDateTime, trim: bool, run: usize, out: &mut String) {
    let ticks = t.nanosecond() % 1_000_000_000 / 100; // 7 digits
    let digits = format!("{ticks:07}");
    let digits = &digits[..run.min(7)];
    if !trim {
        out.push_str(digits);
        return;
    }
    let trimmed = digits.trim_end_matches('0');
    if trimmed.is_empty() && out.ends_with('.') {
        out.pop();
    }
    out.push_str(trimmed);
}

fn offset(seconds: i32, run: usize, out: &mut String) {
    use std::fmt::Write;
    let sign = if seconds < 0 { '-' } else { '+' };
    let (h, m) = (
        seconds.unsigned_abs() / 3600,
        seconds.unsigned_abs() % 3600 / 60,
    );
    let _ = match run {
        1 => write!(out, "{sign}{h}"),
        2 => write!(out, "{sign}{h:02}"),
        _ => write!(out, "{sign}{h:02}:{m:02}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::{EN_US, culture};

    fn format(local: NaiveDateTime, kind: Kind, f: &str) -> Result<String, String> {
        format_in(local, kind, f, &EN_US)
    }

    fn at() -> NaiveDateTime {
        chrono::DateTime::parse_from_rfc3339("2018-01-02T15:04:05.1234567Z")
            .unwrap()
            .naive_utc()
    }

    fn en(f: &str) -> String {
        format(at(), Kind::Utc, f).unwrap()
    }

    #[test]
    fn standard_formats_follow_en_us() {
        let cases = [
            ("o", "2018-01-02T15:04:05.1234567Z"),
            ("", "2018-01-02T15:04:05.1234567Z"),
            ("s", "2018-01-02T15:04:05"),
            ("u", "2018-01-02 15:04:05Z"),
            ("d", "1/2/2018"),
            ("D", "Tuesday, January 2, 2018"),
            ("f", "Tuesday, January 2, 2018 3:04 PM"),
            ("F", "Tuesday, January 2, 2018 3:04:05 PM"),
            ("g", "1/2/2018 3:04 PM"),
            ("G", "1/2/2018 3:04:05 PM"),
            ("M", "January 2"),
            ("t", "3:04 PM"),
            ("T", "3:04:05 PM"),
            ("Y", "January 2018"),
            ("R", "Tue, 02 Jan 2018 15:04:05 GMT"),
        ];
        for (f, want) in cases {
            assert_eq!(en(f), want, "format {f:?}");
        }
        assert!(format(at(), Kind::Utc, "Q").is_err());
    }

    #[test]
    fn kinds_decide_the_suffix_and_utc_conversions() {
        let o = |kind| format(at(), kind, "o").unwrap();
        assert_eq!(o(Kind::Unspecified), "2018-01-02T15:04:05.1234567");
        assert_eq!(o(Kind::Offset(0)), "2018-01-02T15:04:05.1234567+00:00");
        assert_eq!(o(Kind::Offset(-19800)), "2018-01-02T15:04:05.1234567-05:30");
        let r = format(at(), Kind::Offset(3600), "R").unwrap();
        assert_eq!(r, "Tue, 02 Jan 2018 14:04:05 GMT");
        assert_eq!(format(at(), Kind::Offset(3600), "%z").unwrap(), "+1");
    }

    #[test]
    fn custom_tokens_literals_and_errors() {
        let cases = [
            ("yyyy-MM-dd", "2018-01-02"),
            ("dd/MM/yy h:mm tt", "02/01/18 3:04 PM"),
            ("HH:mm:ss.fff", "15:04:05.123"),
            ("'Day' d, MMM", "Day 2, Jan"),
            ("ss.FFFF", "05.1234"),
            ("zzz", "+00:00"),
            ("%d", "2"),
            ("%y", "18"),
            ("yyyyy", "02018"),
            ("\\d\\a\\y d", "day 2"),
            ("\"at\" t", "at P"),
            ("hh 'o''clock'", "03 oclock"),
        ];
        for (f, want) in cases {
            assert_eq!(en(f), want, "format {f:?}");
        }
        let whole = at().with_nanosecond(0).unwrap();
        assert_eq!(
            format(whole, Kind::Unspecified, "HH:mm:ss.FFFK").unwrap(),
            "15:04:05"
        );
        for bad in ["'open", "ffffffff", "abc\\", "%", "%%"] {
            assert!(format(at(), Kind::Utc, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cultures_supply_names_and_patterns() {
        let fr = culture("fr-FR").unwrap();
        let de = culture("de-DE").unwrap();
        let ja = culture("ja-JP").unwrap();
        let f = |c, p| format_in(at(), Kind::Utc, p, c).unwrap();
        assert_eq!(f(fr, "dddd MMMM d"), "mardi janvier 2");
        assert_eq!(f(fr, "D"), "mardi 2 janvier 2018");
        assert_eq!(f(de, "d"), "02.01.2018");
        assert_eq!(f(de, "dd/MM/yyyy"), "02.01.2018");
        assert_eq!(f(ja, "D"), "2018年1月2日");
        assert_eq!(f(ja, "tt h"), "午後 3");
    }
}

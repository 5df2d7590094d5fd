//! .NET `TimeSpan` text: parsing (`[-][d.]hh:mm[:ss[.fffffff]]`, `d:hh:mm:ss`, or whole days) and
//! formatting with the standard formats `c`/`t`/`T` (`[-][d.]hh:mm:ss[.fffffff]`), `g`
//! (`[-][d:]h:mm:ss[.FFFFFFF]`) and `G` (`[-]d:hh:mm:ss.fffffff`), or a custom format (`d`…
//! `dddddddd`, `h`, `hh`, `m`, `mm`, `s`, `ss`, `f`… `fffffff`, `F`… `FFFFFFF`, `'…'`, `\x`,
//! `%x`; any other character is an error, as in .NET).

use std::fmt::Write;

use crate::locale::Culture;
use crate::timestamp::TICKS_PER_SECOND;

const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// A duration in .NET ticks (100 ns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TimeSpan(pub i64);

/// The magnitude split into fields.
struct Parts {
    days: u64,
    hours: u64,
    minutes: u64,
    seconds: u64,
    fraction: u64,
}

impl TimeSpan {
    fn parts(self) -> Parts {
        let t = self.0.unsigned_abs();
        let (day, hour, minute, second) = (
            TICKS_PER_DAY as u64,
            TICKS_PER_HOUR as u64,
            TICKS_PER_MINUTE as u64,
            TICKS_PER_SECOND as u64,
        );
        Parts {
            days: t / day,
            hours: t % day / hour,
            minutes: t % hour / minute,
            seconds: t % minute / second,
            fraction: t % second,
        }
    }

    /// .NET `TimeSpan.ToString()` (format `c`).
    pub fn constant(self) -> String {
        let p = self.parts();
        let mut out = String::new();
        if self.0 < 0 {
            out.push('-');
        }
        if p.days > 0 {
            let _ = write!(out, "{}.", p.days);
        }
        let _ = write!(out, "{:02}:{:02}:{:02}", p.hours, p.minutes, p.seconds);
        if p.fraction > 0 {
            let _ = write!(out, ".{:07}", p.fraction);
        }
        out
    }

    /// Formats with a standard (`c`, `t`, `T`, `g`, `G`) or custom format.
    pub fn format(self, format: &str, culture: &Culture) -> Result<String, String> {
        let p = self.parts();
        let sign = if self.0 < 0 { "-" } else { "" };
        let separator = culture.numbers.decimal_separator;
        match format {
            "" | "c" | "t" | "T" => Ok(self.constant()),
            "g" => {
                let days = if p.days > 0 {
                    format!("{}:", p.days)
                } else {
                    String::new()
                };
                let digits = format!("{:07}", p.fraction);
                let digits = digits.trim_end_matches('0');
                let fraction = if digits.is_empty() {
                    String::new()
                } else {
                    format!("{separator}{digits}")
                };
                Ok(format!(
                    "{sign}{days}{}:{:02}:{:02}{fraction}",
                    p.hours, p.minutes, p.seconds
                ))
            }
            "G" => Ok(format!(
                "{sign}{}:{:02}:{:02}:{:02}{separator}{:07}",
                p.days, p.hours, p.minutes, p.seconds, p.fraction
            )),
            custom => self.custom(custom, &p),
        }
    }

    fn custom(self, format: &str, p: &Parts) -> Result<String, String> {
        let bad =
            |why: &str| format!("The format '{format}' is not a valid time span format: {why}.");
        let chars: Vec<char> = format.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let run = chars[i..].iter().take_while(|&&d| d == c).count();
            match c {
                'd' | 'h' | 'm' | 's' | 'f' | 'F' => {
                    let max = match c {
                        'd' => 8,
                        'f' | 'F' => 7,
                        _ => 2,
                    };
                    if run > max {
                        return Err(bad(&format!("'{c}' may be repeated at most {max} times")));
                    }
                    self.field(c, run, p, &mut out);
                    i += run;
                }
                '\'' | '"' => {
                    let end = chars[i + 1..]
                        .iter()
                        .position(|&d| d == c)
                        .ok_or_else(|| bad("a quoted literal is never closed"))?;
                    out.extend(&chars[i + 1..i + 1 + end]);
                    i += end + 2;
                }
                '\\' => {
                    out.push(*chars.get(i + 1).ok_or_else(|| bad("it ends with '\\'"))?);
                    i += 2;
                }
                '%' => match chars.get(i + 1) {
                    Some(&next @ ('d' | 'h' | 'm' | 's' | 'f' | 'F')) => {
                        self.field(next, 1, p, &mut out);
                        i += 2;
                    }
                    _ => return Err(bad("'%' must be followed by a single format specifier")),
                },
                other => {
                    return Err(bad(&format!(
                        "'{other}' must be quoted or escaped with '\\' to appear literally"
                    )));
                }
            }
        }
        Ok(out)
    }

    fn field(self, c: char, run: usize, p: &Parts, out: &mut String) {
        let _ = match c {
            'd' => write!(out, "{:0run$}", p.days),
            'h' => write!(out, "{:0run$}", p.hours),
            'm' => write!(out, "{:0run$}", p.minutes),
            's' => write!(out, "{:0run$}", p.seconds),
            'f' => write!(out, "{}", &format!("{:07}", p.fraction)[..run]),
            _ => write!(
                out,
                "{}",
                format!("{:07}", p.fraction)[..run].trim_end_matches('0')
            ),
        };
    }
}

/// Parses .NET `TimeSpan` text (invariant culture).
pub(super) fn parse(text: &str) -> Option<TimeSpan> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let parts: Vec<&str> = body.split(':').collect();
    let (days, hms): (i64, Vec<&str>) = match parts.as_slice() {
        [days] => (number(days)?, vec!["0", "0"]),
        [days, h, m, s] => (number(days)?, vec![h, m, s]),
        [first, rest @ ..] if rest.len() <= 2 => match first.split_once('.') {
            Some((d, h)) => (number(d)?, [&[h], rest].concat()),
            None => (0, parts.clone()),
        },
        _ => return None,
    };
    let (seconds, fraction) = match hms.get(2) {
        Some(s) => match s.split_once('.') {
            Some((s, f)) if (1..=7).contains(&f.len()) => {
                (number(s)?, number(&format!("{f:0<7}"))?)
            }
            Some(_) => return None,
            None => (number(s)?, 0),
        },
        None => (0, 0),
    };
    let (hours, minutes) = (number(hms[0])?, number(hms[1])?);
    if hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    let time = hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE + seconds * TICKS_PER_SECOND;
    let ticks = days
        .checked_mul(TICKS_PER_DAY)?
        .checked_add(time + fraction)?;
    signed(negative, ticks)
}

/// Unsigned decimal digits.
fn number(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn signed(negative: bool, ticks: i64) -> Option<TimeSpan> {
    Some(TimeSpan(if negative { -ticks } else { ticks }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::{EN_US, culture};

    #[test]
    fn parses_and_prints_constant_form() {
        for text in [
            "1268.00:00:00",
            "-00:00:01",
            "00:00:00.5000000",
            "1.02:03:04.0000005",
            "00:00:00",
        ] {
            assert_eq!(parse(text).map(TimeSpan::constant).as_deref(), Some(text));
        }
        assert_eq!(
            parse("5").map(TimeSpan::constant).as_deref(),
            Some("5.00:00:00")
        );
        assert_eq!(
            parse("1:02:03:04").map(TimeSpan::constant).as_deref(),
            Some("1.02:03:04")
        );
        assert_eq!(
            parse("12:30").map(TimeSpan::constant).as_deref(),
            Some("12:30:00")
        );
        for bad in [
            "",
            "x",
            "24:00:00",
            "00:60:00",
            "1.2.3",
            "00:00:00.12345678",
            "--1",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_standard_and_custom() {
        let t = parse("-1.02:03:04.5").unwrap();
        let de = culture("de-DE").unwrap();
        assert_eq!(t.format("g", &EN_US).unwrap(), "-1:2:03:04.5");
        assert_eq!(t.format("G", de).unwrap(), "-1:02:03:04,5000000");
        assert_eq!(t.format("c", &EN_US).unwrap(), "-1.02:03:04.5000000");
        assert_eq!(t.format("dd\\.hh\\:mm", &EN_US).unwrap(), "01.02:03");
        assert_eq!(t.format("%d' days 'h'h'", &EN_US).unwrap(), "1 days 2h");
        assert_eq!(t.format("s\\.fff\\ FF", &EN_US).unwrap(), "4.500 5");
        assert!(t.format("s\\.fff FF", &EN_US).is_err());
        for bad in ["hh:mm", "hhh", "'open", "ddddddddd", "%", "x\\"] {
            assert!(t.format(bad, &EN_US).is_err(), "{bad}");
        }
    }
}

//! A .NET-style date/time formatter (invariant culture): the standard single-letter formats and
//! the custom tokens `yyyy MM dd HH hh mm ss f… F… tt K zzz ddd MMMM` with `'literal'` quoting.
//!
//! This is the subset `utcNow` needs; the date-function issue extends it (locales, parsing).

use chrono::{Datelike, NaiveDateTime, Timelike};

/// How a timestamp's offset is known, which decides what `K` prints (.NET `DateTimeKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "Offset/Unspecified are produced by the date functions of the full catalogue"
)]
pub(crate) enum Kind {
    /// UTC: `K` prints `Z`.
    Utc,
    /// A fixed offset in seconds east of UTC: `K` prints `+hh:mm`.
    Offset(i32),
    /// No offset (input had none): `K` prints nothing.
    Unspecified,
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Formats `local` (wall-clock time in its own offset) with a .NET format string.
/// An empty format means `o`. Errors carry a message for the caller to wrap.
pub(crate) fn format(local: NaiveDateTime, kind: Kind, format: &str) -> Result<String, String> {
    let pattern = match format {
        "" => standard('o'),
        f if f.chars().count() == 1 => standard(f.chars().next().unwrap_or('o')),
        f => Some(f),
    };
    let pattern =
        pattern.ok_or_else(|| format!("The format '{format}' is not a valid date time format."))?;
    Ok(custom(local, kind, pattern))
}

fn standard(c: char) -> Option<&'static str> {
    Some(match c {
        'o' | 'O' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
        's' => "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        'u' => "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
        'r' | 'R' => "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        'd' => "MM/dd/yyyy",
        'D' => "dddd, dd MMMM yyyy",
        'f' => "dddd, dd MMMM yyyy HH:mm",
        'F' | 'U' => "dddd, dd MMMM yyyy HH:mm:ss",
        'g' => "MM/dd/yyyy HH:mm",
        'G' => "MM/dd/yyyy HH:mm:ss",
        'm' | 'M' => "MMMM dd",
        't' => "HH:mm",
        'T' => "HH:mm:ss",
        'y' | 'Y' => "yyyy MMMM",
        _ => return None,
    })
}

fn custom(t: NaiveDateTime, kind: Kind, pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        match c {
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .map_or(chars.len(), |p| i + 1 + p);
                out.extend(&chars[i + 1..end]);
                i = end + 1;
                continue;
            }
            '\\' => {
                out.extend(chars.get(i + 1));
                i += 2;
                continue;
            }
            '%' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        token(t, kind, c, run, &mut out);
        i += run;
    }
    out
}

fn token(t: NaiveDateTime, kind: Kind, c: char, run: usize, out: &mut String) {
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let text = match (c, run) {
        ('y', 1) => format!("{}", t.year() % 100),
        ('y', 2) => format!("{:02}", t.year() % 100),
        ('y', n) => format!("{:0n$}", t.year()),
        ('M', 1 | 2) => pad(t.month(), run),
        ('M', 3) => MONTHS[t.month0() as usize][..3].to_owned(),
        ('M', _) => MONTHS[t.month0() as usize].to_owned(),
        ('d', 1 | 2) => pad(t.day(), run),
        ('d', 3) => DAYS[t.weekday().num_days_from_monday() as usize][..3].to_owned(),
        ('d', _) => DAYS[t.weekday().num_days_from_monday() as usize].to_owned(),
        ('H', _) => pad(t.hour(), run.min(2)),
        ('h', _) => pad(hour12, run.min(2)),
        ('m', _) => pad(t.minute(), run.min(2)),
        ('s', _) => pad(t.second(), run.min(2)),
        ('f' | 'F', _) => fraction(t, c, run, out),
        ('t', 1) => if t.hour() < 12 { "A" } else { "P" }.to_owned(),
        ('t', _) => if t.hour() < 12 { "AM" } else { "PM" }.to_owned(),
        ('g', _) => "A.D.".to_owned(),
        ('K', _) => match kind {
            Kind::Utc => "Z".to_owned(),
            Kind::Offset(secs) => offset(secs, 3),
            Kind::Unspecified => String::new(),
        },
        ('z', _) => match kind {
            Kind::Offset(secs) => offset(secs, run),
            Kind::Utc | Kind::Unspecified => offset(0, run),
        },
        (other, n) => other.to_string().repeat(n),
    };
    out.push_str(&text);
}

fn pad(n: u32, width: usize) -> String {
    format!("{n:0width$}")
}

/// `f…` prints `run` fraction digits (max 7); `F…` trims trailing zeros and, if nothing is
/// left, also the `.` just before it (as .NET does).
fn fraction(t: NaiveDateTime, c: char, run: usize, out: &mut String) -> String {
    let ticks = t.nanosecond() % 1_000_000_000 / 100; // 7 digits
    let digits = format!("{ticks:07}")[..run.min(7)].to_owned();
    if c == 'f' {
        return digits;
    }
    let trimmed = digits.trim_end_matches('0').to_owned();
    if trimmed.is_empty() && out.ends_with('.') {
        out.pop();
    }
    trimmed
}

fn offset(secs: i32, run: usize) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.unsigned_abs() / 3600, secs.unsigned_abs() % 3600 / 60);
    match run {
        1 => format!("{sign}{h}"),
        2 => format!("{sign}{h:02}"),
        _ => format!("{sign}{h:02}:{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> NaiveDateTime {
        chrono::DateTime::parse_from_rfc3339("2018-01-02T15:04:05.1234567Z")
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn standard_formats_match_dotnet_invariant() {
        let cases = [
            ("o", "2018-01-02T15:04:05.1234567Z"),
            ("", "2018-01-02T15:04:05.1234567Z"),
            ("s", "2018-01-02T15:04:05"),
            ("u", "2018-01-02 15:04:05Z"),
            ("D", "Tuesday, 02 January 2018"),
            ("R", "Tue, 02 Jan 2018 15:04:05 GMT"),
        ];
        for (f, want) in cases {
            assert_eq!(format(at(), Kind::Utc, f).unwrap(), want, "format {f:?}");
        }
        assert!(format(at(), Kind::Utc, "Q").is_err());
    }

    #[test]
    fn custom_tokens_and_literals() {
        let cases = [
            ("yyyy-MM-dd", "2018-01-02"),
            ("dd/MM/yy h:mm tt", "02/01/18 3:04 PM"),
            ("HH:mm:ss.fff", "15:04:05.123"),
            ("'Day' d, MMM", "Day 2, Jan"),
            ("ss.FFFF", "05.1234"),
            ("zzz", "+00:00"),
        ];
        for (f, want) in cases {
            assert_eq!(format(at(), Kind::Utc, f).unwrap(), want, "format {f:?}");
        }
        let whole = at().with_nanosecond(0).unwrap();
        assert_eq!(
            format(whole, Kind::Unspecified, "HH:mm:ss.FFFK").unwrap(),
            "15:04:05"
        );
    }
}

//! Lenient timestamp parsing in the manner of .NET's `DateTime.Parse`: the text is split into
//! numbers, words and punctuation; a `h:mm[:ss[.fffffff]]` run (with an AM/PM designator,
//! `Z`/`GMT`/`UTC` or a `±hh[:mm]` offset after it) is the time; the rest is the date, read as
//! year-month-day when it starts with a long number, else in the culture's short-date order
//! (`M/d/yyyy` in `en-US`, `dd/MM/yyyy` in `fr-FR`), with month and day names of the culture
//! (English as a fallback), the culture's filler words (`de`), commas and separators ignored.
//! A day name must agree with the date. Two-digit years follow `expand_two_digit_year`; more
//! than seven fraction digits round to the nearest tick.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

use super::{Kind, Timestamp, expand_two_digit_year, in_range};
use crate::locale::{Culture, EN_US};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// ASCII digits, as written (leading zeros and length matter).
    Num(String),
    /// Letters, lower-cased.
    Word(String),
    /// One punctuation character.
    Punct(char),
}

/// The pieces found so far.
#[derive(Default)]
struct Parts {
    time: Option<(u32, u32, u32, i64)>,
    pm: Option<bool>,
    utc: bool,
    offset: Option<i32>,
    month: Option<u32>,
    weekday: Option<u32>,
    numbers: Vec<String>,
}

pub(super) fn parse(text: &str, culture: &Culture, today: Option<NaiveDate>) -> Option<Timestamp> {
    let tokens = tokenize(&normalize(text, culture))?;
    let mut parts = Parts::default();
    let rest = take_time(&tokens, culture, &mut parts)?;
    for token in rest {
        parts.date_token(token, culture)?;
    }
    let date = parts.date(culture, today)?;
    let (mut hour, minute, second, ticks) = parts.time.unwrap_or_default();
    if let Some(pm) = parts.pm {
        if parts.time.is_none() || hour > 12 {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    let local = date.and_time(time) + Duration::nanoseconds(ticks * 100);
    if let Some(weekday) = parts.weekday
        && date.weekday().num_days_from_sunday() != weekday
    {
        return None;
    }
    let (local, kind) = match (parts.offset, parts.utc) {
        (Some(seconds), _) => (
            local - Duration::seconds(i64::from(seconds)),
            Kind::Offset(0),
        ),
        (None, true) => (local, Kind::Utc),
        (None, false) => (local, Kind::Unspecified),
    };
    in_range(local).then_some(Timestamp { local, kind })
}

/// Lower-cases and turns multi-word designators (`p. m.`) into `am`/`pm`.
fn normalize(text: &str, culture: &Culture) -> String {
    let mut text = text.trim().to_lowercase();
    for (designator, word) in [(culture.dates.am, " am "), (culture.dates.pm, " pm ")] {
        if designator.contains([' ', '.']) {
            text = text.replace(&designator.to_lowercase(), word);
        }
    }
    text
}

fn tokenize(text: &str) -> Option<Vec<Tok>> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                digits.push(d);
            }
            tokens.push(Tok::Num(digits));
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(l) = chars.next_if(|l| l.is_alphabetic() && !l.is_ascii_digit()) {
                word.push(l);
            }
            // Japanese dates: 2018年3月15日.
            tokens.push(match word.as_str() {
                "年" | "月" | "日" => Tok::Punct('/'),
                _ => Tok::Word(word),
            });
        } else {
            chars.next();
            match c {
                '/' | '-' | '.' | ':' | ',' | '+' => tokens.push(Tok::Punct(c)),
                c if c.is_whitespace() => {}
                _ => return None,
            }
        }
    }
    Some(tokens)
}

fn is_designator(word: &str, culture: &Culture) -> Option<bool> {
    let dates = &culture.dates;
    match word {
        "am" | "a" => Some(false),
        "pm" | "p" => Some(true),
        w if !dates.am.is_empty() && w == dates.am.to_lowercase() => Some(false),
        w if !dates.pm.is_empty() && w == dates.pm.to_lowercase() => Some(true),
        _ => None,
    }
}

fn num(token: Option<&Tok>, max_len: usize) -> Option<u32> {
    match token {
        Some(Tok::Num(n)) if n.len() <= max_len => n.parse().ok(),
        _ => None,
    }
}

/// Finds the time (`h:mm…` or `h AM`), records it, and returns the other tokens.
fn take_time(tokens: &[Tok], culture: &Culture, parts: &mut Parts) -> Option<Vec<Tok>> {
    let colon = (0..tokens.len()).find(|&i| {
        num(tokens.get(i), 2).is_some()
            && tokens.get(i + 1) == Some(&Tok::Punct(':'))
            && num(tokens.get(i + 2), 2).is_some()
            && (i == 0 || tokens[i - 1] != Tok::Punct('+'))
    });
    let Some(start) = colon else {
        // `3 PM`: an hour with a designator.
        let hour_only = (0..tokens.len()).find(|&i| {
            num(tokens.get(i), 2).is_some()
                && matches!(tokens.get(i + 1), Some(Tok::Word(w)) if is_designator(w, culture).is_some())
        });
        return Some(match hour_only {
            Some(i) => {
                parts.time = Some((num(tokens.get(i), 2)?, 0, 0, 0));
                let mut rest = tokens[..i].to_vec();
                rest.extend_from_slice(&tokens[i + 1..]);
                rest
            }
            None => tokens.to_vec(),
        });
    };
    let hour = num(tokens.get(start), 2)?;
    let minute = num(tokens.get(start + 2), 2)?;
    let mut i = start + 3;
    let mut second = 0;
    let mut ticks = 0;
    if tokens.get(i) == Some(&Tok::Punct(':')) {
        second = num(tokens.get(i + 1), 2)?;
        i += 2;
        if matches!(tokens.get(i), Some(Tok::Punct('.' | ','))) {
            let Some(Tok::Num(digits)) = tokens.get(i + 1) else {
                return None;
            };
            ticks = fraction_ticks(digits);
            i += 2;
        }
    }
    parts.time = Some((hour, minute, second, ticks));
    i = parts.after_time(tokens, i, culture)?;
    let mut rest = tokens[..start].to_vec();
    if rest.last() == Some(&Tok::Word("t".into())) {
        rest.pop();
    }
    rest.extend_from_slice(&tokens[i..]);
    Some(rest)
}

/// Seven fraction digits as ticks; more digits round to the nearest tick (ties to even).
fn fraction_ticks(digits: &str) -> i64 {
    let head: String = digits
        .chars()
        .chain(std::iter::repeat('0'))
        .take(7)
        .collect();
    let mut ticks: i64 = head.parse().unwrap_or(0);
    let tail = digits.get(7..).unwrap_or("");
    let first = tail.bytes().next().unwrap_or(b'0');
    let beyond_half = tail.bytes().skip(1).any(|b| b != b'0');
    if first > b'5' || (first == b'5' && (beyond_half || ticks % 2 == 1)) {
        ticks += 1;
    }
    ticks
}

impl Parts {
    /// Designator, `Z`/`GMT`/`UTC` and offset after the time; returns the next index.
    fn after_time(&mut self, tokens: &[Tok], mut i: usize, culture: &Culture) -> Option<usize> {
        loop {
            match tokens.get(i) {
                Some(Tok::Word(w)) if is_designator(w, culture).is_some() => {
                    self.pm = is_designator(w, culture);
                    i += 1;
                }
                Some(Tok::Word(w)) if matches!(w.as_str(), "z" | "gmt" | "utc") => {
                    self.utc = true;
                    i += 1;
                }
                Some(Tok::Punct(sign @ ('+' | '-'))) if self.offset.is_none() => {
                    let sign = if *sign == '-' { -1 } else { 1 };
                    let Some(Tok::Num(digits)) = tokens.get(i + 1) else {
                        return Some(i);
                    };
                    let (hours, mut minutes, mut next) = match digits.len() {
                        1 | 2 => (digits.parse::<i32>().ok()?, 0, i + 2),
                        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?, i + 2),
                        _ => return None,
                    };
                    if digits.len() <= 2 && tokens.get(next) == Some(&Tok::Punct(':')) {
                        minutes = num(tokens.get(next + 1), 2)? as i32;
                        next += 2;
                    }
                    if hours > 14 || minutes > 59 {
                        return None;
                    }
                    self.offset = Some(sign * (hours * 3600 + minutes * 60));
                    i = next;
                }
                _ => return Some(i),
            }
        }
    }

    /// Sorts one non-time token into the date parts.
    fn date_token(&mut self, token: Tok, culture: &Culture) -> Option<()> {
        match token {
            Tok::Num(n) => self.numbers.push(n),
            Tok::Punct('/' | '-' | '.' | ',') => {}
            Tok::Punct(_) => return None,
            Tok::Word(w) => {
                if let Some(pm) = is_designator(&w, culture) {
                    self.pm = Some(pm);
                } else if matches!(w.as_str(), "z" | "gmt" | "utc") {
                    self.utc = true;
                } else if let Some(name) = name_of(&w, culture).or_else(|| name_of(&w, &EN_US)) {
                    match name {
                        Name::Month(month) => {
                            if self.month.replace(month).is_some() {
                                return None;
                            }
                        }
                        Name::Day(day) => self.weekday = Some(day),
                    }
                } else if !culture.dates.filler_words.contains(&w.as_str()) {
                    return None;
                }
            }
        }
        Some(())
    }

    /// The date from the numbers and month name, in the culture's order.
    fn date(&self, culture: &Culture, today: Option<NaiveDate>) -> Option<NaiveDate> {
        let n = &self.numbers;
        let value = |s: &String| s.parse::<i32>().ok();
        let year = |s: &String| {
            let y = value(s)?;
            Some(if s.len() <= 2 {
                expand_two_digit_year(y)
            } else {
                y
            })
        };
        let long = |s: &String| s.len() >= 3;
        let (y, m, d) = match (self.month, n.as_slice()) {
            (None, []) if self.time.is_some() => {
                let today = today?;
                (today.year(), today.month() as i32, today.day() as i32)
            }
            (Some(m), [a, b]) if long(a) => (year(a)?, m as i32, value(b)?),
            (Some(m), [a, b]) => (year(b)?, m as i32, value(a)?),
            (Some(m), [a]) if long(a) => (year(a)?, m as i32, 1),
            (Some(m), [a]) => (today?.year(), m as i32, value(a)?),
            (None, [a, b, c]) if long(a) => (year(a)?, value(b)?, value(c)?),
            (None, [a, b, c]) => {
                let order = date_order(culture);
                let pick = |part: char| {
                    let index = order.iter().position(|&p| p == part)?;
                    [a, b, c].get(index).copied()
                };
                (year(pick('y')?)?, value(pick('M')?)?, value(pick('d')?)?)
            }
            (None, [a, b]) if long(a) => (year(a)?, value(b)?, 1),
            (None, [a, b]) if long(b) => (year(b)?, value(a)?, 1),
            (None, [a, b]) => {
                let month_first = date_order(culture).into_iter().find(|&p| p != 'y') == Some('M');
                let (m, d) = if month_first { (a, b) } else { (b, a) };
                (today?.year(), value(m)?, value(d)?)
            }
            _ => return None,
        };
        NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
    }
}

/// The order of year, month and day in the culture's short date pattern (`['M', 'd', 'y']`).
fn date_order(culture: &Culture) -> Vec<char> {
    let mut order = Vec::new();
    for c in culture.dates.short_date.chars() {
        if matches!(c, 'y' | 'M' | 'd') && !order.contains(&c) {
            order.push(c);
        }
    }
    order
}

/// A month (1–12) or day of the week (Sunday = 0) named by a word.
enum Name {
    Month(u32),
    Day(u32),
}

/// What `word` names in the culture: a full or abbreviated month or day name, a trailing `.`
/// of the name ignored.
fn name_of(word: &str, culture: &Culture) -> Option<Name> {
    let position = |names: &[&str]| {
        names
            .iter()
            .position(|n| !n.is_empty() && n.trim_end_matches('.').to_lowercase() == word)
            .map(|i| i as u32)
    };
    let dates = &culture.dates;
    position(&dates.months)
        .or_else(|| position(&dates.abbreviated_months))
        .map(|m| Name::Month(m + 1))
        .or_else(|| {
            position(&dates.days)
                .or_else(|| position(&dates.abbreviated_days))
                .map(Name::Day)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::culture;

    fn en(text: &str) -> Option<String> {
        parse(text, &EN_US, NaiveDate::from_ymd_opt(2024, 1, 2))
            .map(|t| format!("{} {:?}", t.local, t.kind))
    }

    fn at(text: &str, locale: &str) -> Option<String> {
        parse(text, culture(locale).unwrap(), None).map(|t| t.local.to_string())
    }

    #[test]
    fn iso_and_documented_forms() {
        let cases = [
            ("2018-03-15T13:00:00Z", "2018-03-15 13:00:00 Utc"),
            ("2018-03-15 13:00:00", "2018-03-15 13:00:00 Unspecified"),
            ("03/15/2018", "2018-03-15 00:00:00 Unspecified"),
            ("03/15/2018 12:00:00", "2018-03-15 12:00:00 Unspecified"),
            ("2018-03-15", "2018-03-15 00:00:00 Unspecified"),
            ("2018-03-15T13:00:00+02:00", "2018-03-15 11:00:00 Offset(0)"),
            ("2018-03-15T13:00:00-0530", "2018-03-15 18:30:00 Offset(0)"),
            (
                "2018-03-15T13:00:00.1234567Z",
                "2018-03-15 13:00:00.123456700 Utc",
            ),
            (
                "2018-03-15T13:00:00.123456789Z",
                "2018-03-15 13:00:00.123456800 Utc",
            ),
            ("2018-03-15T13:00", "2018-03-15 13:00:00 Unspecified"),
            ("Thu, 15 Mar 2018 13:00:00 GMT", "2018-03-15 13:00:00 Utc"),
            (
                "Thursday, March 15, 2018 1:00 PM",
                "2018-03-15 13:00:00 Unspecified",
            ),
            ("15 March 2018", "2018-03-15 00:00:00 Unspecified"),
            ("3/15/18 12:30 am", "2018-03-15 00:30:00 Unspecified"),
            ("1970-01-01Z00:00:00", "1970-01-01 00:00:00 Utc"),
            ("2018/03/15", "2018-03-15 00:00:00 Unspecified"),
            ("2018-03", "2018-03-01 00:00:00 Unspecified"),
            ("13:00", "2024-01-02 13:00:00 Unspecified"),
            ("3/15", "2024-03-15 00:00:00 Unspecified"),
            ("3 PM", "2024-01-02 15:00:00 Unspecified"),
        ];
        for (text, want) in cases {
            assert_eq!(en(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn rejects_what_dotnet_rejects() {
        for text in [
            "15/03/2018",
            "2018-02-30",
            "2018-03-15T25:00:00",
            "Friday, March 15, 2018",
            "yesterday",
            "13:00 PM",
            "2018-03-15T13:00:00+15:00",
            "20180315",
            "",
            "2018-03-15 [x]",
        ] {
            assert_eq!(en(text), None, "{text}");
        }
        assert_eq!(parse("13:00", &EN_US, None), None, "no today, no date");
    }

    #[test]
    fn cultures_change_order_and_names() {
        assert_eq!(
            at("20/10/2014", "fr-fr").as_deref(),
            Some("2014-10-20 00:00:00")
        );
        assert_eq!(
            at("20 octobre 2010", "fr-FR").as_deref(),
            Some("2010-10-20 00:00:00")
        );
        assert_eq!(
            at("martes 20 octubre 2020", "es-es").as_deref(),
            Some("2020-10-20 00:00:00")
        );
        assert_eq!(
            at("20 de octubre de 2020 3:00 p. m.", "es-ES").as_deref(),
            Some("2020-10-20 15:00:00")
        );
        assert_eq!(
            at("15.03.2018 13:00", "de-DE").as_deref(),
            Some("2018-03-15 13:00:00")
        );
        assert_eq!(
            at("15. März 2018", "de-DE").as_deref(),
            Some("2018-03-15 00:00:00")
        );
        assert_eq!(
            at("15-3-2018", "nl-NL").as_deref(),
            Some("2018-03-15 00:00:00")
        );
        assert_eq!(
            at("2018/03/15 13:00", "ja-JP").as_deref(),
            Some("2018-03-15 13:00:00")
        );
        assert_eq!(
            at("2018年3月15日", "ja-JP").as_deref(),
            Some("2018-03-15 00:00:00")
        );
        assert_eq!(
            at("15/03/2018", "en-GB").as_deref(),
            Some("2018-03-15 00:00:00")
        );
        assert_eq!(at("03/15/2018", "en-GB"), None);
    }
}

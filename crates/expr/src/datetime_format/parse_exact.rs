//! .NET `DateTime.ParseExact(text, format, culture)`: the text must match the pattern token for
//! token (`dd` takes exactly two digits, `d` one or two, `MMMM` a month name of the culture,
//! `tt` its AM/PM designator, literals themselves). Leading and trailing white space is ignored.
//! Parts the pattern leaves out come from `today` (the date) or are zero (the time), as in .NET.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::{Kind, Token, standard, tokenize};
use crate::locale::Culture;

/// What the text said, field by field.
#[derive(Default)]
struct Fields {
    year: Option<i32>,
    two_digit_year: bool,
    month: Option<u32>,
    day: Option<u32>,
    weekday: Option<u32>,
    hour: Option<u32>,
    minute: u32,
    second: u32,
    ticks: u32,
    pm: Option<bool>,
    offset: Option<Offset>,
}

enum Offset {
    Utc,
    Seconds(i32),
}

/// Parses `text` with a standard or custom .NET format in `culture`. `Ok(None)` when the text
/// does not match; `Err` when the format itself is malformed.
pub(crate) fn parse_exact(
    text: &str,
    format: &str,
    culture: &Culture,
    today: NaiveDate,
) -> Result<Option<(NaiveDateTime, Kind)>, String> {
    let mut chars = format.chars();
    let (pattern, culture) = match (chars.next(), chars.next()) {
        (Some(letter), None) => standard(letter, culture).ok_or_else(|| {
            super::invalid_format(
                format,
                "a single character must be a standard format specifier",
            )
        })?,
        _ => (std::borrow::Cow::Borrowed(format), culture),
    };
    let tokens = tokenize(&pattern)?;
    let mut cursor = Cursor {
        rest: text.trim(),
        culture,
    };
    let mut fields = Fields::default();
    let mut i = 0;
    while i < tokens.len() {
        let matched = match &tokens[i] {
            Token::Literal(literal) if literal == "." && next_is_optional_fraction(&tokens, i) => {
                // `.FFF` may be left out entirely, dot included.
                if !cursor.eat(".") {
                    i += 2;
                    continue;
                }
                true
            }
            Token::Literal(literal) => cursor.eat(literal),
            Token::DateSeparator => cursor.eat(culture.dates.date_separator),
            Token::TimeSeparator => cursor.eat(culture.dates.time_separator),
            Token::Field(letter, run) => cursor.field(*letter, *run, &mut fields),
        };
        if !matched {
            return Ok(None);
        }
        i += 1;
    }
    if !cursor.rest.is_empty() {
        return Ok(None);
    }
    Ok(fields.build(today))
}

fn next_is_optional_fraction(tokens: &[Token], i: usize) -> bool {
    matches!(tokens.get(i + 1), Some(Token::Field('F', _)))
}

struct Cursor<'a> {
    rest: &'a str,
    culture: &'a Culture,
}

impl Cursor<'_> {
    fn eat(&mut self, literal: &str) -> bool {
        match self.rest.strip_prefix(literal) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Between `min` and `max` ASCII digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let len = self
            .rest
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if len < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at(len);
        self.rest = rest;
        digits.parse().ok().or(Some(0))
    }

    /// `d`/`dd`-style numbers: one letter takes one or two digits, more letters exactly that many.
    fn number(&mut self, run: usize) -> Option<u32> {
        if run == 1 {
            self.digits(1, 2)
        } else {
            self.digits(run, run)
        }
    }

    /// The longest of `names` that the text starts with (case-insensitive); its index.
    fn name(&mut self, names: &[&str]) -> Option<usize> {
        let (index, len) = names
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.is_empty())
            .filter_map(|(i, n)| prefix_len(self.rest, n).map(|len| (i, len)))
            .max_by_key(|&(_, len)| len)?;
        self.rest = &self.rest[len..];
        Some(index)
    }

    fn field(&mut self, letter: char, run: usize, fields: &mut Fields) -> bool {
        let dates = &self.culture.dates;
        match letter {
            'y' => {
                fields.two_digit_year = run <= 2;
                fields.year = self.number(run).map(|y| y as i32);
                fields.year.is_some()
            }
            'M' if run >= 3 => {
                let names = if run == 3 {
                    &dates.abbreviated_months
                } else {
                    &dates.months
                };
                fields.month = self.name(names).map(|i| i as u32 + 1);
                fields.month.is_some()
            }
            'M' => set(&mut fields.month, self.number(run.min(2))),
            'd' if run >= 3 => {
                let names = if run == 3 {
                    &dates.abbreviated_days
                } else {
                    &dates.days
                };
                fields.weekday = self.name(names).map(|i| i as u32);
                fields.weekday.is_some()
            }
            'd' => set(&mut fields.day, self.number(run.min(2))),
            'H' | 'h' => set(&mut fields.hour, self.number(run.min(2))),
            'm' => self.number(run.min(2)).map(|m| fields.minute = m).is_some(),
            's' => self.number(run.min(2)).map(|s| fields.second = s).is_some(),
            'f' | 'F' => {
                let min = if letter == 'f' { run } else { 0 };
                let start = self.rest;
                let Some(value) = self.digits(min, run) else {
                    return false;
                };
                let len = start.len() - self.rest.len();
                fields.ticks = value * 10u32.pow(7 - len as u32);
                true
            }
            't' => self.designator(run, fields),
            'z' => self
                .offset(run >= 3)
                .map(|o| fields.offset = Some(o))
                .is_some(),
            'K' => {
                if self.eat("Z") || self.eat("z") {
                    fields.offset = Some(Offset::Utc);
                } else if self.rest.starts_with(['+', '-']) {
                    let Some(offset) = self.offset(true) else {
                        return false;
                    };
                    fields.offset = Some(offset);
                }
                true
            }
            'g' => {
                let era = dates.era;
                if prefix_len(self.rest, era).is_some() {
                    self.rest = &self.rest[era.len()..];
                }
                true
            }
            _ => false,
        }
    }

    fn designator(&mut self, run: usize, fields: &mut Fields) -> bool {
        let dates = &self.culture.dates;
        if dates.am.is_empty() && dates.pm.is_empty() {
            return true;
        }
        let first = |s: &'static str| s.chars().next().map(String::from).unwrap_or_default();
        let (am, pm) = if run == 1 {
            (first(dates.am), first(dates.pm))
        } else {
            (dates.am.to_owned(), dates.pm.to_owned())
        };
        match self.name(&[&am, &pm]) {
            Some(i) => {
                fields.pm = Some(i == 1);
                true
            }
            None => false,
        }
    }

    /// `+h`, `+hh`, `+hh:mm` or `+hhmm`.
    fn offset(&mut self, minutes: bool) -> Option<Offset> {
        let sign = match self.rest.chars().next()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        self.rest = &self.rest[1..];
        let hours = self.digits(1, 2)?;
        let mins = if minutes {
            self.eat(":");
            self.digits(2, 2)?
        } else {
            0
        };
        (hours <= 14 && mins < 60)
            .then(|| Offset::Seconds(sign * (hours * 3600 + mins * 60) as i32))
    }
}

fn set(slot: &mut Option<u32>, value: Option<u32>) -> bool {
    *slot = value;
    value.is_some()
}

/// The byte length of the prefix of `text` equal to `name` ignoring case, if it is one.
fn prefix_len(text: &str, name: &str) -> Option<usize> {
    let mut text_chars = text.char_indices();
    for expected in name.chars() {
        let (_, got) = text_chars.next()?;
        if !got.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
    }
    Some(text_chars.next().map_or(text.len(), |(i, _)| i))
}

impl Fields {
    fn build(self, today: NaiveDate) -> Option<(NaiveDateTime, Kind)> {
        let year = match (self.year, self.two_digit_year) {
            (Some(y), true) => crate::timestamp::expand_two_digit_year(y),
            (Some(y), false) => y,
            (None, _) => today.year(),
        };
        let (month, day) = match (self.year, self.month, self.day) {
            (None, None, None) => (today.month(), today.day()),
            (_, month, day) => (month.unwrap_or(1), day.unwrap_or(1)),
        };
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        if let Some(weekday) = self.weekday
            && date.weekday().num_days_from_sunday() != weekday
        {
            return None;
        }
        let mut hour = self.hour.unwrap_or(0);
        if let Some(pm) = self.pm {
            if hour > 12 {
                return None;
            }
            hour = hour % 12 + if pm { 12 } else { 0 };
        }
        let time = NaiveTime::from_hms_nano_opt(hour, self.minute, self.second, self.ticks * 100)?;
        let local = date.and_time(time);
        Some(match self.offset {
            None => (local, Kind::Unspecified),
            Some(Offset::Utc) => (local, Kind::Utc),
            Some(Offset::Seconds(s)) => (
                local - chrono::Duration::seconds(i64::from(s)),
                Kind::Offset(0),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::culture;

    fn parse(text: &str, format: &str, locale: &str) -> Option<String> {
        let today = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        parse_exact(text, format, culture(locale).unwrap(), today)
            .unwrap()
            .map(|(t, k)| format!("{t} {k:?}"))
    }

    #[test]
    fn matches_the_documented_examples() {
        assert_eq!(
            parse("21052019", "ddMMyyyy", "fr-fr").as_deref(),
            Some("2019-05-21 00:00:00 Unspecified")
        );
        assert_eq!(
            parse("10/20/2014 15h", "MM/dd/yyyy HH\\h", "en-US").as_deref(),
            Some("2014-10-20 15:00:00 Unspecified")
        );
    }

    #[test]
    fn names_designators_fractions_and_offsets() {
        let got = parse("mardi 20 octobre 2020", "dddd d MMMM yyyy", "fr-FR");
        assert_eq!(got.as_deref(), Some("2020-10-20 00:00:00 Unspecified"));
        assert_eq!(
            parse("lundi 20 octobre 2020", "dddd d MMMM yyyy", "fr-FR"),
            None
        );
        let got = parse("3:07 pm", "h:mm tt", "en-US");
        assert_eq!(got.as_deref(), Some("2024-01-02 15:07:00 Unspecified"));
        let got = parse("12:00:00.5+02:00", "HH:mm:ss.FFFzzz", "en-US");
        assert_eq!(got.as_deref(), Some("2024-01-02 10:00:00.500 Offset(0)"));
        let got = parse("12:00:00Z", "HH:mm:ss.FFFK", "en-US");
        assert_eq!(got.as_deref(), Some("2024-01-02 12:00:00 Utc"));
        assert_eq!(
            parse("5/3/18", "d/M/yy", "en-GB").as_deref(),
            Some("2018-03-05 00:00:00 Unspecified")
        );
        assert_eq!(
            parse("2018-03", "yyyy-MM", "").as_deref(),
            Some("2018-03-01 00:00:00 Unspecified")
        );
    }

    #[test]
    fn rejects_mismatches_and_bad_formats() {
        assert_eq!(parse("2019-05-21", "ddMMyyyy", "en-US"), None);
        assert_eq!(parse("1/2/2019", "dd/MM/yyyy", "en-US"), None);
        assert_eq!(parse("31/02/2019", "dd/MM/yyyy", "en-US"), None);
        assert_eq!(parse("2019 extra", "yyyy", "en-US"), None);
        let today = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        assert!(parse_exact("x", "'open", culture("").unwrap(), today).is_err());
        assert!(parse_exact("x", "Q", culture("").unwrap(), today).is_err());
    }

    #[test]
    fn standard_patterns_expand_through_the_culture() {
        assert_eq!(
            parse("20.10.2014", "d", "de-DE").as_deref(),
            Some("2014-10-20 00:00:00 Unspecified")
        );
        assert_eq!(
            parse("2014-10-20T01:02:03.1234567Z", "o", "").as_deref(),
            Some("2014-10-20 01:02:03.123456700 Utc")
        );
    }
}

//! ISO 8601 durations as WDL writes them (`PT1H`, `PT30S`, `P1D`, `P1DT12H`, `PT0.5S`, `P2W`).
//! Years and months have no fixed length; like .NET's `XmlConvert.ToTimeSpan`, a year counts as
//! 365 days and a month as 30.

use std::time::Duration;

/// Parses an ISO 8601 duration (`P[nY][nM][nW][nD][T[nH][nM][nS]]`, case-insensitive, fractions
/// allowed in the last component written). `None` when the text is not one or holds nothing.
pub fn parse(text: &str) -> Option<Duration> {
    let upper = text.trim().to_ascii_uppercase();
    let rest = upper.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut seconds = 0f64;
    let mut any = false;
    for (part, units) in [(date, &DATE_UNITS[..]), (time.unwrap_or(""), &TIME_UNITS[..])] {
        let mut number = String::new();
        let mut next_unit = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            let position = units[next_unit..].iter().position(|(u, _)| *u == c)? + next_unit;
            let value: f64 = number.parse().ok()?;
            seconds += value * units[position].1;
            number.clear();
            next_unit = position + 1;
            any = true;
        }
        if !number.is_empty() {
            return None;
        }
    }
    (any && seconds.is_finite()).then(|| Duration::from_secs_f64(seconds))
}

const DAY: f64 = 86_400.0;
const DATE_UNITS: [(char, f64); 4] = [('Y', 365.0 * DAY), ('M', 30.0 * DAY), ('W', 7.0 * DAY), ('D', DAY)];
const TIME_UNITS: [(char, f64); 3] = [('H', 3_600.0), ('M', 60.0), ('S', 1.0)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_durations_workflows_use() {
        assert_eq!(parse("PT1H"), Some(Duration::from_secs(3_600)));
        assert_eq!(parse("PT30S"), Some(Duration::from_secs(30)));
        assert_eq!(parse("P1D"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse("P1DT2H3M4S"), Some(Duration::from_secs(86_400 + 7_200 + 180 + 4)));
        assert_eq!(parse("pt0.5s"), Some(Duration::from_millis(500)));
        assert_eq!(parse("P2W"), Some(Duration::from_secs(14 * 86_400)));
        assert_eq!(parse("P1M"), Some(Duration::from_secs(30 * 86_400)));
        assert_eq!(parse("PT1M"), Some(Duration::from_secs(60)));
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for text in ["", "P", "PT", "1H", "PT1", "PT1X", "PTH", "PT1S1H", "P1H", "one hour"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

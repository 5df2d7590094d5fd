//! A syntax check for ISO 8601 durations as WDL writes them (`PT1H`, `P1DT12H`, `PT0.5S`,
//! `P2W`). The engine has its own parser that also computes the length; the model only needs
//! to know whether the text is one, and stays free of engine dependencies.

const DATE_UNITS: &[u8] = b"YMWD";
const TIME_UNITS: &[u8] = b"HMS";

/// Whether `text` is `P[nY][nM][nW][nD][T[nH][nM][nS]]` with at least one component
/// (case-insensitive; numbers may carry a `.` or `,` fraction).
pub(super) fn is_iso8601_duration(text: &str) -> bool {
    let upper = text.trim().to_ascii_uppercase();
    let Some(rest) = upper.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let date_components = components(date, DATE_UNITS);
    let time_components = match time {
        Some(time) => components(time, TIME_UNITS).filter(|&n| n > 0),
        None => Some(0),
    };
    matches!((date_components, time_components), (Some(d), Some(t)) if d + t > 0)
}

/// The length of a duration [`is_iso8601_duration`] accepts, in seconds (a year counts 365 days,
/// a month 30, like the engine); `None` for anything else.
pub(super) fn duration_seconds(text: &str) -> Option<f64> {
    if !is_iso8601_duration(text) {
        return None;
    }
    let upper = text.trim().to_ascii_uppercase().replace(',', ".");
    let (date, time) = match upper[1..].split_once('T') {
        Some((date, time)) => (date.to_string(), time.to_string()),
        None => (upper[1..].to_string(), String::new()),
    };
    const DAY: f64 = 86_400.0;
    let mut seconds = 0.0;
    for (part, units) in [
        (
            date,
            [
                ('Y', 365.0 * DAY),
                ('M', 30.0 * DAY),
                ('W', 7.0 * DAY),
                ('D', DAY),
            ]
            .as_slice(),
        ),
        (time, [('H', 3_600.0), ('M', 60.0), ('S', 1.0)].as_slice()),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            match units.iter().find(|(u, _)| *u == c) {
                Some((_, scale)) => {
                    seconds += number.parse::<f64>().ok()? * scale;
                    number.clear();
                }
                None => number.push(c),
            }
        }
    }
    Some(seconds)
}

/// Counts `<number><unit>` components with units in `units` order, each at most once;
/// `None` when `part` is anything else.
fn components(part: &str, units: &[u8]) -> Option<usize> {
    let mut count = 0;
    let mut next_unit = 0;
    let mut number = String::new();
    for c in part.chars() {
        if c.is_ascii_digit() || c == '.' || c == ',' {
            number.push(c);
            continue;
        }
        let unit = u8::try_from(c).ok()?;
        let position = units[next_unit..].iter().position(|u| *u == unit)? + next_unit;
        if !number.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        number.clear();
        next_unit = position + 1;
        count += 1;
    }
    number.is_empty().then_some(count)
}

#[cfg(test)]
mod tests {
    use super::is_iso8601_duration;

    #[test]
    fn accepts_the_durations_workflows_use() {
        for text in [
            "PT1H",
            "PT30S",
            "P1D",
            "P1DT2H3M4S",
            "pt0.5s",
            "P2W",
            "P1M",
            "PT1M",
            "P1Y2M",
        ] {
            assert!(is_iso8601_duration(text), "{text}");
        }
    }

    #[test]
    fn measures_durations_in_seconds() {
        assert_eq!(super::duration_seconds("PT1H"), Some(3_600.0));
        assert_eq!(super::duration_seconds("P1DT0.5S"), Some(86_400.5));
        assert_eq!(super::duration_seconds("P1W"), Some(604_800.0));
        assert_eq!(super::duration_seconds("PT1,5M"), Some(90.0));
        assert_eq!(super::duration_seconds("one hour"), None);
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for text in [
            "", "P", "PT", "1H", "PT1", "PT1X", "PTH", "PT1S1H", "P1H", "one hour", "P1DT", "PT.S",
            "P1D2", "P1D.",
        ] {
            assert!(!is_iso8601_duration(text), "{text}");
        }
    }
}

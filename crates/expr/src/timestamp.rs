//! Timestamps as date functions receive them: ISO 8601 text, parsed into wall-clock time plus
//! what is known about its offset (which decides whether output ends in `Z`, `+hh:mm` or
//! nothing, as .NET's `DateTimeKind` does).
//!
//! This is the common subset (`2018-03-15T13:00:00Z`, `…+02:00`, `2018-03-15T13:00:00.1234567`,
//! `2018-03-15`); the date-function work extends [`parse_timestamp`] to .NET's lenient
//! `DateTime.Parse` forms (`03/15/2018`, RFC 1123, …).

use chrono::{DateTime, NaiveDate, NaiveDateTime};

pub(crate) use crate::datetime_format::Kind;

/// A parsed timestamp: wall-clock time in its own offset, and the offset kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp {
    /// Wall-clock time as written (not converted to UTC).
    pub local: NaiveDateTime,
    /// Whether the text said `Z`, an offset, or nothing.
    pub kind: Kind,
}

impl Timestamp {
    /// The same instant in UTC (an unspecified offset is taken as UTC).
    #[allow(dead_code, reason = "used by the date functions of the full catalogue")]
    pub fn to_utc(self) -> NaiveDateTime {
        match self.kind {
            Kind::Offset(seconds) => self.local - chrono::Duration::seconds(i64::from(seconds)),
            Kind::Utc | Kind::Unspecified => self.local,
        }
    }
}

/// Parses ISO 8601 text; `None` if it is not a timestamp this parser knows.
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        let utc = text.ends_with(['Z', 'z']);
        let seconds = t.offset().local_minus_utc();
        let kind = if utc {
            Kind::Utc
        } else {
            Kind::Offset(seconds)
        };
        return Some(Timestamp {
            local: t.naive_local(),
            kind,
        });
    }
    let unspecified = |local| Timestamp {
        local,
        kind: Kind::Unspecified,
    };
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
    .map(unspecified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_offset_kind() {
        let z = parse_timestamp("2018-03-15T13:00:00Z").unwrap();
        assert_eq!(z.kind, Kind::Utc);
        let plus = parse_timestamp("2018-03-15T13:00:00.5+02:00").unwrap();
        assert_eq!(plus.kind, Kind::Offset(7200));
        assert_eq!(plus.to_utc().to_string(), "2018-03-15 11:00:00.500");
        let bare = parse_timestamp("2018-03-15T13:00:00.1234567").unwrap();
        assert_eq!(bare.kind, Kind::Unspecified);
        let date = parse_timestamp("2018-03-15").unwrap();
        assert_eq!(date.local.to_string(), "2018-03-15 00:00:00");
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}

//! Timestamps as date functions receive them: text parsed leniently, as .NET's
//! `DateTime.Parse` does (`2018-03-15T13:00:00Z`, `2018-03-15 13:00:00`, `03/15/2018`,
//! `Thu, 15 Mar 2018 13:00:00 GMT`, `March 15, 2018 1:00 PM`, `20 octobre 2010` in `fr-FR`, …),
//! into wall-clock time plus its [`Kind`], which decides whether output ends in `Z`, an offset or
//! nothing.
//!
//! The kind rules are those of `DateTime.Parse` with `DateTimeStyles.RoundtripKind` on a server
//! whose local zone is UTC, which is what Logic Apps shows:
//! - `Z` (or `GMT`/`UTC`) keeps the time and is [`Kind::Utc`]: `K` prints `Z`;
//! - an explicit offset converts the time to UTC and is local time, [`Kind::Offset`]`(0)`: `K`
//!   prints `+00:00` (`formatDateTime('2018-12-15T05:00:00+13:00','dd-MMM')` is `14-Dec`,
//!   MicrosoftDocs/azure-docs#20703);
//! - no offset is [`Kind::Unspecified`]: `K` prints nothing
//!   (`formatDateTime('03/15/2018')` is `2018-03-15T00:00:00.0000000`).
//!
//! # Layout
//! - this file: [`Timestamp`], .NET ticks, the `DateTime` range, calendar arithmetic;
//! - `timestamp/lenient.rs`: the `DateTime.Parse`-style parser.

mod lenient;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

pub(crate) use crate::datetime_format::Kind;
use crate::locale::{Culture, EN_US};

/// A parsed timestamp: wall-clock time and the offset kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp {
    /// Wall-clock time (for [`Kind::Offset`], in that offset).
    pub local: NaiveDateTime,
    /// Whether the text said `Z`, an offset, or nothing.
    pub kind: Kind,
}

/// .NET ticks (100 ns) per second.
pub(crate) const TICKS_PER_SECOND: i64 = 10_000_000;

/// The ticks of 0001-01-01T00:00:00, day 1 of .NET's calendar, counted from 1970.
const EPOCH_TICKS_OFFSET: i64 = 621_355_968_000_000_000;

/// The largest .NET tick count (9999-12-31T23:59:59.9999999).
pub(crate) const MAX_TICKS: i64 = 3_155_378_975_999_999_999;

impl Timestamp {
    /// A timestamp of the given kind.
    pub fn new(local: NaiveDateTime, kind: Kind) -> Self {
        Self { local, kind }
    }

    /// The same instant in UTC (an unspecified offset is taken as UTC).
    pub fn to_utc(self) -> NaiveDateTime {
        match self.kind {
            Kind::Offset(seconds) => self.local - Duration::seconds(i64::from(seconds)),
            Kind::Utc | Kind::Unspecified => self.local,
        }
    }

    /// .NET `DateTime.Ticks`: 100 ns intervals from 0001-01-01T00:00:00 to the wall-clock time.
    pub fn ticks(self) -> i64 {
        ticks_of(self.local)
    }

    /// The same kind at another wall-clock time, if it is inside .NET's `DateTime` range.
    pub fn with_local(self, local: NaiveDateTime) -> Option<Self> {
        in_range(local).then_some(Self { local, ..self })
    }
}

/// The ticks of a wall-clock time.
pub(crate) fn ticks_of(t: NaiveDateTime) -> i64 {
    let utc = t.and_utc();
    utc.timestamp() * TICKS_PER_SECOND
        + i64::from(utc.timestamp_subsec_nanos() / 100)
        + EPOCH_TICKS_OFFSET
}

/// The wall-clock time of a tick count, if it is in range.
pub(crate) fn from_ticks(ticks: i64) -> Option<NaiveDateTime> {
    if !(0..=MAX_TICKS).contains(&ticks) {
        return None;
    }
    let since_epoch = ticks - EPOCH_TICKS_OFFSET;
    let seconds = since_epoch.div_euclid(TICKS_PER_SECOND);
    let nanos = (since_epoch.rem_euclid(TICKS_PER_SECOND) * 100) as u32;
    chrono::DateTime::from_timestamp(seconds, nanos).map(|t| t.naive_utc())
}

/// True if `t` is between 0001-01-01 and 9999-12-31T23:59:59.9999999 (and on a tick).
pub(crate) fn in_range(t: NaiveDateTime) -> bool {
    (1..=9999).contains(&t.year())
}

/// Adds ticks, failing outside .NET's range.
pub(crate) fn add_ticks(t: NaiveDateTime, ticks: i64) -> Option<NaiveDateTime> {
    from_ticks(ticks_of(t).checked_add(ticks)?)
}

/// .NET `DateTime.AddMonths`: the day is clamped to the length of the target month
/// (January 31 plus one month is February 28, or 29 in a leap year).
pub(crate) fn add_months(t: NaiveDateTime, months: i64) -> Option<NaiveDateTime> {
    if months.unsigned_abs() > 120_000 {
        return None;
    }
    let total = i64::from(t.year()) * 12 + i64::from(t.month0()) + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = total.rem_euclid(12) as u32 + 1;
    let day = t.day().min(days_in_month(year, month)?);
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let moved = date.and_time(t.time());
    in_range(moved).then_some(moved)
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((next - first).num_days() as u32)
}

/// .NET's two-digit-year rule for the Gregorian calendar (`TwoDigitYearMax` 2029): `00`–`29`
/// are 2000–2029, `30`–`99` are 1930–1999.
pub(crate) fn expand_two_digit_year(year: i32) -> i32 {
    match year {
        0..=29 => 2000 + year,
        30..=99 => 1900 + year,
        other => other,
    }
}

/// Parses a timestamp argument the way every date function does: leniently, in `en-US`.
/// Forms without a date (`13:00`) or year (`03/15`) are rejected: there is no "today" here.
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    lenient::parse(text, &EN_US, None)
}

/// Parses leniently in a culture; `today` fills in a missing date or year, as .NET does.
pub(crate) fn parse_in(
    text: &str,
    culture: &Culture,
    today: Option<NaiveDate>,
) -> Option<Timestamp> {
    lenient::parse(text, culture, today)
}

/// Midnight at the start of `t`'s day.
pub(crate) fn start_of_day(t: NaiveDateTime) -> NaiveDateTime {
    t.date().and_time(chrono::NaiveTime::MIN)
}

/// `t` with minutes, seconds and fraction cleared.
pub(crate) fn start_of_hour(t: NaiveDateTime) -> NaiveDateTime {
    start_of_day(t) + Duration::hours(i64::from(t.hour()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        parse_timestamp(text).unwrap().local
    }

    #[test]
    fn keeps_the_offset_kind() {
        let z = parse_timestamp("2018-03-15T13:00:00Z").unwrap();
        assert_eq!(z.kind, Kind::Utc);
        let plus = parse_timestamp("2018-03-15T13:00:00.5+02:00").unwrap();
        assert_eq!(plus.kind, Kind::Offset(0));
        assert_eq!(plus.local.to_string(), "2018-03-15 11:00:00.500");
        assert_eq!(plus.to_utc(), plus.local);
        let bare = parse_timestamp("2018-03-15T13:00:00.1234567").unwrap();
        assert_eq!(bare.kind, Kind::Unspecified);
        let date = parse_timestamp("2018-03-15").unwrap();
        assert_eq!(date.local.to_string(), "2018-03-15 00:00:00");
        assert_eq!(parse_timestamp("yesterday"), None);
        let shifted = Timestamp::new(at("2018-03-15T13:00:00"), Kind::Offset(3600));
        assert_eq!(shifted.to_utc().to_string(), "2018-03-15 12:00:00");
    }

    #[test]
    fn ticks_match_dotnet() {
        assert_eq!(ticks_of(at("0001-01-01")), 0);
        assert_eq!(
            ticks_of(at("2018-01-01T00:00:00Z")),
            636_503_616_000_000_000
        );
        assert_eq!(ticks_of(at("1970-01-01")), EPOCH_TICKS_OFFSET);
        assert_eq!(ticks_of(at("9999-12-31T23:59:59.9999999")), MAX_TICKS);
        assert_eq!(from_ticks(MAX_TICKS + 1), None);
        assert_eq!(from_ticks(-1), None);
        assert_eq!(
            from_ticks(636_503_616_000_000_001).unwrap(),
            at("2018-01-01T00:00:00.0000001")
        );
    }

    #[test]
    fn months_clamp_to_the_month_end() {
        let plus = |t: &str, n| add_months(at(t), n).map(|d| d.to_string());
        assert_eq!(
            plus("2018-01-31", 1).as_deref(),
            Some("2018-02-28 00:00:00")
        );
        assert_eq!(
            plus("2020-01-31", 1).as_deref(),
            Some("2020-02-29 00:00:00")
        );
        assert_eq!(
            plus("2020-02-29", 12).as_deref(),
            Some("2021-02-28 00:00:00")
        );
        assert_eq!(
            plus("2018-03-31", -1).as_deref(),
            Some("2018-02-28 00:00:00")
        );
        assert_eq!(
            plus("2018-01-15", -25).as_deref(),
            Some("2015-12-15 00:00:00")
        );
        assert_eq!(plus("9999-12-01", 1), None);
        assert_eq!(plus("0001-01-01", -1), None);
        assert_eq!(add_ticks(at("9999-12-31T23:59:59.9999999"), 1), None);
    }

    #[test]
    fn two_digit_years_pivot_at_2029() {
        assert_eq!(expand_two_digit_year(29), 2029);
        assert_eq!(expand_two_digit_year(30), 1930);
        assert_eq!(expand_two_digit_year(5), 2005);
    }
}

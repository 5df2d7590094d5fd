//! Date and time functions. Timestamps are strings, read leniently like .NET's
//! `DateTime.Parse` (`crate::timestamp`) and written with .NET format strings
//! (`crate::datetime_format`) in a culture (`crate::locale`); the default output format is `o`
//! (`yyyy-MM-ddTHH:mm:ss.fffffffK`), whose `K` keeps `Z`, prints `+00:00` for inputs that had
//! an offset (converted to UTC) and nothing for inputs without one.
//!
//! # Layout
//! - `args.rs`: shared argument readers, unit arithmetic and result rendering;
//! - `time_zones.rs`: Windows time-zone IDs to IANA zones (CLDR `windowsZones`);
//! - `time_span.rs`: .NET `TimeSpan` text;
//! - one file per function or family, listed below.

mod args;
mod time_span;
mod time_zones;

pub use time_zones::time_zone;

crate::functions::category! {
    utc_now: [UTC_NOW],
    add_units: [ADD_SECONDS, ADD_MINUTES, ADD_HOURS, ADD_DAYS],
    add_to_time: [ADD_TO_TIME, SUBTRACT_FROM_TIME],
    relative_time: [GET_FUTURE_TIME, GET_PAST_TIME],
    start_of: [START_OF_HOUR, START_OF_DAY, START_OF_MONTH],
    day_of: [DAY_OF_WEEK, DAY_OF_MONTH, DAY_OF_YEAR],
    ticks: [TICKS],
    format_date_time: [FORMAT_DATE_TIME],
    parse_date_time: [PARSE_DATE_TIME],
    convert_time_zone: [CONVERT_TIME_ZONE, CONVERT_TO_UTC, CONVERT_FROM_UTC],
    date_difference: [DATE_DIFFERENCE],
    format_time_span: [FORMAT_TIME_SPAN],
}

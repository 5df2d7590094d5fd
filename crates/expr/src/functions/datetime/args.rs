//! What the date functions share: reading timestamp, locale and unit arguments, calendar
//! arithmetic in .NET's `DateTime` range, and rendering the result with the optional format.

use chrono::NaiveDate;

use crate::datetime_format::format_in;
use crate::functions::Param;
use crate::functions::prelude::*;
use crate::locale::{Culture, EN_US, culture, unsupported};
use crate::timestamp::{Timestamp, add_months, add_ticks, parse_in};

/// The optional trailing `format` parameter every timestamp-returning function declares.
pub(super) const FORMAT: Param = optional(
    "format",
    Ty::String,
    "A .NET standard (e.g. 'D') or custom (e.g. 'yyyy-MM-dd') date/time format; default 'o' (yyyy-MM-ddTHH:mm:ss.fffffffK).",
);

/// The `interval` parameter of the unit functions.
pub(super) const INTERVAL: Param = param("interval", Ty::Integer, "The number of time units.");

/// The `timeUnit` parameter of the unit functions.
pub(super) const UNIT: Param = param(
    "timeUnit",
    Ty::String,
    "'Second', 'Minute', 'Hour', 'Day', 'Week', 'Month' or 'Year' (any case).",
);

/// The `timestamp` parameter.
pub(super) const TIMESTAMP: Param = param(
    "timestamp",
    Ty::Timestamp,
    "The timestamp text, ISO 8601 or another form .NET's DateTime.Parse reads (e.g. '03/15/2018').",
);

/// "Today" for timestamps that give only a time (`13:00`) or no year (`03/15`): the scope's
/// clock, in UTC.
pub(super) fn today(call: &Call<'_>) -> NaiveDate {
    call.ctx.scope.now().date_naive()
}

/// Argument `i` as a timestamp, read leniently in `en-US` (Logic Apps' wording on failure).
pub(super) fn timestamp(call: &Call<'_>, i: usize) -> Result<Timestamp, EvalError> {
    let text = call.string(i)?;
    parse_in(text, &EN_US, Some(today(call))).ok_or_else(|| invalid_timestamp(call.name, text))
}

/// "In function 'addDays', the value provided for date time string 'soon' was not valid. …"
pub(super) fn invalid_timestamp(name: &str, text: &str) -> EvalError {
    EvalError::invalid_template(format!(
        "In function '{name}', the value provided for date time string '{text}' was not valid. The datetime string must match ISO 8601 format."
    ))
}

/// Optional argument `i` as a locale (default `en-US`).
pub(super) fn locale(call: &Call<'_>, i: usize) -> Result<&'static Culture, EvalError> {
    match call.optional_string(i)? {
        None => Ok(&EN_US),
        Some(name) => culture(name).ok_or_else(|| call.error(unsupported(name))),
    }
}

/// Renders `ts` with the optional format argument `i` (default `o`) in `en-US`.
pub(super) fn output(call: &Call<'_>, ts: Timestamp, i: usize) -> Result<Value, EvalError> {
    let format = call.optional_string(i)?.unwrap_or("o");
    render(call, ts, format, &EN_US)
}

/// Renders `ts` with a format and culture, as a string value.
pub(super) fn render(
    call: &Call<'_>,
    ts: Timestamp,
    format: &str,
    culture: &Culture,
) -> Result<Value, EvalError> {
    let text = format_in(ts.local, ts.kind, format, culture).map_err(|e| {
        call.error(format_args!(
            "expects a valid .NET date and time format. {e}"
        ))
    })?;
    call.checked_text(text)
}

/// The error for results outside 0001-01-01 … 9999-12-31.
pub(super) fn unrepresentable(call: &Call<'_>) -> EvalError {
    call.error(
        "produced a date outside the supported range 0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999 (the added or subtracted value results in an un-representable DateTime).",
    )
}

/// A unit of `addToTime`, `subtractFromTime`, `getFutureTime` and `getPastTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

const UNITS: [(&str, Unit); 7] = [
    ("Second", Unit::Second),
    ("Minute", Unit::Minute),
    ("Hour", Unit::Hour),
    ("Day", Unit::Day),
    ("Week", Unit::Week),
    ("Month", Unit::Month),
    ("Year", Unit::Year),
];

/// Argument `i` as a time unit (case-insensitive), with a "did you mean".
pub(super) fn unit(call: &Call<'_>, i: usize) -> Result<Unit, EvalError> {
    let text = call.string(i)?;
    if let Some((_, unit)) = UNITS.iter().find(|(n, _)| n.eq_ignore_ascii_case(text)) {
        return Ok(*unit);
    }
    let hint = crate::suggest::hint(text, UNITS.iter().map(|(n, _)| *n));
    Err(call.error(format_args!(
        "expects its {} parameter to be a time unit: 'Second', 'Minute', 'Hour', 'Day', 'Week', 'Month' or 'Year'. The provided value is '{text}'.{hint}",
        ordinal(i)
    )))
}

fn ordinal(i: usize) -> &'static str {
    ["first", "second", "third", "fourth"]
        .get(i)
        .copied()
        .unwrap_or("last")
}

/// `ts` moved by `amount` units (negative moves back); `None` outside .NET's range.
pub(super) fn shift(ts: Timestamp, amount: i64, unit: Unit) -> Option<Timestamp> {
    const SECOND: i64 = crate::timestamp::TICKS_PER_SECOND;
    let per = match unit {
        Unit::Month => return ts.with_local(add_months(ts.local, amount)?),
        Unit::Year => return ts.with_local(add_months(ts.local, amount.checked_mul(12)?)?),
        Unit::Second => SECOND,
        Unit::Minute => 60 * SECOND,
        Unit::Hour => 3600 * SECOND,
        Unit::Day => 86_400 * SECOND,
        Unit::Week => 7 * 86_400 * SECOND,
    };
    ts.with_local(add_ticks(ts.local, amount.checked_mul(per)?)?)
}

/// The scope's clock as a UTC timestamp, truncated to .NET's 100 ns ticks.
pub(super) fn now(call: &Call<'_>) -> Timestamp {
    use chrono::Timelike;
    let now = call.ctx.scope.now().naive_utc();
    let tick = now.nanosecond() / 100 * 100;
    Timestamp::new(
        now.with_nanosecond(tick).unwrap_or(now),
        crate::timestamp::Kind::Utc,
    )
}

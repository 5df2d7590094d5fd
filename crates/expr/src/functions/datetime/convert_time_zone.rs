//! `convertTimeZone(timestamp, sourceTimeZone, destinationTimeZone, format?)`,
//! `convertToUtc(timestamp, sourceTimeZone, format?)` and
//! `convertFromUtc(timestamp, destinationTimeZone, format?)`, with Windows time-zone IDs.
//!
//! The timestamp's wall-clock time is read in the source zone (for `convertFromUtc`: its UTC
//! instant), daylight saving included. Results in UTC end in `Z`; results in another zone carry
//! no offset, as Logic Apps returns them ("without the timezone UTC offset").

use super::args::{FORMAT, TIMESTAMP, output, timestamp, unrepresentable};
use super::time_zones::{Zone, find, from_utc, to_utc, windows_ids};
use crate::functions::Param;
use crate::functions::prelude::*;
use crate::timestamp::{Kind, Timestamp, in_range};

const SOURCE: Param = param(
    "sourceTimeZone",
    Ty::String,
    "The Windows time-zone ID the timestamp is in, e.g. 'Pacific Standard Time' or 'UTC'.",
);
const DESTINATION: Param = param(
    "destinationTimeZone",
    Ty::String,
    "The Windows time-zone ID to convert to, e.g. 'W. Europe Standard Time'.",
);

pub(crate) const CONVERT_TIME_ZONE: Function = Function {
    name: "convertTimeZone",
    summary: "Converts a timestamp from one time zone to another (Windows time-zone IDs).",
    params: &[TIMESTAMP, SOURCE, DESTINATION, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(convert_time_zone),
    examples: &[
        ok(
            "convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')",
            r#""2018-01-01T00:00:00.0000000""#,
        ),
        ok(
            "convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')",
            r#""Monday, January 1, 2018""#,
        ),
        ok(
            "convertTimeZone('2018-07-01T12:00:00', 'W. Europe Standard Time', 'UTC')",
            r#""2018-07-01T10:00:00.0000000Z""#,
        ),
        fails(
            "convertTimeZone('2018-01-01', 'UTC', 'Pacific Time')",
            "expects its third parameter to be a valid Windows time-zone ID",
        ),
    ],
};

pub(crate) const CONVERT_TO_UTC: Function = Function {
    name: "convertToUtc",
    summary: "Converts a timestamp from a time zone (Windows time-zone ID) to UTC.",
    params: &[TIMESTAMP, SOURCE, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(convert_to_utc),
    examples: &[
        ok(
            "convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')",
            r#""2018-01-01T08:00:00.0000000Z""#,
        ),
        ok(
            "convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time', 'D')",
            r#""Monday, January 1, 2018""#,
        ),
        ok(
            "convertToUtc('2018-07-01T12:00:00', 'India Standard Time')",
            r#""2018-07-01T06:30:00.0000000Z""#,
        ),
        fails(
            "convertToUtc('2018-03-11T02:30:00', 'Pacific Standard Time')",
            "represents an invalid time",
        ),
    ],
};

pub(crate) const CONVERT_FROM_UTC: Function = Function {
    name: "convertFromUtc",
    summary: "Converts a UTC timestamp to a time zone (Windows time-zone ID); the result has no offset.",
    params: &[TIMESTAMP, DESTINATION, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(convert_from_utc),
    examples: &[
        ok(
            "convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')",
            r#""2018-01-01T00:00:00.0000000""#,
        ),
        ok(
            "convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')",
            r#""Monday, January 1, 2018""#,
        ),
        ok(
            "convertFromUtc('2018-01-01T00:00:00Z', 'Tokyo Standard Time', 'HH:mm')",
            r#""09:00""#,
        ),
        fails(
            "convertFromUtc('2018-01-01T00:00:00Z', 'Pacific Standard Tme')",
            "Did you mean 'Pacific Standard Time'?",
        ),
    ],
};

fn zone(call: &Call<'_>, i: usize) -> Result<Zone, EvalError> {
    let id = call.string(i)?;
    find(id).ok_or_else(|| {
        let which = ["first", "second", "third"][i.min(2)];
        let hint = crate::suggest::hint(id, windows_ids());
        call.error(format_args!(
            "expects its {which} parameter to be a valid Windows time-zone ID such as 'Pacific Standard Time' or 'UTC'. The provided value '{id}' is not one.{hint}"
        ))
    })
}

/// Moves the wall-clock time `local` from `source` to `destination`.
fn convert(
    call: &Call<'_>,
    local: chrono::NaiveDateTime,
    source: Zone,
    destination: Zone,
) -> Result<Timestamp, EvalError> {
    let utc = to_utc(local, source).map_err(|e| call.error(format_args!("failed: {e}")))?;
    let kind = if destination == Zone::Utc {
        Kind::Utc
    } else {
        Kind::Unspecified
    };
    let converted = from_utc(utc, destination);
    if !in_range(converted) {
        return Err(unrepresentable(call));
    }
    Ok(Timestamp::new(converted, kind))
}

fn convert_time_zone(call: Call<'_>) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    let (source, destination) = (zone(&call, 1)?, zone(&call, 2)?);
    let converted = convert(&call, ts.local, source, destination)?;
    output(&call, converted, 3)
}

fn convert_to_utc(call: Call<'_>) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    let source = zone(&call, 1)?;
    let converted = convert(&call, ts.local, source, Zone::Utc)?;
    output(&call, converted, 2)
}

fn convert_from_utc(call: Call<'_>) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    let destination = zone(&call, 1)?;
    let mut converted = convert(&call, ts.to_utc(), Zone::Utc, destination)?;
    converted.kind = Kind::Unspecified;
    output(&call, converted, 2)
}

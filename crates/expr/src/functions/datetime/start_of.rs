//! `startOfHour`, `startOfDay`, `startOfMonth` `(timestamp, format?)`: the timestamp truncated,
//! its offset kind kept.

use chrono::{Datelike, NaiveDateTime};

use super::args::{FORMAT, TIMESTAMP, output, timestamp};
use crate::functions::prelude::*;
use crate::timestamp::{start_of_day, start_of_hour};

pub(crate) const START_OF_HOUR: Function = Function {
    name: "startOfHour",
    summary: "Returns the start of the hour of a timestamp.",
    params: &[TIMESTAMP, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(|call| truncate(call, start_of_hour)),
    examples: &[
        ok(
            "startOfHour('2018-03-15T13:30:30Z')",
            r#""2018-03-15T13:00:00.0000000Z""#,
        ),
        ok(
            "startOfHour('2018-03-15T13:30:30.5', 'HH:mm:ss.fff')",
            r#""13:00:00.000""#,
        ),
        ok(
            "startOfHour('2018-03-15T13:30:30+01:00')",
            r#""2018-03-15T12:00:00.0000000+00:00""#,
        ),
        fails("startOfHour('2018-13-15')", "was not valid"),
    ],
};

pub(crate) const START_OF_DAY: Function = Function {
    name: "startOfDay",
    summary: "Returns the start of the day (midnight) of a timestamp.",
    params: &[TIMESTAMP, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(|call| truncate(call, start_of_day)),
    examples: &[
        ok(
            "startOfDay('2018-03-15T13:30:30Z')",
            r#""2018-03-15T00:00:00.0000000Z""#,
        ),
        ok(
            "startOfDay('2025-02-16T14:30:45', 'yyyy-MM-ddTHH:mm:ss')",
            r#""2025-02-16T00:00:00""#,
        ),
        ok(
            "startOfDay('2025-02-16T23:59:59')",
            r#""2025-02-16T00:00:00.0000000""#,
        ),
        fails(
            "startOfDay(20250216)",
            "expects its parameter to be of type string",
        ),
    ],
};

pub(crate) const START_OF_MONTH: Function = Function {
    name: "startOfMonth",
    summary: "Returns the first day of the month, at midnight, of a timestamp.",
    params: &[TIMESTAMP, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(|call| truncate(call, start_of_month)),
    examples: &[
        ok(
            "startOfMonth('2018-03-15T13:30:30Z')",
            r#""2018-03-01T00:00:00.0000000Z""#,
        ),
        ok(
            "startOfMonth('2018-03-15T13:30:30Z', 'yyyy-MM-dd')",
            r#""2018-03-01""#,
        ),
        ok(
            "startOfMonth('2016-02-29')",
            r#""2016-02-01T00:00:00.0000000""#,
        ),
        fails(
            "startOfMonth('2018-03-15', 'yyyy-MM-dd''')",
            "is never closed",
        ),
    ],
};

fn start_of_month(t: NaiveDateTime) -> NaiveDateTime {
    start_of_day(t.with_day(1).unwrap_or(t))
}

fn truncate(call: Call<'_>, to: fn(NaiveDateTime) -> NaiveDateTime) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    let start = crate::timestamp::Timestamp::new(to(ts.local), ts.kind);
    output(&call, start, 1)
}

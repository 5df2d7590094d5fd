//! `dayOfWeek` (Sunday = 0), `dayOfMonth`, `dayOfYear` `(timestamp)`: parts of the wall-clock
//! date (an input offset has been converted to UTC first, as Logic Apps does).

use chrono::{Datelike, NaiveDateTime};

use super::args::{TIMESTAMP, timestamp};
use crate::functions::prelude::*;

pub(crate) const DAY_OF_WEEK: Function = Function {
    name: "dayOfWeek",
    summary: "Returns the day of the week of a timestamp: Sunday is 0, Monday 1, … Saturday 6.",
    params: &[TIMESTAMP],
    returns: Ty::Integer,
    imp: Eager(|call| part(call, |t| t.weekday().num_days_from_sunday())),
    examples: &[
        ok("dayOfWeek('2018-03-15T13:27:36Z')", "4"),
        ok("dayOfWeek('2018-03-18')", "0"),
        ok("dayOfWeek('2018-03-17T23:00:00-02:00')", "0"),
        fails("dayOfWeek('not a date')", "was not valid"),
    ],
};

pub(crate) const DAY_OF_MONTH: Function = Function {
    name: "dayOfMonth",
    summary: "Returns the day of the month (1–31) of a timestamp.",
    params: &[TIMESTAMP],
    returns: Ty::Integer,
    imp: Eager(|call| part(call, |t| t.day())),
    examples: &[
        ok("dayOfMonth('2018-03-15T13:27:36Z')", "15"),
        ok("dayOfMonth('02/29/2016')", "29"),
        ok("dayOfMonth('2018-03-31T23:30:00-01:00')", "1"),
        fails(
            "dayOfMonth(null)",
            "expects its parameter to be of type string",
        ),
    ],
};

pub(crate) const DAY_OF_YEAR: Function = Function {
    name: "dayOfYear",
    summary: "Returns the day of the year (1–366) of a timestamp.",
    params: &[TIMESTAMP],
    returns: Ty::Integer,
    imp: Eager(|call| part(call, |t| t.ordinal())),
    examples: &[
        ok("dayOfYear('2018-03-15T13:27:36Z')", "74"),
        ok("dayOfYear('2016-12-31')", "366"),
        ok("dayOfYear('2018-01-01T00:00:00Z')", "1"),
        fails("dayOfYear('2018-02-29')", "was not valid"),
    ],
};

fn part(call: Call<'_>, of: fn(NaiveDateTime) -> u32) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    Ok(Value::Int(i64::from(of(ts.local))))
}

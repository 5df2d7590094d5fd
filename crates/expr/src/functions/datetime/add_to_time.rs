//! `addToTime` and `subtractFromTime` `(timestamp, interval, timeUnit, format?)`. Months and
//! years clamp the day to the month end (January 31 plus one month is February 28 or 29).

use super::args::{
    FORMAT, INTERVAL, TIMESTAMP, UNIT, output, shift, timestamp, unit, unrepresentable,
};
use crate::functions::prelude::*;

pub(crate) const ADD_TO_TIME: Function = Function {
    name: "addToTime",
    summary: "Adds a number of time units to a timestamp.",
    params: &[TIMESTAMP, INTERVAL, UNIT, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(|call| move_by(call, 1)),
    examples: &[
        ok(
            "addToTime('2018-01-01T00:00:00Z', 1, 'Day')",
            r#""2018-01-02T00:00:00.0000000Z""#,
        ),
        ok(
            "addToTime('2018-01-01T00:00:00Z', 1, 'Day', 'D')",
            r#""Tuesday, January 2, 2018""#,
        ),
        ok(
            "addToTime('2018-01-31', 1, 'month', 'yyyy-MM-dd')",
            r#""2018-02-28""#,
        ),
        ok(
            "addToTime('2020-02-29T10:00:00Z', 1, 'Year')",
            r#""2021-02-28T10:00:00.0000000Z""#,
        ),
        fails(
            "addToTime('2018-01-01', 1, 'Fortnight')",
            "expects its third parameter to be a time unit",
        ),
        fails("addToTime('2018-01-01', 1, 'Days')", "Did you mean 'Day'?"),
    ],
};

pub(crate) const SUBTRACT_FROM_TIME: Function = Function {
    name: "subtractFromTime",
    summary: "Subtracts a number of time units from a timestamp.",
    params: &[TIMESTAMP, INTERVAL, UNIT, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(|call| move_by(call, -1)),
    examples: &[
        ok(
            "subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')",
            r#""2018-01-01T00:00:00.0000000Z""#,
        ),
        ok(
            "subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day', 'D')",
            r#""Monday, January 1, 2018""#,
        ),
        ok(
            "subtractFromTime('2018-03-31', 1, 'Month', 'yyyy-MM-dd')",
            r#""2018-02-28""#,
        ),
        fails(
            "subtractFromTime('0001-01-01', 1, 'Second')",
            "un-representable DateTime",
        ),
    ],
};

fn move_by(call: Call<'_>, sign: i64) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    let interval = call.int(1)?;
    let unit = unit(&call, 2)?;
    let amount = interval
        .checked_mul(sign)
        .ok_or_else(|| unrepresentable(&call))?;
    let moved = shift(ts, amount, unit).ok_or_else(|| unrepresentable(&call))?;
    output(&call, moved, 3)
}

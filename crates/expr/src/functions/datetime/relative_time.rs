//! `getFutureTime` and `getPastTime` `(interval, timeUnit, format?)`: the scope's clock (UTC)
//! moved by a number of time units.

use super::args::{FORMAT, INTERVAL, UNIT, now, output, shift, unit, unrepresentable};
use crate::functions::prelude::*;

pub(crate) const GET_FUTURE_TIME: Function = Function {
    name: "getFutureTime",
    summary: "Returns the current timestamp plus a number of time units.",
    params: &[INTERVAL, UNIT, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(|call| relative(call, 1)),
    examples: &[
        ok(
            "getFutureTime(5, 'Day')",
            r#""2024-01-07T03:04:05.1234567Z""#,
        ),
        ok(
            "getFutureTime(5, 'Day', 'D')",
            r#""Sunday, January 7, 2024""#,
        ),
        ok("getFutureTime(1, 'month', 'yyyy-MM-dd')", r#""2024-02-02""#),
        fails(
            "getFutureTime(5, 'Decade')",
            "expects its second parameter to be a time unit",
        ),
    ],
};

pub(crate) const GET_PAST_TIME: Function = Function {
    name: "getPastTime",
    summary: "Returns the current timestamp minus a number of time units.",
    params: &[INTERVAL, UNIT, FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(|call| relative(call, -1)),
    examples: &[
        ok("getPastTime(5, 'Day')", r#""2023-12-28T03:04:05.1234567Z""#),
        ok(
            "getPastTime(5, 'Day', 'D')",
            r#""Thursday, December 28, 2023""#,
        ),
        ok("getPastTime(2, 'Week', 'yyyy-MM-dd')", r#""2023-12-19""#),
        fails(
            "getPastTime('5', 'Day')",
            "expects its first parameter to be an integer",
        ),
    ],
};

fn relative(call: Call<'_>, sign: i64) -> Result<Value, EvalError> {
    let interval = call.int(0)?;
    let unit = unit(&call, 1)?;
    let amount = interval
        .checked_mul(sign)
        .ok_or_else(|| unrepresentable(&call))?;
    let moved = shift(now(&call), amount, unit).ok_or_else(|| unrepresentable(&call))?;
    output(&call, moved, 2)
}

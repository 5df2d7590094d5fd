//! `addSeconds`, `addMinutes`, `addHours`, `addDays` `(timestamp, n, format?)`: .NET's
//! `DateTime.AddSeconds` … `AddDays`; the offset kind of the input is kept.

use super::args::{FORMAT, TIMESTAMP, Unit, output, shift, timestamp, unrepresentable};
use crate::functions::prelude::*;

macro_rules! add_function {
    ($name:literal, $unit:expr, $what:literal, $examples:expr) => {
        Function {
            name: $name,
            summary: concat!(
                "Adds a number of ",
                $what,
                " (negative to subtract) to a timestamp."
            ),
            params: &[
                TIMESTAMP,
                param(
                    "amount",
                    Ty::Integer,
                    concat!("The number of ", $what, " to add; negative subtracts."),
                ),
                FORMAT,
            ],
            returns: Ty::Timestamp,
            imp: Eager(|call| add(call, $unit)),
            examples: $examples,
        }
    };
}

pub(crate) const ADD_SECONDS: Function = add_function!(
    "addSeconds",
    Unit::Second,
    "seconds",
    &[
        ok(
            "addSeconds('2018-03-15T00:00:00Z', 10)",
            r#""2018-03-15T00:00:10.0000000Z""#
        ),
        ok(
            "addSeconds('2018-03-15T00:00:30Z', -5)",
            r#""2018-03-15T00:00:25.0000000Z""#
        ),
        ok(
            "addSeconds('2018-03-15 23:59:59', 1, 's')",
            r#""2018-03-16T00:00:00""#
        ),
        fails(
            "addSeconds('2018-03-15', 1.5)",
            "expects its second parameter to be an integer"
        ),
    ]
);

pub(crate) const ADD_MINUTES: Function = add_function!(
    "addMinutes",
    Unit::Minute,
    "minutes",
    &[
        ok(
            "addMinutes('2018-03-15T00:10:00Z', 10)",
            r#""2018-03-15T00:20:00.0000000Z""#
        ),
        ok(
            "addMinutes('2018-03-15T00:20:00Z', -5)",
            r#""2018-03-15T00:15:00.0000000Z""#
        ),
        ok("addMinutes('03/15/2018', 90, 't')", r#""1:30 AM""#),
        fails(
            "addMinutes('2018-03-15T00:10:00Z', 10, 'Q')",
            "is not a valid date time format"
        ),
    ]
);

pub(crate) const ADD_HOURS: Function = add_function!(
    "addHours",
    Unit::Hour,
    "hours",
    &[
        ok(
            "addHours('2018-03-15T00:00:00Z', 10)",
            r#""2018-03-15T10:00:00.0000000Z""#
        ),
        ok(
            "addHours('2018-03-15T15:00:00Z', -5)",
            r#""2018-03-15T10:00:00.0000000Z""#
        ),
        ok(
            "addHours('2018-03-15T15:00:00', 12)",
            r#""2018-03-16T03:00:00.0000000""#
        ),
        fails(
            "addHours('9999-12-31T23:00:00Z', 1)",
            "un-representable DateTime"
        ),
    ]
);

pub(crate) const ADD_DAYS: Function = add_function!(
    "addDays",
    Unit::Day,
    "days",
    &[
        ok(
            "addDays('2018-03-15T00:00:00Z', 10)",
            r#""2018-03-25T00:00:00.0000000Z""#
        ),
        ok(
            "addDays('2018-03-15T00:00:00Z', -5)",
            r#""2018-03-10T00:00:00.0000000Z""#
        ),
        ok("addDays('2020-02-28', 1, 'yyyy-MM-dd')", r#""2020-02-29""#),
        fails(
            "addDays('soon', 1)",
            "the value provided for date time string 'soon' was not valid"
        ),
    ]
);

fn add(call: Call<'_>, unit: Unit) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    let amount = call.int(1)?;
    let moved = shift(ts, amount, unit).ok_or_else(|| unrepresentable(&call))?;
    output(&call, moved, 2)
}

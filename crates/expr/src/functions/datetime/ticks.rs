//! `ticks(timestamp)`: .NET `DateTime.Ticks`, 100 ns intervals since 0001-01-01T00:00:00.

use super::args::{TIMESTAMP, timestamp};
use crate::functions::prelude::*;

pub(crate) const TICKS: Function = Function {
    name: "ticks",
    summary: "Returns the number of 100-nanosecond ticks from 0001-01-01T00:00:00 to a timestamp.",
    params: &[TIMESTAMP],
    returns: Ty::Integer,
    imp: Eager(ticks),
    examples: &[
        ok("ticks('2018-01-01T00:00:00Z')", "636503616000000000"),
        ok("ticks('0001-01-01')", "0"),
        ok(
            "ticks('1970-01-01T00:00:00.0000001Z')",
            "621355968000000001",
        ),
        fails("ticks(0)", "expects its parameter to be of type string"),
    ],
};

fn ticks(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Int(timestamp(&call, 0)?.ticks()))
}

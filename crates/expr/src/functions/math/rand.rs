//! `rand(minValue, maxValue)`: a random integer, `minValue` inclusive and `maxValue` exclusive.
//!
//! The bits come from the scope ([`crate::Scope::random_u128`]), so a production scope gives real
//! randomness and a test scope a reproducible sequence. As .NET's `Random.Next(min, max)` does,
//! equal bounds return `minValue`; a `minValue` above `maxValue` is an error.

use crate::functions::prelude::*;

pub(crate) const RAND: Function = Function {
    name: "rand",
    summary: "Returns a random integer from minValue (inclusive) to maxValue (exclusive).",
    params: &[
        param(
            "minValue",
            Ty::Integer,
            "The lowest integer that may be returned.",
        ),
        param(
            "maxValue",
            Ty::Integer,
            "The integer after the highest one that may be returned.",
        ),
    ],
    returns: Ty::Integer,
    imp: Eager(rand),
    examples: &[
        ok(
            "and(greaterOrEquals(rand(1, 5), 1), less(rand(1, 5), 5))",
            "true",
        ),
        ok("rand(7, 8)", "7"),
        ok("rand(3, 3)", "3"),
        ok(
            "less(rand(-9223372036854775808, 9223372036854775807), 9223372036854775807)",
            "true",
        ),
        fails("rand(5, 1)", "minValue '5' to be at most its maxValue '1'"),
        fails(
            "rand(1.5, 3)",
            "expects its first parameter to be an integer",
        ),
    ],
};

fn rand(call: Call<'_>) -> Result<Value, EvalError> {
    let (min, max) = (call.int(0)?, call.int(1)?);
    if min > max {
        return Err(call.error(format_args!(
            "expects its minValue '{min}' to be at most its maxValue '{max}'."
        )));
    }
    let span = (i128::from(max) - i128::from(min)) as u128;
    if span == 0 {
        return Ok(Value::Int(min));
    }
    // 128 random bits reduced modulo a span below 2^64: the bias is under 2^-64.
    let offset = (call.ctx.random_u128() % span) as i128;
    let value = i64::try_from(i128::from(min) + offset).expect("min + offset < max fits i64");
    Ok(Value::Int(value))
}

//! Date and time functions: `utcNow` (the rest of the catalogue comes with the date issue).

use super::{Arity, Call, Function, fails, ok};
use crate::datetime_format::{Kind, format};
use crate::error::EvalError;
use crate::value::Value;

pub(crate) const FUNCTIONS: &[Function] = &[Function::eager(
    "utcNow",
    Arity::between(0, 1),
    utc_now,
    &[
        ok("utcNow()", r#""2024-01-02T03:04:05.1234567Z""#),
        ok("utcNow('yyyy-MM-dd')", r#""2024-01-02""#),
        ok("utcNow('s')", r#""2024-01-02T03:04:05""#),
        ok("utcNow('u')", r#""2024-01-02 03:04:05Z""#),
        fails("utcNow('Q')", "is not a valid date time format"),
        fails("utcNow(1)", "expects its parameter to be a string"),
    ],
)];

/// The scope's "now" in the given .NET format (default `o`, 7 fractional digits and `Z`).
fn utc_now(call: Call<'_>) -> Result<Value, EvalError> {
    let pattern = call.optional_string(0)?.unwrap_or("o");
    let now = call.ctx.scope.now().naive_utc();
    format(now, Kind::Utc, pattern)
        .map(Value::String)
        .map_err(|e| call.error(format_args!("failed: {e}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_hold() {
        super::super::check_examples(super::FUNCTIONS);
    }
}

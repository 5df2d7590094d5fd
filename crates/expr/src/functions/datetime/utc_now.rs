//! `utcNow(format?)`.

use crate::datetime_format::{Kind, format};
use crate::functions::prelude::*;

pub(crate) const UTC_NOW: Function = Function {
    name: "utcNow",
    summary: "Returns the current UTC timestamp (the scope's clock).",
    params: &[optional(
        "format",
        Ty::String,
        "A .NET standard or custom date/time format; default 'o' (yyyy-MM-ddTHH:mm:ss.fffffffK).",
    )],
    returns: Ty::Timestamp,
    imp: Eager(utc_now),
    examples: &[
        ok("utcNow()", r#""2024-01-02T03:04:05.1234567Z""#),
        ok("utcNow('yyyy-MM-dd')", r#""2024-01-02""#),
        ok("utcNow('s')", r#""2024-01-02T03:04:05""#),
        ok("utcNow('u')", r#""2024-01-02 03:04:05Z""#),
        fails("utcNow('Q')", "is not a valid date time format"),
        fails("utcNow(1)", "expects its parameter to be of type string"),
    ],
};

fn utc_now(call: Call<'_>) -> Result<Value, EvalError> {
    let pattern = call.optional_string(0)?.unwrap_or("o");
    let now = call.ctx.scope.now().naive_utc();
    format(now, Kind::Utc, pattern)
        .map(Value::String)
        .map_err(|e| call.error(format_args!("failed: {e}")))
}

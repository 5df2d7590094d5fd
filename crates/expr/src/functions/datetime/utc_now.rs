//! `utcNow(format?)`.

use super::args::{FORMAT, now, output};
use crate::functions::prelude::*;

pub(crate) const UTC_NOW: Function = Function {
    name: "utcNow",
    summary: "Returns the current UTC timestamp (the scope's clock).",
    params: &[FORMAT],
    returns: Ty::Timestamp,
    imp: Eager(utc_now),
    examples: &[
        ok("utcNow()", r#""2024-01-02T03:04:05.1234567Z""#),
        ok("utcNow('yyyy-MM-dd')", r#""2024-01-02""#),
        ok("utcNow('s')", r#""2024-01-02T03:04:05""#),
        ok("utcNow('u')", r#""2024-01-02 03:04:05Z""#),
        ok("utcNow('D')", r#""Tuesday, January 2, 2024""#),
        fails("utcNow('Q')", "is not a valid date time format"),
        fails("utcNow(1)", "expects its parameter to be of type string"),
    ],
};

fn utc_now(call: Call<'_>) -> Result<Value, EvalError> {
    output(&call, now(&call), 0)
}

//! `toUpper(text)`: invariant-culture simple case mapping (`ß` has no single-letter uppercase
//! and stays `ß`).

use super::unicode::to_upper_invariant;
use crate::functions::prelude::*;

pub(crate) const TO_UPPER: Function = Function {
    name: "toUpper",
    summary: "Returns a string in uppercase (invariant culture; characters without an uppercase form are kept).",
    params: &[param(
        "text",
        Ty::String,
        "The string to return in uppercase.",
    )],
    returns: Ty::String,
    imp: Eager(to_upper),
    examples: &[
        ok("toUpper('Hello World')", r#""HELLO WORLD""#),
        ok("toUpper('Straße')", r#""STRAßE""#),
        ok("toUpper('ıIiİçÇğĞ')", r#""ıIIİÇÇĞĞ""#),
        fails(
            "toUpper(null)",
            "expects its parameter to be of type string. The provided value is of type 'Null'.",
        ),
    ],
};

fn to_upper(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(to_upper_invariant(call.string(0)?)))
}

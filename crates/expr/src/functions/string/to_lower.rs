//! `toLower(text)`: invariant-culture simple case mapping.

use super::unicode::to_lower_invariant;
use crate::functions::prelude::*;

pub(crate) const TO_LOWER: Function = Function {
    name: "toLower",
    summary: "Returns a string in lowercase (invariant culture; characters without a lowercase form are kept).",
    params: &[param(
        "text",
        Ty::String,
        "The string to return in lowercase.",
    )],
    returns: Ty::String,
    imp: Eager(to_lower),
    examples: &[
        ok("toLower('Hello WORLD')", r#""hello world""#),
        ok("toLower('ıIiİçÇğĞ')", r#""ıiiİççğğ""#),
        ok("toLower('ＺＥＮ')", r#""ｚｅｎ""#),
        fails(
            "toLower(1)",
            "The template language function 'toLower' expects its parameter to be of type string. The provided value is of type 'Integer'.",
        ),
    ],
};

fn to_lower(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(to_lower_invariant(call.string(0)?)))
}

//! `toLower(text)`.

use crate::functions::prelude::*;

pub(crate) const TO_LOWER: Function = Function {
    name: "toLower",
    summary: "Returns a string in lowercase format.",
    params: &[param("text", Ty::String, "The string to return in lowercase.")],
    returns: Ty::String,
    imp: Eager(to_lower),
    examples: &[
        ok("toLower('Hello WORLD')", r#""hello world""#),
        fails(
            "toLower(1)",
            "expects its parameter to be of type string. The provided value is of type 'Integer'.",
        ),
    ],
};

fn to_lower(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(call.string(0)?.to_lowercase()))
}

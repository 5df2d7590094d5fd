//! `toUpper(text)`.

use crate::functions::prelude::*;

pub(crate) const TO_UPPER: Function = Function {
    name: "toUpper",
    summary: "Returns a string in uppercase format.",
    params: &[param("text", Ty::String, "The string to return in uppercase.")],
    returns: Ty::String,
    imp: Eager(to_upper),
    examples: &[ok("toUpper('Straße')", r#""STRASSE""#)],
};

fn to_upper(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(call.string(0)?.to_uppercase()))
}

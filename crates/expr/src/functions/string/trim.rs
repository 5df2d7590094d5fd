//! `trim(text)`.

use crate::functions::prelude::*;

pub(crate) const TRIM: Function = Function {
    name: "trim",
    summary: "Removes leading and trailing whitespace from a string.",
    params: &[param("text", Ty::String, "The string to trim.")],
    returns: Ty::String,
    imp: Eager(trim),
    examples: &[ok("trim('  Hello  ')", r#""Hello""#)],
};

fn trim(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(call.string(0)?.trim().to_owned()))
}

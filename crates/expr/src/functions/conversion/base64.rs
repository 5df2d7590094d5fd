//! `base64(value)` and `base64ToString(text)`.

use crate::codec::{base64_decode, base64_encode};
use crate::functions::prelude::*;

pub(crate) const BASE64: Function = Function {
    name: "base64",
    summary: "Returns the base64 encoding of a string (or of the bytes of binary content).",
    params: &[param(
        "value",
        Ty::OneOf(&[Ty::String, Ty::Content]),
        "The text (UTF-8) or content envelope to encode.",
    )],
    returns: Ty::String,
    imp: Eager(base64),
    examples: &[
        ok("base64('hello')", r#""aGVsbG8=""#),
        ok("base64(123)", r#""MTIz""#),
        ok(
            r#"base64(json('{"$content-type": "application/octet-stream", "$content": "aGk="}'))"#,
            r#""aGk=""#,
        ),
    ],
};

pub(crate) const BASE64_TO_STRING: Function = Function {
    name: "base64ToString",
    summary: "Decodes a base64 string to text (UTF-8).",
    params: &[param("value", Ty::String, "The base64 text to decode.")],
    returns: Ty::String,
    imp: Eager(base64_to_string),
    examples: &[
        ok("base64ToString('aGVsbG8=')", r#""hello""#),
        fails("base64ToString('***')", "not a valid base64"),
    ],
};

fn base64(call: Call<'_>) -> Result<Value, EvalError> {
    let encoded = base64_encode(&call.value(0).to_bytes());
    call.checked_text(encoded)
}

fn base64_to_string(call: Call<'_>) -> Result<Value, EvalError> {
    let bytes = base64_decode(call.string(0)?).ok_or_else(|| {
        call.error("was invoked with a parameter that is not a valid base64 string.")
    })?;
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

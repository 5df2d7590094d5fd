//! `uriComponentToString(value)`, its alias `decodeUriComponent(value)`, and
//! `uriComponentToBinary(value)`.

use super::{OCTET_STREAM, percent_decode};
use crate::functions::Param;
use crate::functions::prelude::*;

const PARAMS: &[Param] = &[param("value", Ty::String, "The percent-encoded text to decode.")];

pub(crate) const URI_COMPONENT_TO_STRING: Function = Function {
    name: "uriComponentToString",
    summary: "Decodes a percent-encoded string (invalid escapes are kept as they are; '+' stays '+').",
    params: PARAMS,
    returns: Ty::String,
    imp: Eager(to_string),
    examples: &[
        ok("uriComponentToString('https%3A%2F%2Fcontoso.com')", r#""https://contoso.com""#),
        ok("uriComponentToString('a+b%20c%zz%')", r#""a+b c%zz%""#),
        ok("uriComponentToString('%C3%A9')", r#""é""#),
        fails("uriComponentToString(null)", "expects its parameter to be of type string"),
    ],
};

pub(crate) const DECODE_URI_COMPONENT: Function = Function {
    name: "decodeUriComponent",
    summary: "The same as uriComponentToString(value).",
    params: PARAMS,
    returns: Ty::String,
    imp: Eager(to_string),
    examples: &[
        ok("decodeUriComponent('https%3A%2F%2Fcontoso.com')", r#""https://contoso.com""#),
        ok("decodeUriComponent(uriComponent('a/b c'))", r#""a/b c""#),
    ],
};

pub(crate) const URI_COMPONENT_TO_BINARY: Function = Function {
    name: "uriComponentToBinary",
    summary: "Returns binary content (application/octet-stream) for a percent-encoded string.",
    params: PARAMS,
    returns: Ty::Content,
    imp: Eager(to_binary),
    examples: &[
        ok(
            "uriComponentToBinary('https%3A%2F%2Fcontoso.com')",
            r#"{"$content-type": "application/octet-stream", "$content": "aHR0cHM6Ly9jb250b3NvLmNvbQ=="}"#,
        ),
        ok("string(uriComponentToBinary('a%20b'))", r#""a b""#),
        fails("uriComponentToBinary(1)", "expects its parameter to be of type string"),
    ],
};

fn to_string(call: Call<'_>) -> Result<Value, EvalError> {
    let bytes = percent_decode(call.string(0)?);
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

fn to_binary(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::content_envelope(OCTET_STREAM, &percent_decode(call.string(0)?)))
}

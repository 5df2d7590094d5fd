//! `base64ToString(value)` and its deprecated alias `decodeBase64(value)`.

use super::decode_base64;
use crate::functions::prelude::*;

const PARAMS: &[crate::functions::Param] = &[param(
    "value",
    Ty::String,
    "The base64 text to decode (padding required; white space is ignored).",
)];

pub(crate) const BASE64_TO_STRING: Function = Function {
    name: "base64ToString",
    summary: "Decodes a base64 string to text (UTF-8; invalid sequences become U+FFFD).",
    params: PARAMS,
    returns: Ty::String,
    imp: Eager(base64_to_string),
    examples: &[
        ok("base64ToString('aGVsbG8=')", r#""hello""#),
        ok("base64ToString('')", r#""""#),
        ok("base64ToString(base64('héllo'))", r#""héllo""#),
        fails("base64ToString('***')", "The value '***' is not a valid base64 string."),
        fails("base64ToString('aa')", "not a valid base64 string"),
        fails("base64ToString(null)", "expects its parameter to be of type string"),
    ],
};

pub(crate) const DECODE_BASE64: Function = Function {
    name: "decodeBase64",
    summary: "Deprecated: the same as base64ToString(value).",
    params: PARAMS,
    returns: Ty::String,
    imp: Eager(base64_to_string),
    examples: &[
        ok("decodeBase64('aGVsbG8=')", r#""hello""#),
        fails("decodeBase64('a')", "not a valid base64 string"),
    ],
};

fn base64_to_string(call: Call<'_>) -> Result<Value, EvalError> {
    let bytes = decode_base64(&call, call.string(0)?)?;
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

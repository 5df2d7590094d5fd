//! `uriComponent(value)` and its alias `encodeUriComponent(value)`.

use crate::functions::Param;
use crate::functions::prelude::*;

const PARAMS: &[Param] = &[param(
    "value",
    Ty::String,
    "The text to escape (other values are escaped in their string form).",
)];

pub(crate) const URI_COMPONENT: Function = Function {
    name: "uriComponent",
    summary: "Percent-encodes a string for use in a URI (all but A–Z a–z 0–9 - _ . ~), like .NET's Uri.EscapeDataString.",
    params: PARAMS,
    returns: Ty::String,
    imp: Eager(uri_component),
    examples: &[
        ok("uriComponent('https://contoso.com')", r#""https%3A%2F%2Fcontoso.com""#),
        ok("uriComponent('a b+c~d')", r#""a%20b%2Bc~d""#),
        ok("uriComponent('é')", r#""%C3%A9""#),
        ok("uriComponent('')", r#""""#),
        ok("uriComponent(12)", r#""12""#),
    ],
};

pub(crate) const ENCODE_URI_COMPONENT: Function = Function {
    name: "encodeUriComponent",
    summary: "The same as uriComponent(value).",
    params: PARAMS,
    returns: Ty::String,
    imp: Eager(uri_component),
    examples: &[
        ok("encodeUriComponent('https://contoso.com')", r#""https%3A%2F%2Fcontoso.com""#),
        ok("encodeUriComponent('?x=1&y=2')", r#""%3Fx%3D1%26y%3D2""#),
    ],
};

fn uri_component(call: Call<'_>) -> Result<Value, EvalError> {
    let text = match call.value(0) {
        Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
        other => std::borrow::Cow::Owned(other.to_text()),
    };
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    call.checked_text(out)
}

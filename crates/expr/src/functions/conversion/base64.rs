//! `base64(value)`.

use crate::codec::base64_encode;
use crate::functions::prelude::*;

pub(crate) const BASE64: Function = Function {
    name: "base64",
    summary: "Returns the base64 encoding of a string (its UTF-8), or of the bytes of binary content.",
    params: &[param(
        "value",
        Ty::OneOf(&[Ty::String, Ty::Content]),
        "The text (UTF-8) or content envelope to encode; other values are encoded as their string form.",
    )],
    returns: Ty::String,
    imp: Eager(base64),
    examples: &[
        ok("base64('hello')", r#""aGVsbG8=""#),
        ok("base64('')", r#""""#),
        ok("base64(123)", r#""MTIz""#),
        ok("base64(true)", r#""VHJ1ZQ==""#),
        ok("base64('héllo')", r#""aMOpbGxv""#),
        ok(
            r#"base64(json('{"$content-type": "application/octet-stream", "$content": "aGk="}'))"#,
            r#""aGk=""#,
        ),
    ],
};

fn base64(call: Call<'_>) -> Result<Value, EvalError> {
    let encoded = base64_encode(&call.value(0).to_bytes());
    call.checked_text(encoded)
}

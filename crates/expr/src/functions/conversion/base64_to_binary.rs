//! `base64ToBinary(value)`.

use super::{OCTET_STREAM, decode_base64};
use crate::functions::prelude::*;
use crate::value::{CONTENT_KEY, CONTENT_TYPE_KEY};

pub(crate) const BASE64_TO_BINARY: Function = Function {
    name: "base64ToBinary",
    summary: "Returns binary content (an application/octet-stream envelope) for a base64 string.",
    params: &[param("value", Ty::String, "The base64 text, kept as the envelope's content.")],
    returns: Ty::Content,
    imp: Eager(base64_to_binary),
    examples: &[
        ok(
            "base64ToBinary('aGVsbG8=')",
            r#"{"$content-type": "application/octet-stream", "$content": "aGVsbG8="}"#,
        ),
        ok("string(base64ToBinary('aGVsbG8='))", r#""hello""#),
        ok(
            "base64ToBinary('')",
            r#"{"$content-type": "application/octet-stream", "$content": ""}"#,
        ),
        fails("base64ToBinary('aa')", "is not a valid base64 string"),
    ],
};

/// The text is validated and kept as given (white space included), as Logic Apps does.
fn base64_to_binary(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    decode_base64(&call, text)?;
    let mut map = indexmap::IndexMap::with_capacity(2);
    map.insert(CONTENT_TYPE_KEY.to_owned(), Value::from(OCTET_STREAM));
    map.insert(CONTENT_KEY.to_owned(), Value::from(text));
    Ok(Value::Object(map))
}

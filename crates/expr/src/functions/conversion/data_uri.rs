//! `dataUri(value)`.

use crate::codec::base64_encode;
use crate::functions::prelude::*;

pub(crate) const DATA_URI: Function = Function {
    name: "dataUri",
    summary: "Returns a base64 data URI for a value: text/plain for strings, the content type of binary content, application/json otherwise.",
    params: &[param("value", Ty::Any, "The string, content or other value (not null) to encode.")],
    returns: Ty::String,
    imp: Eager(data_uri),
    examples: &[
        ok("dataUri('hello')", r#""data:text/plain;charset=utf-8;base64,aGVsbG8=""#),
        ok("dataUri('')", r#""data:text/plain;charset=utf-8;base64,""#),
        ok("dataUri(xml('<t/>'))", r#""data:application/xml;charset=utf-8;base64,PHQgLz4=""#),
        ok("dataUri(json('{\"a\":3}'))", r#""data:application/json;charset=utf-8;base64,eyJhIjozfQ==""#),
        ok("dataUri(true)", r#""data:application/json;charset=utf-8;base64,VHJ1ZQ==""#),
        fails("dataUri(null)", "The provided value is of type 'Null'."),
    ],
};

fn data_uri(call: Call<'_>) -> Result<Value, EvalError> {
    let value = call.value(0);
    let (content_type, bytes) = match value {
        Value::Null => return Err(call.type_error(0, Ty::Any, value)),
        Value::String(s) => ("text/plain;charset=utf-8", s.as_bytes().to_vec()),
        other => match other.as_content() {
            Some((content_type, bytes)) => (content_type, bytes),
            None => ("application/json;charset=utf-8", other.to_text().into_bytes()),
        },
    };
    call.checked_text(format!("data:{content_type};base64,{}", base64_encode(&bytes)))
}

//! `binary(value)`.

use super::OCTET_STREAM;
use crate::functions::prelude::*;

pub(crate) const BINARY: Function = Function {
    name: "binary",
    summary: "Returns binary content (an application/octet-stream envelope) holding a value's bytes.",
    params: &[param(
        "value",
        Ty::Any,
        "A string (its UTF-8), content (its bytes) or any other value (its string form); not null.",
    )],
    returns: Ty::Content,
    imp: Eager(binary),
    examples: &[
        ok(
            "binary('hello')",
            r#"{"$content-type": "application/octet-stream", "$content": "aGVsbG8="}"#,
        ),
        ok("binary(3.14).$content", r#""My4xNA==""#),
        ok("binary(true).$content", r#""VHJ1ZQ==""#),
        ok("binary(createArray('a')).$content", r#""WyJhIl0=""#),
        ok("binary(xml('<root/>')).$content", r#""PHJvb3QgLz4=""#),
        fails("binary(null)", "The provided value is of type 'Null'."),
    ],
};

fn binary(call: Call<'_>) -> Result<Value, EvalError> {
    let value = call.value(0);
    if value.is_null() {
        return Err(call.type_error(0, Ty::OneOf(&[Ty::String, Ty::Content]), value));
    }
    Ok(Value::content_envelope(OCTET_STREAM, &value.to_bytes()))
}

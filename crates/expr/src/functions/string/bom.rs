//! `trimByteOrderMark(content)`: drops a leading byte order mark from text or binary content.

use crate::functions::prelude::*;

const TEXT_OR_CONTENT: Ty = Ty::OneOf(&[Ty::String, Ty::Content]);

/// Byte order marks recognised at the start of binary content: UTF-8, UTF-16 BE, UTF-16 LE.
const MARKS: [&[u8]; 3] = [&[0xEF, 0xBB, 0xBF], &[0xFE, 0xFF], &[0xFF, 0xFE]];

pub(crate) const TRIM_BYTE_ORDER_MARK: Function = Function {
    name: "trimByteOrderMark",
    summary: "Removes a leading byte order mark (U+FEFF, or the UTF-8/UTF-16 BOM bytes of binary content).",
    params: &[param(
        "content",
        TEXT_OR_CONTENT,
        "A string, or a content envelope {\"$content-type\", \"$content\"} whose bytes may start with a BOM.",
    )],
    returns: TEXT_OR_CONTENT,
    imp: Eager(trim_byte_order_mark),
    examples: &[
        ok("trimByteOrderMark('\u{FEFF}hello')", r#""hello""#),
        ok("trimByteOrderMark('hello\u{FEFF}')", "\"hello\u{FEFF}\""),
        ok(
            r#"trimByteOrderMark(json('{"$content-type": "text/plain", "$content": "77u/aGk="}'))"#,
            r#"{"$content-type": "text/plain", "$content": "aGk="}"#,
        ),
        fails(
            "trimByteOrderMark(1)",
            "expects its parameter to be a string or binary content. The provided value is of type 'Integer'.",
        ),
    ],
};

fn trim_byte_order_mark(call: Call<'_>) -> Result<Value, EvalError> {
    let value = call.value(0);
    if let Value::String(s) = value {
        return Ok(Value::from(s.strip_prefix('\u{FEFF}').unwrap_or(s)));
    }
    let Some((content_type, bytes)) = value.as_content() else {
        return Err(call.type_error(0, TEXT_OR_CONTENT, value));
    };
    let rest = MARKS
        .iter()
        .find_map(|mark| bytes.strip_prefix(*mark))
        .unwrap_or(&bytes);
    Ok(Value::content_envelope(content_type, rest))
}

//! `json(value)`: JSON text, XML text or content to a value.
//!
//! A string is parsed as JSON (key order kept; a repeated key keeps its first position and its
//! last value), or as XML when it starts with `<`. Content is parsed as XML when its content type
//! mentions `xml`, else its bytes as JSON text. XML maps as `crate::xml::to_json` describes.

use crate::functions::prelude::*;
use crate::xml;

pub(crate) const JSON: Function = Function {
    name: "json",
    summary: "Parses JSON text, or converts XML (text or content), into a JSON value.",
    params: &[param(
        "value",
        Ty::OneOf(&[Ty::String, Ty::Content]),
        "JSON text, XML text, or XML or JSON content (objects and arrays pass through).",
    )],
    returns: Ty::Any,
    imp: Eager(json),
    examples: &[
        ok(r#"json('{"z": 1, "a": [true, null]}')"#, r#"{"z": 1, "a": [true, null]}"#),
        ok(r#"json('{"a":1,"a":2}')"#, r#"{"a": 2}"#),
        ok(r#"json('{"aAa":1,"AaA":2}').AAA"#, "1"),
        ok("json('[1, 2, 3]')", "[1, 2, 3]"),
        ok("json(json('{\"k\": 1}'))", r#"{"k": 1}"#),
        ok("json(binary('[1,2,3]'))", "[1, 2, 3]"),
        ok(
            r#"json(xml('<?xml version="1.0"?><root><person id="1"><name>Sophia Owen</name></person></root>'))"#,
            r#"{"?xml": {"@version": "1.0"}, "root": {"person": {"@id": "1", "name": "Sophia Owen"}}}"#,
        ),
        ok("json('<a><b/><b>2</b></a>')", r#"{"a": {"b": [null, "2"]}}"#),
        fails("json('{nope')", "The provided value '{nope' cannot be parsed"),
        fails("json(xml(binary('<')))", "cannot be parsed as XML"),
        fails(
            "json(null)",
            "expects its parameter to be a string or an XML. The provided value is of type 'Null'.",
        ),
    ],
};

fn json(mut call: Call<'_>) -> Result<Value, EvalError> {
    match call.take(0) {
        Value::String(text) if text.trim_start().starts_with('<') => from_xml(&call, &text),
        Value::String(text) => from_json(&call, &text),
        v @ Value::Object(_) => match v.as_content() {
            Some((content_type, bytes)) => {
                let text = String::from_utf8_lossy(&bytes);
                match content_type.to_ascii_lowercase().contains("xml") {
                    true => from_xml(&call, &text),
                    false => from_json(&call, &text),
                }
            }
            None => Ok(v),
        },
        v @ Value::Array(_) => Ok(v),
        other => Err(call.error(format_args!(
            "expects its parameter to be a string or an XML. The provided value is of type '{}'.",
            other.type_name()
        ))),
    }
}

fn from_json(call: &Call<'_>, text: &str) -> Result<Value, EvalError> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(Value::from)
        .map_err(|e| {
            call.error(format_args!(
                "parameter is not valid. The provided value '{text}' cannot be parsed: '{e}'."
            ))
        })
}

fn from_xml(call: &Call<'_>, text: &str) -> Result<Value, EvalError> {
    let doc = xml::parse(text).map_err(|e| {
        call.error(format_args!(
            "parameter is not valid. The provided value cannot be parsed as XML: '{e}'."
        ))
    })?;
    if let Some(encoding) = doc.encoding().filter(|e| !super::readable_encoding(e)) {
        return Err(call.error(format_args!(
            "parameter is not valid. The provided value cannot be parsed as XML: '{encoding}' is not a supported encoding name."
        )));
    }
    Ok(xml::to_json(&doc))
}

//! `xml(value)`: XML text, a JSON object or content to an XML content envelope.
//!
//! Text is parsed and written back as .NET writes it (`<root/>` becomes `<root />`); a JSON
//! object needs exactly one root property that is not an array and maps as
//! `crate::xml::from_json` describes; content keeps its bytes under the XML content type. A
//! string that is not XML but holds a JSON object is converted as that object.

use crate::functions::prelude::*;
use crate::xml::{self, xml_envelope};

pub(crate) const XML: Function = Function {
    name: "xml",
    summary: "Returns XML content (application/xml) for XML text, a JSON object with one root property, or content.",
    params: &[param(
        "value",
        Ty::OneOf(&[Ty::String, Ty::Object]),
        "XML text, or a JSON object whose single root property (not an array) becomes the root element.",
    )],
    returns: Ty::Content,
    imp: Eager(xml),
    examples: &[
        ok(
            "xml('<name>Sophia Owen</name>')",
            r#"{"$content-type": "application/xml;charset=utf-8", "$content": "PG5hbWU+U29waGlhIE93ZW48L25hbWU+"}"#,
        ),
        ok("string(xml(json('{ \"name\": \"Sophia Owen\" }')))", r#""<name>Sophia Owen</name>""#),
        ok(
            "string(xml(json('{\"person\": {\"name\": \"Sophia Owen\", \"city\": \"Seattle\"}}')))",
            r#""<person><name>Sophia Owen</name><city>Seattle</city></person>""#,
        ),
        ok("string(xml('<root/>'))", r#""<root />""#),
        ok("xml(binary('<')).$content", r#""PA==""#),
        fails("xml('some text')", "cannot be converted to XML: 'Data at the root level is invalid.'"),
        fails("xml(json('{\"a\":1,\"b\":2}'))", "JSON root object has multiple properties"),
        fails("xml(createArray(1))", "expects its parameter to be a string or an object"),
    ],
};

fn xml(call: Call<'_>) -> Result<Value, EvalError> {
    let value = call.value(0);
    let text = match value {
        Value::String(s) => match (s.trim_start().starts_with('<'), json_object(s)) {
            (false, Some(map)) => xml::from_json(&map).map(|d| d.to_xml_string()),
            _ => xml::parse(s).map(|d| d.to_xml_string()),
        },
        Value::Object(map) => match value.as_content() {
            Some((_, bytes)) => return Ok(Value::content_envelope(xml::XML_CONTENT_TYPE, &bytes)),
            None => xml::from_json(map).map(|d| d.to_xml_string()),
        },
        other => return Err(call.type_error(0, Ty::OneOf(&[Ty::String, Ty::Object]), other)),
    };
    let text = text.map_err(|e| {
        call.error(format_args!(
            "parameter is not valid. The provided value cannot be converted to XML: '{e}'."
        ))
    })?;
    Ok(xml_envelope(&text))
}

fn json_object(text: &str) -> Option<indexmap::IndexMap<String, Value>> {
    match Value::from(serde_json::from_str::<serde_json::Value>(text).ok()?) {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

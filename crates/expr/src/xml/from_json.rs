//! JSON to XML, as Logic Apps' `xml(object)` does it (Newtonsoft's `DeserializeXmlNode`): the
//! inverse of `to_json` — `@name` properties become attributes, `#text` text, `#cdata-section`
//! CDATA, `?xml` the declaration, arrays repeated elements, `null` an empty element. Names that
//! are not valid XML are encoded like .NET's `XmlConvert.EncodeName` (`a b` → `a_x0020_b`); a
//! prefix with no `xmlns:` declaration in scope is dropped.

use indexmap::IndexMap;

use super::{Attr, Decl, Document, Element, Node, declared_prefix, split_name};
use crate::number::{format_decimal, format_float};
use crate::value::Value;

/// Converts a JSON object with exactly one root element property (besides `?xml` and
/// `!DOCTYPE`), which is not an array, to a document.
pub(crate) fn from_json(map: &IndexMap<String, Value>) -> Result<Document, String> {
    let mut children = Vec::new();
    let mut roots = 0;
    for (key, value) in map {
        match key.as_str() {
            "?xml" => children.push(Node::Decl(declaration(value))),
            "!DOCTYPE" => {}
            _ if key.starts_with('?') => children.push(pi(key, value)),
            _ if key.starts_with('@') || key.starts_with('#') => {
                return Err(format!(
                    "JSON root object has property '{key}' that will be converted to an attribute or text. A root object cannot have any attribute or text properties."
                ));
            }
            _ => {
                if let Value::Array(_) = value {
                    return Err(format!(
                        "JSON root object has property '{key}' whose value is an array. The root element of an XML document cannot be an array."
                    ));
                }
                roots += 1;
                children.extend(elements(key, value, &mut Vec::new())?);
            }
        }
    }
    match roots {
        1 => Ok(Document { children }),
        0 => Err("JSON root object has no properties. The root object must have a single property in order to create a valid XML document.".into()),
        _ => Err("JSON root object has multiple properties. The root object must have a single property in order to create a valid XML document.".into()),
    }
}

/// Namespace bindings of the enclosing elements: (prefix, uri).
type Scope = Vec<(String, String)>;

/// The element(s) for one property: one per item when the value is an array.
fn elements(key: &str, value: &Value, scope: &mut Scope) -> Result<Vec<Node>, String> {
    match value {
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                out.extend(elements(key, item, scope)?);
            }
            Ok(out)
        }
        other => Ok(vec![Node::Element(element(key, other, scope)?)]),
    }
}

fn element(key: &str, value: &Value, scope: &mut Scope) -> Result<Element, String> {
    let depth = scope.len();
    let mut element = Element {
        name: String::new(),
        ns: String::new(),
        attrs: Vec::new(),
        children: Vec::new(),
        empty: false,
    };
    match value {
        Value::Null => element.empty = true,
        Value::Object(map) => {
            for (k, v) in map {
                if let Some(name) = k.strip_prefix('@') {
                    if let Some(prefix) = declared_prefix(name) {
                        scope.push((prefix.to_owned(), text(v)));
                    }
                    element.attrs.push(Attr { name: encode_name(name), ns: String::new(), value: text(v) });
                }
            }
            for (k, v) in map {
                if !k.starts_with('@') {
                    element.children.extend(content(k, v, scope)?);
                }
            }
            element.empty = element.children.is_empty();
        }
        scalar => element.children.push(Node::Text(text(scalar))),
    }
    let (name, ns) = qualify(key, scope);
    element.name = name;
    element.ns = ns;
    for attr in &mut element.attrs {
        let (prefix, local) = split_name(&attr.name);
        if !prefix.is_empty() && declared_prefix(&attr.name).is_none() {
            match lookup(scope, prefix) {
                Some(uri) => attr.ns = uri.to_owned(),
                None => attr.name = local.to_owned(),
            }
        }
    }
    scope.truncate(depth);
    Ok(element)
}

/// The nodes for a non-attribute property of an element.
fn content(key: &str, value: &Value, scope: &mut Scope) -> Result<Vec<Node>, String> {
    let each = |value: &Value| -> Vec<Value> {
        match value {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        }
    };
    match key {
        "#text" | "#whitespace" | "#significant-whitespace" => {
            Ok(each(value).iter().map(|v| Node::Text(text(v))).collect())
        }
        "#cdata-section" => each(value)
            .iter()
            .map(|v| {
                let t = text(v);
                match t.contains("]]>") {
                    true => Err("Cannot have ']]>' inside an XML CDATA block.".to_owned()),
                    false => Ok(Node::CData(t)),
                }
            })
            .collect(),
        _ if key.starts_with('?') => Ok(vec![pi(key, value)]),
        _ => elements(key, value, scope),
    }
}

fn pi(key: &str, value: &Value) -> Node {
    Node::Pi { target: key[1..].to_owned(), data: text(value) }
}

fn declaration(value: &Value) -> Decl {
    let get = |k: &str| value.get_property(k).map(text);
    Decl {
        version: get("@version").unwrap_or_else(|| "1.0".to_owned()),
        encoding: get("@encoding"),
        standalone: get("@standalone"),
    }
}

/// The text of a scalar as XML content: `true`, `1`, `1.5`, `1E+20`; `null` is empty.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Decimal(d) => format_decimal(*d),
        Value::String(s) => s.clone(),
        other => other.to_text(),
    }
}

fn lookup<'s>(scope: &'s Scope, prefix: &str) -> Option<&'s str> {
    scope.iter().rev().find(|(p, _)| p == prefix).map(|(_, uri)| uri.as_str())
}

/// The element name for a property and its namespace URI; an undeclared prefix is dropped.
fn qualify(key: &str, scope: &Scope) -> (String, String) {
    let encoded = encode_name(key);
    let (prefix, local) = split_name(&encoded);
    if prefix.is_empty() {
        return (encoded.clone(), lookup(scope, "").unwrap_or_default().to_owned());
    }
    match lookup(scope, prefix) {
        Some(uri) => (encoded.clone(), uri.to_owned()),
        None => (local.to_owned(), lookup(scope, "").unwrap_or_default().to_owned()),
    }
}

/// .NET's `XmlConvert.EncodeName`: characters not allowed in an XML name become `_xHHHH_`.
pub(crate) fn encode_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.chars().enumerate() {
        let start = c.is_alphabetic() || c == '_' || c == ':';
        let allowed = start || (i > 0 && (c.is_alphanumeric() || matches!(c, '-' | '.' | '\u{B7}')));
        if allowed {
            out.push(c);
        } else if (c as u32) > 0xFFFF {
            out.push_str(&format!("_x{:08X}_", c as u32));
        } else {
            out.push_str(&format!("_x{:04X}_", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml_of(json: &str) -> Result<String, String> {
        match Value::from(serde_json::from_str::<serde_json::Value>(json).unwrap()) {
            Value::Object(map) => from_json(&map).map(|d| d.to_xml_string()),
            _ => unreachable!(),
        }
    }

    #[test]
    fn maps_like_newtonsoft() {
        let cases = [
            (r#"{"cow":"moo"}"#, "<cow>moo</cow>"),
            (r#"{"ro ot":"t"}"#, "<ro_x0020_ot>t</ro_x0020_ot>"),
            (r#"{"ro:ot":"t"}"#, "<ot>t</ot>"),
            (r##"{"r":{"@a":"x\"","#text":["a","b"],"e":null,"v":[1,2.5,true]}}"##, r#"<r a="x&quot;">ab<e /><v>1</v><v>2.5</v><v>true</v></r>"#),
            (r#"{"p:r":{"@xmlns:p":"urn:p","p:c":""}}"#, r#"<p:r xmlns:p="urn:p"><p:c></p:c></p:r>"#),
            (r#"{"?xml":{"@version":"1.0"},"r":{}}"#, r#"<?xml version="1.0"?><r />"#),
        ];
        for (json, want) in cases {
            assert_eq!(xml_of(json).unwrap(), want, "{json}");
        }
    }

    #[test]
    fn needs_one_root_element() {
        assert!(xml_of("{}").unwrap_err().contains("no properties"));
        assert!(xml_of(r#"{"a":1,"b":2}"#).unwrap_err().contains("multiple properties"));
        assert!(xml_of(r#"{"a":[1]}"#).unwrap_err().contains("is an array"));
        assert!(xml_of(r##"{"a":{"#cdata-section":"]]>"}}"##).unwrap_err().contains("CDATA"));
    }
}

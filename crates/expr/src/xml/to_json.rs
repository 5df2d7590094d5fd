//! XML to JSON, as Logic Apps' `json(xml(…))` does it (Newtonsoft's `SerializeXmlNode`):
//!
//! - children are grouped by name in order of first appearance; a group of one is a property,
//!   a larger group an array (`<a/><a/>` → `"a": [null, null]`);
//! - attributes become `"@name"` properties, text `"#text"`, CDATA `"#cdata-section"`, the
//!   declaration `"?xml"`, the doctype `"!DOCTYPE"` and a processing instruction `"?target"`;
//! - an element with only one text child and no attributes is that text; an empty element is
//!   `null` when written `<e/>` and `""` when written `<e></e>`;
//! - comments leave no value: a lone comment disappears, two or more leave `"#comment": []`
//!   (Newtonsoft writes them as JSON comments, which the JSON reader then skips).

use indexmap::IndexMap;

use super::{Decl, DocType, Document, Element, Node};
use crate::value::Value;

/// The JSON form of a document.
pub(crate) fn to_json(doc: &Document) -> Value {
    Value::Object(grouped(&doc.children, IndexMap::new()))
}

fn element_value(element: &Element) -> Value {
    match element.children.as_slice() {
        [Node::Text(text)] if element.attrs.is_empty() => Value::String(text.clone()),
        [] if element.attrs.is_empty() => match element.empty {
            true => Value::Null,
            false => Value::String(String::new()),
        },
        children => {
            let mut map = IndexMap::new();
            for attr in &element.attrs {
                map.insert(format!("@{}", attr.name), Value::String(attr.value.clone()));
            }
            Value::Object(grouped(children, map))
        }
    }
}

/// Appends the grouped children to `map`.
fn grouped(children: &[Node], mut map: IndexMap<String, Value>) -> IndexMap<String, Value> {
    let mut groups: IndexMap<String, Vec<&Node>> = IndexMap::new();
    for child in children {
        groups.entry(group_name(child)).or_default().push(child);
    }
    for (name, nodes) in groups {
        match nodes.as_slice() {
            [Node::Comment(_)] => {}
            [single] => {
                map.insert(name, node_value(single));
            }
            many => {
                let items = many
                    .iter()
                    .filter(|n| !matches!(n, Node::Comment(_)))
                    .map(|n| node_value(n))
                    .collect();
                map.insert(name, Value::Array(items));
            }
        }
    }
    map
}

fn group_name(node: &Node) -> String {
    match node {
        Node::Decl(_) => "?xml".to_owned(),
        Node::DocType(_) => "!DOCTYPE".to_owned(),
        Node::Element(e) => e.name.clone(),
        Node::Text(_) => "#text".to_owned(),
        Node::CData(_) => "#cdata-section".to_owned(),
        Node::Comment(_) => "#comment".to_owned(),
        Node::Pi { target, .. } => format!("?{target}"),
    }
}

fn node_value(node: &Node) -> Value {
    match node {
        Node::Decl(d) => decl_value(d),
        Node::DocType(d) => doctype_value(d),
        Node::Element(e) => element_value(e),
        Node::Text(t) | Node::CData(t) | Node::Comment(t) => Value::String(t.clone()),
        Node::Pi { data, .. } => Value::String(data.clone()),
    }
}

fn decl_value(decl: &Decl) -> Value {
    let mut map = IndexMap::new();
    map.insert("@version".to_owned(), Value::from(decl.version.as_str()));
    for (key, value) in [("@encoding", &decl.encoding), ("@standalone", &decl.standalone)] {
        if let Some(value) = value {
            map.insert(key.to_owned(), Value::from(value.as_str()));
        }
    }
    Value::Object(map)
}

fn doctype_value(doctype: &DocType) -> Value {
    let mut map = IndexMap::new();
    map.insert("@name".to_owned(), Value::from(doctype.name.as_str()));
    let parts = [
        ("@public", &doctype.public),
        ("@system", &doctype.system),
        ("@internalSubset", &doctype.subset),
    ];
    for (key, value) in parts {
        if let Some(value) = value {
            map.insert(key.to_owned(), Value::from(value.as_str()));
        }
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn json_of(xml: &str) -> String {
        to_json(&parse(xml).unwrap()).to_json().to_string()
    }

    #[test]
    fn maps_like_newtonsoft() {
        let cases = [
            ("<root>Testing</root>", r#"{"root":"Testing"}"#),
            ("<a><a/>t<a/></a>", r##"{"a":{"a":[null,null],"#text":"t"}}"##),
            ("<r><e></e></r>", r#"{"r":{"e":""}}"#),
            ("<root><![CDATA[x]]><![CDATA[y]]></root>", r##"{"root":{"#cdata-section":["x","y"]}}"##),
            ("<root>a<!--b-->c<!--d--></root>", r##"{"root":{"#text":["a","c"],"#comment":[]}}"##),
            ("<root><c/><!--b--></root>", r#"{"root":{"c":null}}"#),
            (r#"<?xml version="1.0"?><r x="1"><?pi d?></r>"#, r#"{"?xml":{"@version":"1.0"},"r":{"@x":"1","?pi":"d"}}"#),
            (r#"<!DOCTYPE a PUBLIC "p" "s" []><a/>"#, r#"{"!DOCTYPE":{"@name":"a","@public":"p","@system":"s"},"a":null}"#),
        ];
        for (xml, want) in cases {
            assert_eq!(json_of(xml), want, "{xml}");
        }
    }
}

//! XPath 1.0 over a [`Document`] with `sxd-xpath`. The document is copied into an
//! `sxd-document` tree (namespaces resolved), and element matches are written back from our own
//! model so that CDATA, prefixes and `<e/>` survive.
//!
//! Results, as Logic Apps returns them: a node-set is an array (also for one match) whose
//! elements are XML content envelopes and whose other nodes (text, attributes, comments) are
//! their string values; numbers are floats (`sum(/r/v)` is `15.0`), booleans and strings as such.

use std::collections::HashMap;

use sxd_document::dom;
use sxd_document::{Package, QName};
use sxd_xpath::nodeset::Node as XNode;
use sxd_xpath::{Context, Factory, Value as XValue};

use super::{Document, Element, Node, XML_CONTENT_TYPE, declared_prefix, split_name, write};
use crate::value::Value;

/// Why an XPath evaluation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XPathError {
    /// The expression does not parse (or is empty).
    Invalid(String),
    /// Evaluation failed (unknown function, wrong argument count, …).
    Failed(String),
}

/// Longest XPath expression and deepest bracket nesting accepted (the parser recurses).
const MAX_EXPRESSION_CHARS: usize = 8_192;
const MAX_NESTING: usize = 64;

/// Evaluates `expression` against `doc`.
#[allow(
    clippy::mutable_key_type,
    reason = "sxd elements hash by node identity, which never changes"
)]
pub(crate) fn evaluate(doc: &Document, expression: &str) -> Result<Value, XPathError> {
    check_size(expression)?;
    if let Some(prefix) = namespace_prefix(expression) {
        // .NET (and so Logic Apps) evaluates XPath without a namespace manager: any prefixed
        // name fails. Match by local name instead: `*[local-name()='a']`.
        return Err(XPathError::Failed(format!(
            "Namespace Manager or XsltContext needed. This query has a prefix ('{prefix}'), variable, or user-defined function."
        )));
    }
    let xpath = Factory::new()
        .build(expression)
        .map_err(|e| XPathError::Invalid(e.to_string()))?
        .ok_or_else(|| XPathError::Invalid("the expression is empty".to_owned()))?;
    let package = Package::new();
    let sxd = package.as_document();
    let mut origin = HashMap::new();
    for node in &doc.children {
        match node {
            Node::Element(e) => sxd.root().append_child(copy(sxd, e, &mut origin)),
            Node::Comment(c) => sxd.root().append_child(sxd.create_comment(c)),
            Node::Pi { target, data } => sxd
                .root()
                .append_child(sxd.create_processing_instruction(target, Some(data))),
            _ => {}
        }
    }
    let result = xpath
        .evaluate(&Context::new(), sxd.root())
        .map_err(|e| XPathError::Failed(e.to_string()))?;
    Ok(match result {
        XValue::Boolean(b) => Value::Bool(b),
        XValue::Number(n) => Value::Float(n),
        XValue::String(s) => Value::String(s),
        XValue::Nodeset(nodes) => Value::Array(
            nodes
                .document_order()
                .into_iter()
                .map(|node| match node {
                    XNode::Element(e) => match origin.get(&e) {
                        Some(element) => xml_envelope(&write::element(element)),
                        None => Value::String(node.string_value()),
                    },
                    XNode::Root(_) => xml_envelope(&doc.to_xml_string()),
                    other => Value::String(other.string_value()),
                })
                .collect(),
        ),
    })
}

/// The first namespace prefix of a qualified name (`p:name`, `p:*`) in an XPath expression,
/// outside string literals; axis separators (`::`) are not prefixes.
fn namespace_prefix(expression: &str) -> Option<&str> {
    let bytes = expression.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') || b >= 0x80;
    let mut i = 0;
    let mut name_start = None;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\'' | b'"' => {
                let close = expression[i + 1..].find(b as char).map_or(bytes.len(), |n| i + 1 + n);
                i = close + 1;
                name_start = None;
                continue;
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                i += 2;
                name_start = None;
                continue;
            }
            b':' => {
                let next_is_name = bytes.get(i + 1).is_some_and(|n| is_name(*n) || *n == b'*');
                if let (Some(start), true) = (name_start, next_is_name) {
                    return Some(&expression[start..i]);
                }
                name_start = None;
            }
            _ if is_name(b) => {
                name_start.get_or_insert(i);
            }
            _ => name_start = None,
        }
        i += 1;
    }
    None
}

/// Rejects expressions too long or too deeply bracketed for the recursive parser.
fn check_size(expression: &str) -> Result<(), XPathError> {
    if expression.chars().count() > MAX_EXPRESSION_CHARS {
        return Err(XPathError::Invalid(format!(
            "the expression is longer than {MAX_EXPRESSION_CHARS} characters"
        )));
    }
    let mut depth = 0usize;
    for c in expression.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(XPathError::Invalid(format!(
                "the expression nests brackets more than {MAX_NESTING} deep"
            )));
        }
    }
    Ok(())
}

/// `{"$content-type": "application/xml;charset=utf-8", "$content": base64(text)}`.
pub(crate) fn xml_envelope(text: &str) -> Value {
    Value::content_envelope(XML_CONTENT_TYPE, text.as_bytes())
}

/// Copies an element into the sxd tree, remembering where each copy came from.
#[allow(
    clippy::mutable_key_type,
    reason = "sxd elements hash by node identity, which never changes"
)]
fn copy<'d, 'a>(
    sxd: dom::Document<'d>,
    element: &'a Element,
    origin: &mut HashMap<dom::Element<'d>, &'a Element>,
) -> dom::Element<'d> {
    let ns = Some(element.ns.as_str()).filter(|ns| !ns.is_empty());
    let copy = sxd.create_element(QName::with_namespace_uri(ns, element.local_name()));
    let prefix = element.prefix();
    copy.set_preferred_prefix(Some(prefix).filter(|p| !p.is_empty()));
    for attr in &element.attrs {
        match declared_prefix(&attr.name) {
            Some("") => copy.set_default_namespace_uri(Some(&attr.value)),
            Some(prefix) => copy.register_prefix(prefix, &attr.value),
            None => {
                let attr_ns = Some(attr.ns.as_str()).filter(|ns| !ns.is_empty());
                let local = split_name(&attr.name).1;
                copy.set_attribute_value(QName::with_namespace_uri(attr_ns, local), &attr.value);
            }
        }
    }
    for child in &element.children {
        match child {
            Node::Element(e) => copy.append_child(self::copy(sxd, e, origin)),
            Node::Text(t) | Node::CData(t) => copy.append_child(sxd.create_text(t)),
            Node::Comment(c) => copy.append_child(sxd.create_comment(c)),
            Node::Pi { target, data } => {
                copy.append_child(sxd.create_processing_instruction(target, Some(data)))
            }
            Node::Decl(_) | Node::DocType(_) => {}
        }
    }
    origin.insert(copy, element);
    copy
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    const ITEMS: &str = "<?xml version=\"1.0\"?><produce><item><name>Gala</name><count>20</count></item><item><name expired='true'>Honeycrisp</name><count>10</count></item></produce>";

    fn eval(xml: &str, xpath: &str) -> serde_json::Value {
        evaluate(&parse(xml).unwrap(), xpath).unwrap().into_json()
    }

    #[test]
    fn values_and_node_sets() {
        assert_eq!(eval(ITEMS, "sum(/produce/item/count)"), serde_json::json!(30.0));
        assert_eq!(eval(ITEMS, "string(/produce/item/name)"), serde_json::json!("Gala"));
        assert_eq!(eval(ITEMS, "count(//name) = 2"), serde_json::json!(true));
        assert_eq!(
            eval(ITEMS, "/produce/item/name/text()"),
            serde_json::json!(["Gala", "Honeycrisp"])
        );
        assert_eq!(eval(ITEMS, "//name/@expired"), serde_json::json!(["true"]));
        assert_eq!(
            eval(ITEMS, "//name[@expired]"),
            serde_json::json!([{"$content-type": XML_CONTENT_TYPE, "$content": "PG5hbWUgZXhwaXJlZD0idHJ1ZSI+SG9uZXljcmlzcDwvbmFtZT4="}])
        );
    }

    #[test]
    fn namespaced_matches_declare_their_namespace() {
        let doc = parse(r#"<file xmlns="https://contoso.com"><location>Paris</location></file>"#).unwrap();
        let found = evaluate(&doc, r#"/*[name()="file"]/*[name()="location"]"#).unwrap();
        let Value::Array(items) = found else { panic!() };
        assert_eq!(items[0].to_text(), r#"<location xmlns="https://contoso.com">Paris</location>"#);
    }

    #[test]
    fn bad_expressions_are_reported() {
        let doc = parse("<a/>").unwrap();
        assert!(matches!(evaluate(&doc, "/a["), Err(XPathError::Invalid(_))));
        assert!(matches!(evaluate(&doc, "nope()"), Err(XPathError::Failed(_))));
        assert_eq!(namespace_prefix("/r/p:a"), Some("p"));
        assert_eq!(namespace_prefix("count(//q:*)"), Some("q"));
        assert_eq!(namespace_prefix("/child::a[@x='p:q']"), None);
        assert_eq!(namespace_prefix("/*[local-name()=\"a\"]"), None);
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(matches!(evaluate(&doc, &deep), Err(XPathError::Invalid(_))));
    }
}

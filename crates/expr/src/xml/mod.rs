//! XML for `json()`, `xml()` and `xpath()`: a small document model read with `quick-xml`, written
//! back the way .NET's `XmlDocument.OuterXml` writes it, and mapped to and from JSON the way
//! Logic Apps does (Newtonsoft's XML converter: `@attr`, `#text`, `#cdata-section`, `#comment`,
//! `?xml`, `!DOCTYPE`, repeated elements as arrays, `<e/>` as `null`).
//!
//! # Layout
//! - `mod.rs` — the model: [`Document`], [`Node`], [`Element`];
//! - `parse.rs` — text to model, with .NET-style error messages;
//! - `write.rs` — model to text (`<e />`, `&quot;` in attributes, namespace fix-ups);
//! - `to_json.rs`, `from_json.rs` — the JSON mapping in each direction;
//! - `xpath.rs` — XPath 1.0 through `sxd-xpath`, node-sets back as XML or text.

mod from_json;
mod parse;
mod to_json;
mod write;
mod xpath;

pub(crate) use from_json::from_json;
pub(crate) use parse::parse;
pub(crate) use to_json::to_json;
pub(crate) use xpath::{XPathError, evaluate as xpath, xml_envelope};

/// The content type of the envelopes `xml()` and `xpath()` produce.
pub(crate) const XML_CONTENT_TYPE: &str = "application/xml;charset=utf-8";

/// A parsed document: an optional declaration and doctype, comments and processing
/// instructions, and exactly one root element, in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub children: Vec<Node>,
}

/// One node of the model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `<?xml version="1.0" encoding="utf-8"?>`.
    Decl(Decl),
    /// `<!DOCTYPE name PUBLIC "…" "…" […]>`.
    DocType(DocType),
    Element(Element),
    /// Character data with entities resolved (whitespace-only runs are not kept).
    Text(String),
    CData(String),
    Comment(String),
    Pi { target: String, data: String },
}

/// The XML declaration's pseudo-attributes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decl {
    pub version: String,
    pub encoding: Option<String>,
    pub standalone: Option<String>,
}

/// A document type declaration; empty identifiers and subsets are `None`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocType {
    pub name: String,
    pub public: Option<String>,
    pub system: Option<String>,
    pub subset: Option<String>,
}

/// An element with its qualified name as written and its resolved namespace URI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub name: String,
    /// The namespace URI (`""` for none).
    pub ns: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    /// Written as `<e/>` (`null` in JSON) rather than `<e></e>` (`""`).
    pub empty: bool,
}

/// An attribute, namespace declarations (`xmlns`, `xmlns:p`) included.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attr {
    pub name: String,
    /// The namespace URI of a prefixed attribute (`""` otherwise).
    pub ns: String,
    pub value: String,
}

impl Element {
    /// The prefix of the qualified name (`""` when unprefixed).
    pub fn prefix(&self) -> &str {
        split_name(&self.name).0
    }

    /// The local part of the qualified name.
    pub fn local_name(&self) -> &str {
        split_name(&self.name).1
    }
}

impl Document {
    /// The root element.
    #[cfg(test)]
    pub fn root(&self) -> Option<&Element> {
        self.children.iter().find_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The encoding the declaration names, if any.
    pub fn encoding(&self) -> Option<&str> {
        self.children.iter().find_map(|n| match n {
            Node::Decl(d) => d.encoding.as_deref(),
            _ => None,
        })
    }

    /// The document as text, as .NET's `OuterXml` writes it.
    pub fn to_xml_string(&self) -> String {
        write::document(self)
    }
}

/// Splits `p:local` into (`p`, `local`); (`""`, name) without a colon.
pub(crate) fn split_name(name: &str) -> (&str, &str) {
    name.split_once(':').unwrap_or(("", name))
}

/// The namespace a declaration attribute declares: `Some("")` for `xmlns`, `Some("p")` for
/// `xmlns:p`, `None` for ordinary attributes.
pub(crate) fn declared_prefix(attr_name: &str) -> Option<&str> {
    match attr_name {
        "xmlns" => Some(""),
        _ => attr_name.strip_prefix("xmlns:"),
    }
}

/// The URI bound to the reserved `xml` prefix.
pub(crate) const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

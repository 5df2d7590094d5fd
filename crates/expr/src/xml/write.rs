//! [`Document`] and [`Element`] to text the way .NET's `OuterXml` writes them: `<e />` for empty
//! elements, double-quoted attributes, `&lt; &gt; &amp;` in text, `&quot;` in attributes, no
//! added whitespace. An element written on its own (an `xpath()` match) gets the namespace
//! declarations it inherited, as `<location xmlns="https://contoso.com">Paris</location>`.

use super::{Document, Element, Node, XML_NAMESPACE, declared_prefix, split_name};

/// The whole document.
pub(super) fn document(doc: &Document) -> String {
    let mut out = String::new();
    for node in &doc.children {
        node_to(&mut out, node, &mut Vec::new());
    }
    out
}

/// One element and its subtree, declaring the namespaces it uses but does not declare.
pub(crate) fn element(element: &Element) -> String {
    let mut out = String::new();
    element_to(&mut out, element, &mut Vec::new());
    out
}

/// Namespace bindings written so far, innermost last: (prefix, uri).
type Scope = Vec<(String, String)>;

fn lookup<'s>(scope: &'s Scope, prefix: &str) -> &'s str {
    match scope.iter().rev().find(|(p, _)| p == prefix) {
        Some((_, uri)) => uri,
        None if prefix == "xml" => XML_NAMESPACE,
        None => "",
    }
}

fn node_to(out: &mut String, node: &Node, scope: &mut Scope) {
    match node {
        Node::Decl(d) => {
            out.push_str("<?xml version=\"");
            out.push_str(&d.version);
            for (key, value) in [("encoding", &d.encoding), ("standalone", &d.standalone)] {
                if let Some(value) = value {
                    out.push_str(&format!("\" {key}=\"{value}"));
                }
            }
            out.push_str("\"?>");
        }
        Node::DocType(d) => {
            out.push_str("<!DOCTYPE ");
            out.push_str(&d.name);
            match (&d.public, &d.system) {
                (Some(p), system) => {
                    let s = system.as_deref().unwrap_or_default();
                    out.push_str(&format!(" PUBLIC \"{p}\" \"{s}\""));
                }
                (None, Some(s)) => out.push_str(&format!(" SYSTEM \"{s}\"")),
                (None, None) => {}
            }
            if let Some(subset) = &d.subset {
                out.push_str(&format!("[{subset}]"));
            }
            out.push('>');
        }
        Node::Element(e) => element_to(out, e, scope),
        Node::Text(t) => escape_to(out, t, false),
        Node::CData(t) => out.push_str(&format!("<![CDATA[{t}]]>")),
        Node::Comment(t) => out.push_str(&format!("<!--{t}-->")),
        Node::Pi { target, data } if data.is_empty() => out.push_str(&format!("<?{target}?>")),
        Node::Pi { target, data } => out.push_str(&format!("<?{target} {data}?>")),
    }
}

fn element_to(out: &mut String, element: &Element, scope: &mut Scope) {
    let depth = scope.len();
    for attr in &element.attrs {
        if let Some(prefix) = declared_prefix(&attr.name) {
            scope.push((prefix.to_owned(), attr.value.clone()));
        }
    }
    let mut missing: Vec<(String, String)> = Vec::new();
    let mut require = |prefix: &str, uri: &str, scope: &Scope| {
        let declared = missing.iter().any(|(p, _)| p == prefix);
        if lookup(scope, prefix) != uri && !declared && prefix != "xml" {
            missing.push((prefix.to_owned(), uri.to_owned()));
        }
    };
    require(element.prefix(), &element.ns, scope);
    for attr in &element.attrs {
        let (prefix, _) = split_name(&attr.name);
        if !prefix.is_empty() && declared_prefix(&attr.name).is_none() {
            require(prefix, &attr.ns, scope);
        }
    }
    out.push('<');
    out.push_str(&element.name);
    for attr in &element.attrs {
        attribute_to(out, &attr.name, &attr.value);
    }
    for (prefix, uri) in missing {
        let name = if prefix.is_empty() { "xmlns".to_owned() } else { format!("xmlns:{prefix}") };
        attribute_to(out, &name, &uri);
        scope.push((prefix, uri));
    }
    if element.children.is_empty() && element.empty {
        out.push_str(" />");
    } else {
        out.push('>');
        for child in &element.children {
            node_to(out, child, scope);
        }
        out.push_str("</");
        out.push_str(&element.name);
        out.push('>');
    }
    scope.truncate(depth);
}

fn attribute_to(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_to(out, value, true);
    out.push('"');
}

/// Escapes text (`& < >`) or an attribute value (also `"` and line breaks, tabs).
fn escape_to(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            '\t' if attribute => out.push_str("&#x9;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn writes_like_outer_xml() {
        let cases = [
            ("<root/>", "<root />"),
            ("<a x='1'>t&amp;<b></b><!--c--><![CDATA[<]]></a>", "<a x=\"1\">t&amp;<b></b><!--c--><![CDATA[<]]></a>"),
            ("<root> <!-- a --> b <!-- c --> </root>", "<root><!-- a --> b <!-- c --></root>"),
            (r#"<?xml version="1.0" encoding="utf-8"?><root/>"#, r#"<?xml version="1.0" encoding="utf-8"?><root />"#),
            ("<r a=\"o&quot;h\">&#65;&gt;</r>", "<r a=\"o&quot;h\">A&gt;</r>"),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input).unwrap().to_xml_string(), want, "{input}");
        }
    }

    #[test]
    fn a_lone_element_declares_inherited_namespaces() {
        let doc = parse(r#"<file xmlns="urn:c" xmlns:p="urn:p"><p:x p:a="1">v</p:x></file>"#).unwrap();
        let super::Node::Element(inner) = &doc.root().unwrap().children[0] else { panic!() };
        assert_eq!(
            super::element(inner),
            r#"<p:x p:a="1" xmlns:p="urn:p">v</p:x>"#
        );
    }
}

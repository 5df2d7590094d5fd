//! XML text to [`Document`], with the checks and messages of .NET's `XmlDocument.LoadXml`
//! (whitespace-only text is dropped, as with `PreserveWhitespace = false`).

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Attr, Decl, DocType, Document, Element, Node, XML_NAMESPACE, declared_prefix};

/// Deepest element nesting accepted; the model is walked recursively, so hostile input must not
/// nest without bound.
pub(crate) const MAX_DEPTH: usize = 256;

/// Parses a whole document. The error is a .NET-style message ("Root element is missing.").
pub(crate) fn parse(text: &str) -> Result<Document, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_comments = true;
    let mut parser = Parser::default();
    loop {
        let event = reader.read_event().map_err(|e| describe(&e.to_string()))?;
        if !parser.event(event)? {
            break;
        }
    }
    parser.finish()
}

#[derive(Default)]
struct Parser {
    top: Vec<Node>,
    open: Vec<Element>,
    /// Namespace bindings per open element: (prefix, uri).
    scopes: Vec<Vec<(String, String)>>,
    text: Option<String>,
    seen_markup: bool,
}

impl Parser {
    /// Handles one event; `Ok(false)` at the end of input.
    fn event(&mut self, event: Event<'_>) -> Result<bool, String> {
        match event {
            Event::Text(t) => self.push_text(&t.xml10_content())?,
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c,
                    None => predefined(&r)?,
                };
                self.push_text(c.encode_utf8(&mut [0; 4]))?;
            }
            Event::CData(c) => self.push(Node::CData(c.xml10_content().into_owned()))?,
            Event::Comment(c) => self.push(Node::Comment(c.xml10_content().into_owned()))?,
            Event::PI(pi) => {
                let data = pi.content().trim_start().to_owned();
                self.push(Node::Pi { target: pi.target().to_owned(), data })?;
            }
            Event::Decl(d) => {
                if self.seen_markup {
                    return Err("Unexpected XML declaration. The XML declaration must be the first node in the document, and no whitespace characters are allowed to appear before it.".into());
                }
                self.top.push(Node::Decl(declaration(&d)?));
            }
            Event::DocType(d) => {
                self.seen_markup = true;
                self.top.push(Node::DocType(doctype(&d)));
            }
            Event::Start(s) => self.start(&s, false)?,
            Event::Empty(s) => {
                self.start(&s, true)?;
                self.end()?;
            }
            Event::End(_) => self.end()?,
            Event::Eof => return Ok(false),
        }
        Ok(true)
    }

    fn push_text(&mut self, text: &str) -> Result<(), String> {
        if self.open.is_empty() {
            if text.chars().all(is_xml_space) {
                return Ok(());
            }
            return Err("Data at the root level is invalid.".into());
        }
        self.text.get_or_insert_with(String::new).push_str(text);
        Ok(())
    }

    fn flush_text(&mut self) {
        if let Some(text) = self.text.take()
            && !text.chars().all(is_xml_space)
            && let Some(parent) = self.open.last_mut()
        {
            parent.children.push(Node::Text(text));
        }
    }

    fn push(&mut self, node: Node) -> Result<(), String> {
        self.flush_text();
        self.seen_markup = true;
        match self.open.last_mut() {
            Some(parent) => parent.children.push(node),
            None if matches!(node, Node::CData(_)) => {
                return Err("Data at the root level is invalid.".into());
            }
            None => self.top.push(node),
        }
        Ok(())
    }

    fn start(&mut self, start: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        self.flush_text();
        self.seen_markup = true;
        if self.open.len() >= MAX_DEPTH {
            return Err(format!("The XML is nested more than {MAX_DEPTH} elements deep."));
        }
        if self.open.is_empty() && self.top.iter().any(|n| matches!(n, Node::Element(_))) {
            return Err("There are multiple root elements.".into());
        }
        let name: String = start.name().as_ref().to_owned();
        let mut attrs = Vec::new();
        let mut scope = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| describe(&e.to_string()))?;
            let key: &str = attr.key.as_ref();
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| describe(&e.to_string()))?
                .into_owned();
            if let Some(prefix) = declared_prefix(key) {
                scope.push((prefix.to_owned(), value.clone()));
            }
            attrs.push(Attr { name: key.to_owned(), ns: String::new(), value });
        }
        self.scopes.push(scope);
        for attr in &mut attrs {
            let (prefix, _) = super::split_name(&attr.name);
            if !prefix.is_empty() && prefix != "xmlns" {
                attr.ns = self.resolve(prefix)?;
            }
        }
        let ns = self.resolve(super::split_name(&name).0)?;
        self.open.push(Element { name, ns, attrs, children: Vec::new(), empty });
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        self.flush_text();
        let element = self.open.pop().ok_or("Unexpected end tag.")?;
        self.scopes.pop();
        match self.open.last_mut() {
            Some(parent) => parent.children.push(Node::Element(element)),
            None => self.top.push(Node::Element(element)),
        }
        Ok(())
    }

    /// The URI bound to `prefix` in the open elements (`""` unbound default namespace).
    fn resolve(&self, prefix: &str) -> Result<String, String> {
        if prefix == "xml" {
            return Ok(XML_NAMESPACE.to_owned());
        }
        let bound = self.scopes.iter().rev().flatten().find(|(p, _)| p == prefix);
        match bound {
            Some((_, uri)) => Ok(uri.clone()),
            None if prefix.is_empty() => Ok(String::new()),
            None => Err(format!("'{prefix}' is an undeclared prefix.")),
        }
    }

    fn finish(self) -> Result<Document, String> {
        if let Some(open) = self.open.last() {
            return Err(format!(
                "Unexpected end of file has occurred. The following elements are not closed: {}.",
                open.name
            ));
        }
        if !self.top.iter().any(|n| matches!(n, Node::Element(_))) {
            return Err("Root element is missing.".into());
        }
        Ok(Document { children: self.top })
    }
}

fn predefined(name: &str) -> Result<char, String> {
    Ok(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        other => return Err(format!("Reference to undeclared entity '{other}'.")),
    })
}

/// `xml version="1.0" encoding="…" standalone="…"`, in that order, version 1.0 only.
fn declaration(raw: &str) -> Result<Decl, String> {
    let pairs = pseudo_attributes(raw.strip_prefix("xml").unwrap_or(raw))?;
    let mut it = pairs.into_iter().peekable();
    let version = match it.next() {
        Some((k, v)) if k == "version" => v,
        _ => return Err("Version number is missing in the XML declaration.".into()),
    };
    if version != "1.0" {
        return Err(format!("Version number '{version}' is invalid."));
    }
    let encoding = it.next_if(|(k, _)| k == "encoding").map(|(_, v)| v);
    let standalone = it.next_if(|(k, _)| k == "standalone").map(|(_, v)| v);
    if let Some((k, _)) = it.next() {
        return Err(format!("'{k}' is an unexpected token in the XML declaration."));
    }
    Ok(Decl { version, encoding, standalone })
}

/// `name="value"` pairs separated by whitespace, with `"` or `'` quotes.
fn pseudo_attributes(raw: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = raw.trim();
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=').ok_or("Invalid syntax for an XML declaration.")?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let quote = quote.ok_or("Invalid syntax for an XML declaration.")?;
        let (value, tail) = after[1..].split_once(quote).ok_or("Invalid syntax for an XML declaration.")?;
        out.push((name.trim().to_owned(), value.to_owned()));
        rest = tail.trim_start();
    }
    Ok(out)
}

/// ` name PUBLIC "p" "s" [subset]` (the text quick-xml gives after `<!DOCTYPE`).
fn doctype(raw: &str) -> DocType {
    let (head, subset) = match raw.split_once('[') {
        Some((head, tail)) => (head, tail.rsplit_once(']').map_or(tail, |(s, _)| s)),
        None => (raw, ""),
    };
    let mut words = head.split_whitespace();
    let name = words.next().unwrap_or_default().to_owned();
    let rest: String = words.collect::<Vec<_>>().join(" ");
    let quoted: Vec<&str> = rest.split(['"', '\'']).skip(1).step_by(2).collect();
    let nonempty = |s: Option<&&str>| s.filter(|s| !s.is_empty()).map(|s| (*s).to_owned());
    let (public, system) = if rest.starts_with("PUBLIC") {
        (nonempty(quoted.first()), nonempty(quoted.get(1)))
    } else if rest.starts_with("SYSTEM") {
        (None, nonempty(quoted.first()))
    } else {
        (None, None)
    };
    let subset = (!subset.trim().is_empty()).then(|| subset.replace("\r\n", "\n"));
    DocType { name, public, system, subset }
}

/// XML's four whitespace characters.
pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// quick-xml's messages, reworded where .NET has a well-known one.
fn describe(message: &str) -> String {
    if message.contains("end tag") || message.contains("closing tag") {
        format!("The start tag does not match the end tag: {message}.")
    } else {
        format!("{message}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parts_logic_apps_maps() {
        let doc = parse(r#"<?xml version="1.0"?><!DOCTYPE r SYSTEM "x.dtd"><r a="1"><!--c--><b/>t&amp;<![CDATA[<]]></r>"#).unwrap();
        assert_eq!(doc.children.len(), 3);
        let root = doc.root().unwrap();
        assert_eq!(root.attrs[0].value, "1");
        assert_eq!(root.children.len(), 4);
        assert_eq!(root.children[2], Node::Text("t&".into()));
    }

    #[test]
    fn rejects_what_dotnet_rejects() {
        let err = |t: &str| parse(t).unwrap_err();
        assert_eq!(err("some text"), "Data at the root level is invalid.");
        assert_eq!(err("<a/><b/>"), "There are multiple root elements.");
        assert_eq!(err("<!-- c -->"), "Root element is missing.");
        assert_eq!(err("<p:a/>"), "'p' is an undeclared prefix.");
        assert_eq!(err(r#"<?xml version="1.1"?><a/>"#), "Version number '1.1' is invalid.");
        assert!(err(r#"<?xml encoding="ascii"?><a/>"#).contains("Version number is missing"));
        assert!(err("<a>").contains("not closed: a"));
        assert!(err("<a>&nbsp;</a>").contains("undeclared entity 'nbsp'"));
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(err(&deep).contains("nested more than 256"));
    }
}

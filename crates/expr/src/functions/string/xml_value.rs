//! `encodeXmlValue(text)` and `decodeXmlValue(text)`: XML character escaping for text and
//! attribute values.

use crate::functions::prelude::*;

/// The five predefined XML entities.
const ENTITIES: [(char, &str); 5] = [
    ('&', "&amp;"),
    ('<', "&lt;"),
    ('>', "&gt;"),
    ('"', "&quot;"),
    ('\'', "&apos;"),
];

/// Longest reference looked for, `&` and `;` included (`&#x0010FFFF;` is 12).
const MAX_REFERENCE_CHARS: usize = 16;

pub(crate) const ENCODE_XML_VALUE: Function = Function {
    name: "encodeXmlValue",
    summary: "Escapes the XML special characters & < > \" ' of a string so it can be used as an element or attribute value.",
    params: &[param("text", Ty::String, "The text to escape.")],
    returns: Ty::String,
    imp: Eager(encode_xml_value),
    examples: &[
        ok("encodeXmlValue('a < b & c')", r#""a &lt; b &amp; c""#),
        ok(
            r#"encodeXmlValue('"x" ''y''')"#,
            r#""&quot;x&quot; &apos;y&apos;""#,
        ),
        ok("encodeXmlValue('')", r#""""#),
        fails(
            "encodeXmlValue(1)",
            "expects its parameter to be of type string",
        ),
    ],
};

pub(crate) const DECODE_XML_VALUE: Function = Function {
    name: "decodeXmlValue",
    summary: "Replaces XML entity and character references (&amp; &lt; &#65; &#x41; …) with the characters they stand for.",
    params: &[param(
        "text",
        Ty::String,
        "The escaped text; unknown references are kept as they are.",
    )],
    returns: Ty::String,
    imp: Eager(decode_xml_value),
    examples: &[
        ok(
            "decodeXmlValue('a &lt; b &amp;amp; c')",
            r#""a < b &amp; c""#,
        ),
        ok("decodeXmlValue('&#65;&#x42;&quot;')", r#""AB\"""#),
        ok(
            "decodeXmlValue('&nbsp; &#xD800; &')",
            r#""&nbsp; &#xD800; &""#,
        ),
        fails(
            "decodeXmlValue(null)",
            "expects its parameter to be of type string",
        ),
    ],
};

fn encode_xml_value(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match ENTITIES.iter().find(|(special, _)| *special == c) {
            Some((_, entity)) => out.push_str(entity),
            None => out.push(c),
        }
    }
    Ok(Value::String(out))
}

fn decode_xml_value(call: Call<'_>) -> Result<Value, EvalError> {
    let mut rest = call.string(0)?;
    let mut out = String::with_capacity(rest.len());
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // References are short; looking a few characters ahead keeps this linear.
        let decoded = rest
            .char_indices()
            .take(MAX_REFERENCE_CHARS)
            .find(|(_, c)| *c == ';')
            .and_then(|(semi, _)| Some((reference(&rest[1..semi])?, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

/// The character a reference name (between `&` and `;`) stands for.
fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    let entity = format!("&{name};");
    ENTITIES.iter().find(|(_, e)| *e == entity).map(|(c, _)| *c)
}

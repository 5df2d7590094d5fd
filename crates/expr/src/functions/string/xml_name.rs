//! `encodeXmlName(name)` and `decodeXmlName(name)`: .NET `XmlConvert.EncodeName` /
//! `DecodeName`. A character that cannot appear in an XML name becomes `_xHHHH_` (its UTF-16
//! code in upper-case hex; `_xHHHHHHHH_` outside the BMP), and an underscore that would read
//! as the start of such an escape is itself escaped as `_x005F_`.
//!
//! Name characters follow XML 1.0 (4th edition) as approximated with Unicode properties:
//! letters and `_` (and `:`) may start a name; digits, `.`, `-`, `·`, combining marks and
//! extenders may follow; characters outside the BMP are never name characters.

use crate::functions::prelude::*;

pub(crate) const ENCODE_XML_NAME: Function = Function {
    name: "encodeXmlName",
    summary: "Encodes a string as a valid XML element or attribute name, escaping invalid characters as _xHHHH_.",
    params: &[param("name", Ty::String, "The name to encode.")],
    returns: Ty::String,
    imp: Eager(encode_xml_name),
    examples: &[
        ok("encodeXmlName('Order ID')", r#""Order_x0020_ID""#),
        ok("encodeXmlName('1st')", r#""_x0031_st""#),
        ok("encodeXmlName('a_x0020_b')", r#""a_x005F_x0020_b""#),
        ok("encodeXmlName('ns:name-1.x')", r#""ns:name-1.x""#),
        fails(
            "encodeXmlName(null)",
            "expects its parameter to be of type string",
        ),
    ],
};

pub(crate) const DECODE_XML_NAME: Function = Function {
    name: "decodeXmlName",
    summary: "Decodes an XML name produced by encodeXmlName, turning each _xHHHH_ escape back into its character.",
    params: &[param("name", Ty::String, "The encoded name.")],
    returns: Ty::String,
    imp: Eager(decode_xml_name),
    examples: &[
        ok("decodeXmlName('Order_x0020_ID')", r#""Order ID""#),
        ok("decodeXmlName('_x0031_st_X0041_')", r#""1stA""#),
        ok("decodeXmlName('_x0001F600_')", r#""😀""#),
        ok("decodeXmlName('a_x00zz_')", r#""a_x00zz_""#),
        fails(
            "decodeXmlName(1)",
            "expects its parameter to be of type string",
        ),
    ],
};

fn encode_xml_name(call: Call<'_>) -> Result<Value, EvalError> {
    let chars: Vec<char> = call.string(0)?.chars().collect();
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let valid = if i == 0 {
            is_name_start(c) || c == ':'
        } else {
            is_name_char(c)
        };
        if valid && !(c == '_' && escape_at(&chars[i + 1..]).is_some()) {
            out.push(c);
        } else if c.len_utf16() == 1 {
            out.push_str(&format!("_x{:04X}_", u32::from(c)));
        } else {
            out.push_str(&format!("_x{:08X}_", u32::from(c)));
        }
    }
    Ok(Value::String(out))
}

fn decode_xml_name(call: Call<'_>) -> Result<Value, EvalError> {
    let chars: Vec<char> = call.string(0)?.chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let escape = (chars[i] == '_')
            .then(|| escape_at(&chars[i + 1..]))
            .flatten();
        let Some((code, width)) = escape else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        let after = i + 1 + width;
        let low = (0xD800..0xDC00)
            .contains(&code)
            .then(|| escape_at_underscore(&chars[after..]));
        let decoded = match low.flatten() {
            Some((low, low_width)) if (0xDC00..0xE000).contains(&low) => {
                let pair = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                char::from_u32(pair).map(|c| (c, after + 1 + low_width))
            }
            _ => char::from_u32(code).map(|c| (c, after)),
        };
        match decoded {
            Some((c, next)) => {
                out.push(c);
                i = next;
            }
            None => {
                out.push('_');
                i += 1;
            }
        }
    }
    Ok(Value::String(out))
}

/// If `rest` (the text after an underscore) is `xHHHH_` or `xHHHHHHHH_`, the code and the
/// number of characters the escape takes after the underscore.
fn escape_at(rest: &[char]) -> Option<(u32, usize)> {
    if !matches!(rest.first(), Some('x' | 'X')) {
        return None;
    }
    [4, 8].into_iter().find_map(|digits| {
        let hex = rest.get(1..=digits)?;
        if rest.get(digits + 1) != Some(&'_') || !hex.iter().all(char::is_ascii_hexdigit) {
            return None;
        }
        let code = hex
            .iter()
            .fold(0u32, |n, c| (n << 4) | c.to_digit(16).unwrap_or(0));
        Some((code, digits + 2))
    })
}

/// [`escape_at`] for text that must start with the underscore itself.
fn escape_at_underscore(rest: &[char]) -> Option<(u32, usize)> {
    match rest.first() {
        Some('_') => escape_at(&rest[1..]),
        _ => None,
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '_'
        || (!c.is_ascii() && c.len_utf16() == 1 && c.is_alphabetic())
}

fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':');
    }
    c.len_utf16() == 1
        && (c.is_alphanumeric()
            || matches!(u32::from(c),
                0xB7 | 0x2D0 | 0x2D1 | 0x300..=0x36F | 0x387 | 0x483..=0x486 | 0x591..=0x5C4
                | 0x640 | 0x64B..=0x652 | 0x670 | 0x93C..=0x94D | 0xE46 | 0xEC6 | 0x20D0..=0x20E1
                | 0x3005 | 0x3031..=0x3035 | 0x302A..=0x302F | 0x3099..=0x309E | 0x30FC..=0x30FE))
}

//! RFC 2397 data URIs as Logic Apps reads them:
//! `data:[<type/subtype>][;name=value]*[;base64],<data>`.
//!
//! The media type and parameters are kept verbatim (a missing type is `text/plain`); only a last
//! `base64` parameter means base64 (an earlier one is kept as a parameter); without it the data is percent-decoded with `+` read as a space.
//! A second `/` in the type, an empty or `=`-less parameter, or an unknown `charset` is an error
//! (cases from IllogicApps' tests against the real runtime).

use super::{base64_is_valid, percent_decode};
use crate::codec::base64_decode;

/// A parsed data URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DataUri {
    /// The media type with its parameters, without `;base64` (`text/plain;charset=utf-8`).
    pub content_type: String,
    /// The charset parameter, if any.
    pub charset: Option<String>,
    /// The payload as base64 when the URI carried base64 (kept as given), else `None`.
    pub base64: Option<String>,
    /// The decoded bytes.
    pub bytes: Vec<u8>,
}

const CHARSETS: &[&str] = &[
    "utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "utf-16", "utf-16le",
    "utf-16be", "unicode", "windows-1252",
];

/// Parses a data URI; `None` if it is not one Logic Apps accepts.
pub(super) fn parse(text: &str) -> Option<DataUri> {
    let scheme = text.get(..5)?;
    if !scheme.eq_ignore_ascii_case("data:") {
        return None;
    }
    let (header, data) = text[5..].split_once(',')?;
    let mut parts: Vec<&str> = header.split(';').collect();
    let is_base64 = parts.len() > 1 && parts.last()?.eq_ignore_ascii_case("base64")
        || header.eq_ignore_ascii_case("base64");
    if is_base64 {
        parts.pop();
    }
    let media_type = parts.first().copied().unwrap_or_default();
    if !media_type.is_empty() && media_type.split('/').count() != 2 {
        return None;
    }
    let mut charset = None;
    for parameter in &parts[1.min(parts.len())..] {
        let (name, value) = match parameter.split_once('=') {
            Some(pair) => pair,
            None if parameter.eq_ignore_ascii_case("base64") => continue,
            None => return None,
        };
        if name.is_empty() || value.contains('=') {
            return None;
        }
        if name.eq_ignore_ascii_case("charset") {
            if !CHARSETS.iter().any(|c| c.eq_ignore_ascii_case(value)) {
                return None;
            }
            charset = Some(value.to_owned());
        }
    }
    let content_type = match (media_type.is_empty(), parts.len() > 1) {
        (true, true) => return None,
        (true, false) => "text/plain".to_owned(),
        (false, _) => parts.join(";"),
    };
    let (base64, bytes) = if is_base64 {
        if !base64_is_valid(data) {
            return None;
        }
        (Some(data.to_owned()), base64_decode(data)?)
    } else {
        (None, percent_decode(&data.replace('+', " ")))
    };
    Some(DataUri { content_type, charset, base64, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_logic_apps_data_uris() {
        let uri = parse("data:text/plain;charset=utf-8;base64,aGVsbG8=").unwrap();
        assert_eq!(uri.content_type, "text/plain;charset=utf-8");
        assert_eq!(uri.bytes, b"hello");
        let plain = parse("data:,a+b%20c").unwrap();
        assert_eq!((plain.content_type.as_str(), plain.bytes.as_slice()), ("text/plain", &b"a b c"[..]));
        assert_eq!(parse("data:base64,dGVzdA==").unwrap().bytes, b"test");
        assert_eq!(parse("DATA:TEXT/PLAIN;X=Y;BASE64,dGVzdA==").unwrap().content_type, "TEXT/PLAIN;X=Y");
        for bad in [
            "data:;;base64,dGVzdA==",
            "data:;,test",
            "data:badmime;charset=utf-8,x",
            "data:text/plain/epic,x",
            "data:application/json;charset=fake-encoding,x",
            "data:text/plain;base64,aGVsbG8%20",
            "hello",
            "data:text/plain",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}

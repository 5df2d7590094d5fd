//! Conversion functions: numbers (`int`, `float`, `decimal`), `bool`, `string`, `array`,
//! `createArray`, `json` and `xml`, the base64, binary, data URI and URI component families,
//! and the form-data and multipart readers.
//!
//! Number text parsing lives in `crate::number_text`; data URIs in `data_uri_syntax` (RFC 2397
//! as Logic Apps reads it).

use crate::codec::base64_decode;
use crate::functions::prelude::*;

mod data_uri_syntax;

crate::functions::category! {
    int: [INT],
    float: [FLOAT],
    decimal: [DECIMAL],
    string: [STRING],
    bool_: [BOOL],
    array: [ARRAY],
    create_array: [CREATE_ARRAY],
    json: [JSON],
    xml: [XML],
    base64: [BASE64],
    base64_to_string: [BASE64_TO_STRING, DECODE_BASE64],
    base64_to_binary: [BASE64_TO_BINARY],
    binary: [BINARY],
    data_uri: [DATA_URI],
    data_uri_decode: [DATA_URI_TO_BINARY, DECODE_DATA_URI, DATA_URI_TO_STRING],
    uri_component: [URI_COMPONENT, ENCODE_URI_COMPONENT],
    uri_component_decode: [URI_COMPONENT_TO_STRING, DECODE_URI_COMPONENT, URI_COMPONENT_TO_BINARY],
    form_data: [TRIGGER_FORM_DATA_VALUE, TRIGGER_FORM_DATA_MULTI_VALUES, FORM_DATA_VALUE, FORM_DATA_MULTI_VALUES],
    multipart: [TRIGGER_MULTIPART_BODY, MULTIPART_BODY],
}

/// The content type of `binary()` and the other `…ToBinary` functions.
const OCTET_STREAM: &str = "application/octet-stream";

/// "was invoked with a parameter that is not valid. The value '…' could not be converted…"
fn not_convertible(call: &Call<'_>) -> EvalError {
    call.error(format_args!(
        "was invoked with a parameter that is not valid. The value '{}' could not be converted to the target type.",
        call.value(0).to_text()
    ))
}

/// A locale argument that names no supported culture.
fn invalid_locale(call: &Call<'_>, locale: &str) -> EvalError {
    call.error(format_args!(
        "was invoked with a locale '{locale}' that is not valid or does not have an associated culture."
    ))
}

/// True if `text` is base64 as .NET's `Convert.FromBase64String` reads it: white space
/// ignored, a multiple of four symbols, padding only at the end.
fn base64_is_valid(text: &str) -> bool {
    let symbols = text.chars().filter(|c| !c.is_ascii_whitespace()).count();
    symbols.is_multiple_of(4) && base64_decode(text).is_some()
}

/// Decodes strict base64 or fails with "The value '…' is not a valid base64 string."
fn decode_base64(call: &Call<'_>, text: &str) -> Result<Vec<u8>, EvalError> {
    base64_decode(text)
        .filter(|_| base64_is_valid(text))
        .ok_or_else(|| {
            call.error(format_args!(
                "was invoked with a parameter that is not valid. The value '{text}' is not a valid base64 string."
            ))
        })
}

/// Percent-decoding as .NET's `Uri.UnescapeDataString`: `%XX` becomes the byte, anything else
/// (including a malformed escape and `+`) stays as it is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) if hex.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Encodings an XML declaration may name for content that is stored as UTF-8.
fn readable_encoding(name: &str) -> bool {
    ["utf-8", "utf8", "us-ascii", "ascii"].iter().any(|e| e.eq_ignore_ascii_case(name))
}

/// The body a form or multipart function reads: an action's (when the call names one, as its
/// first argument) or the trigger's, and how to refer to it in errors.
fn body_of(call: &Call<'_>) -> Result<(Value, String), EvalError> {
    if call.len() == 2 {
        let name = call.string(0)?;
        let action = call.ctx.scope.action(name)?;
        return Ok((action.path(&["outputs", "body"]), format!("the body of action '{name}'")));
    }
    let trigger = call.ctx.scope.trigger()?;
    Ok((trigger.path(&["outputs", "body"]), "the trigger body".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_malformed_escapes() {
        assert_eq!(percent_decode("a%20b%2fc"), b"a b/c");
        assert_eq!(percent_decode("%zz%4%+"), b"%zz%4%+");
        assert_eq!(percent_decode("%C3%A9"), "é".as_bytes());
    }

    #[test]
    fn base64_must_be_whole_quads() {
        assert!(base64_is_valid("aGVsbG8="));
        assert!(base64_is_valid("aGVs bG8="));
        assert!(base64_is_valid(""));
        assert!(!base64_is_valid("aa"));
        assert!(!base64_is_valid("a==="));
    }
}

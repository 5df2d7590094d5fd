//! `dataUriToBinary(value)`, its alias `decodeDataUri(value)`, and `dataUriToString(value)`.

use super::data_uri_syntax::{DataUri, parse};
use crate::codec::base64_encode;
use crate::functions::Param;
use crate::functions::prelude::*;
use crate::value::{CONTENT_KEY, CONTENT_TYPE_KEY};

const PARAMS: &[Param] = &[param("value", Ty::String, "The data URI to decode.")];

pub(crate) const DATA_URI_TO_BINARY: Function = Function {
    name: "dataUriToBinary",
    summary: "Returns binary content for a data URI: its media type and its bytes.",
    params: PARAMS,
    returns: Ty::Content,
    imp: Eager(data_uri_to_binary),
    examples: &[
        ok(
            "dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
            r#"{"$content-type": "text/plain;charset=utf-8", "$content": "aGVsbG8="}"#,
        ),
        ok(
            "dataUriToBinary('data:,a+b')",
            r#"{"$content-type": "text/plain", "$content": "YSBi"}"#,
        ),
        ok("string(dataUriToBinary('data:;base64,dGVzdA=='))", r#""test""#),
        fails("dataUriToBinary('data:;;base64,dGVzdA==')", "is not a valid data URI"),
    ],
};

pub(crate) const DECODE_DATA_URI: Function = Function {
    name: "decodeDataUri",
    summary: "The same as dataUriToBinary(value).",
    params: PARAMS,
    returns: Ty::Content,
    imp: Eager(data_uri_to_binary),
    examples: &[
        ok("string(decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8='))", r#""hello""#),
        fails("decodeDataUri('hello')", "The value 'hello' is not a valid data URI."),
    ],
};

pub(crate) const DATA_URI_TO_STRING: Function = Function {
    name: "dataUriToString",
    summary: "Returns the text (UTF-8) of a data URI.",
    params: PARAMS,
    returns: Ty::String,
    imp: Eager(data_uri_to_string),
    examples: &[
        ok("dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", r#""hello""#),
        ok("dataUriToString('data:text/plain;charset=utf-8,%22hello,%20world%22')", r#""\"hello, world\"""#),
        ok("dataUriToString('data:,  [ 1, 2, 3 ]  ')", r#""  [ 1, 2, 3 ]  ""#),
        fails("dataUriToString('data:text/plain;charset=ascii;base64,dGVzdA==')", "not a valid data URI"),
        fails("dataUriToString(1)", "expects its parameter to be of type string"),
    ],
};

fn decode(call: &Call<'_>) -> Result<DataUri, EvalError> {
    let text = call.string(0)?;
    parse(text).ok_or_else(|| {
        call.error(format_args!(
            "was invoked with a parameter that is not valid. The value '{text}' is not a valid data URI."
        ))
    })
}

fn data_uri_to_binary(call: Call<'_>) -> Result<Value, EvalError> {
    let uri = decode(&call)?;
    let content = uri.base64.unwrap_or_else(|| base64_encode(&uri.bytes));
    let mut map = indexmap::IndexMap::with_capacity(2);
    map.insert(CONTENT_TYPE_KEY.to_owned(), Value::String(uri.content_type));
    map.insert(CONTENT_KEY.to_owned(), Value::String(content));
    Ok(Value::Object(map))
}

/// Only UTF-8 text is read: another declared charset is an error, as on the real runtime.
fn data_uri_to_string(call: Call<'_>) -> Result<Value, EvalError> {
    let uri = decode(&call)?;
    let utf8 = uri
        .charset
        .as_deref()
        .is_none_or(|c| c.eq_ignore_ascii_case("utf-8") || c.eq_ignore_ascii_case("utf8"));
    if !utf8 {
        let text = call.string(0)?;
        return Err(call.error(format_args!(
            "was invoked with a parameter that is not valid. The value '{text}' is not a valid data URI: only UTF-8 text can be read."
        )));
    }
    Ok(Value::String(String::from_utf8_lossy(&uri.bytes).into_owned()))
}

//! `uriPath(uri)`, `uriPathAndQuery(uri)` and `uriQuery(uri)`.

use super::uri_arg;
use crate::functions::Param;
use crate::functions::prelude::*;

const URI: &[Param] = &[param(
    "uri",
    Ty::String,
    "An absolute URI, such as 'https://contoso.com/a?b=1'.",
)];

pub(crate) const URI_PATH: Function = Function {
    name: "uriPath",
    summary: "Returns the path of a URI, escaped and with '.'/'..' resolved ('/' if it has none).",
    params: URI,
    returns: Ty::String,
    imp: Eager(uri_path),
    examples: &[
        ok(
            "uriPath('https://www.contoso.com/catalog/shownew.htm?date=today')",
            r#""/catalog/shownew.htm""#,
        ),
        ok("uriPath('https://www.contoso.com')", r#""/""#),
        ok("uriPath('http://x.com/a b/../c#top')", r#""/c""#),
        fails(
            "uriPath('/catalog/shownew.htm')",
            "not a valid absolute URI",
        ),
    ],
};

pub(crate) const URI_PATH_AND_QUERY: Function = Function {
    name: "uriPathAndQuery",
    summary: "Returns the path and query of a URI ('/' for an empty path; the fragment is left out).",
    params: URI,
    returns: Ty::String,
    imp: Eager(uri_path_and_query),
    examples: &[
        ok(
            "uriPathAndQuery('https://www.contoso.com/catalog/shownew.htm?date=today')",
            r#""/catalog/shownew.htm?date=today""#,
        ),
        ok(
            "uriPathAndQuery('https://www.contoso.com?q=1#frag')",
            r#""/?q=1""#,
        ),
        ok(
            "uriPathAndQuery('http://x.com/ä?b=ü')",
            r#""/%C3%A4?b=%C3%BC""#,
        ),
        fails("uriPathAndQuery('')", "Invalid URI: The URI is empty."),
    ],
};

pub(crate) const URI_QUERY: Function = Function {
    name: "uriQuery",
    summary: "Returns the query of a URI including its '?' ('' if there is none).",
    params: URI,
    returns: Ty::String,
    imp: Eager(uri_query),
    examples: &[
        ok(
            "uriQuery('https://www.contoso.com/catalog/shownew.htm?date=today')",
            r#""?date=today""#,
        ),
        ok("uriQuery('https://www.contoso.com/catalog')", r#""""#),
        ok("uriQuery('https://x.com/?a=1 2#b')", r#""?a=1%202""#),
        fails(
            "uriQuery(42)",
            "expects its parameter to be of type string. The provided value is of type 'Integer'.",
        ),
    ],
};

fn uri_path(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(uri_arg(&call)?.path))
}

fn uri_path_and_query(call: Call<'_>) -> Result<Value, EvalError> {
    let uri = uri_arg(&call)?;
    Ok(Value::String(uri.path + &uri.query))
}

fn uri_query(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(uri_arg(&call)?.query))
}

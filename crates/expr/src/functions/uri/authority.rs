//! `uriScheme(uri)`, `uriHost(uri)` and `uriPort(uri)`.

use super::uri_arg;
use crate::functions::Param;
use crate::functions::prelude::*;

const URI: &[Param] = &[param(
    "uri",
    Ty::String,
    "An absolute URI, such as 'https://contoso.com/a?b=1'.",
)];

pub(crate) const URI_SCHEME: Function = Function {
    name: "uriScheme",
    summary: "Returns the scheme of a URI, in lower case ('https').",
    params: URI,
    returns: Ty::String,
    imp: Eager(uri_scheme),
    examples: &[
        ok(
            "uriScheme('https://www.contoso.com/catalog/shownew.htm?date=today')",
            r#""https""#,
        ),
        ok("uriScheme('HTTP://contoso.com')", r#""http""#),
        ok("uriScheme('urn:isbn:0451450523')", r#""urn""#),
        fails(
            "uriScheme('www.contoso.com')",
            "Invalid URI: The format of the URI could not be determined.",
        ),
    ],
};

pub(crate) const URI_HOST: Function = Function {
    name: "uriHost",
    summary: "Returns the host of a URI, in lower case, without user info or port.",
    params: URI,
    returns: Ty::String,
    imp: Eager(uri_host),
    examples: &[
        ok(
            "uriHost('https://www.localhost.com:8080')",
            r#""www.localhost.com""#,
        ),
        ok(
            "uriHost('https://user:pw@Contoso.COM/a')",
            r#""contoso.com""#,
        ),
        ok("uriHost('http://[::1]:8080/')", r#""[::1]""#),
        fails(
            "uriHost('http://a b.com/')",
            "The template language function 'uriHost' was invoked with a parameter that is not a valid absolute URI: 'http://a b.com/'. Invalid URI: The hostname could not be parsed.",
        ),
        fails(
            "uriHost(null)",
            "expects its parameter to be of type string",
        ),
    ],
};

pub(crate) const URI_PORT: Function = Function {
    name: "uriPort",
    summary: "Returns the port of a URI, or the scheme's default port (80 for http, 443 for https) if none is given.",
    params: URI,
    returns: Ty::Integer,
    imp: Eager(uri_port),
    examples: &[
        ok("uriPort('https://www.localhost:8080')", "8080"),
        ok("uriPort('https://www.contoso.com/a')", "443"),
        ok("uriPort('http://www.contoso.com/a')", "80"),
        ok("uriPort('urn:isbn:0451450523')", "-1"),
        fails(
            "uriPort('http://x.com:99999/')",
            "Invalid URI: Invalid port specified.",
        ),
    ],
};

fn uri_scheme(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(uri_arg(&call)?.scheme))
}

fn uri_host(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(uri_arg(&call)?.host))
}

fn uri_port(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Int(uri_arg(&call)?.port))
}

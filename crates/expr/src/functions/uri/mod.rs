//! URI parsing functions: `uriScheme`, `uriHost`, `uriPort`, `uriPath`, `uriPathAndQuery`,
//! `uriQuery`. `parse.rs` reads an absolute URI the way .NET `System.Uri` does.

use crate::functions::prelude::*;

mod parse;

crate::functions::category! {
    authority: [URI_SCHEME, URI_HOST, URI_PORT],
    path: [URI_PATH, URI_PATH_AND_QUERY, URI_QUERY],
}

/// The URI in the single argument, or an error naming the function and the .NET reason.
fn uri_arg(call: &Call<'_>) -> Result<parse::Uri, EvalError> {
    let text = call.string(0)?;
    parse::parse(text).map_err(|reason| {
        call.error(format_args!(
            "was invoked with a parameter that is not a valid absolute URI: '{text}'. {reason}"
        ))
    })
}

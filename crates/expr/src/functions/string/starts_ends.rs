//! `startsWith(text, searchText)` and `endsWith(text, searchText)`: case-insensitive.

use super::search::Search;
use crate::functions::Param;
use crate::functions::prelude::*;

const PARAMS: &[Param] = &[
    param("text", Ty::String, "The string to check."),
    param(
        "searchText",
        Ty::String,
        "The prefix or suffix to look for (case-insensitive).",
    ),
];

pub(crate) const STARTS_WITH: Function = Function {
    name: "startsWith",
    summary: "Checks whether a string starts with a substring (case-insensitive).",
    params: PARAMS,
    returns: Ty::Boolean,
    imp: Eager(starts_with),
    examples: &[
        ok("startsWith('hello world', 'hello')", "true"),
        ok("startsWith('hello world', 'HELLO')", "true"),
        ok("startsWith('hello world', 'greetings')", "false"),
        ok("startsWith('abc', '')", "true"),
        fails(
            "startsWith(null, 'a')",
            "expects its first parameter to be of type string",
        ),
    ],
};

pub(crate) const ENDS_WITH: Function = Function {
    name: "endsWith",
    summary: "Checks whether a string ends with a substring (case-insensitive).",
    params: PARAMS,
    returns: Ty::Boolean,
    imp: Eager(ends_with),
    examples: &[
        ok("endsWith('hello world', 'world')", "true"),
        ok("endsWith('hello world', 'World')", "true"),
        ok("endsWith('hello world', 'universe')", "false"),
        ok("endsWith('', '')", "true"),
        fails(
            "endsWith('abc', 1)",
            "expects its second parameter to be of type string",
        ),
    ],
};

fn starts_with(call: Call<'_>) -> Result<Value, EvalError> {
    let search = Search::new(call.string(0)?, call.string(1)?);
    Ok(Value::Bool(search.is_prefix()))
}

fn ends_with(call: Call<'_>) -> Result<Value, EvalError> {
    let search = Search::new(call.string(0)?, call.string(1)?);
    Ok(Value::Bool(search.is_suffix()))
}

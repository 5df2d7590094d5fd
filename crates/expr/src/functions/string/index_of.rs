//! `indexOf`, `lastIndexOf` and `nthIndexOf`: case-insensitive positions of a substring, in
//! UTF-16 code units, -1 when missing.

use super::search::Search;
use crate::functions::Param;
use crate::functions::prelude::*;

const TEXT: Param = param(
    "text",
    Ty::String,
    "The string that may contain the substring.",
);
const SEARCH: Param = param(
    "searchText",
    Ty::String,
    "The substring to find (case-insensitive).",
);

pub(crate) const INDEX_OF: Function = Function {
    name: "indexOf",
    summary: "Returns the zero-based position of the first occurrence of a substring (case-insensitive), or -1.",
    params: &[TEXT, SEARCH],
    returns: Ty::Integer,
    imp: Eager(index_of),
    examples: &[
        ok("indexOf('hello world', 'world')", "6"),
        ok("indexOf('hello world', 'WORLD')", "6"),
        ok("indexOf('hello world', 'universe')", "-1"),
        ok("indexOf('abc', '')", "0"),
        fails(
            "indexOf(null, 'x')",
            "The template language function 'indexOf' expects its first parameter to be of type string. The provided value is of type 'Null'.",
        ),
    ],
};

pub(crate) const LAST_INDEX_OF: Function = Function {
    name: "lastIndexOf",
    summary: "Returns the zero-based position of the last occurrence of a substring (case-insensitive), or -1.",
    params: &[TEXT, SEARCH],
    returns: Ty::Integer,
    imp: Eager(last_index_of),
    examples: &[
        ok("lastIndexOf('hello world hello world', 'world')", "18"),
        ok("lastIndexOf('hello world hello world', '')", "22"),
        ok("lastIndexOf('', '')", "0"),
        ok("lastIndexOf('', 'a')", "-1"),
        fails(
            "lastIndexOf('abc', 1)",
            "expects its second parameter to be of type string",
        ),
    ],
};

pub(crate) const NTH_INDEX_OF: Function = Function {
    name: "nthIndexOf",
    summary: "Returns the zero-based position of the nth occurrence of a substring (case-insensitive; negative n counts from the end), or -1.",
    params: &[
        TEXT,
        SEARCH,
        param(
            "occurrence",
            Ty::Integer,
            "Which occurrence: 1 is the first; -1 the last, -2 the one before it; not 0.",
        ),
    ],
    returns: Ty::Integer,
    imp: Eager(nth_index_of),
    examples: &[
        ok("nthIndexOf('123456789123465789', '1', 1)", "0"),
        ok("nthIndexOf('123456789123465789', '1', 2)", "9"),
        ok("nthIndexOf('123456789123465789', '12', 2)", "9"),
        ok("nthIndexOf('123456789123465789', '6', 4)", "-1"),
        ok("nthIndexOf('abcABCabc', 'ABC', -1)", "6"),
        fails("nthIndexOf('abc', 'b', 0)", "occurrence"),
    ],
};

fn index_of(call: Call<'_>) -> Result<Value, EvalError> {
    let search = Search::new(call.string(0)?, call.string(1)?);
    Ok(Value::Int(search.first()))
}

fn last_index_of(call: Call<'_>) -> Result<Value, EvalError> {
    let search = Search::new(call.string(0)?, call.string(1)?);
    Ok(Value::Int(search.last()))
}

fn nth_index_of(call: Call<'_>) -> Result<Value, EvalError> {
    let (text, pattern) = (call.string(0)?, call.string(1)?);
    let n = call.int(2)?;
    if n == 0 {
        return Err(call.error(
            "expects its third parameter (occurrence) to be a non-zero integer: 1 is the first occurrence, -1 the last.",
        ));
    }
    Ok(Value::Int(Search::new(text, pattern).nth(n)))
}

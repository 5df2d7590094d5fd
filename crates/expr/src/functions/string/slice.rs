//! `slice(text, startIndex, endIndex?)`: lenient — negative indexes count from the end and
//! out-of-range indexes are clamped.

use super::unicode::{utf16_len, utf16_slice};
use crate::functions::prelude::*;

pub(crate) const SLICE: Function = Function {
    name: "slice",
    summary: "Returns the characters between a start and an (exclusive) end position; negative positions count from the end.",
    params: &[
        param("text", Ty::String, "The string to slice."),
        param(
            "startIndex",
            Ty::Integer,
            "Zero-based start; negative counts from the end; past the end gives ''.",
        ),
        optional(
            "endIndex",
            Ty::Integer,
            "Zero-based end, not included; negative counts from the end; default (or past the end) is the end.",
        ),
    ],
    returns: Ty::String,
    imp: Eager(slice),
    examples: &[
        ok("slice('Hello World', 2)", r#""llo World""#),
        ok("slice('Hello World', 2, 5)", r#""llo""#),
        ok("slice('Hello World', -2)", r#""ld""#),
        ok("slice('Hello World', 3, -1)", r#""lo Worl""#),
        ok("slice('Hello World', 30)", r#""""#),
        ok("slice('Hello World', 10, 2)", r#""""#),
        ok("slice('abcdef', -33)", r#""abcdef""#),
        fails(
            "slice('abc', '1')",
            "expects its second parameter to be an integer",
        ),
    ],
};

fn slice(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let len = utf16_len(text) as i64;
    let resolve = |index: i64| {
        let index = if index < 0 { index + len } else { index };
        index.clamp(0, len) as usize
    };
    let start = resolve(call.int(1)?);
    let end = call.optional_int(2)?.map_or(len as usize, resolve);
    Ok(Value::String(utf16_slice(text, start, end)))
}

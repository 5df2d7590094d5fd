//! `substring(text, startIndex, length?)`: strict — any range outside the string is an error.

use super::unicode::{utf16_len, utf16_slice};
use crate::functions::prelude::*;

pub(crate) const SUBSTRING: Function = Function {
    name: "substring",
    summary: "Returns characters from a string, starting at a position (strict: out-of-range is an error; see slice).",
    params: &[
        param("text", Ty::String, "The string whose characters you want."),
        param(
            "startIndex",
            Ty::Integer,
            "The zero-based position of the first character (0 or more).",
        ),
        optional(
            "length",
            Ty::Integer,
            "How many characters to take (0 or more; default: up to the end). startIndex + length must not exceed the length of text.",
        ),
    ],
    returns: Ty::String,
    imp: Eager(substring),
    examples: &[
        ok("substring('hello world', 6, 5)", r#""world""#),
        ok("substring('hello world', 6)", r#""world""#),
        ok("substring('abc', 3)", r#""""#),
        ok("substring('a😀b', 1, 2)", r#""😀""#),
        fails(
            "substring('abc', 1, 3)",
            "The template language function 'substring' parameters are out of range: 'start index' and 'length' must be non-negative integers and their sum must be no larger than the length of the string.",
        ),
        fails("substring('abc', -1)", "parameters are out of range"),
        fails(
            "substring(null, 0)",
            "expects its first parameter to be of type string. The provided value is of type 'Null'.",
        ),
    ],
};

fn substring(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let start = call.int(1)?;
    let len = utf16_len(text) as i64;
    let length = call.optional_int(2)?.unwrap_or(len - start);
    let in_range =
        start >= 0 && length >= 0 && start.checked_add(length).is_some_and(|end| end <= len);
    if !in_range {
        return Err(call.error(
            "parameters are out of range: 'start index' and 'length' must be non-negative integers and their sum must be no larger than the length of the string.",
        ));
    }
    let (start, end) = (start as usize, (start + length) as usize);
    Ok(Value::String(utf16_slice(text, start, end)))
}

//! `utf8Length(text)` and `utf16Length(text)`: the size of a string in bytes once encoded.

use super::unicode::utf16_len;
use crate::functions::prelude::*;

pub(crate) const UTF8_LENGTH: Function = Function {
    name: "utf8Length",
    summary: "Returns the number of bytes of a string encoded as UTF-8.",
    params: &[param("text", Ty::String, "The string to measure.")],
    returns: Ty::Integer,
    imp: Eager(utf8_length),
    examples: &[
        ok("utf8Length('hello')", "5"),
        ok("utf8Length('héllo')", "6"),
        ok("utf8Length('😀')", "4"),
        ok("utf8Length('')", "0"),
        fails(
            "utf8Length(null)",
            "expects its parameter to be of type string",
        ),
    ],
};

pub(crate) const UTF16_LENGTH: Function = Function {
    name: "utf16Length",
    summary: "Returns the number of bytes of a string encoded as UTF-16 (two per code unit).",
    params: &[param("text", Ty::String, "The string to measure.")],
    returns: Ty::Integer,
    imp: Eager(utf16_length),
    examples: &[
        ok("utf16Length('hello')", "10"),
        ok("utf16Length('héllo')", "10"),
        ok("utf16Length('😀')", "4"),
        fails(
            "utf16Length(createArray('a'))",
            "The provided value is of type 'Array'",
        ),
    ],
};

fn utf8_length(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Int(call.string(0)?.len() as i64))
}

fn utf16_length(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Int(2 * utf16_len(call.string(0)?) as i64))
}

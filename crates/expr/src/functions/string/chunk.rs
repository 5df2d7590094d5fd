//! `chunk(collection, length)`: a string or an array cut into pieces of equal length.

use super::unicode::utf16_chunks;
use crate::functions::prelude::*;

const STRING_OR_ARRAY: Ty = Ty::OneOf(&[Ty::String, Ty::Array]);

pub(crate) const CHUNK: Function = Function {
    name: "chunk",
    summary: "Splits a string or array into chunks of a given length (the last chunk may be shorter).",
    params: &[
        param(
            "collection",
            STRING_OR_ARRAY,
            "The string or array to split.",
        ),
        param(
            "length",
            Ty::Integer,
            "The length of each chunk (1 or more).",
        ),
    ],
    returns: Ty::Array,
    imp: Eager(chunk),
    examples: &[
        ok(
            "chunk('abcdefghijklmnopqrstuvwxyz', 10)",
            r#"["abcdefghij","klmnopqrst","uvwxyz"]"#,
        ),
        ok(
            "chunk(createArray(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 5)",
            "[[1,2,3,4,5],[6,7,8,9,10],[11,12]]",
        ),
        ok("chunk('', 3)", "[]"),
        ok("chunk(createArray(1, 2), 5)", "[[1,2]]"),
        fails(
            "chunk('abc', 0)",
            "expects its second parameter to be a positive integer",
        ),
        fails(
            "chunk(null, 2)",
            "expects its first parameter to be a string or an array. The provided value is of type 'Null'.",
        ),
    ],
};

fn chunk(mut call: Call<'_>) -> Result<Value, EvalError> {
    if !matches!(call.value(0), Value::String(_) | Value::Array(_)) {
        return Err(call.type_error(0, STRING_OR_ARRAY, call.value(0)));
    }
    let size = call.int(1)?;
    let size = usize::try_from(size)
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            call.error(format_args!(
            "expects its second parameter to be a positive integer. The provided value is '{size}'."
        ))
        })?;
    let chunks = match call.take(0) {
        Value::String(s) => utf16_chunks(&s, size)
            .into_iter()
            .map(Value::String)
            .collect(),
        Value::Array(items) => items
            .chunks(size)
            .map(|c| Value::Array(c.to_vec()))
            .collect(),
        other => return Err(call.type_error(0, STRING_OR_ARRAY, &other)),
    };
    Ok(Value::Array(chunks))
}

//! `first(collection)` and `last(collection)`: the first or last item of an array (null when
//! empty) or character of a string (`''` when empty).

use crate::functions::prelude::*;
use crate::functions::string::unicode::{utf16_len, utf16_slice};

const STRING_OR_ARRAY: Ty = Ty::OneOf(&[Ty::Array, Ty::String]);

pub(crate) const FIRST: Function = Function {
    name: "first",
    summary: "Returns the first item of an array or character of a string (null for an empty array).",
    params: &[param("collection", STRING_OR_ARRAY, "The string or array.")],
    returns: Ty::Any,
    imp: Eager(first),
    examples: &[
        ok("first('hello')", r#""h""#),
        ok("first(createArray(0, 1, 2))", "0"),
        ok("first(json('[]'))", "null"),
        fails(
            "first(null)",
            "expects its parameter to be an array or a string",
        ),
    ],
};

pub(crate) const LAST: Function = Function {
    name: "last",
    summary: "Returns the last item of an array or character of a string (null for an empty array).",
    params: &[param("collection", STRING_OR_ARRAY, "The string or array.")],
    returns: Ty::Any,
    imp: Eager(last),
    examples: &[
        ok("last('abcd')", r#""d""#),
        ok("last(createArray(0, 1, 2))", "2"),
        ok("last('')", r#""""#),
        fails(
            "last(json('{}'))",
            "expects its parameter to be an array or a string. The provided value is of type 'Object'.",
        ),
    ],
};

fn first(call: Call<'_>) -> Result<Value, EvalError> {
    pick_end(call, true)
}

fn last(call: Call<'_>) -> Result<Value, EvalError> {
    pick_end(call, false)
}

fn pick_end(mut call: Call<'_>, from_start: bool) -> Result<Value, EvalError> {
    match call.take(0) {
        Value::String(s) => {
            // One UTF-16 code unit, as .NET indexes strings.
            let len = utf16_len(&s);
            let start = if from_start { 0 } else { len.saturating_sub(1) };
            Ok(Value::String(utf16_slice(&s, start, start + 1)))
        }
        Value::Array(mut items) => {
            let item = if from_start {
                items.drain(..).next()
            } else {
                items.pop()
            };
            Ok(item.unwrap_or_default())
        }
        other => Err(call.type_error(0, STRING_OR_ARRAY, &other)),
    }
}

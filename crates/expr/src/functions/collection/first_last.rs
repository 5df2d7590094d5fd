//! `first(collection)` and `last(collection)`.

use crate::functions::prelude::*;

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
            let c = if from_start {
                s.chars().next()
            } else {
                s.chars().next_back()
            };
            Ok(Value::String(c.map(String::from).unwrap_or_default()))
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

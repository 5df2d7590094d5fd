//! `take(collection, count)` and `skip(array, count)`: the front of a collection, or the rest.

use crate::functions::prelude::*;
use crate::functions::string::unicode::{utf16_len, utf16_slice};

const STRING_OR_ARRAY: Ty = Ty::OneOf(&[Ty::String, Ty::Array]);

pub(crate) const TAKE: Function = Function {
    name: "take",
    summary: "Returns the first count items of an array or characters of a string (all of them if there are fewer).",
    params: &[
        param(
            "collection",
            STRING_OR_ARRAY,
            "The string or array to take from.",
        ),
        param(
            "count",
            Ty::Integer,
            "How many items to take from the front (0 or more).",
        ),
    ],
    returns: STRING_OR_ARRAY,
    imp: Eager(take),
    examples: &[
        ok("take('abcde', 3)", r#""abc""#),
        ok("take(createArray(0, 1, 2, 3, 4), 3)", "[0,1,2]"),
        ok("take(createArray(0, 1), 5)", "[0,1]"),
        ok("take('abc', 0)", r#""""#),
        fails(
            "take('abc', -1)",
            "expects its second parameter to be a non-negative integer",
        ),
        fails(
            "take(null, 1)",
            "expects its first parameter to be a string or an array. The provided value is of type 'Null'.",
        ),
    ],
};

pub(crate) const SKIP: Function = Function {
    name: "skip",
    summary: "Removes count items from the front of an array and returns the rest (empty if there are fewer).",
    params: &[
        param("collection", Ty::Array, "The array to skip items of."),
        param(
            "count",
            Ty::Integer,
            "How many items to remove from the front (0 or more).",
        ),
    ],
    returns: Ty::Array,
    imp: Eager(skip),
    examples: &[
        ok("skip(createArray(0, 1, 2, 3), 1)", "[1,2,3]"),
        ok("skip(createArray(0, 1), 5)", "[]"),
        ok("skip(createArray(0, 1), 0)", "[0,1]"),
        fails("skip(createArray(0, 1), -1)", "non-negative integer"),
        fails(
            "skip('abc', 1)",
            "expects its first parameter to be an array. The provided value is of type 'String'.",
        ),
    ],
};

fn take(mut call: Call<'_>) -> Result<Value, EvalError> {
    if !matches!(call.value(0), Value::String(_) | Value::Array(_)) {
        return Err(call.type_error(0, STRING_OR_ARRAY, call.value(0)));
    }
    let count = count(&call)?;
    match call.take(0) {
        Value::String(s) => Ok(Value::String(utf16_slice(&s, 0, count.min(utf16_len(&s))))),
        Value::Array(mut items) => {
            items.truncate(count);
            Ok(Value::Array(items))
        }
        other => Err(call.type_error(0, STRING_OR_ARRAY, &other)),
    }
}

fn skip(mut call: Call<'_>) -> Result<Value, EvalError> {
    call.array(0)?;
    let count = count(&call)?;
    let mut items = call.take_array(0)?;
    Ok(Value::Array(items.split_off(count.min(items.len()))))
}

/// The second argument as a count: a non-negative integer.
fn count(call: &Call<'_>) -> Result<usize, EvalError> {
    let n = call.int(1)?;
    usize::try_from(n).map_err(|_| {
        call.error(format_args!(
            "expects its second parameter to be a non-negative integer. The provided value is '{n}'."
        ))
    })
}

//! `length(collection)`: items of an array, or UTF-16 code units of a string (as .NET counts).

use crate::functions::prelude::*;
use crate::functions::string::unicode::utf16_len;

const STRING_OR_ARRAY: Ty = Ty::OneOf(&[Ty::Array, Ty::String]);

pub(crate) const LENGTH: Function = Function {
    name: "length",
    summary: "Returns the number of items in an array or characters (UTF-16 code units) in a string.",
    params: &[param(
        "collection",
        STRING_OR_ARRAY,
        "The string or array to count.",
    )],
    returns: Ty::Integer,
    imp: Eager(length),
    examples: &[
        ok("length('héllo')", "5"),
        ok("length('😀')", "2"),
        ok("length(createArray(1, 2))", "2"),
        fails(
            "length(null)",
            "expects its parameter to be an array or a string. The provided value is of type 'Null'.",
        ),
        fails("length(json('{}'))", "to be an array or a string"),
    ],
};

fn length(call: Call<'_>) -> Result<Value, EvalError> {
    let n = match call.value(0) {
        Value::String(s) => utf16_len(s),
        Value::Array(items) => items.len(),
        other => return Err(call.type_error(0, STRING_OR_ARRAY, other)),
    };
    Ok(Value::Int(n as i64))
}

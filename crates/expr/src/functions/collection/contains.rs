//! `contains(collection, value)`: case-sensitive.

use crate::compare::loose_eq;
use crate::functions::prelude::*;

/// Worded like `empty`: "to be an object, an array or a string".
const COLLECTION: Ty = Ty::OneOf(&[Ty::Object, Ty::Array, Ty::String]);

pub(crate) const CONTAINS: Function = Function {
    name: "contains",
    summary: "Checks whether a string has a substring, an array an item, or an object a key (case-sensitive).",
    params: &[
        param(
            "collection",
            COLLECTION,
            "The string, array or object to search.",
        ),
        param("value", Ty::Any, "The substring, item or key to find."),
    ],
    returns: Ty::Boolean,
    imp: Eager(contains),
    examples: &[
        ok("contains('hello world', 'world')", "true"),
        ok("contains('hello world', 'WORLD')", "false"),
        ok("contains(createArray('a', 1), 1)", "true"),
        ok("contains(createArray('a', 'b'), 'A')", "false"),
        ok(r#"contains(json('{"key": 1}'), 'key')"#, "true"),
        ok(r#"contains(json('{"key": 1}'), 'KEY')"#, "false"),
        fails(
            "contains(null, 'a')",
            "expects its first parameter to be an object, an array or a string. The provided value is of type 'Null'.",
        ),
    ],
};

fn contains(call: Call<'_>) -> Result<Value, EvalError> {
    let needle = call.value(1);
    let found = match call.value(0) {
        Value::String(s) => s.contains(needle.to_text().as_str()),
        Value::Array(items) => items.iter().any(|item| loose_eq(item, needle)),
        Value::Object(map) => map.contains_key(needle.to_text().as_str()),
        other => return Err(call.type_error(0, COLLECTION, other)),
    };
    Ok(Value::Bool(found))
}

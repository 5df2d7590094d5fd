//! `empty(collection)`.

use crate::functions::prelude::*;

/// Logic Apps words the error "to be an object, an array or a string".
const COLLECTION: Ty = Ty::OneOf(&[Ty::Object, Ty::Array, Ty::String]);

pub(crate) const EMPTY: Function = Function {
    name: "empty",
    summary: "Checks whether a string, array or object is empty (null counts as empty).",
    params: &[param("collection", COLLECTION, "The value to check.")],
    returns: Ty::Boolean,
    imp: Eager(empty),
    examples: &[
        ok("empty('')", "true"),
        ok("empty(null)", "true"),
        ok("empty(json('{}'))", "true"),
        ok("empty(createArray(null))", "false"),
        fails(
            "empty(0)",
            "expects its parameter to be an object, an array or a string. The provided value is of type 'Integer'.",
        ),
    ],
};

fn empty(call: Call<'_>) -> Result<Value, EvalError> {
    let is_empty = match call.value(0) {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        other => return Err(call.type_error(0, COLLECTION, other)),
    };
    Ok(Value::Bool(is_empty))
}

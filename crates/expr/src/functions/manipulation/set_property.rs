//! `setProperty(object, property, value)`.
//!
//! An existing property (exact spelling first, else the first case-insensitive match) keeps its
//! spelling but moves to the end, as IllogicApps observed on the real runtime:
//! `setProperty(json('{"a":1,"b":2,"c":3}'), 'c', 9)` is `{"a":1,"b":2,"c":9}` and
//! `setProperty(json('{"a":1,"b":2}'), 'A', 9)` is `{"b":2,"a":9}`.

use super::existing_key;
use crate::functions::prelude::*;

pub(crate) const SET_PROPERTY: Function = Function {
    name: "setProperty",
    summary: "Returns the object with a property set (added if missing); an existing property keeps its spelling and moves last.",
    params: &[
        param("object", Ty::Object, "The JSON object (or content envelope) to change."),
        param("property", Ty::String, "The property's name (matched case-insensitively)."),
        param("value", Ty::Any, "The value to set."),
    ],
    returns: Ty::Object,
    imp: Eager(set_property),
    examples: &[
        ok(
            "setProperty(json('{ \"firstName\": \"Sophia\", \"surName\": \"Owen\" }'), 'surName', 'Hartnett')",
            r#"{"firstName": "Sophia", "surName": "Hartnett"}"#,
        ),
        ok("setProperty(json('{\"a\":1,\"b\":2,\"c\":3,\"d\":4}'), 'c', 999)", r#"{"a": 1, "b": 2, "d": 4, "c": 999}"#),
        ok("setProperty(json('{\"a\": 1}'), 'A', 2)", r#"{"a": 2}"#),
        ok("setProperty(json('{\"aAa\": 1, \"AaA\": 2}'), 'aaa', 5)", r#"{"AaA": 2, "aAa": 5}"#),
        ok("setProperty(json('{}'), 'a', '')", r#"{"a": ""}"#),
        fails("setProperty(null, 'x', 1)", "expects its first parameter to be an object. The provided value is of type 'Null'."),
    ],
};

fn set_property(mut call: Call<'_>) -> Result<Value, EvalError> {
    let mut map = call.take_object(0)?;
    let name = call.string(1)?.to_owned();
    let key = match existing_key(&map, &name) {
        Some(existing) => {
            map.shift_remove(&existing);
            existing
        }
        None => name,
    };
    map.insert(key, call.take(2));
    Ok(Value::Object(map))
}

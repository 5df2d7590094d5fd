//! `removeProperty(object, property)`.

use super::existing_key;
use crate::functions::prelude::*;

pub(crate) const REMOVE_PROPERTY: Function = Function {
    name: "removeProperty",
    summary: "Returns the object without a property (matched case-insensitively); a missing property leaves it unchanged.",
    params: &[
        param("object", Ty::Object, "The JSON object (or content envelope) to change."),
        param("property", Ty::String, "The name of the property to remove."),
    ],
    returns: Ty::Object,
    imp: Eager(remove_property),
    examples: &[
        ok(
            "removeProperty(json('{ \"firstName\": \"Sophia\", \"middleName\": \"Anne\", \"surName\": \"Owen\" }'), 'middleName')",
            r#"{"firstName": "Sophia", "surName": "Owen"}"#,
        ),
        ok("removeProperty(json('{\"A\": 1, \"a\": 2}'), 'a')", r#"{"A": 1}"#),
        ok("removeProperty(json('{\"aAa\": 1, \"AaA\": 2}'), 'AAA')", r#"{"AaA": 2}"#),
        ok("removeProperty(json('{\"a\": 1}'), 'b')", r#"{"a": 1}"#),
        fails("removeProperty(createArray(1), 'a')", "expects its first parameter to be an object. The provided value is of type 'Array'."),
    ],
};

fn remove_property(mut call: Call<'_>) -> Result<Value, EvalError> {
    let mut map = call.take_object(0)?;
    let name = call.string(1)?.to_owned();
    if let Some(existing) = existing_key(&map, &name) {
        map.shift_remove(&existing);
    }
    Ok(Value::Object(map))
}

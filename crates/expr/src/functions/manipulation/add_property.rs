//! `addProperty(object, property, value)`.

use super::existing_key;
use crate::functions::prelude::*;

pub(crate) const ADD_PROPERTY: Function = Function {
    name: "addProperty",
    summary: "Returns the object with a new property appended; fails if the property exists (names match case-insensitively).",
    params: &[
        param("object", Ty::Object, "The JSON object (or content envelope) to add to."),
        param("property", Ty::String, "The new property's name."),
        param("value", Ty::Any, "The new property's value."),
    ],
    returns: Ty::Object,
    imp: Eager(add_property),
    examples: &[
        ok(
            "addProperty(json('{ \"firstName\": \"Sophia\", \"surName\": \"Owen\" }'), 'middleName', 'Anne')",
            r#"{"firstName": "Sophia", "surName": "Owen", "middleName": "Anne"}"#,
        ),
        ok("addProperty(json('{}'), '', null)", r#"{"": null}"#),
        ok(
            "addProperty(binary('test'), 'x', 1)",
            r#"{"$content-type": "application/octet-stream", "$content": "dGVzdA==", "x": 1}"#,
        ),
        fails(
            "addProperty(json('{\"a\": 1}'), 'A', 2)",
            "The template language function 'addProperty' expects the property 'A' to not exist in the object. The object already has a property 'a'.",
        ),
        fails("addProperty(json('{}'), 1, 1)", "expects its second parameter to be of type string"),
        fails("addProperty('{}', 'x', 1)", "expects its first parameter to be an object. The provided value is of type 'String'."),
    ],
};

fn add_property(mut call: Call<'_>) -> Result<Value, EvalError> {
    let mut map = call.take_object(0)?;
    let name = call.string(1)?.to_owned();
    if let Some(existing) = existing_key(&map, &name) {
        return Err(call.error(format_args!(
            "expects the property '{name}' to not exist in the object. The object already has a property '{existing}'."
        )));
    }
    map.insert(name, call.take(2));
    Ok(Value::Object(map))
}

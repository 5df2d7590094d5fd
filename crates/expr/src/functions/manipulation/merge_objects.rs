//! `mergeObjects(object1, object2)`: a designer-catalogue function missing from the 2025 docs.
//!
//! Properties of the second object replace those of the first with the same name (matched
//! case-insensitively), in place and keeping the first object's spelling; new ones are appended.

use super::existing_key;
use crate::functions::prelude::*;

pub(crate) const MERGE_OBJECTS: Function = Function {
    name: "mergeObjects",
    summary: "Returns the properties of two objects combined; the second object's values win.",
    params: &[
        param("object1", Ty::Object, "The base object."),
        param("object2", Ty::Object, "The object whose properties are added or win."),
    ],
    returns: Ty::Object,
    imp: Eager(merge_objects),
    examples: &[
        ok("mergeObjects(json('{\"a\": 1, \"b\": 2}'), json('{\"b\": 3, \"c\": 4}'))", r#"{"a": 1, "b": 3, "c": 4}"#),
        ok("mergeObjects(json('{\"Name\": \"x\"}'), json('{\"name\": \"y\"}'))", r#"{"Name": "y"}"#),
        ok("mergeObjects(json('{}'), json('{}'))", "{}"),
        fails("mergeObjects(json('{}'), json('[]'))", "expects its second parameter to be an object. The provided value is of type 'Array'."),
    ],
};

fn merge_objects(mut call: Call<'_>) -> Result<Value, EvalError> {
    let mut merged = call.take_object(0)?;
    let other = call.take_object(1)?;
    for (key, value) in other {
        let key = existing_key(&merged, &key).unwrap_or(key);
        merged.insert(key, value);
    }
    Ok(Value::Object(merged))
}

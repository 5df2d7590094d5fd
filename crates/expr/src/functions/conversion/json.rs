//! `json(value)`.

use crate::functions::prelude::*;

const INPUT: Ty = Ty::OneOf(&[Ty::String, Ty::Object]);

pub(crate) const JSON: Function = Function {
    name: "json",
    summary: "Parses a JSON string into a value (objects and arrays pass through).",
    params: &[param("value", INPUT, "The JSON text to parse.")],
    returns: Ty::Any,
    imp: Eager(json),
    examples: &[
        ok(
            r#"json('{"z": 1, "a": [true, null]}')"#,
            r#"{"z": 1, "a": [true, null]}"#,
        ),
        ok(r#"json('{"a":1,"a":2}')"#, r#"{"a": 2}"#),
        ok(r#"json('{"aAa":1,"AaA":2}').AAA"#, "1"),
        ok("json(json('{\"k\": 1}'))", r#"{"k": 1}"#),
        fails("json('{nope')", "is not valid JSON"),
    ],
};

fn json(mut call: Call<'_>) -> Result<Value, EvalError> {
    match call.take(0) {
        Value::String(text) => serde_json::from_str::<serde_json::Value>(&text)
            .map(Value::from)
            .map_err(|e| call.error(format_args!("parameter is not valid JSON: {e}."))),
        v @ (Value::Object(_) | Value::Array(_)) => Ok(v),
        other => Err(call.type_error(0, INPUT, &other)),
    }
}

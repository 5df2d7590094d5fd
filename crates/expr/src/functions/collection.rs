//! Collection functions: `length`, `empty`, `contains`, `first`, `last`.

use super::logical::loose_eq;
use super::{Arity, Call, Function, fails, ok};
use crate::error::EvalError;
use crate::value::Value;

pub(crate) const FUNCTIONS: &[Function] = &[
    Function::eager(
        "length",
        Arity::exactly(1),
        length,
        &[
            ok("length('héllo')", "5"),
            ok("length(createArray(1, 2))", "2"),
            fails(
                "length(null)",
                "expects its parameter to be an array or a string. The provided value is of type 'Null'.",
            ),
            fails("length(json('{}'))", "to be an array or a string"),
        ],
    ),
    Function::eager(
        "empty",
        Arity::exactly(1),
        empty,
        &[
            ok("empty('')", "true"),
            ok("empty(null)", "true"),
            ok("empty(json('{}'))", "true"),
            ok("empty(createArray(null))", "false"),
            fails("empty(0)", "The provided value is of type 'Integer'"),
        ],
    ),
    Function::eager(
        "contains",
        Arity::exactly(2),
        contains,
        &[
            ok("contains('hello world', 'world')", "true"),
            ok("contains('hello world', 'WORLD')", "false"),
            ok("contains(createArray('a', 1), 1)", "true"),
            ok(r#"contains(json('{"key": 1}'), 'key')"#, "true"),
            ok(r#"contains(json('{"key": 1}'), 'KEY')"#, "false"),
            fails(
                "contains(null, 'a')",
                "expects its first parameter to be an array, an object or a string",
            ),
        ],
    ),
    Function::eager(
        "first",
        Arity::exactly(1),
        first,
        &[
            ok("first('hello')", r#""h""#),
            ok("first(createArray(0, 1, 2))", "0"),
            ok("first(json('[]'))", "null"),
            fails(
                "first(null)",
                "expects its parameter to be an array or a string",
            ),
        ],
    ),
    Function::eager(
        "last",
        Arity::exactly(1),
        last,
        &[
            ok("last('abcd')", r#""d""#),
            ok("last(createArray(0, 1, 2))", "2"),
            ok("last('')", r#""""#),
        ],
    ),
];

fn length(call: Call<'_>) -> Result<Value, EvalError> {
    let n = match &call.args[0] {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        other => return Err(call.type_error(0, "an array or a string", other)),
    };
    Ok(Value::Int(n as i64))
}

fn empty(call: Call<'_>) -> Result<Value, EvalError> {
    let is_empty = match &call.args[0] {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        other => return Err(call.type_error(0, "an array, an object or a string", other)),
    };
    Ok(Value::Bool(is_empty))
}

fn contains(call: Call<'_>) -> Result<Value, EvalError> {
    let needle = &call.args[1];
    let found = match &call.args[0] {
        Value::String(s) => s.contains(needle.to_text().as_str()),
        Value::Array(items) => items.iter().any(|item| loose_eq(item, needle)),
        Value::Object(map) => map.contains_key(needle.to_text().as_str()),
        other => return Err(call.type_error(0, "an array, an object or a string", other)),
    };
    Ok(Value::Bool(found))
}

/// `first`/`last`: pick one end of a string or array.
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
        other => Err(call.type_error(0, "an array or a string", &other)),
    }
}

fn first(call: Call<'_>) -> Result<Value, EvalError> {
    pick_end(call, true)
}

fn last(call: Call<'_>) -> Result<Value, EvalError> {
    pick_end(call, false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_hold() {
        super::super::check_examples(super::FUNCTIONS);
    }
}

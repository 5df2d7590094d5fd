//! Conversion functions: `int`, `float`, `string`, `bool`, `json`, `createArray`, `base64`,
//! `base64ToString`.

use super::string::checked_text;
use super::{Arity, Call, Function, fails, ok};
use crate::codec::{base64_decode, base64_encode};
use crate::error::EvalError;
use crate::number::{parse_float_text, parse_int_text};
use crate::value::Value;

pub(crate) const FUNCTIONS: &[Function] = &[
    Function::eager(
        "int",
        Arity::exactly(1),
        int,
        &[
            ok("int('12')", "12"),
            ok("int(' +1,000 ')", "1000"),
            ok("int('1.0')", "1"),
            ok("int(7)", "7"),
            fails("int('1.5')", "could not be converted"),
            fails(
                "int(1.5)",
                "expects its parameter to be a string or an integer. The provided value is of type 'Float'.",
            ),
            fails(
                "int(json('{}'))",
                "expects its parameter to be a string or an integer. The provided value is of type 'Object'.",
            ),
        ],
    ),
    Function::eager(
        "float",
        Arity::between(1, 2),
        float,
        &[
            ok("float('10.333')", "10.333"),
            ok("float(2)", "2.0"),
            ok("string(float('5.0'))", r#""5""#),
            ok("string(float('1.7e+350'))", r#""Infinity""#),
            fails("float('abc')", "could not be converted"),
        ],
    ),
    Function::eager(
        "string",
        Arity::exactly(1),
        string,
        &[
            ok("string(true)", r#""True""#),
            ok("string(null)", r#""""#),
            ok(
                "string(json('{\"b\": 1, \"a\": [2.5]}'))",
                r#""{\"b\":1,\"a\":[2.5]}""#,
            ),
        ],
    ),
    Function::eager(
        "bool",
        Arity::exactly(1),
        bool_,
        &[
            ok("bool(1)", "true"),
            ok("bool(0)", "false"),
            ok("bool(-1)", "true"),
            ok("bool('True')", "true"),
            ok("bool('false')", "false"),
            fails("bool('troo')", "could not be converted"),
            fails("bool(null)", "The provided value is of type 'Null'"),
        ],
    ),
    Function::eager(
        "json",
        Arity::exactly(1),
        json,
        &[
            ok(
                r#"json('{"z": 1, "a": [true, null]}')"#,
                r#"{"z": 1, "a": [true, null]}"#,
            ),
            ok(r#"json('{"a":1,"a":2}')"#, r#"{"a": 2}"#),
            ok(r#"json('{"aAa":1,"AaA":2}').AAA"#, "1"),
            ok("json(json('{\"k\": 1}'))", r#"{"k": 1}"#),
            fails("json('{nope')", "is not valid JSON"),
        ],
    ),
    Function::eager(
        "createArray",
        Arity::at_least(1),
        create_array,
        &[ok(
            "createArray(1, 'a', null, float('5.0'))",
            r#"[1, "a", null, 5.0]"#,
        )],
    ),
    Function::eager(
        "base64",
        Arity::exactly(1),
        base64,
        &[
            ok("base64('hello')", r#""aGVsbG8=""#),
            ok("base64(123)", r#""MTIz""#),
        ],
    ),
    Function::eager(
        "base64ToString",
        Arity::exactly(1),
        base64_to_string,
        &[
            ok("base64ToString('aGVsbG8=')", r#""hello""#),
            fails("base64ToString('***')", "not a valid base64"),
        ],
    ),
];

fn not_convertible(call: &Call<'_>) -> EvalError {
    call.error(format_args!(
        "was invoked with a parameter that is not valid. The value '{}' could not be converted to the target type.",
        call.args[0].to_text()
    ))
}

fn int(call: Call<'_>) -> Result<Value, EvalError> {
    let parsed = match &call.args[0] {
        Value::Int(i) => Some(*i),
        Value::String(s) => parse_int_text(s),
        other => return Err(call.type_error(0, "a string or an integer", other)),
    };
    parsed.map(Value::Int).ok_or_else(|| not_convertible(&call))
}

fn float(call: Call<'_>) -> Result<Value, EvalError> {
    let parsed = match &call.args[0] {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::String(s) => parse_float_text(s),
        other => return Err(call.type_error(0, "a string or a number", other)),
    };
    parsed
        .map(Value::Float)
        .ok_or_else(|| not_convertible(&call))
}

fn string(call: Call<'_>) -> Result<Value, EvalError> {
    checked_text(&call, call.args[0].to_text())
}

fn bool_(call: Call<'_>) -> Result<Value, EvalError> {
    let parsed = match &call.args[0] {
        Value::Bool(b) => Some(*b),
        Value::Int(i) => Some(*i != 0),
        Value::Float(f) => Some(*f != 0.0),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        Value::String(_) => None,
        other => return Err(call.type_error(0, "a boolean, a number or a string", other)),
    };
    parsed
        .map(Value::Bool)
        .ok_or_else(|| not_convertible(&call))
}

fn json(mut call: Call<'_>) -> Result<Value, EvalError> {
    match call.take(0) {
        Value::String(text) => serde_json::from_str::<serde_json::Value>(&text)
            .map(Value::from)
            .map_err(|e| call.error(format_args!("parameter is not valid JSON: {e}."))),
        v @ (Value::Object(_) | Value::Array(_)) => Ok(v),
        other => Err(call.type_error(0, "a string or an object", &other)),
    }
}

fn create_array(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Array(call.args))
}

fn base64(call: Call<'_>) -> Result<Value, EvalError> {
    let encoded = base64_encode(call.args[0].to_text().as_bytes());
    checked_text(&call, encoded)
}

fn base64_to_string(call: Call<'_>) -> Result<Value, EvalError> {
    let bytes = base64_decode(call.string(0)?).ok_or_else(|| {
        call.error("was invoked with a parameter that is not a valid base64 string.")
    })?;
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_hold() {
        super::super::check_examples(super::FUNCTIONS);
    }
}

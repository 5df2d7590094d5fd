//! Logical comparison functions: `equals`, `greater`…, `and`, `or`, `not`, `if`.

use std::cmp::Ordering;

use super::{Arity, Call, Function, LazyCall, fails, ok};
use crate::error::EvalError;
use crate::value::Value;

pub(crate) const FUNCTIONS: &[Function] = &[
    Function::eager(
        "equals",
        Arity::exactly(2),
        equals,
        &[
            ok("equals(1, 1.0)", "true"),
            ok("equals(true, 1)", "true"),
            ok("equals(null, '')", "true"),
            ok("equals('a', 'A')", "false"),
            ok("equals(createArray(1, 'x'), json('[1, \"x\"]'))", "true"),
        ],
    ),
    Function::eager(
        "greater",
        Arity::exactly(2),
        greater,
        &[
            ok("greater(10, 5)", "true"),
            ok("greater('apple', 'banana')", "false"),
            ok("greater(2.5, 2)", "true"),
            fails("greater(1, 'a')", "expects parameters of matching types"),
        ],
    ),
    Function::eager(
        "greaterOrEquals",
        Arity::exactly(2),
        greater_or_equals,
        &[
            ok("greaterOrEquals(5, 5.0)", "true"),
            ok("greaterOrEquals('a', 'b')", "false"),
        ],
    ),
    Function::eager(
        "less",
        Arity::exactly(2),
        less,
        &[ok("less(5, 10)", "true"), ok("less(null, 'a')", "true")],
    ),
    Function::eager(
        "lessOrEquals",
        Arity::exactly(2),
        less_or_equals,
        &[
            ok("lessOrEquals(10, 10)", "true"),
            ok("lessOrEquals(11, 10.5)", "false"),
        ],
    ),
    Function::lazy(
        "and",
        Arity::at_least(1),
        and,
        &[
            ok("and(true, true)", "true"),
            ok("and(false, int('x'))", "false"),
            fails(
                "and(true, 1)",
                "expects its second parameter to be a boolean",
            ),
        ],
    ),
    Function::lazy(
        "or",
        Arity::at_least(1),
        or,
        &[
            ok("or(false, true)", "true"),
            ok("or(true, undefinedFunction())", "true"),
            fails(
                "or(false, undefinedFunction())",
                "'undefinedFunction' is not defined",
            ),
        ],
    ),
    Function::eager(
        "not",
        Arity::exactly(1),
        not,
        &[
            ok("not(false)", "true"),
            fails("not('true')", "expects its parameter to be a boolean"),
        ],
    ),
    Function::lazy(
        "if",
        Arity::exactly(3),
        if_,
        &[
            ok("if(equals(1, 1), 'yes', 'no')", r#""yes""#),
            ok("if(false, int('boom'), 2)", "2"),
            fails("if(1, 2, 3)", "expects its first parameter to be a boolean"),
        ],
    ),
];

/// Logic Apps equality: numbers compare across int/float, booleans equal 1/0, null equals `''`,
/// strings are ordinal, arrays and objects compare deeply.
pub(crate) fn loose_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Null, Null) => true,
        (Null, String(s)) | (String(s), Null) => s.is_empty(),
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), n @ (Int(_) | Float(_))) | (n @ (Int(_) | Float(_)), Bool(x)) => {
            loose_eq(&Int(i64::from(*x)), n)
        }
        (Int(x), Int(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y,
        (Float(x), Float(y)) => x == y,
        (String(x), String(y)) => x == y,
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| loose_eq(p, q)),
        (Object(x), Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| loose_eq(v, w)))
        }
        _ => false,
    }
}

fn equals(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(loose_eq(&call.args[0], &call.args[1])))
}

/// Orders two numbers or two strings (null counts as `''`). `None` for NaN.
fn compare(call: &Call<'_>) -> Result<Option<Ordering>, EvalError> {
    use Value::*;
    let (a, b) = (&call.args[0], &call.args[1]);
    match (a, b) {
        (Int(x), Int(y)) => Ok(Some(x.cmp(y))),
        (Int(x), Float(y)) => Ok((*x as f64).partial_cmp(y)),
        (Float(x), Int(y)) => Ok(x.partial_cmp(&(*y as f64))),
        (Float(x), Float(y)) => Ok(x.partial_cmp(y)),
        (Bool(x), Bool(y)) => Ok(Some(x.cmp(y))),
        _ => match (as_text(a), as_text(b)) {
            (Some(x), Some(y)) => Ok(Some(x.cmp(y))),
            _ => Err(call.error(format_args!(
                "expects parameters of matching types: two numbers or two strings. The provided values are of type '{}' and '{}'.",
                a.type_name(),
                b.type_name()
            ))),
        },
    }
}

fn as_text(v: &Value) -> Option<&str> {
    match v {
        Value::Null => Some(""),
        Value::String(s) => Some(s),
        _ => None,
    }
}

fn greater(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(compare(&call)? == Some(Ordering::Greater)))
}

fn greater_or_equals(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(matches!(
        compare(&call)?,
        Some(Ordering::Greater | Ordering::Equal)
    )))
}

fn less(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(compare(&call)? == Some(Ordering::Less)))
}

fn less_or_equals(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(matches!(
        compare(&call)?,
        Some(Ordering::Less | Ordering::Equal)
    )))
}

/// `and`/`or`: stop at the first argument equal to `stop_at`.
fn short_circuit(mut call: LazyCall<'_>, stop_at: bool) -> Result<Value, EvalError> {
    for i in 0..call.len() {
        if call.bool_arg(i)? == stop_at {
            return Ok(Value::Bool(stop_at));
        }
    }
    Ok(Value::Bool(!stop_at))
}

fn and(call: LazyCall<'_>) -> Result<Value, EvalError> {
    short_circuit(call, false)
}

fn or(call: LazyCall<'_>) -> Result<Value, EvalError> {
    short_circuit(call, true)
}

fn not(call: Call<'_>) -> Result<Value, EvalError> {
    match &call.args[0] {
        Value::Bool(b) => Ok(Value::Bool(!b)),
        other => Err(call.type_error(0, "a boolean", other)),
    }
}

fn if_(mut call: LazyCall<'_>) -> Result<Value, EvalError> {
    let branch = if call.bool_arg(0)? { 1 } else { 2 };
    call.arg(branch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_hold() {
        super::super::check_examples(FUNCTIONS);
    }

    #[test]
    fn objects_compare_regardless_of_key_order() {
        let a = Value::from(serde_json::json!({"a": 1, "b": [true]}));
        let b = Value::from(serde_json::json!({"b": [1], "a": 1.0}));
        assert!(loose_eq(&a, &b));
    }
}

//! `bool(value)`.

use super::not_convertible;
use crate::functions::prelude::*;
use crate::numeric::Number;

const INPUT: Ty = Ty::OneOf(&[Ty::Boolean, Ty::Number, Ty::String]);

pub(crate) const BOOL: Function = Function {
    name: "bool",
    summary: "Converts a value to a boolean: non-zero numbers and 'true' (any case) are true.",
    params: &[param("value", INPUT, "The value to convert.")],
    returns: Ty::Boolean,
    imp: Eager(bool_),
    examples: &[
        ok("bool(1)", "true"),
        ok("bool(0)", "false"),
        ok("bool(-1)", "true"),
        ok("bool('True')", "true"),
        ok("bool('false')", "false"),
        fails("bool('troo')", "could not be converted"),
        fails("bool(null)", "The provided value is of type 'Null'"),
    ],
};

fn bool_(call: Call<'_>) -> Result<Value, EvalError> {
    let parsed = match call.value(0) {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        Value::String(_) => None,
        other => match Number::from_value(other) {
            Some(n) => Some(!n.is_zero()),
            None => return Err(call.type_error(0, INPUT, other)),
        },
    };
    parsed
        .map(Value::Bool)
        .ok_or_else(|| not_convertible(&call))
}

//! `int(value)`.

use super::not_convertible;
use crate::functions::prelude::*;
use crate::number::parse_int_text;

const INPUT: Ty = Ty::OneOf(&[Ty::String, Ty::Integer]);

pub(crate) const INT: Function = Function {
    name: "int",
    summary: "Converts a string to an integer ('1,000' and '1.0' are accepted, fractions are not).",
    params: &[param("value", INPUT, "The string (or integer) to convert.")],
    returns: Ty::Integer,
    imp: Eager(int),
    examples: &[
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
};

fn int(call: Call<'_>) -> Result<Value, EvalError> {
    let parsed = match call.value(0) {
        Value::Int(i) => Some(*i),
        Value::String(s) => parse_int_text(s),
        other => return Err(call.type_error(0, INPUT, other)),
    };
    parsed.map(Value::Int).ok_or_else(|| not_convertible(&call))
}

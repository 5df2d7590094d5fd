//! `float(value, locale?)`.

use super::not_convertible;
use crate::functions::prelude::*;
use crate::number::parse_float_text;
use crate::numeric::Number;

const INPUT: Ty = Ty::OneOf(&[Ty::String, Ty::Number]);

pub(crate) const FLOAT: Function = Function {
    name: "float",
    summary: "Converts a string (or number) to a floating-point number.",
    params: &[
        param("value", INPUT, "The string or number to convert."),
        optional("locale", Ty::String, "The culture of the text, e.g. 'de-DE' (default invariant)."),
    ],
    returns: Ty::Float,
    imp: Eager(float),
    examples: &[
        ok("float('10.333')", "10.333"),
        ok("float(2)", "2.0"),
        ok("float(decimal('2.50'))", "2.5"),
        ok("string(float('5.0'))", r#""5""#),
        ok("string(float('1.7e+350'))", r#""Infinity""#),
        fails("float('abc')", "could not be converted"),
    ],
};

fn float(call: Call<'_>) -> Result<Value, EvalError> {
    let value = call.value(0);
    let parsed = match value {
        Value::String(s) => parse_float_text(s),
        other => match Number::from_value(other) {
            Some(n) => Some(n.to_f64()),
            None => return Err(call.type_error(0, INPUT, other)),
        },
    };
    parsed
        .map(Value::Float)
        .ok_or_else(|| not_convertible(&call))
}

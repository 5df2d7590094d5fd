//! `decimal(value)`: a .NET `System.Decimal` (28–29 significant digits, scale kept).
//!
//! Text is read with `NumberStyles.Number`: white space, a leading or trailing sign, group
//! separators and a decimal point, but no exponent (`decimal('3e-1')` fails, as IllogicApps
//! observed on the real runtime). The scale of the text is kept: `string(decimal('5.0000'))` is
//! `"5.0000"`.

use rust_decimal::Decimal;

use super::not_convertible;
use crate::number_text::{self, DEFAULT, Styles};
use crate::functions::prelude::*;
use crate::numeric::Number;

const INPUT: Ty = Ty::OneOf(&[Ty::String, Ty::Integer, Ty::Float, Ty::Decimal]);
const STYLES: Styles = Styles { trailing_sign: true, exponent: false };

pub(crate) const DECIMAL: Function = Function {
    name: "decimal",
    summary: "Converts a decimal number in a string to a decimal; wrap in string() to keep every digit.",
    params: &[param("value", INPUT, "The string (or number) to convert.")],
    returns: Ty::Decimal,
    imp: Eager(decimal),
    examples: &[
        ok("decimal('1.25')", "1.25"),
        ok("string(decimal('1.2345678912312131'))", r#""1.2345678912312131""#),
        ok("string(decimal('5.0000'))", r#""5.0000""#),
        ok("string(decimal('  200- '))", r#""-200""#),
        ok("decimal('5.0000')", "5.0"),
        ok("decimal(100000.000009)", "100000.000009"),
        ok(
            "string(decimal('10000000000.00000000001234'))",
            r#""10000000000.00000000001234""#,
        ),
        fails("decimal('3e-1')", "could not be converted"),
        fails("decimal('79228162514264337593543950336')", "could not be converted"),
        fails("decimal(null)", "The provided value is of type 'Null'"),
    ],
};

fn decimal(call: Call<'_>) -> Result<Value, EvalError> {
    let value = call.value(0);
    let parsed = match value {
        Value::String(s) => number_text::parse(s, DEFAULT, STYLES).and_then(|n| {
            let text = n.canonical();
            Decimal::from_str_exact(&text).or_else(|_| text.parse::<Decimal>()).ok()
        }),
        other => match Number::from_value(other) {
            Some(n) => n.to_decimal(),
            None => return Err(call.type_error(0, INPUT, other)),
        },
    };
    parsed.map(Value::Decimal).ok_or_else(|| not_convertible(&call))
}

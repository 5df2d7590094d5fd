//! `int(value)`: whole numbers from strings, floats and decimals.
//!
//! Logic Apps reads the text as a double (`NumberStyles.Integer | AllowThousands |
//! AllowDecimalPoint`) and keeps it only if it is whole, so `'1.0'` and `' +1,000 '` are
//! accepted, `'1.5'` is not, digits beyond a double's precision are lost
//! (`int('100000000000000010')` is `100000000000000016`) and `int('nan')` is
//! `-9223372036854775808` — each verified against the real runtime by IllogicApps.

use super::not_convertible;
use crate::number_text::{self, DEFAULT, Styles};
use crate::functions::prelude::*;
use crate::numeric::Number;

const INPUT: Ty = Ty::OneOf(&[Ty::String, Ty::Integer, Ty::Float, Ty::Decimal]);
const STYLES: Styles = Styles { trailing_sign: false, exponent: false };
/// 2^63: the first double outside the range of a 64-bit integer.
const LIMIT: f64 = 9_223_372_036_854_775_808.0;

pub(crate) const INT: Function = Function {
    name: "int",
    summary: "Converts a string (or whole float or decimal) to an integer; '1,000' and '1.0' are accepted, fractions are not.",
    params: &[param("value", INPUT, "The string, or whole number, to convert.")],
    returns: Ty::Integer,
    imp: Eager(int),
    examples: &[
        ok("int('12')", "12"),
        ok("int(' +1,000 ')", "1000"),
        ok("int('1.0')", "1"),
        ok("int(7)", "7"),
        ok("int(1.0)", "1"),
        ok("int(decimal('1.00000'))", "1"),
        ok("int('100000000000000010')", "100000000000000016"),
        ok("int('nan')", "-9223372036854775808"),
        fails("int('1.5')", "The value '1.5' could not be converted to the target type."),
        fails("int(1.5)", "could not be converted"),
        fails("int('200-')", "could not be converted"),
        fails(
            "int(json('{}'))",
            "expects its parameter to be a string, an integer, a float or a decimal. The provided value is of type 'Object'.",
        ),
    ],
};

fn int(call: Call<'_>) -> Result<Value, EvalError> {
    let whole = match call.value(0) {
        Value::Int(i) => Some(*i),
        Value::String(s) => from_text(s),
        other => match Number::from_value(other) {
            Some(Number::Decimal(d)) if d.fract().is_zero() => i64::try_from(d).ok(),
            Some(n @ Number::Float(_)) => from_double(n.to_f64()),
            Some(_) => None,
            None => return Err(call.type_error(0, INPUT, other)),
        },
    };
    whole.map(Value::Int).ok_or_else(|| not_convertible(&call))
}

fn from_text(text: &str) -> Option<i64> {
    if text.trim().eq_ignore_ascii_case("nan") {
        return Some(i64::MIN);
    }
    let number = number_text::parse(text, DEFAULT, STYLES)?;
    from_double(number.canonical().parse().ok()?)
}

fn from_double(f: f64) -> Option<i64> {
    let whole = f.is_finite() && f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f);
    whole.then_some(f as i64)
}

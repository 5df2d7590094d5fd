//! `float(value, locale?)`: a double from text in a culture, or from a number.
//!
//! Without a locale the text is read as `en-US` does; `''` is the invariant culture, the only
//! one that reads `Infinity`. `NaN` is read in every culture (case-insensitively); a trailing
//! sign and group separators after the first digit are allowed (`'12345,6,78,-'` is
//! `-12345678`), parentheses are not.

use crate::number_text::{self, DEFAULT, Styles, culture};
use super::{invalid_locale, not_convertible};
use crate::functions::prelude::*;
use crate::numeric::Number;

const INPUT: Ty = Ty::OneOf(&[Ty::String, Ty::Integer, Ty::Float, Ty::Decimal]);
const STYLES: Styles = Styles { trailing_sign: true, exponent: true };

pub(crate) const FLOAT: Function = Function {
    name: "float",
    summary: "Converts a string (or number) to a floating-point number, optionally in a locale's format.",
    params: &[
        param("value", INPUT, "The string or number to convert."),
        optional(
            "locale",
            Ty::String,
            "The RFC 4646 locale of the text: en-US (default), en-GB, de-DE, fr-FR, es-ES, nl-NL, ja-JP, or '' for invariant.",
        ),
    ],
    returns: Ty::Float,
    imp: Eager(float),
    examples: &[
        ok("float('10.333')", "10.333"),
        ok("float('10,000.333')", "10000.333"),
        ok("float('10.000,333', 'de-DE')", "10000.333"),
        ok("float('12345,6,78,-')", "-12345678.0"),
        ok("float(2)", "2.0"),
        ok("float(decimal('2.50'))", "2.5"),
        ok("string(float('5.0'))", r#""5""#),
        ok("string(float('NaN'))", r#""NaN""#),
        ok("string(float('Infinity', ''))", r#""Infinity""#),
        ok("string(float('1.7e+350'))", r#""Infinity""#),
        fails("float('Infinity')", "could not be converted"),
        fails("float('(200)')", "could not be converted"),
        fails("float('1', 'xx-YY')", "locale 'xx-YY'"),
    ],
};

fn float(call: Call<'_>) -> Result<Value, EvalError> {
    let culture = match call.optional_string(1)? {
        None => DEFAULT,
        Some(locale) => culture(locale).ok_or_else(|| invalid_locale(&call, locale))?,
    };
    let value = call.value(0);
    let parsed = match value {
        Value::String(s) => number_text::symbol(s, culture).or_else(|| {
            let number = number_text::parse(s, culture, STYLES)?;
            number.canonical().parse::<f64>().ok()
        }),
        other => match Number::from_value(other) {
            Some(n) => Some(n.to_f64()),
            None => return Err(call.type_error(0, INPUT, other)),
        },
    };
    parsed.map(Value::Float).ok_or_else(|| not_convertible(&call))
}

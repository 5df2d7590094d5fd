//! `isInt(text)` and `isFloat(text, locale?)`: whether a string holds a number.

use crate::number_text::{INVARIANT, culture, is_float_text, is_int_text};
use crate::functions::prelude::*;

pub(crate) const IS_INT: Function = Function {
    name: "isInt",
    summary: "Checks whether a string is a number whose value is a 64-bit integer ('10', '-1,000', '1.0', '1e3').",
    params: &[param("text", Ty::String, "The string to examine.")],
    returns: Ty::Boolean,
    imp: Eager(is_int),
    examples: &[
        ok("isInt('10')", "true"),
        ok("isInt(' -1,000 ')", "true"),
        ok("isInt('1.5')", "false"),
        ok("isInt('1e3')", "true"),
        ok("isInt('9223372036854775808')", "false"),
        fails(
            "isInt(10)",
            "expects its parameter to be of type string. The provided value is of type 'Integer'.",
        ),
    ],
};

pub(crate) const IS_FLOAT: Function = Function {
    name: "isFloat",
    summary: "Checks whether a string is a floating-point number, in the invariant culture or a given locale.",
    params: &[
        param("text", Ty::String, "The string to examine."),
        optional(
            "locale",
            Ty::String,
            "The RFC 4646 locale of the text: en-US, en-GB, de-DE, fr-FR, es-ES, nl-NL or ja-JP (default: invariant).",
        ),
    ],
    returns: Ty::Boolean,
    imp: Eager(is_float),
    examples: &[
        ok("isFloat('10,000.00')", "true"),
        ok("isFloat('10.000,00', 'de-DE')", "true"),
        ok("isFloat('10.000,00')", "false"),
        ok("isFloat('1e5')", "true"),
        ok("isFloat('abc')", "false"),
        fails(
            "isFloat(3.14)",
            "expects its parameter to be of type string. The provided value is of type 'Float'.",
        ),
        fails("isFloat('1', 'xx-YY')", "locale 'xx-YY'"),
    ],
};

fn is_int(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(is_int_text(call.string(0)?)))
}

fn is_float(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let culture = match call.optional_string(1)? {
        None => INVARIANT,
        Some(locale) => culture(locale).ok_or_else(|| {
            call.error(format_args!(
                "was invoked with a locale '{locale}' that is not valid or does not have an associated culture."
            ))
        })?,
    };
    Ok(Value::Bool(is_float_text(text, culture)))
}

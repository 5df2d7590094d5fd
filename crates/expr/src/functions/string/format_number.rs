//! `formatNumber(number, format, locale?)`: .NET `number.ToString(format, culture)` for integers,
//! floats and decimals, with the standard numeric formats (`C2`, `N0`, `P1`, `E3`, `X8`, …) and
//! custom ones (`0,0.00`, `#,##0;(#,##0);'zero'`, `0.0%`, `0.00E+00`). Doubles round like .NET
//! Core: standard formats to the nearest representable result (ties to even), custom formats
//! from 15 significant digits (half away from zero).
//!
//! # Layout
//! - `format_number/digits.rs`: numbers as digits and a decimal exponent, .NET rounding;
//! - `format_number/standard.rs`: the standard formats and their culture patterns;
//! - `format_number/custom.rs`: the custom-format interpreter.

mod custom;
mod digits;
mod standard;

use digits::Digits;
use standard::MAX_PRECISION;

use crate::functions::prelude::*;
use crate::locale::{EN_US, culture, unsupported};
use crate::numeric::Number;

pub(crate) const FORMAT_NUMBER: Function = Function {
    name: "formatNumber",
    summary: "Returns a number as text in a .NET numeric format and locale.",
    params: &[
        param(
            "number",
            Ty::Number,
            "The integer, float or decimal to format.",
        ),
        param(
            "format",
            Ty::String,
            "A .NET standard numeric format (C, D, E, F, G, N, P, R, X with optional precision, e.g. 'C2') or a custom one (e.g. '0,0.00').",
        ),
        optional(
            "locale",
            Ty::String,
            "The culture for symbols and patterns, e.g. 'de-DE'; default 'en-US'.",
        ),
    ],
    returns: Ty::String,
    imp: Eager(format_number),
    examples: &[
        ok(
            "formatNumber(1234567890, '0,0.00', 'en-us')",
            r#""1,234,567,890.00""#,
        ),
        ok(
            "formatNumber(1234567890, '0,0.00', 'is-is')",
            r#""1.234.567.890,00""#,
        ),
        ok("formatNumber(17.35, 'C2')", r#""$17.35""#),
        ok("formatNumber(17.35, 'C2', 'is-is')", r#""17,35 kr""#),
        ok("formatNumber(0.1234, 'P1', 'fr-FR')", r#""12,3 %""#),
        ok("formatNumber(255, 'X4')", r#""00FF""#),
        fails("formatNumber(17.35, 'D2')", "applies only to integers"),
        fails(
            "formatNumber('17.35', 'C2')",
            "expects its first parameter to be an integer or a decimal number",
        ),
        fails(
            "formatNumber(1, 'N2', 'xx-XX')",
            "The locale 'xx-XX' is not valid",
        ),
    ],
};

/// A standard format is a letter optionally followed by digits (`C`, `N2`, `X16`); anything
/// else is custom.
fn standard_specifier(format: &str) -> Option<(char, Option<&str>)> {
    let mut chars = format.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some((letter, None));
    }
    rest.bytes()
        .all(|b| b.is_ascii_digit())
        .then_some((letter, Some(rest)))
}

fn format_number(call: Call<'_>) -> Result<Value, EvalError> {
    let number = call.number(0)?;
    let format = call.string(1)?;
    let nf = match call.optional_string(2)? {
        None => &EN_US.numbers,
        Some(name) => {
            &culture(name)
                .ok_or_else(|| call.error(unsupported(name)))?
                .numbers
        }
    };
    let invalid = |why: &str| {
        call.error(format_args!(
            "expects its second parameter to be a valid .NET numeric format. The format '{format}' is not valid: {why}."
        ))
    };
    let text = match standard_specifier(format) {
        _ if format.is_empty() => {
            standard::format(number, 'G', None, nf).map_err(|e| invalid(&e))?
        }
        Some((letter, precision)) => {
            let precision = match precision {
                None => None,
                Some(digits) => Some(
                    digits
                        .parse::<u32>()
                        .ok()
                        .filter(|p| *p <= MAX_PRECISION)
                        .ok_or_else(|| {
                            invalid(&format!("the precision may be at most {MAX_PRECISION}"))
                        })?,
                ),
            };
            standard::format(number, letter, precision, nf).map_err(|e| invalid(&e))?
        }
        None => match number {
            Number::Float(f) if !f.is_finite() => {
                standard::format(number, 'G', None, nf).map_err(|e| invalid(&e))?
            }
            Number::Float(f) => custom::format(Digits::float_significant(f, 15), format, nf),
            Number::Int(i) => custom::format(Digits::integer(i), format, nf),
            Number::Decimal(d) => custom::format(Digits::decimal(d), format, nf),
        },
    };
    call.checked_text(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::culture;

    fn std_(n: Number, f: &str, locale: &str) -> String {
        let (letter, precision) = standard_specifier(f).unwrap();
        let nf = &culture(locale).unwrap().numbers;
        standard::format(n, letter, precision.map(|p| p.parse().unwrap()), nf).unwrap()
    }

    #[test]
    fn standard_formats_round_like_dotnet_core() {
        let f = |x: f64, fmt: &str| std_(Number::Float(x), fmt, "en-US");
        let i = |x: i64, fmt: &str| std_(Number::Int(x), fmt, "en-US");
        assert_eq!(f(2.5, "F0"), "2");
        assert_eq!(f(0.125, "F2"), "0.12");
        assert_eq!(f(50.555, "F2"), "50.55");
        assert_eq!(f(-0.001, "F2"), "-0.00");
        assert_eq!(f(1234.5, "G4"), "1234");
        assert_eq!(f(1234.5678, "E"), "1.234568E+003");
        assert_eq!(f(1234.5678, "e2"), "1.23e+003");
        assert_eq!(f(123.456, "N1"), "123.5");
        assert_eq!(f(-123.456, "N1"), "-123.5");
        assert_eq!(f(-1234.5, "C"), "($1,234.50)");
        assert_eq!(f(0.5, "P"), "50.00%");
        assert_eq!(f(0.0001234, "G"), "0.0001234");
        assert_eq!(f(0.00001234, "G"), "1.234E-05");
        assert_eq!(f(f64::NAN, "N2"), "NaN");
        assert_eq!(i(12345, "G2"), "1.2E+04");
        assert_eq!(i(12345, "E2"), "1.23E+004");
        assert_eq!(i(-1, "x"), "ffffffffffffffff");
        assert_eq!(i(-123, "D6"), "-000123");
        assert_eq!(i(1_234_567, "N0"), "1,234,567");
        assert_eq!(
            std_(Number::Decimal("1234.5".parse().unwrap()), "G4", "en-US"),
            "1235"
        );
        assert_eq!(
            std_(Number::Decimal("5.0000".parse().unwrap()), "G", "de-DE"),
            "5,0000"
        );
        assert_eq!(std_(Number::Int(-5), "C", "de-DE"), "-5,00 €");
        assert_eq!(std_(Number::Int(5), "C", "ja-JP"), "¥5");
        assert_eq!(std_(Number::Int(-5), "C", "nl-NL"), "€ -5,00");
        assert_eq!(std_(Number::Float(0.5), "P0", "de-DE"), "50 %");
    }

    #[test]
    fn recognises_standard_specifiers() {
        assert_eq!(standard_specifier("C2"), Some(('C', Some("2"))));
        assert_eq!(standard_specifier("N"), Some(('N', None)));
        assert_eq!(standard_specifier("0.00"), None);
        assert_eq!(standard_specifier("C2x"), None);
        assert_eq!(standard_specifier("#,#"), None);
    }
}

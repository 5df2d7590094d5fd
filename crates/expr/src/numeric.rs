//! The numeric tower: 64-bit integers, doubles and .NET-style decimals, with Logic Apps'
//! promotion rules for arithmetic and comparison.
//!
//! | operands                 | computed as | overflow / invalid              |
//! |--------------------------|-------------|---------------------------------|
//! | int ∘ int                | `i64`       | error (`add(9223372036854775807, 1)`) |
//! | int ∘ float, float ∘ float | `f64`     | IEEE: ±Infinity, NaN            |
//! | decimal ∘ anything       | `Decimal`   | error (beyond ±79228162514264337593543950335) |
//!
//! A decimal with a float converts the float to decimal (not the other way round), as .NET's
//! `(decimal)double` does: rounded to 15 significant digits. IllogicApps' tests against the real
//! runtime show this: `mul(decimal('4294967295'), 4294967295.0)` is `18446744065119617025`
//! exactly, and `mul(max(20, decimal('10'), 30.1), 1e50)` is an overflow error (1e50 does not
//! fit a decimal). Division and remainder by zero are errors for every kind (integer, float and
//! decimal), as the existing `div(1, 0.0)` behaviour already was.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::value::Value;

/// A number taken out of a [`Value`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int(i64),
    Float(f64),
    Decimal(Decimal),
}

/// Why an arithmetic operation has no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithError {
    /// The result (or a float converted to decimal) is out of range.
    Overflow,
    /// The divisor of `div` or `mod` is zero.
    DivideByZero,
}

/// A binary arithmetic operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    /// Integer division truncates toward zero.
    Div,
    /// The remainder takes the sign of the dividend (`mod(-5, 2)` is `-1`), as in .NET.
    Rem,
}

/// Two operands brought to a common kind.
enum Pair {
    Ints(i64, i64),
    Floats(f64, f64),
    Decimals(Decimal, Decimal),
}

impl Number {
    /// The number in a value (`Int`, `Float` or `Decimal`); `None` for anything else.
    pub fn from_value(value: &Value) -> Option<Number> {
        match value {
            Value::Int(i) => Some(Number::Int(*i)),
            Value::Float(f) => Some(Number::Float(*f)),
            Value::Decimal(d) => Some(Number::Decimal(*d)),
            _ => None,
        }
    }

    /// Back into a value.
    pub fn into_value(self) -> Value {
        match self {
            Number::Int(i) => Value::Int(i),
            Number::Float(f) => Value::Float(f),
            Number::Decimal(d) => Value::Decimal(d),
        }
    }

    /// As a double (decimals round to the nearest double).
    pub fn to_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
            Number::Decimal(d) => decimal_to_f64(d),
        }
    }

    /// As a decimal; floats round to 15 significant digits like .NET's `(decimal)double`.
    pub fn to_decimal(self) -> Option<Decimal> {
        match self {
            Number::Int(i) => Some(Decimal::from(i)),
            Number::Float(f) => float_to_decimal(f),
            Number::Decimal(d) => Some(d),
        }
    }

    /// True for `0`, `0.0`, `-0.0` and a zero decimal of any scale.
    pub fn is_zero(self) -> bool {
        match self {
            Number::Int(i) => i == 0,
            Number::Float(f) => f == 0.0,
            Number::Decimal(d) => d.is_zero(),
        }
    }
}

/// The double nearest to a decimal (through its text: `Decimal::to_f64` is not correctly
/// rounded).
pub(crate) fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

/// .NET's `(decimal)double`: round to 15 significant digits; `None` if non-finite or too large.
pub(crate) fn float_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    let text = format!("{f:.14e}");
    Decimal::from_scientific(&text)
        .ok()
        .or_else(|| (f.abs() < 1e-28).then_some(Decimal::ZERO))
        .map(|d| d.normalize())
}

fn promote(a: Number, b: Number) -> Result<Pair, ArithError> {
    use Number::*;
    Ok(match (a, b) {
        (Int(x), Int(y)) => Pair::Ints(x, y),
        (Decimal(_), _) | (_, Decimal(_)) => {
            let x = a.to_decimal().ok_or(ArithError::Overflow)?;
            let y = b.to_decimal().ok_or(ArithError::Overflow)?;
            Pair::Decimals(x, y)
        }
        _ => Pair::Floats(a.to_f64(), b.to_f64()),
    })
}

/// Applies `op` with the promotion rules in the module docs.
pub(crate) fn apply(op: Op, a: Number, b: Number) -> Result<Number, ArithError> {
    if matches!(op, Op::Div | Op::Rem) && b.is_zero() {
        return Err(ArithError::DivideByZero);
    }
    match promote(a, b)? {
        Pair::Ints(x, y) => {
            let result = match op {
                Op::Add => x.checked_add(y),
                Op::Sub => x.checked_sub(y),
                Op::Mul => x.checked_mul(y),
                Op::Div => x.checked_div(y),
                Op::Rem => x.checked_rem(y),
            };
            result.map(Number::Int).ok_or(ArithError::Overflow)
        }
        Pair::Floats(x, y) => Ok(Number::Float(match op {
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
            Op::Div => x / y,
            Op::Rem => x % y,
        })),
        Pair::Decimals(x, y) => {
            let result = match op {
                Op::Add => x.checked_add(y),
                Op::Sub => x.checked_sub(y),
                Op::Mul => x.checked_mul(y),
                Op::Div => x.checked_div(y),
                Op::Rem => x.checked_rem(y),
            };
            result.map(Number::Decimal).ok_or(ArithError::Overflow)
        }
    }
}

/// Orders two numbers of any kinds; `None` when a NaN is involved. A decimal compared with a
/// float that does not fit a decimal (huge or infinite) is compared as doubles.
pub(crate) fn compare(a: Number, b: Number) -> Option<Ordering> {
    match promote(a, b) {
        Ok(Pair::Ints(x, y)) => Some(x.cmp(&y)),
        Ok(Pair::Floats(x, y)) => x.partial_cmp(&y),
        Ok(Pair::Decimals(x, y)) => Some(x.cmp(&y)),
        Err(_) => a.to_f64().partial_cmp(&b.to_f64()),
    }
}

/// A decimal as a JSON number: integral decimals with scale 0 become JSON integers when they
/// fit `i64`/`u64`; everything else becomes the nearest double (JSON cannot keep the scale
/// without arbitrary-precision numbers — `string()` keeps it, as Microsoft's docs advise).
pub(crate) fn decimal_to_json(d: Decimal) -> serde_json::Value {
    if d.scale() == 0 {
        if let Some(i) = d.to_i64() {
            return serde_json::Value::from(i);
        }
        if let Some(u) = d.to_u64() {
            return serde_json::Value::from(u);
        }
    }
    serde_json::Number::from_f64(decimal_to_f64(d))
        .map_or(serde_json::Value::Null, serde_json::Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Number {
        Number::Decimal(s.parse().unwrap())
    }

    #[test]
    fn ints_stay_ints_and_overflow_is_an_error() {
        let r = apply(Op::Add, Number::Int(2_147_483_647), Number::Int(1));
        assert_eq!(r, Ok(Number::Int(2_147_483_648)));
        let r = apply(Op::Add, Number::Int(i64::MAX), Number::Int(1));
        assert_eq!(r, Err(ArithError::Overflow));
        assert_eq!(
            apply(Op::Div, Number::Int(-11), Number::Int(5)),
            Ok(Number::Int(-2))
        );
        assert_eq!(
            apply(Op::Rem, Number::Int(-5), Number::Int(2)),
            Ok(Number::Int(-1))
        );
        assert_eq!(
            apply(Op::Div, Number::Int(1), Number::Float(0.0)),
            Err(ArithError::DivideByZero)
        );
    }

    #[test]
    fn floats_overflow_to_infinity() {
        let r = apply(Op::Mul, Number::Float(1e308), Number::Int(2));
        assert_eq!(r, Ok(Number::Float(f64::INFINITY)));
    }

    #[test]
    fn decimals_win_over_ints_and_floats() {
        let big = dec("4294967295");
        let want = Ok(dec("18446744065119617025"));
        assert_eq!(apply(Op::Mul, big, Number::Int(4_294_967_295)), want);
        assert_eq!(apply(Op::Mul, big, Number::Float(4_294_967_295.0)), want);
        assert_eq!(
            apply(Op::Mul, dec("30.1"), Number::Float(1e50)),
            Err(ArithError::Overflow)
        );
        assert_eq!(
            apply(
                Op::Mul,
                dec("70000000000000000000000000000"),
                Number::Int(10)
            ),
            Err(ArithError::Overflow)
        );
        assert_eq!(
            apply(Op::Add, dec("0.1"), Number::Float(0.2)),
            Ok(dec("0.3"))
        );
        assert_eq!(
            apply(Op::Div, dec("1"), dec("0.000")),
            Err(ArithError::DivideByZero)
        );
    }

    #[test]
    fn floats_convert_to_decimal_with_fifteen_digits() {
        assert_eq!(float_to_decimal(0.1), Some("0.1".parse().unwrap()));
        assert_eq!(float_to_decimal(30.1), Some("30.1".parse().unwrap()));
        assert_eq!(
            float_to_decimal(1.0 / 3.0),
            Some("0.333333333333333".parse().unwrap())
        );
        assert_eq!(float_to_decimal(1e-30), Some(Decimal::ZERO));
        assert_eq!(float_to_decimal(f64::NAN), None);
        assert_eq!(float_to_decimal(1e50), None);
    }

    #[test]
    fn comparison_crosses_kinds() {
        assert_eq!(
            compare(Number::Int(1), Number::Float(1.0)),
            Some(Ordering::Equal)
        );
        assert_eq!(compare(dec("5.0"), Number::Int(5)), Some(Ordering::Equal));
        assert_eq!(
            compare(dec("0.1"), Number::Float(0.1)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            compare(dec("1"), Number::Float(f64::INFINITY)),
            Some(Ordering::Less)
        );
        assert_eq!(compare(Number::Float(f64::NAN), Number::Int(1)), None);
    }

    #[test]
    fn decimals_convert_to_the_nearest_double() {
        let d: Decimal = "1.2345678912312131".parse().unwrap();
        let nearest: f64 = "1.2345678912312131".parse().unwrap();
        assert_eq!(decimal_to_f64(d), nearest);
    }

    #[test]
    fn decimals_become_json_numbers() {
        let json = |s: &str| decimal_to_json(s.parse().unwrap()).to_string();
        assert_eq!(json("42"), "42");
        assert_eq!(json("18446744065119617025"), "18446744065119617025");
        assert_eq!(json("5.0000"), "5.0");
        assert_eq!(json("2.5"), "2.5");
    }
}

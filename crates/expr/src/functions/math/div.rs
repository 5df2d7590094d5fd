//! `div(a, b)`: integer division truncates toward zero; decimal quotients get .NET's scale.

use rust_decimal::Decimal;

use super::{OPERANDS, binary};
use crate::functions::prelude::*;
use crate::numeric::{Number, Op};

pub(crate) const DIV: Function = Function {
    name: "div",
    summary: "Divides two numbers; two integers give a truncated integer.",
    params: OPERANDS,
    returns: Ty::Number,
    imp: Eager(div),
    examples: &[
        ok("div(11, 5)", "2"),
        ok("div(-11, 5)", "-2"),
        ok("div(11, 5.0)", "2.2"),
        ok("string(div(decimal('1'), 8))", r#""0.125""#),
        ok("string(div(decimal('10'), 4))", r#""2.5""#),
        ok("string(div(decimal('4.00'), 2))", r#""2.00""#),
        fails("div(-1, 0)", "divide by zero"),
        fails("div(0, 0)", "divide by zero"),
        fails("div(1, decimal('0.00'))", "divide by zero"),
        fails("div(-9223372036854775808, -1)", "overflow"),
    ],
};

fn div(call: Call<'_>) -> Result<Value, EvalError> {
    let operands = decimal_operands(&call);
    match (binary(call, Op::Div)?, operands) {
        (Value::Decimal(q), Some((a, b))) => Ok(Value::Decimal(dotnet_scale(q, a, b))),
        (other, _) => Ok(other),
    }
}

/// Both operands as decimals, when the division is done in decimals.
fn decimal_operands(call: &Call<'_>) -> Option<(Decimal, Decimal)> {
    let (a, b) = (call.number(0).ok()?, call.number(1).ok()?);
    if !matches!(a, Number::Decimal(_)) && !matches!(b, Number::Decimal(_)) {
        return None;
    }
    Some((a.to_decimal()?, b.to_decimal()?))
}

/// The scale .NET gives a decimal quotient: the "natural" scale (dividend scale minus divisor
/// scale, at least 0) when the quotient is exact at that scale (`4.00 / 2` is `2.00`), else the
/// quotient without trailing zeros (`10 / 4` is `2.5`, `1 / 3` has 28 decimals).
fn dotnet_scale(quotient: Decimal, a: Decimal, b: Decimal) -> Decimal {
    let natural = a.scale().saturating_sub(b.scale());
    let at_natural = quotient.round_dp(natural);
    if at_natural.checked_mul(b) == Some(a) {
        let mut exact = at_natural;
        exact.rescale(natural);
        exact
    } else {
        quotient.normalize()
    }
}

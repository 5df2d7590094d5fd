//! `min(…)` and `max(…)`: numbers given as arguments or as one array.
//!
//! All numbers are brought to the widest kind among them before comparing (a decimal makes
//! decimals, otherwise a float makes floats), so the result has that kind: `max(1, 2.5, 3)` is
//! `3.0`, and `max(20, decimal('10'), 30.1)` is the decimal `30.1` (Logic Apps converts 30.1 up
//! to decimal: multiplying that result by `1e50` overflows). A NaN operand makes the result NaN,
//! as .NET's `Math.Max` does.

use std::cmp::Ordering;

use crate::functions::Param;
use crate::functions::prelude::*;
use crate::numeric::{self, Number};

const NUMBERS: &[Param] = &[repeated(
    "number",
    Ty::OneOf(&[Ty::Number, Ty::Array]),
    "Numbers to compare, or a single array of numbers.",
)];

pub(crate) const MIN: Function = Function {
    name: "min",
    summary: "Returns the lowest of a set of numbers or of one array of numbers.",
    params: NUMBERS,
    returns: Ty::Number,
    imp: Eager(min),
    examples: &[
        ok("min(1, 2, 3)", "1"),
        ok("min(createArray(1, 2, 3))", "1"),
        ok("min(3, 1.5)", "1.5"),
        ok("min(2, 3.5)", "2.0"),
        ok("string(min(decimal('2.50'), 3))", r#""2.50""#),
        fails("min(json('[]'))", "at least one number"),
        fails(
            "min(1, 'two')",
            "expects its second parameter to be an integer or a decimal number",
        ),
    ],
};

pub(crate) const MAX: Function = Function {
    name: "max",
    summary: "Returns the highest of a set of numbers or of one array of numbers.",
    params: NUMBERS,
    returns: Ty::Number,
    imp: Eager(max),
    examples: &[
        ok("max(1, 2, 3)", "3"),
        ok("max(createArray(1, 2, 3))", "3"),
        ok("max(-1)", "-1"),
        ok("max(1, 2.5, 3)", "3.0"),
        fails("mul(max(20, decimal('10'), 30.1), 1e50)", "overflow"),
        fails(
            "max(createArray(1, null))",
            "item at index 1 is of type 'Null'",
        ),
    ],
};

fn min(call: Call<'_>) -> Result<Value, EvalError> {
    extreme(&call, Ordering::Less)
}

fn max(call: Call<'_>) -> Result<Value, EvalError> {
    extreme(&call, Ordering::Greater)
}

/// The number that compares `wanted` against every other one.
fn extreme(call: &Call<'_>, wanted: Ordering) -> Result<Value, EvalError> {
    let numbers = operands(call)?;
    let numbers = unify(call, &numbers)?;
    let mut best = *numbers
        .first()
        .ok_or_else(|| call.error("expects at least one number, but the array is empty."))?;
    for &n in &numbers[1..] {
        match numeric::compare(n, best) {
            None => return Ok(Number::Float(f64::NAN).into_value()),
            Some(o) if o == wanted => best = n,
            Some(_) => {}
        }
    }
    if numeric::compare(best, best).is_none() {
        return Ok(Number::Float(f64::NAN).into_value());
    }
    Ok(best.into_value())
}

/// The numbers: every argument, or the items of a single array argument.
fn operands(call: &Call<'_>) -> Result<Vec<Number>, EvalError> {
    if let [Value::Array(items)] = call.args.as_slice() {
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                Number::from_value(item).ok_or_else(|| {
                    call.error(format_args!(
                        "expects an array of numbers. The item at index {i} is of type '{}'.",
                        item.type_name()
                    ))
                })
            })
            .collect();
    }
    let expected = if call.args.len() == 1 {
        Ty::OneOf(&[Ty::Number, Ty::Array])
    } else {
        Ty::Number
    };
    call.args
        .iter()
        .enumerate()
        .map(|(i, v)| Number::from_value(v).ok_or_else(|| call.type_error(i, expected, v)))
        .collect()
}

/// Converts every number to the widest kind present (decimal, else float, else integer).
fn unify(call: &Call<'_>, numbers: &[Number]) -> Result<Vec<Number>, EvalError> {
    let any = |f: fn(&Number) -> bool| numbers.iter().any(f);
    if any(|n| matches!(n, Number::Decimal(_))) {
        numbers
            .iter()
            .map(|n| {
                n.to_decimal().map(Number::Decimal).ok_or_else(|| {
                    call.error(format_args!(
                        "failed: the value '{}' does not fit a decimal (overflow).",
                        n.into_value().to_text()
                    ))
                })
            })
            .collect()
    } else if any(|n| matches!(n, Number::Float(_))) {
        Ok(numbers.iter().map(|n| Number::Float(n.to_f64())).collect())
    } else {
        Ok(numbers.to_vec())
    }
}

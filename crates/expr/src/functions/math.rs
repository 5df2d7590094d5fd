//! Math functions: `add`, `sub`, `mul`, `div`, `mod`.
//!
//! Integer ∘ integer stays an integer (64-bit, overflow is an error, division truncates); any
//! float operand makes the result a float (IEEE semantics, overflow gives infinity).

use super::{Arity, Call, Function, fails, ok};
use crate::error::EvalError;
use crate::value::Value;

pub(crate) const FUNCTIONS: &[Function] = &[
    Function::eager(
        "add",
        Arity::exactly(2),
        add,
        &[
            ok("add(1, 2)", "3"),
            ok("add(2147483647, 1)", "2147483648"),
            ok("add(1, 1.5)", "2.5"),
            fails("add(9223372036854775807, 1)", "overflow"),
            fails(
                "add('1', 2)",
                "expects its first parameter to be an integer or a decimal number",
            ),
        ],
    ),
    Function::eager(
        "sub",
        Arity::exactly(2),
        sub,
        &[
            ok("sub(10, 3)", "7"),
            ok("sub(10.3, .3)", "10.0"),
            fails("sub(-9223372036854775808, 1)", "overflow"),
        ],
    ),
    Function::eager(
        "mul",
        Arity::exactly(2),
        mul,
        &[
            ok("mul(3, 4)", "12"),
            ok("mul(1.5, 2)", "3.0"),
            fails("mul(4294967295, 4294967295)", "overflow"),
        ],
    ),
    Function::eager(
        "div",
        Arity::exactly(2),
        div,
        &[
            ok("div(11, 5)", "2"),
            ok("div(-11, 5)", "-2"),
            ok("div(11, 5.0)", "2.2"),
            fails("div(-1, 0)", "divide by zero"),
            fails("div(0, 0)", "divide by zero"),
            fails("div(-9223372036854775808, -1)", "overflow"),
        ],
    ),
    Function::eager(
        "mod",
        Arity::exactly(2),
        modulo,
        &[
            ok("mod(7, 3)", "1"),
            ok("mod(-5, 2)", "-1"),
            ok("mod(4, -3)", "1"),
            ok("mod(5.5, 2)", "1.5"),
            fails("mod(1, 0)", "divide by zero"),
        ],
    ),
];

/// One arithmetic operation: the checked integer form and the float form.
struct Op {
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
    /// Integer zero divisors are an error (div, mod); float ones follow IEEE for add/sub/mul only.
    divides: bool,
}

fn number(call: &Call<'_>, i: usize) -> Result<Value, EvalError> {
    match &call.args[i] {
        v @ (Value::Int(_) | Value::Float(_)) => Ok(v.clone()),
        other => Err(call.type_error(i, "an integer or a decimal number", other)),
    }
}

fn arithmetic(call: Call<'_>, op: Op) -> Result<Value, EvalError> {
    let (a, b) = (number(&call, 0)?, number(&call, 1)?);
    let is_zero = matches!(b, Value::Int(0)) || matches!(b, Value::Float(f) if f == 0.0);
    if op.divides && is_zero {
        return Err(call.error("cannot divide by zero: attempted to divide by zero."));
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => (op.int)(x, y).map(Value::Int).ok_or_else(|| {
            call.error(format_args!(
                "failed: arithmetic operation on '{x}' and '{y}' resulted in an overflow."
            ))
        }),
        (x, y) => Ok(Value::Float((op.float)(as_f64(&x), as_f64(&y)))),
    }
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

fn add(call: Call<'_>) -> Result<Value, EvalError> {
    arithmetic(
        call,
        Op {
            int: i64::checked_add,
            float: |a, b| a + b,
            divides: false,
        },
    )
}

fn sub(call: Call<'_>) -> Result<Value, EvalError> {
    arithmetic(
        call,
        Op {
            int: i64::checked_sub,
            float: |a, b| a - b,
            divides: false,
        },
    )
}

fn mul(call: Call<'_>) -> Result<Value, EvalError> {
    arithmetic(
        call,
        Op {
            int: i64::checked_mul,
            float: |a, b| a * b,
            divides: false,
        },
    )
}

fn div(call: Call<'_>) -> Result<Value, EvalError> {
    // checked_div truncates toward zero and reports MIN / -1 as overflow.
    arithmetic(
        call,
        Op {
            int: i64::checked_div,
            float: |a, b| a / b,
            divides: true,
        },
    )
}

fn modulo(call: Call<'_>) -> Result<Value, EvalError> {
    // `%` (and checked_rem) keeps the sign of the dividend, as .NET does.
    arithmetic(
        call,
        Op {
            int: i64::checked_rem,
            float: |a, b| a % b,
            divides: true,
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_hold() {
        super::super::check_examples(super::FUNCTIONS);
    }
}

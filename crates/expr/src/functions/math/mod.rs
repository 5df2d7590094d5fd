//! Math functions: `add`, `sub`, `mul`, `div`, `mod`, `min`, `max`, `rand`, `range`.
//!
//! Promotion (see [`crate::numeric`]): int ∘ int stays an integer (64-bit, overflow is an error,
//! division truncates); a decimal operand makes the result a decimal (overflow is an error);
//! otherwise a float operand makes it a float (IEEE: overflow gives infinity).

use crate::functions::Param;
use crate::functions::prelude::*;
use crate::numeric::{self, ArithError, Op};

crate::functions::category! {
    add: [ADD],
    sub: [SUB],
    mul: [MUL],
    div: [DIV],
    mod_: [MOD],
    min_max: [MIN, MAX],
    rand: [RAND],
    range: [RANGE],
}

/// The parameters of the binary operations.
const OPERANDS: &[Param] = &[
    param("number1", Ty::Number, "The first operand."),
    param("number2", Ty::Number, "The second operand."),
];

/// Applies `op` to the two arguments with Logic Apps' errors.
fn binary(call: Call<'_>, op: Op) -> Result<Value, EvalError> {
    let (a, b) = (call.number(0)?, call.number(1)?);
    numeric::apply(op, a, b)
        .map(numeric::Number::into_value)
        .map_err(|e| match e {
            ArithError::DivideByZero => {
                call.error("cannot divide by zero: attempted to divide by zero.")
            }
            ArithError::Overflow => call.error(format_args!(
                "failed: arithmetic operation on '{}' and '{}' resulted in an overflow.",
                call.value(0).to_text(),
                call.value(1).to_text()
            )),
        })
}

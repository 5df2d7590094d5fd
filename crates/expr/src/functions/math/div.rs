//! `div(a, b)`: integer division truncates toward zero.

use super::{OPERANDS, binary};
use crate::functions::prelude::*;
use crate::numeric::Op;

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
        fails("div(-1, 0)", "divide by zero"),
        fails("div(0, 0)", "divide by zero"),
        fails("div(1, decimal('0.00'))", "divide by zero"),
        fails("div(-9223372036854775808, -1)", "overflow"),
    ],
};

fn div(call: Call<'_>) -> Result<Value, EvalError> {
    binary(call, Op::Div)
}

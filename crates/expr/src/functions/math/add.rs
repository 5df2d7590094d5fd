//! `add(a, b)`.

use super::{OPERANDS, binary};
use crate::functions::prelude::*;
use crate::numeric::Op;

pub(crate) const ADD: Function = Function {
    name: "add",
    summary: "Returns the sum of two numbers.",
    params: OPERANDS,
    returns: Ty::Number,
    imp: Eager(add),
    examples: &[
        ok("add(1, 2)", "3"),
        ok("add(2147483647, 1)", "2147483648"),
        ok("add(1, 1.5)", "2.5"),
        ok("string(add(decimal('0.1'), 0.2))", r#""0.3""#),
        fails("add(9223372036854775807, 1)", "overflow"),
        fails(
            "add('1', 2)",
            "expects its first parameter to be an integer or a decimal number",
        ),
    ],
};

fn add(call: Call<'_>) -> Result<Value, EvalError> {
    binary(call, Op::Add)
}

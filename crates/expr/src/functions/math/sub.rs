//! `sub(a, b)`.

use super::{OPERANDS, binary};
use crate::functions::prelude::*;
use crate::numeric::Op;

pub(crate) const SUB: Function = Function {
    name: "sub",
    summary: "Returns the result of subtracting the second number from the first.",
    params: OPERANDS,
    returns: Ty::Number,
    imp: Eager(sub),
    examples: &[
        ok("sub(10, 3)", "7"),
        ok("sub(10.3, .3)", "10.0"),
        ok("string(sub(decimal('10.30'), 0.3))", r#""10.00""#),
        fails("sub(-9223372036854775808, 1)", "overflow"),
    ],
};

fn sub(call: Call<'_>) -> Result<Value, EvalError> {
    binary(call, Op::Sub)
}

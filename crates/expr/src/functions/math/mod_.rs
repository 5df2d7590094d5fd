//! `mod(a, b)`: the remainder takes the sign of the dividend, as in .NET.

use super::{OPERANDS, binary};
use crate::functions::prelude::*;
use crate::numeric::Op;

pub(crate) const MOD: Function = Function {
    name: "mod",
    summary: "Returns the remainder of dividing the first number by the second.",
    params: OPERANDS,
    returns: Ty::Number,
    imp: Eager(modulo),
    examples: &[
        ok("mod(7, 3)", "1"),
        ok("mod(-5, 2)", "-1"),
        ok("mod(4, -3)", "1"),
        ok("mod(5.5, 2)", "1.5"),
        fails("mod(1, 0)", "divide by zero"),
    ],
};

fn modulo(call: Call<'_>) -> Result<Value, EvalError> {
    binary(call, Op::Rem)
}

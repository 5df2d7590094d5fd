//! `mul(a, b)`.

use super::{OPERANDS, binary};
use crate::functions::prelude::*;
use crate::numeric::Op;

pub(crate) const MUL: Function = Function {
    name: "mul",
    summary: "Returns the product of two numbers.",
    params: OPERANDS,
    returns: Ty::Number,
    imp: Eager(mul),
    examples: &[
        ok("mul(3, 4)", "12"),
        ok("mul(1.5, 2)", "3.0"),
        ok("string(mul(1e308, 2))", r#""Infinity""#),
        ok(
            "string(mul(4294967295, 4294967295.0))",
            r#""1.8446744065119617E+19""#,
        ),
        ok(
            "string(mul(decimal('4294967295'), 4294967295.0))",
            r#""18446744065119617025""#,
        ),
        fails("mul(4294967295, 4294967295)", "overflow"),
        fails(
            "mul(decimal('70000000000000000000000000000'), 10)",
            "overflow",
        ),
        fails("mul(decimal('30.1'), 1e50)", "overflow"),
    ],
};

fn mul(call: Call<'_>) -> Result<Value, EvalError> {
    binary(call, Op::Mul)
}

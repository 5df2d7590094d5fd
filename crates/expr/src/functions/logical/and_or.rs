//! `and(…)` and `or(…)`: short-circuiting, left to right.

use crate::functions::prelude::*;

pub(crate) const AND: Function = Function {
    name: "and",
    summary: "Checks whether all expressions are true; stops at the first false.",
    params: &[repeated("expression", Ty::Boolean, "A boolean expression.")],
    returns: Ty::Boolean,
    imp: Lazy(and),
    examples: &[
        ok("and(true, true)", "true"),
        ok("and(false, int('x'))", "false"),
        fails(
            "and(true, 1)",
            "expects its second parameter to be a boolean",
        ),
    ],
};

pub(crate) const OR: Function = Function {
    name: "or",
    summary: "Checks whether at least one expression is true; stops at the first true.",
    params: &[repeated("expression", Ty::Boolean, "A boolean expression.")],
    returns: Ty::Boolean,
    imp: Lazy(or),
    examples: &[
        ok("or(false, true)", "true"),
        ok("or(true, undefinedFunction())", "true"),
        fails(
            "or(false, undefinedFunction())",
            "'undefinedFunction' is not defined",
        ),
    ],
};

fn and(call: LazyCall<'_>) -> Result<Value, EvalError> {
    short_circuit(call, false)
}

fn or(call: LazyCall<'_>) -> Result<Value, EvalError> {
    short_circuit(call, true)
}

/// Stops at the first argument equal to `stop_at`.
fn short_circuit(mut call: LazyCall<'_>, stop_at: bool) -> Result<Value, EvalError> {
    for i in 0..call.len() {
        if call.bool_arg(i)? == stop_at {
            return Ok(Value::Bool(stop_at));
        }
    }
    Ok(Value::Bool(!stop_at))
}

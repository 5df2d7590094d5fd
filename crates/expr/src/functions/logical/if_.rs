//! `if(condition, then, else)`: only the chosen branch is evaluated.

use crate::functions::prelude::*;

pub(crate) const IF: Function = Function {
    name: "if",
    summary: "Returns one of two values depending on a condition; the other is not evaluated.",
    params: &[
        param("expression", Ty::Boolean, "The condition."),
        param("valueIfTrue", Ty::Any, "The result when the condition is true."),
        param("valueIfFalse", Ty::Any, "The result when the condition is false."),
    ],
    returns: Ty::Any,
    imp: Lazy(if_),
    examples: &[
        ok("if(equals(1, 1), 'yes', 'no')", r#""yes""#),
        ok("if(false, int('boom'), 2)", "2"),
        fails("if(1, 2, 3)", "expects its first parameter to be a boolean"),
    ],
};

fn if_(mut call: LazyCall<'_>) -> Result<Value, EvalError> {
    let branch = if call.bool_arg(0)? { 1 } else { 2 };
    call.arg(branch)
}

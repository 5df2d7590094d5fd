//! `variables(name)`.

use crate::functions::prelude::*;

pub(crate) const VARIABLES: Function = Function {
    name: "variables",
    summary: "Returns the current value of a variable.",
    params: &[param("variableName", Ty::String, "The variable's name.")],
    returns: Ty::Any,
    imp: Eager(variables),
    examples: &[
        ok("variables('counter')", "3"),
        fails("variables('missing')", "variable 'missing'"),
    ],
};

fn variables(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.variable(call.string(0)?)
}

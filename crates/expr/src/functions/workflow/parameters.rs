//! `parameters(name)`.

use crate::functions::prelude::*;

pub(crate) const PARAMETERS: Function = Function {
    name: "parameters",
    summary: "Returns the value of a workflow parameter.",
    params: &[param("parameterName", Ty::String, "The parameter's name.")],
    returns: Ty::Any,
    imp: Eager(parameters),
    examples: &[ok("parameters('env')", r#""test""#)],
};

fn parameters(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.parameter(call.string(0)?)
}

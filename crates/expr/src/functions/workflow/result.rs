//! `result(scopeName)`.

use crate::functions::prelude::*;

pub(crate) const RESULT: Function = Function {
    name: "result",
    summary: "Returns the results of the first-level actions in a Scope, Foreach or Until.",
    params: &[param(
        "scopedActionName",
        Ty::String,
        "The Scope, Foreach or Until action.",
    )],
    returns: Ty::Array,
    imp: Eager(result),
    examples: &[ok("result('Scope')[0].status", r#""Failed""#)],
};

fn result(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.result(call.string(0)?)
}

//! `workflow()`.

use crate::functions::prelude::*;

pub(crate) const WORKFLOW: Function = Function {
    name: "workflow",
    summary: "Returns details about the workflow and the current run (name, id, run.name, …).",
    params: &[],
    returns: Ty::Object,
    imp: Eager(workflow),
    examples: &[ok("workflow().run.name", r#""run-1""#)],
};

fn workflow(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.workflow()
}

//! `action()`: the current action's result object.

use crate::functions::prelude::*;

pub(crate) const ACTION: Function = Function {
    name: "action",
    summary: "Returns the current action's result object (in webhook unsubscribe inputs, trackedProperties and Until conditions).",
    params: &[],
    returns: Ty::Object,
    imp: Eager(action),
    examples: &[
        ok("action().status", r#""Running""#),
        ok("action().outputs.body.done", "false"),
        fails("action('Until')", "expects 0 parameter(s)"),
    ],
};

fn action(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.current_action()
}

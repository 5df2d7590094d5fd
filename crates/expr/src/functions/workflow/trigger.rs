//! `trigger()`, `triggerBody()`, `triggerOutputs()`.

use super::take_path;
use crate::functions::prelude::*;

pub(crate) const TRIGGER: Function = Function {
    name: "trigger",
    summary: "Returns the trigger's result object: name, inputs, outputs, startTime, …",
    params: &[],
    returns: Ty::Object,
    imp: Eager(trigger),
    examples: &[ok("trigger().name", r#""manual""#)],
};

pub(crate) const TRIGGER_BODY: Function = Function {
    name: "triggerBody",
    summary: "Returns the trigger's body output (trigger().outputs.body).",
    params: &[],
    returns: Ty::Any,
    imp: Eager(trigger_body),
    examples: &[ok("triggerBody()?['order']?.id", "42")],
};

pub(crate) const TRIGGER_OUTPUTS: Function = Function {
    name: "triggerOutputs",
    summary: "Returns the trigger's outputs (trigger().outputs).",
    params: &[],
    returns: Ty::Object,
    imp: Eager(trigger_outputs),
    examples: &[ok(
        "triggerOutputs().headers['Content-Type']",
        r#""application/json""#,
    )],
};

fn trigger(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.trigger()
}

fn trigger_outputs(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(take_path(call.ctx.scope.trigger()?, &["outputs"]))
}

fn trigger_body(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(take_path(call.ctx.scope.trigger()?, &["outputs", "body"]))
}

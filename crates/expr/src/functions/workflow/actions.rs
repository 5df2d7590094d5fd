//! `actions(name)`, `outputs(name)`, `body(name)` and the aliases `actionOutputs`, `actionBody`.

use super::take_path;
use crate::functions::Param;
use crate::functions::prelude::*;

const ACTION_NAME: &[Param] = &[param("actionName", Ty::String, "The action's name.")];

pub(crate) const ACTIONS: Function = Function {
    name: "actions",
    summary: "Returns an action's result object: name, inputs, outputs, status, code, …",
    params: ACTION_NAME,
    returns: Ty::Object,
    imp: Eager(actions),
    examples: &[
        ok("actions('Get_user').status", r#""Succeeded""#),
        fails("actions(1)", "expects its parameter to be of type string"),
    ],
};

pub(crate) const OUTPUTS: Function = Function {
    name: "outputs",
    summary: "Returns an action's outputs (actions(name).outputs).",
    params: ACTION_NAME,
    returns: Ty::Any,
    imp: Eager(outputs),
    examples: &[ok("outputs('Get_user').statusCode", "200")],
};

pub(crate) const ACTION_OUTPUTS: Function = Function {
    name: "actionOutputs",
    summary: "Same as outputs(name).",
    params: ACTION_NAME,
    returns: Ty::Any,
    imp: Eager(outputs),
    examples: &[ok("actionOutputs('Get_user').statusCode", "200")],
};

pub(crate) const BODY: Function = Function {
    name: "body",
    summary: "Returns an action's body output (actions(name).outputs.body).",
    params: ACTION_NAME,
    returns: Ty::Any,
    imp: Eager(body),
    examples: &[
        ok("body('Get_user').name", r#""Ada""#),
        fails(
            "body('Get_user').nope",
            "property 'nope' doesn't exist, available properties are 'name, tags'",
        ),
        fails("body('Get_user').nmae", "Did you mean 'name'?"),
    ],
};

pub(crate) const ACTION_BODY: Function = Function {
    name: "actionBody",
    summary: "Same as body(name).",
    params: ACTION_NAME,
    returns: Ty::Any,
    imp: Eager(body),
    examples: &[ok("actionBody('Get_user')?.name", r#""Ada""#)],
};

fn actions(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.action(call.string(0)?)
}

fn outputs(call: Call<'_>) -> Result<Value, EvalError> {
    let action = call.ctx.scope.action(call.string(0)?)?;
    Ok(take_path(action, &["outputs"]))
}

fn body(call: Call<'_>) -> Result<Value, EvalError> {
    let action = call.ctx.scope.action(call.string(0)?)?;
    Ok(take_path(action, &["outputs", "body"]))
}

//! Workflow and reference functions: `trigger`, `actions`, `body`, `variables`, `item`, …

use super::{Arity, Call, Function, fails, ok};
use crate::error::EvalError;
use crate::value::Value;

pub(crate) const FUNCTIONS: &[Function] = &[
    Function::eager(
        "trigger",
        Arity::exactly(0),
        trigger,
        &[ok("trigger().name", r#""manual""#)],
    ),
    Function::eager(
        "triggerBody",
        Arity::exactly(0),
        trigger_body,
        &[ok("triggerBody()?['order']?.id", "42")],
    ),
    Function::eager(
        "triggerOutputs",
        Arity::exactly(0),
        trigger_outputs,
        &[ok(
            "triggerOutputs().headers['Content-Type']",
            r#""application/json""#,
        )],
    ),
    Function::eager(
        "actions",
        Arity::exactly(1),
        actions,
        &[
            ok("actions('Get_user').status", r#""Succeeded""#),
            fails("actions(1)", "expects its parameter to be a string"),
        ],
    ),
    Function::eager(
        "outputs",
        Arity::exactly(1),
        outputs,
        &[ok("outputs('Get_user').statusCode", "200")],
    ),
    Function::eager(
        "actionOutputs",
        Arity::exactly(1),
        outputs,
        &[ok("actionOutputs('Get_user').statusCode", "200")],
    ),
    Function::eager(
        "body",
        Arity::exactly(1),
        body,
        &[
            ok("body('Get_user').name", r#""Ada""#),
            fails(
                "body('Get_user').nope",
                "property 'nope' doesn't exist, available properties are 'name, tags'",
            ),
        ],
    ),
    Function::eager(
        "actionBody",
        Arity::exactly(1),
        body,
        &[ok("actionBody('Get_user')?.name", r#""Ada""#)],
    ),
    Function::eager(
        "result",
        Arity::exactly(1),
        result,
        &[ok("result('Scope')[0].status", r#""Failed""#)],
    ),
    Function::eager(
        "variables",
        Arity::exactly(1),
        variables,
        &[
            ok("variables('counter')", "3"),
            fails("variables('missing')", "variable 'missing'"),
        ],
    ),
    Function::eager(
        "parameters",
        Arity::exactly(1),
        parameters,
        &[ok("parameters('env')", r#""test""#)],
    ),
    Function::eager(
        "workflow",
        Arity::exactly(0),
        workflow,
        &[ok("workflow().run.name", r#""run-1""#)],
    ),
    Function::eager(
        "item",
        Arity::exactly(0),
        item,
        &[ok("item()", r#""apple""#)],
    ),
    Function::eager(
        "items",
        Arity::exactly(1),
        items,
        &[ok("items('Outer')", r#"{"n":1}"#)],
    ),
];

fn trigger(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.trigger()
}

fn trigger_outputs(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(call.ctx.scope.trigger()?.path(&["outputs"]))
}

fn trigger_body(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(call.ctx.scope.trigger()?.path(&["outputs", "body"]))
}

fn actions(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.action(call.string(0)?)
}

fn outputs(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(call.ctx.scope.action(call.string(0)?)?.path(&["outputs"]))
}

fn body(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(call
        .ctx
        .scope
        .action(call.string(0)?)?
        .path(&["outputs", "body"]))
}

fn result(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.result(call.string(0)?)
}

fn variables(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.variable(call.string(0)?)
}

fn parameters(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.parameter(call.string(0)?)
}

fn workflow(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.workflow()
}

fn item(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.item()
}

fn items(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.items(call.string(0)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_hold() {
        super::super::check_examples(super::FUNCTIONS);
    }
}

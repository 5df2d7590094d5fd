//! The If action's condition: evaluate, and insist on a boolean.

use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_expr::Value;
use flowline_model::{Action, Condition};

/// Evaluates an If condition. A non-boolean result or an expression error fails the action.
pub(crate) fn evaluate(ctx: &Ctx<'_>, action: &Action, condition: &Condition) -> Result<bool, Outcome> {
    match condition.evaluate(&ctx.scope()) {
        Ok(Value::Bool(b)) => Ok(b),
        Ok(other) => Err(Outcome::failed(
            "InvalidTemplate",
            format!(
                "The result of the evaluation of the '{}' action's expression is of type '{}' but is expected to be a value of type 'Boolean'.",
                action.name,
                other.type_name()
            ),
        )),
        Err(e) => Err(Outcome::failed(
            "InvalidTemplate",
            format!("Unable to process template language expressions for action '{}': {}", action.name, e.message),
        )),
    }
}

//! Query ("Filter array"): the elements of `from` for which `where` — evaluated per element with
//! `item()` — is `true`, in their original order; an empty array when none match.

use super::item_scope::{evaluate_for, member, type_name};
use super::required_array;
use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_model::Action;
use serde_json::{Value, json};

pub(crate) fn execute(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Outcome {
    let items = match required_array(inputs, "query") {
        Ok(items) => items,
        Err(o) => return o,
    };
    let Some(condition) = member(action, inputs, "where") else {
        return Outcome::failed("InvalidTemplate", "Required property 'where' expects a value but got null.");
    };
    let scope = ctx.scope();
    let mut kept = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match evaluate_for(action, &condition, &scope, (index, item)) {
            Ok(Value::Bool(true)) => kept.push(item.clone()),
            Ok(Value::Bool(false)) => {}
            Ok(other) => {
                return Outcome::failed(
                    "InvalidTemplate",
                    format!(
                        "The 'where' expression of action '{}' must evaluate to a boolean, but for the item at index {index} it returned a value of type '{}'.",
                        action.name,
                        type_name(&other)
                    ),
                );
            }
            Err(o) => return o,
        }
    }
    Outcome::succeeded(Some(json!({ "body": kept })))
}

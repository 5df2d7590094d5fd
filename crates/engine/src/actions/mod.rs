//! Built-in operations, one module each. An operation receives its evaluated inputs and returns an
//! [`Outcome`]; control actions (If, Scope) are driven by [`crate::run`].

pub mod condition;
mod http;
mod response;
mod terminate;
mod variables;

use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_model::{Action, ActionType};
use serde_json::Value;

/// Executes an operation with its evaluated inputs.
pub(crate) async fn dispatch(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Outcome {
    match action.action_type {
        ActionType::Compose => Outcome::succeeded(Some(inputs.clone())),
        ActionType::Response => response::execute(ctx, inputs).await,
        ActionType::InitializeVariable => variables::initialize(ctx, inputs),
        ActionType::SetVariable => variables::set(ctx, inputs),
        ActionType::Terminate => terminate::execute(ctx, inputs),
        ActionType::Http => http::execute(ctx, action, inputs).await,
        _ => Outcome::failed(
            "ActionTypeNotSupported",
            format!("Actions of type '{}' cannot run in this version of Flowline.", action.type_name),
        ),
    }
}

/// Whether an operation may take long enough that history should show it as Running while it
/// executes (outbound calls; built-in data operations finish at once).
pub(crate) fn is_long_running(action: &Action) -> bool {
    matches!(action.action_type, ActionType::Http)
}

/// The text of a JSON value used as a header value or query parameter: strings as they are,
/// anything else in Logic Apps' text form.
pub(crate) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => flowline_expr::Value::from(other).to_text(),
    }
}

/// Reads a required input property, or fails with the Logic Apps message.
pub(crate) fn required<'v>(inputs: &'v Value, name: &str) -> Result<&'v Value, Outcome> {
    match inputs.get(name) {
        Some(Value::Null) | None => Err(Outcome::failed(
            "InvalidTemplate",
            format!("Required property '{name}' expects a value but got null."),
        )),
        Some(v) => Ok(v),
    }
}

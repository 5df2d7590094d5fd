//! Built-in operations, one module each. An operation receives its evaluated inputs and returns an
//! [`Outcome`]; control actions (If, Scope) are driven by [`crate::run`].
//!
//! Select, Query and Table hold per-item expressions (`item()` is each element of `from`): the
//! driver asks [`evaluate_inputs`] for their inputs, which leaves those members as written, and
//! the operation evaluates them once per item through [`item_scope::ItemScope`].

pub mod condition;
pub(crate) mod http;
pub(crate) mod http_poll;
mod item_scope;
mod join;
mod parse_json;
mod query;
pub(crate) mod response;
mod select;
mod table;
pub(crate) mod terminate;
mod variables;
mod wait;
pub(crate) mod webhook;
mod workflow;

use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_expr::EvalError;
use flowline_model::{Action, ActionType};
use serde_json::Value;

/// Evaluates an action's inputs for the history and for [`dispatch`]. The members an operation
/// evaluates per item (Select's `select`, Query's `where`, Table's `columns`) are kept as written.
pub(crate) fn evaluate_inputs(ctx: &Ctx<'_>, action: &Action) -> Result<Value, EvalError> {
    match per_item_member(&action.action_type) {
        Some(member) => item_scope::evaluate_except(action, member, &ctx.scope()),
        None => action.inputs.evaluate(&ctx.scope()),
    }
}

/// The input member an operation evaluates once per item of `from`.
fn per_item_member(t: &ActionType) -> Option<&'static str> {
    match t {
        ActionType::Select => Some("select"),
        ActionType::Query => Some("where"),
        ActionType::Table => Some("columns"),
        _ => None,
    }
}

/// Executes an operation with its evaluated inputs.
pub(crate) async fn dispatch(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Outcome {
    match action.action_type {
        ActionType::Compose => Outcome::succeeded(Some(inputs.clone())),
        ActionType::Response => response::execute(ctx, inputs).await,
        ActionType::InitializeVariable => variables::initialize(ctx, inputs),
        ActionType::SetVariable => variables::set(ctx, inputs),
        ActionType::IncrementVariable => variables::increment(ctx, inputs, variables::Step::Up),
        ActionType::DecrementVariable => variables::increment(ctx, inputs, variables::Step::Down),
        ActionType::AppendToStringVariable => variables::append_to_string(ctx, inputs),
        ActionType::AppendToArrayVariable => variables::append_to_array(ctx, inputs),
        ActionType::ParseJson => parse_json::execute(inputs),
        ActionType::Select => select::execute(ctx, action, inputs),
        ActionType::Query => query::execute(ctx, action, inputs),
        ActionType::Join => join::execute(ctx, inputs),
        ActionType::Table => table::execute(ctx, action, inputs),
        ActionType::Wait => wait::execute(ctx, action, inputs).await,
        ActionType::Terminate => terminate::execute(ctx, inputs),
        ActionType::Http => http::call(ctx, action, inputs).await.outcome,
        ActionType::Workflow => workflow::execute(ctx, action, inputs).await,
        _ => Outcome::failed(
            "ActionTypeNotSupported",
            format!("Actions of type '{}' cannot run in this version of Flowline.", action.type_name),
        ),
    }
}

/// Whether an operation may take long enough that history should show it as Running while it
/// executes (outbound calls, Wait; built-in data operations finish at once).
/// Whether the action reads and writes a variable.
pub(crate) fn is_variable_action(action: &Action) -> bool {
    matches!(
        action.action_type,
        ActionType::InitializeVariable
            | ActionType::SetVariable
            | ActionType::IncrementVariable
            | ActionType::DecrementVariable
            | ActionType::AppendToStringVariable
            | ActionType::AppendToArrayVariable
    )
}

pub(crate) fn is_long_running(action: &Action) -> bool {
    matches!(action.action_type, ActionType::Http | ActionType::Wait | ActionType::Workflow)
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

/// Reads the required array input `from` of a data operation.
pub(crate) fn required_array<'v>(inputs: &'v Value, operation: &str) -> Result<&'v Vec<Value>, Outcome> {
    match required(inputs, "from")? {
        Value::Array(items) => Ok(items),
        other => Err(Outcome::failed(
            "InvalidTemplate",
            format!(
                "The 'from' property value in the '{operation}' action inputs is of type '{}'. The value must be an array.",
                item_scope::type_name(other)
            ),
        )),
    }
}

//! Save-time check of child workflow calls: a definition whose `Workflow` actions call the
//! workflow being saved — directly, or through other saved workflows — is refused with a
//! `WorkflowSelfReference` diagnostic at the calling action.
//!
//! Only calls visible without running anything count: a `host.workflow.id` written as a literal
//! (no expression). Calls whose target is computed at run time are checked by the engine when
//! they happen (`WorkflowRecursionNotAllowed`).

use crate::app::AppState;
use crate::error::ApiResult;
use flowline_model::{Action, ActionType, Actions, Definition, Diagnostic, DiagnosticCode};
use serde_json::Value;
use std::collections::{HashSet, VecDeque};

/// One literal child call in a definition.
struct Call {
    /// The calling action.
    action: String,
    /// JSON pointer of its `host.workflow.id`.
    pointer: String,
    /// The called workflow's name.
    target: String,
}

/// The literal child calls of a definition, in definition order (nested actions included).
fn calls(definition: &Definition) -> Vec<Call> {
    let mut out = Vec::new();
    collect(&definition.actions, &mut out);
    out
}

fn collect(actions: &Actions, out: &mut Vec<Call>) {
    for action in actions.iter() {
        if action.action_type == ActionType::Workflow
            && let Some(target) = literal_target(action)
        {
            let pointer = format!("{}/inputs/host/workflow/id", action.pointer);
            out.push(Call {
                action: action.name.clone(),
                pointer,
                target,
            });
        }
        for container in action.body.containers() {
            collect(container, out);
        }
    }
}

/// The workflow name of `host.workflow.id` when it is written without expressions.
fn literal_target(action: &Action) -> Option<String> {
    let id = action
        .raw
        .pointer("/inputs/host/workflow/id")
        .and_then(Value::as_str)?;
    if id.starts_with('@') || id.contains("@{") {
        return None;
    }
    id.trim()
        .rsplit('/')
        .find(|s| !s.is_empty())
        .map(str::to_string)
}

/// Diagnostics for the calls of `definition` (about to be saved as workflow `name`) that lead back
/// to `name`, following the current versions of the workflows they call.
pub(crate) async fn recursion_diagnostics(
    state: &AppState,
    name: &str,
    definition: &Definition,
) -> ApiResult<Vec<Diagnostic>> {
    let mut found = Vec::new();
    for call in calls(definition) {
        if let Some(path) = path_back(state, name, &call.target).await? {
            let chain = std::iter::once(name.to_string())
                .chain(path)
                .collect::<Vec<_>>()
                .join(" → ");
            found.push(
                Diagnostic::error(
                    DiagnosticCode::WorkflowSelfReference,
                    &call.pointer,
                    format!("The Workflow action '{}' makes the workflow call itself: {chain}.", call.action),
                )
                .with_hint("a workflow cannot call itself, directly or through other workflows; move the repeated work into a loop"),
            );
        }
    }
    Ok(found)
}

/// The chain of workflow names from `start` back to `origin` (both included), following literal
/// calls breadth-first through saved workflows; `None` when there is none.
async fn path_back(state: &AppState, origin: &str, start: &str) -> ApiResult<Option<Vec<String>>> {
    let mut queue = VecDeque::from([vec![start.to_string()]]);
    let mut seen = HashSet::new();
    while let Some(path) = queue.pop_front() {
        let current = path.last().cloned().unwrap_or_default();
        if current.eq_ignore_ascii_case(origin) {
            return Ok(Some(path));
        }
        if !seen.insert(current.to_ascii_lowercase()) {
            continue;
        }
        let Some(record) = state.store.get_workflow(&current).await? else {
            continue;
        };
        // A saved version that no longer validates has no calls to follow.
        let Ok(workflow) = state.prepared(&record.name, record.current_version).await else {
            continue;
        };
        for call in calls(&workflow.definition) {
            let mut next = path.clone();
            next.push(call.target);
            queue.push_back(next);
        }
    }
    Ok(None)
}

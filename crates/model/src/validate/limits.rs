//! Logic Apps limits: action count, nesting depth, trigger count and name rules.

use crate::definition::Definition;
use crate::diagnostics::{Diagnostic, DiagnosticCode, push_pointer};

/// Maximum actions per workflow, counted recursively.
pub const MAX_ACTIONS: usize = 500;
/// Maximum action nesting depth (top-level actions are depth 1).
pub const MAX_NESTING: usize = 8;
/// Maximum action/trigger name length in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Maximum triggers per workflow.
pub const MAX_TRIGGERS: usize = 10;

pub(super) fn check(def: &Definition, out: &mut Vec<Diagnostic>) {
    let all = def.actions.walk();
    let actions_pointer = push_pointer(&def.pointer, "actions");
    if all.len() > MAX_ACTIONS {
        out.push(
            Diagnostic::error(
                DiagnosticCode::TooManyActions,
                &actions_pointer,
                format!("the workflow has {} actions; the limit is {MAX_ACTIONS} (nested actions included)", all.len()),
            )
            .with_hint("split the workflow into child workflows (Workflow action) or loop over data instead of repeating actions"),
        );
    }
    if let Some((depth, deepest)) = all.iter().find(|(d, _)| *d > MAX_NESTING) {
        out.push(
            Diagnostic::error(
                DiagnosticCode::NestingTooDeep,
                &deepest.pointer,
                format!(
                    "action `{}` is nested {depth} levels deep; the limit is {MAX_NESTING}",
                    deepest.name
                ),
            )
            .with_hint("flatten the control flow or move the inner part into a child workflow"),
        );
    }
    for (_, a) in &all {
        check_name("action", &a.name, &a.pointer, out);
    }
    let triggers_pointer = push_pointer(&def.pointer, "triggers");
    for t in &def.triggers {
        check_name("trigger", &t.name, &t.pointer, out);
    }
    if def.triggers.len() > MAX_TRIGGERS {
        out.push(
            Diagnostic::error(
                DiagnosticCode::TooManyTriggers,
                &triggers_pointer,
                format!(
                    "the workflow has {} triggers; the limit is {MAX_TRIGGERS}",
                    def.triggers.len()
                ),
            )
            .with_hint(
                "split the workflow; Logic Apps Standard and the designer support a single trigger",
            ),
        );
    } else if def.triggers.is_empty() {
        out.push(
            Diagnostic::warning(
                DiagnosticCode::NoTrigger,
                &triggers_pointer,
                "the workflow has no trigger; it can never start",
            )
            .with_hint(
                "add a trigger, e.g. {\"manual\": {\"type\": \"Request\", \"kind\": \"Http\"}}",
            ),
        );
    }
}

fn check_name(what: &str, name: &str, pointer: &str, out: &mut Vec<Diagnostic>) {
    let chars = name.chars().count();
    if name.trim().is_empty() {
        out.push(
            Diagnostic::error(
                DiagnosticCode::InvalidName,
                pointer,
                format!("{what} name is empty"),
            )
            .with_hint(format!("give the {what} a non-empty name")),
        );
    } else if chars > MAX_NAME_CHARS {
        let short: String = name.chars().take(40).collect();
        out.push(
            Diagnostic::error(
                DiagnosticCode::NameTooLong,
                pointer,
                format!("{what} name `{short}…` is {chars} characters long; the limit is {MAX_NAME_CHARS}"),
            )
            .with_hint(format!("shorten the {what} name to at most {MAX_NAME_CHARS} characters")),
        );
    }
}

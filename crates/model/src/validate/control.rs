//! Control-action rules: Switch case count, Terminate placement and Until limits.

use super::duration::is_iso8601_duration;
use super::{is_expression, outside};
use crate::actions::{Action, Actions};
use crate::body::ActionBody;
use crate::definition::Definition;
use crate::diagnostics::{Diagnostic, DiagnosticCode, push_pointer};
use crate::types::ActionType;
use serde_json::Value;
use std::ops::RangeInclusive;

/// Maximum `cases` in one Switch.
pub const MAX_SWITCH_CASES: usize = 25;
/// Until `limit.count`.
pub const UNTIL_COUNT: RangeInclusive<i64> = 1..=5_000;

pub(super) fn check(def: &Definition, out: &mut Vec<Diagnostic>) {
    for (_, a) in def.actions.walk() {
        match &a.body {
            ActionBody::Switch { cases, .. } if cases.len() > MAX_SWITCH_CASES => {
                out.push(too_many_cases(a, cases.len()));
            }
            ActionBody::Until { .. } => check_until_limit(a, out),
            _ => {}
        }
    }
    check_terminate(&def.actions, None, out);
}

fn too_many_cases(switch: &Action, cases: usize) -> Diagnostic {
    Diagnostic::error(
        DiagnosticCode::TooManySwitchCases,
        push_pointer(&switch.pointer, "cases"),
        format!("switch `{}` has {cases} cases; the limit is {MAX_SWITCH_CASES}", switch.name),
    )
    .with_hint("merge cases that run the same actions, nest a second Switch in `default`, or look the value up in an object instead")
}

/// Terminate may not sit anywhere inside a Foreach or Until; `lp` is the innermost loop.
fn check_terminate(actions: &Actions, lp: Option<&Action>, out: &mut Vec<Diagnostic>) {
    for a in actions {
        if let (ActionType::Terminate, Some(lp)) = (&a.action_type, lp) {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::TerminateInLoop,
                    push_pointer(&a.pointer, "type"),
                    format!("terminate action `{}` is inside loop `{}`", a.name, lp.name),
                )
                .with_hint(format!("Terminate cannot be inside a Foreach or Until: set a variable in the loop and terminate after `{}` ends", lp.name)),
            );
        }
        let is_loop = matches!(
            a.body,
            ActionBody::Foreach { .. } | ActionBody::Until { .. }
        );
        let inner = if is_loop { Some(a) } else { lp };
        for container in a.body.containers() {
            check_terminate(container, inner, out);
        }
    }
}

fn check_until_limit(until: &Action, out: &mut Vec<Diagnostic>) {
    let Some(limit) = until.raw.get("limit") else {
        return;
    };
    let pointer = push_pointer(&until.pointer, "limit");
    if let Some(count) = limit.get("count").filter(|c| outside(c, &UNTIL_COUNT)) {
        out.push(
            Diagnostic::error(
                DiagnosticCode::UntilLimitOutOfRange,
                push_pointer(&pointer, "count"),
                format!(
                    "until `{}` has limit.count {count}; it must be a whole number from 1 to 5000",
                    until.name
                ),
            )
            .with_hint(
                "set limit.count between 1 and 5000 (default 60), or compute it with an expression",
            ),
        );
    }
    if let Some(timeout) = limit.get("timeout").filter(|t| !is_duration(t)) {
        out.push(
            Diagnostic::error(
                DiagnosticCode::UntilLimitOutOfRange,
                push_pointer(&pointer, "timeout"),
                format!(
                    "until `{}` has limit.timeout {timeout}, which is not an ISO 8601 duration",
                    until.name
                ),
            )
            .with_hint(
                "write an ISO 8601 duration such as \"PT1H\" (the default), \"PT30M\" or \"P1D\"",
            ),
        );
    }
}

/// A duration literal or an expression (checked when evaluated).
fn is_duration(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| is_expression(s) || is_iso8601_duration(s))
}

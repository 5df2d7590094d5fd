//! Validation: graph checks (`runAfter`), limits, concurrency settings, control-action rules,
//! retry policies and host capabilities.
//!
//! [`validate`] returns the document's load/model diagnostics followed by these checks for
//! every workflow; [`validate_definition`] runs only these checks on one definition.

mod concurrency;
mod control;
mod duration;
mod graph;
mod limits;
mod retry;

use crate::definition::{Definition, is_arm_expression};
use crate::diagnostics::{Diagnostic, DiagnosticCode, push_pointer};
use crate::document::Document;
use crate::types::{ActionType, TriggerType};
use serde_json::Value;
use std::ops::RangeInclusive;

/// What this host can execute. Known types it cannot run are reported as
/// `UnsupportedActionType` / `UnsupportedTriggerType`; unknown types are already reported
/// by the loader and are not asked about.
pub trait Capabilities {
    /// Whether actions of type `t` can run here.
    fn supports_action(&self, t: &ActionType) -> bool {
        let _ = t;
        true
    }

    /// Whether triggers of type `t` can fire here.
    fn supports_trigger(&self, t: &TriggerType) -> bool {
        let _ = t;
        true
    }
}

/// Capabilities that accept every known type (pure structural validation).
#[derive(Debug, Clone, Copy, Default)]
pub struct AllTypes;

impl Capabilities for AllTypes {}

/// All diagnostics for a document: load/model diagnostics, then per-workflow checks.
pub fn validate(doc: &Document, caps: &dyn Capabilities) -> Vec<Diagnostic> {
    let mut out = doc.diagnostics.clone();
    for w in &doc.workflows {
        out.extend(validate_definition(&w.definition, caps));
    }
    out
}

/// Graph, limit and capability checks for one definition (model-building diagnostics come
/// from [`Definition::from_json`]).
pub fn validate_definition(def: &Definition, caps: &dyn Capabilities) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    graph::check(def, &mut out);
    limits::check(def, &mut out);
    concurrency::check(def, &mut out);
    control::check(def, &mut out);
    retry::check(def, &mut out);
    check_variable_placement(def, &mut out);
    check_capabilities(def, caps, &mut out);
    out
}

/// A WDL expression (`@...`, checked when evaluated) or an ARM template expression
/// (`[...]`, resolved at deployment and reported as `ArmTemplateExpression`).
fn is_expression(s: &str) -> bool {
    s.trim_start().starts_with('@') || is_arm_expression(s)
}

/// Whether a numeric setting written as a literal is not a whole number in `range`.
/// Expressions are not literals and are never outside; whole floats (`20.0`) count.
fn outside(value: &Value, range: &RangeInclusive<i64>) -> bool {
    let whole = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9e15)
                .map(|f| f as i64)
        }),
        Value::String(s) if is_expression(s) => return false,
        _ => None,
    };
    !whole.is_some_and(|n| range.contains(&n))
}

/// InitializeVariable may only appear among the top-level actions.
fn check_variable_placement(def: &Definition, out: &mut Vec<Diagnostic>) {
    for (depth, a) in def.actions.walk() {
        if depth > 1 && a.action_type == ActionType::InitializeVariable {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::VariableNotTopLevel,
                    push_pointer(&a.pointer, "type"),
                    format!("action `{}` initializes a variable inside a Scope, If, Switch or loop", a.name),
                )
                .with_hint("move the InitializeVariable action to the top level of the workflow and use SetVariable inside"),
            );
        }
    }
}

fn check_capabilities(def: &Definition, caps: &dyn Capabilities, out: &mut Vec<Diagnostic>) {
    for t in &def.triggers {
        if t.trigger_type.is_known() && !caps.supports_trigger(&t.trigger_type) {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::UnsupportedTriggerType,
                    push_pointer(&t.pointer, "type"),
                    format!("trigger `{}` has type `{}`, which this Flowline host cannot run", t.name, t.trigger_type),
                )
                .with_hint("use a trigger type this host supports (see `flowline validate` for the list in this version), or install a connector that provides it"),
            );
        }
    }
    for (_, a) in def.actions.walk() {
        if a.action_type.is_known() && !caps.supports_action(&a.action_type) {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::UnsupportedActionType,
                    push_pointer(&a.pointer, "type"),
                    format!("action `{}` has type `{}`, which this Flowline host cannot run", a.name, a.action_type),
                )
                .with_hint("replace it with a built-in action (e.g. Http) or install a connector that provides it"),
            );
        }
    }
}

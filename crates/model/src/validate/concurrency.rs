//! Concurrency settings: Foreach `repetitions`, trigger `runs` and `maximumWaitingRuns`, and
//! the operation options they must not be combined with.

use super::outside;
use crate::actions::has_operation_option;
use crate::body::ActionBody;
use crate::definition::Definition;
use crate::diagnostics::{Diagnostic, DiagnosticCode, push_pointer};
use serde_json::Value;
use std::ops::RangeInclusive;

/// Foreach `runtimeConfiguration.concurrency.repetitions`.
pub const FOREACH_REPETITIONS: RangeInclusive<i64> = 1..=50;
/// Trigger `runtimeConfiguration.concurrency.runs`.
pub const TRIGGER_RUNS: RangeInclusive<i64> = 1..=100;
/// Trigger `runtimeConfiguration.concurrency.maximumWaitingRuns`. Consumption documents
/// 1–100, Standard allows 200 (`Runtime.Trigger.MaximumWaitingRuns`); Flowline hosts
/// Standard-style workflows, so the larger bound is used and no runnable Standard workflow
/// is rejected.
pub const TRIGGER_WAITING_RUNS: RangeInclusive<i64> = 1..=200;

/// One concurrency member of an action or trigger, located for diagnostics.
struct Setting<'a> {
    /// "foreach `Loop`" or "trigger `manual`".
    owner: String,
    /// `.../runtimeConfiguration/concurrency` pointer.
    pointer: String,
    concurrency: Option<&'a Value>,
}

impl Setting<'_> {
    fn check(&self, key: &str, range: RangeInclusive<i64>, out: &mut Vec<Diagnostic>) {
        let Some(value) = self.concurrency.and_then(|c| c.get(key)) else {
            return;
        };
        if outside(value, &range) {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::ConcurrencyOutOfRange,
                    push_pointer(&self.pointer, key),
                    format!("{} has concurrency `{key}` {value}; it must be a whole number from {} to {}", self.owner, range.start(), range.end()),
                )
                .with_hint(format!("set `{key}` between {} and {}, or remove it to use the default", range.start(), range.end())),
            );
        }
    }

    fn conflict(&self, key: &str, option: &str, out: &mut Vec<Diagnostic>) {
        if self.concurrency.and_then(|c| c.get(key)).is_none() {
            return;
        }
        out.push(
            Diagnostic::error(
                DiagnosticCode::ConflictingConcurrencySettings,
                push_pointer(&self.pointer, key),
                format!(
                    "{} sets both `operationOptions: {option}` and concurrency `{key}`",
                    self.owner
                ),
            )
            .with_hint(format!(
                "set one, not both: `{key}: 1` means the same as `{option}`; remove one of them"
            )),
        );
    }
}

pub(super) fn check(def: &Definition, out: &mut Vec<Diagnostic>) {
    for (_, a) in def.actions.walk() {
        if !matches!(a.body, ActionBody::Foreach { .. }) {
            continue;
        }
        let setting = setting(format!("foreach `{}`", a.name), &a.pointer, &a.raw);
        setting.check("repetitions", FOREACH_REPETITIONS, out);
        if a.has_operation_option("Sequential") {
            setting.conflict("repetitions", "Sequential", out);
        }
    }
    for t in &def.triggers {
        let setting = setting(format!("trigger `{}`", t.name), &t.pointer, &t.raw);
        setting.check("runs", TRIGGER_RUNS, out);
        setting.check("maximumWaitingRuns", TRIGGER_WAITING_RUNS, out);
        if has_operation_option(t.raw.get("operationOptions"), "SingleInstance") {
            setting.conflict("runs", "SingleInstance", out);
        }
    }
}

fn setting<'a>(owner: String, pointer: &str, raw: &'a Value) -> Setting<'a> {
    let runtime = push_pointer(pointer, "runtimeConfiguration");
    Setting {
        owner,
        pointer: push_pointer(&runtime, "concurrency"),
        concurrency: raw
            .get("runtimeConfiguration")
            .and_then(|r| r.get("concurrency")),
    }
}

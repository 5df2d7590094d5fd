//! `inputs.retryPolicy` of actions and triggers: the type, `count` and the ISO 8601 intervals.
//!
//! Rules (Logic Apps, `error-exception-handling.md` and the limits page): `type` is one of
//! `default`, `none`, `fixed`, `exponential` (case-insensitive); `fixed` and `exponential` need a
//! `count` from 1 to 90 and an `interval`; `exponential` may add `minimumInterval` and
//! `maximumInterval` (minimum ≤ maximum). Every interval is a positive ISO 8601 duration of at
//! most one day. Members written as expressions (`@parameters('n')`) are checked when evaluated.

use super::duration::{duration_seconds, is_iso8601_duration};
use super::{is_expression, outside};
use crate::definition::Definition;
use crate::diagnostics::{Diagnostic, DiagnosticCode, did_you_mean, push_pointer};
use serde_json::Value;
use std::ops::RangeInclusive;

/// Retry `count` of a `fixed` or `exponential` policy.
pub const RETRY_COUNT: RangeInclusive<i64> = 1..=90;
/// The longest retry interval, in seconds (one day).
pub const MAX_RETRY_INTERVAL_SECONDS: f64 = 86_400.0;

const TYPES: [&str; 4] = ["default", "none", "fixed", "exponential"];
const INTERVALS: [&str; 3] = ["interval", "minimumInterval", "maximumInterval"];

pub(super) fn check(def: &Definition, out: &mut Vec<Diagnostic>) {
    for (_, a) in def.actions.walk() {
        let owner = format!("action `{}`", a.name);
        check_owner(&owner, &a.pointer, &a.raw, out);
    }
    for t in &def.triggers {
        let owner = format!("trigger `{}`", t.name);
        check_owner(&owner, &t.pointer, &t.raw, out);
    }
}

fn check_owner(owner: &str, pointer: &str, raw: &Value, out: &mut Vec<Diagnostic>) {
    let Some(policy) = raw.get("inputs").and_then(|i| i.get("retryPolicy")) else {
        return;
    };
    let pointer = push_pointer(&push_pointer(pointer, "inputs"), "retryPolicy");
    Policy {
        owner,
        pointer: &pointer,
        value: policy,
    }
    .check(out);
}

/// One `retryPolicy` object, located for diagnostics.
struct Policy<'a> {
    owner: &'a str,
    pointer: &'a str,
    value: &'a Value,
}

impl Policy<'_> {
    fn check(&self, out: &mut Vec<Diagnostic>) {
        let object = match self.value {
            Value::Object(o) => o,
            Value::String(s) if is_expression(s) => return,
            other => {
                out.push(self.error(
                    self.pointer.to_string(),
                    format!("{} has a retryPolicy {other}; it must be an object such as {{\"type\": \"fixed\", \"count\": 3, \"interval\": \"PT10S\"}}", self.owner),
                    "write the policy as an object with a `type` of default, none, fixed or exponential",
                ));
                return;
            }
        };
        let kind = match object.get("type") {
            Some(Value::String(s)) if is_expression(s) => return,
            Some(Value::String(s)) if TYPES.iter().any(|t| t.eq_ignore_ascii_case(s)) => {
                s.to_ascii_lowercase()
            }
            other => {
                let written =
                    other.map_or_else(|| "no type".to_string(), |v| format!("the type {v}"));
                let wanted = other.and_then(Value::as_str).unwrap_or_default();
                let hint = did_you_mean(wanted, TYPES)
                    .unwrap_or_else(|| "use default, none, fixed or exponential".to_string());
                out.push(self.error(
                    push_pointer(self.pointer, "type"),
                    format!("{} has a retryPolicy with {written}; it must be default, none, fixed or exponential", self.owner),
                    hint,
                ));
                return;
            }
        };
        if kind == "fixed" || kind == "exponential" {
            self.check_count(object.get("count"), out);
            if object.get("interval").is_none() {
                out.push(self.error(
                    self.pointer.to_string(),
                    format!(
                        "{} has a {kind} retryPolicy without an `interval`",
                        self.owner
                    ),
                    "add an ISO 8601 `interval` such as \"PT10S\"",
                ));
            }
        }
        let lengths: Vec<Option<f64>> = INTERVALS
            .iter()
            .map(|name| {
                object
                    .get(*name)
                    .and_then(|v| self.check_interval(name, v, out))
            })
            .collect();
        if let (Some(min), Some(max)) = (lengths[1], lengths[2])
            && min > max
        {
            out.push(self.error(
                push_pointer(self.pointer, "minimumInterval"),
                format!(
                    "{} has a retryPolicy whose minimumInterval is longer than its maximumInterval",
                    self.owner
                ),
                "make minimumInterval shorter than or equal to maximumInterval",
            ));
        }
    }

    fn check_count(&self, count: Option<&Value>, out: &mut Vec<Diagnostic>) {
        let pointer = push_pointer(self.pointer, "count");
        let message = match count {
            None => format!("{} has a retryPolicy without a `count`", self.owner),
            Some(Value::String(s))
                if s.trim()
                    .parse::<i64>()
                    .is_ok_and(|n| RETRY_COUNT.contains(&n)) =>
            {
                return;
            }
            Some(c) if !outside(c, &RETRY_COUNT) => return,
            Some(c) => format!(
                "{} has a retryPolicy count {c}; it must be a whole number from 1 to 90",
                self.owner
            ),
        };
        out.push(self.error(pointer, message, "set `count` between 1 and 90"));
    }

    /// Checks one interval member; its length in seconds when it is a literal duration.
    fn check_interval(&self, name: &str, value: &Value, out: &mut Vec<Diagnostic>) -> Option<f64> {
        let pointer = push_pointer(self.pointer, name);
        let text = match value {
            Value::String(s) if is_expression(s) => return None,
            Value::String(s) if is_iso8601_duration(s) => s,
            other => {
                out.push(self.error(
                    pointer,
                    format!(
                        "{} has a retryPolicy {name} {other}, which is not an ISO 8601 duration",
                        self.owner
                    ),
                    "write an ISO 8601 duration such as \"PT10S\", \"PT5M\" or \"PT1H\"",
                ));
                return None;
            }
        };
        let seconds = duration_seconds(text)?;
        if seconds <= 0.0 || seconds > MAX_RETRY_INTERVAL_SECONDS {
            out.push(self.error(
                pointer,
                format!("{} has a retryPolicy {name} \"{text}\"; it must be longer than zero and at most one day (P1D)", self.owner),
                "use an interval between PT1S and P1D",
            ));
            return None;
        }
        Some(seconds)
    }

    fn error(&self, pointer: String, message: String, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error(DiagnosticCode::InvalidRetryPolicy, pointer, message).with_hint(hint)
    }
}

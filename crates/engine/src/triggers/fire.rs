//! Firing a trigger: every execution (a request, a poll, a schedule occurrence) either starts runs
//! or is recorded as not fired — both in trigger history with one Trigger meter each, in the same
//! journal entry as the history record.
//!
//! Order of decisions: an execution that found nothing (`Skipped`) or failed is recorded as such;
//! then `conditions` (all must be true, evaluated against the trigger's outputs); then `splitOn`
//! (one run per array item, each with the item as its trigger body and its own history record);
//! then trigger concurrency (a run beyond `runs` + `maximumWaitingRuns` is refused and recorded
//! as Failed with code `TooManyRequests`).

use crate::engine::{Engine, EngineError, StartedRun, TriggerInvocation};
use crate::outcome::error;
use crate::prepare::PreparedWorkflow;
use crate::scope::RunScope;
use crate::state::RunState;
use crate::time::format;
use chrono::{DateTime, Utc};
use flowline_model::Trigger;
use flowline_storage::{
    Commit, JournalEntry, MeterCategory, MeterRecord, Status, TriggerHistoryRecord,
};
use serde_json::{Value, json};
use std::sync::Arc;

/// Most runs one `splitOn` may start (Logic Apps: 100,000; 100 with trigger concurrency on).
pub const MAX_SPLIT_ITEMS: usize = 100_000;
/// Most runs one `splitOn` may start when the trigger limits concurrency.
pub const MAX_SPLIT_ITEMS_WITH_CONCURRENCY: usize = 100;

/// One trigger execution, before conditions and splitOn.
#[derive(Debug, Clone)]
pub struct TriggerEvent {
    /// Trigger name (as in the definition).
    pub trigger: String,
    /// Recorded inputs (the request, the poll's request, `{}` for a schedule).
    pub inputs: Value,
    /// Outputs `{headers?, body?, ...}` the run sees as `triggerOutputs()`.
    pub outputs: Value,
    /// Result code (`OK`, `Accepted`, `NotFound`…).
    pub code: String,
    /// `Succeeded` when the execution found something to fire on; `Skipped` when it found
    /// nothing (a 202 poll); `Failed` when it failed.
    pub status: Status,
    /// The error of a failed execution.
    pub error: Option<Value>,
    /// For schedules and polls: the occurrence this execution belongs to.
    pub scheduled_time: Option<DateTime<Utc>>,
    /// Client tracking id the caller asked for.
    pub client_tracking_id: Option<String>,
    /// Correlation id the caller gave.
    pub correlation_id: Option<String>,
    /// Whether an HTTP caller waits for a Response action.
    pub caller_waits: bool,
}

impl TriggerEvent {
    /// A successful execution of `trigger` with `outputs`.
    pub fn new(trigger: impl Into<String>, inputs: Value, outputs: Value) -> Self {
        TriggerEvent {
            trigger: trigger.into(),
            inputs,
            outputs,
            code: "OK".into(),
            status: Status::Succeeded,
            error: None,
            scheduled_time: None,
            client_tracking_id: None,
            correlation_id: None,
            caller_waits: false,
        }
    }
}

/// Why an execution started no run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFiredReason {
    /// It found nothing to fire on (a 202 poll).
    NothingFound,
    /// Its execution failed (the poll failed, an expression failed).
    Failed,
    /// A condition was false.
    ConditionsNotMet,
    /// `splitOn` gave an empty array.
    NoItems,
    /// The trigger's concurrency limit and waiting line were full.
    Throttled,
}

/// The history record of an execution that started no run.
pub struct NotFired {
    /// Trigger history id.
    pub history_id: String,
    /// Why.
    pub reason: NotFiredReason,
    /// The recorded status and code.
    pub status: Status,
    /// The recorded code.
    pub code: String,
    /// Resolves when the record is durable.
    pub recorded: Commit,
}

/// What a trigger execution did.
pub struct Firing {
    /// The runs started (one, or one per `splitOn` item).
    pub runs: Vec<StartedRun>,
    /// When no run started: the record written instead.
    pub not_fired: Option<NotFired>,
    /// `splitOn` items refused because the trigger was full (each recorded as not fired).
    pub throttled: usize,
}

impl Engine {
    /// Executes a trigger for `event`: records it in trigger history (metered) and starts the
    /// runs it fires. Errors only when the trigger does not exist or storage is gone.
    pub fn fire(
        &self,
        workflow: Arc<PreparedWorkflow>,
        event: TriggerEvent,
    ) -> Result<Firing, EngineError> {
        let def = workflow
            .trigger(&event.trigger)
            .ok_or_else(|| EngineError::UnknownTrigger(event.trigger.clone()))?;
        let now = self.now();
        if event.status != Status::Succeeded {
            let reason = if event.status == Status::Failed {
                NotFiredReason::Failed
            } else {
                NotFiredReason::NothingFound
            };
            return Ok(self.not_fired(
                &workflow,
                &event,
                reason,
                event.status,
                event.error.clone(),
            ));
        }
        let probe = probe_object(def, &event, now);
        let state = RunState::new(
            workflow.clone(),
            String::new(),
            String::new(),
            probe,
            workflow.parameters.clone(),
            None,
        );
        let scope = RunScope::new(&state, now, &self.inner.config);
        for (i, condition) in def.conditions.iter().enumerate() {
            match condition.evaluate(&scope) {
                Ok(flowline_expr::Value::Bool(true)) => {}
                Ok(flowline_expr::Value::Bool(false)) => {
                    return Ok(self.not_fired(
                        &workflow,
                        &event,
                        NotFiredReason::ConditionsNotMet,
                        Status::Succeeded,
                        None,
                    ));
                }
                Ok(other) => {
                    let e = error(
                        "InvalidTemplate",
                        format!(
                            "The trigger condition {i} of '{}' must evaluate to true or false, not {}.",
                            def.name,
                            other.type_name()
                        ),
                    );
                    return Ok(self.not_fired(
                        &workflow,
                        &event,
                        NotFiredReason::Failed,
                        Status::Failed,
                        Some(e),
                    ));
                }
                Err(e) => {
                    let e = error(
                        "InvalidTemplate",
                        format!("The trigger condition {i} of '{}' failed: {e}", def.name),
                    );
                    return Ok(self.not_fired(
                        &workflow,
                        &event,
                        NotFiredReason::Failed,
                        Status::Failed,
                        Some(e),
                    ));
                }
            }
        }
        let outputs = match split(def, &scope) {
            Ok(None) => vec![event.outputs.clone()],
            Ok(Some(items)) if items.is_empty() => {
                return Ok(self.not_fired(
                    &workflow,
                    &event,
                    NotFiredReason::NoItems,
                    Status::Succeeded,
                    None,
                ));
            }
            Ok(Some(items)) => {
                let limit = match super::gate::Limits::of(def) {
                    Some(_) => MAX_SPLIT_ITEMS_WITH_CONCURRENCY,
                    None => MAX_SPLIT_ITEMS,
                };
                if items.len() > limit {
                    let e = error(
                        "TriggerSplitOnItemsLimitExceeded",
                        format!(
                            "The splitOn of trigger '{}' gave {} items; at most {limit} are allowed.",
                            def.name,
                            items.len()
                        ),
                    );
                    return Ok(self.not_fired(
                        &workflow,
                        &event,
                        NotFiredReason::Failed,
                        Status::Failed,
                        Some(e),
                    ));
                }
                items
                    .into_iter()
                    .map(|item| with_body(&event.outputs, item))
                    .collect()
            }
            Err(e) => {
                return Ok(self.not_fired(
                    &workflow,
                    &event,
                    NotFiredReason::Failed,
                    Status::Failed,
                    Some(e),
                ));
            }
        };
        let mut firing = Firing {
            runs: Vec::new(),
            not_fired: None,
            throttled: 0,
        };
        let split = def.split_on.is_some();
        for outputs in outputs {
            let Some(admission) = self.inner.gates.admit(&workflow.name, def) else {
                let e = error(
                    "TooManyRequests",
                    format!(
                        "The trigger '{}' already has the most runs its concurrency settings allow running and waiting.",
                        def.name
                    ),
                );
                let record = self.record_not_fired(
                    &workflow,
                    &event,
                    NotFiredReason::Throttled,
                    Status::Failed,
                    Some(e),
                );
                firing.throttled += 1;
                firing.not_fired.get_or_insert(record);
                continue;
            };
            let invocation = TriggerInvocation {
                trigger: def.name.clone(),
                inputs: event.inputs.clone(),
                outputs,
                client_tracking_id: event.client_tracking_id.clone(),
                correlation_id: event.correlation_id.clone(),
                // A split request is answered with 202: no run's Response reaches the caller.
                caller_waits: event.caller_waits && !split,
                scheduled_time: event.scheduled_time,
                code: Some(event.code.clone()),
                parent_call: None,
            };
            firing
                .runs
                .push(self.start_admitted(workflow.clone(), invocation, admission)?);
        }
        if !firing.runs.is_empty() {
            firing.not_fired = None;
        }
        Ok(firing)
    }

    /// A firing that started no run, recorded by [`Engine::record_not_fired`].
    fn not_fired(
        &self,
        workflow: &PreparedWorkflow,
        event: &TriggerEvent,
        reason: NotFiredReason,
        status: Status,
        error: Option<Value>,
    ) -> Firing {
        let record = self.record_not_fired(workflow, event, reason, status, error);
        Firing {
            runs: Vec::new(),
            not_fired: Some(record),
            throttled: 0,
        }
    }

    /// Records an execution that started no run (history + meter in one journal entry).
    fn record_not_fired(
        &self,
        workflow: &PreparedWorkflow,
        event: &TriggerEvent,
        reason: NotFiredReason,
        status: Status,
        error: Option<Value>,
    ) -> NotFired {
        let now = self.now();
        let id = history_id();
        let code = match reason {
            NotFiredReason::Throttled => "TooManyRequests".to_string(),
            _ => event.code.clone(),
        };
        let history = TriggerHistoryRecord {
            id: id.clone(),
            workflow: workflow.name.clone(),
            trigger: event.trigger.clone(),
            status,
            code: Some(code.clone()),
            fired: false,
            run_id: None,
            inputs: Some(event.inputs.clone()),
            outputs: Some(event.outputs.clone()),
            error,
            start_time: now,
            end_time: Some(now),
        };
        let meter = MeterRecord {
            key: format!("trigger/{id}"),
            workflow: workflow.name.clone(),
            run_id: None,
            operation: event.trigger.clone(),
            category: MeterCategory::Trigger,
            units: 1,
            at: now,
        };
        let recorded = self
            .store()
            .journal()
            .submit(vec![JournalEntry::TriggerFired {
                history,
                run: None,
                meter,
            }]);
        NotFired {
            history_id: id,
            reason,
            status,
            code,
            recorded,
        }
    }
}

/// The trigger object conditions and `splitOn` see as `trigger()` / `triggerOutputs()`.
fn probe_object(def: &Trigger, event: &TriggerEvent, now: DateTime<Utc>) -> Value {
    let mut t = json!({
        "name": def.name,
        "inputs": event.inputs,
        "outputs": event.outputs,
        "startTime": format(now),
        "endTime": format(now),
        "code": event.code,
        "status": event.status.as_str(),
    });
    if let Some(s) = event.scheduled_time {
        t["scheduledTime"] = json!(format(s));
    }
    t
}

/// Evaluates `splitOn`: `Ok(None)` without one, the items when it gives an array.
fn split(def: &Trigger, scope: &RunScope<'_>) -> Result<Option<Vec<Value>>, Value> {
    let Some(template) = &def.split_on else {
        return Ok(None);
    };
    match template.evaluate(scope) {
        Ok(v) => match v.into_json() {
            Value::Array(items) => Ok(Some(items)),
            other => Err(error(
                "InvalidTemplate",
                format!(
                    "The splitOn of trigger '{}' must give an array, but gave {}.",
                    def.name,
                    match other {
                        Value::Null => "null",
                        Value::Object(_) => "an object",
                        Value::String(_) => "a string",
                        _ => "a single value",
                    }
                ),
            )),
        },
        Err(e) => Err(error(
            "InvalidTemplate",
            format!("The splitOn of trigger '{}' failed: {e}", def.name),
        )),
    }
}

/// The trigger outputs of one split item: the original outputs with the item as `body`.
fn with_body(outputs: &Value, item: Value) -> Value {
    let mut out = match outputs {
        Value::Object(o) => Value::Object(o.clone()),
        _ => json!({}),
    };
    out["body"] = item;
    out
}

/// A new trigger history id: time-ordered (UUID v7), 32 upper-case hex digits, like run ids.
fn history_id() -> String {
    uuid::Uuid::now_v7().simple().to_string().to_uppercase()
}

/// Whether a condition of the trigger reads `triggers().code` / `trigger().code`: Logic Apps then
/// lets the conditions decide which status codes fire instead of firing on 200 only.
pub fn conditions_read_code(def: &Trigger) -> bool {
    def.raw
        .get("conditions")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .filter_map(|c| c.get("expression").and_then(Value::as_str))
                .any(|text| {
                    let lower = text.to_ascii_lowercase().replace(' ', "");
                    lower.contains("trigger().code")
                        || lower.contains("triggers().code")
                        || lower.contains("['code']")
                })
        })
}

/// The trigger's `trackedProperties` evaluated against its trigger object, if it has any. A
/// property whose expression fails records the error text instead of a value.
pub(crate) fn tracked_properties(
    engine_config: &crate::EngineConfig,
    def: &Trigger,
    workflow: &Arc<PreparedWorkflow>,
    trigger: &Value,
    now: DateTime<Utc>,
) -> Option<Value> {
    let Some(Value::Object(props)) = def.raw.get("trackedProperties") else {
        return None;
    };
    let state = RunState::new(
        workflow.clone(),
        String::new(),
        String::new(),
        trigger.clone(),
        workflow.parameters.clone(),
        None,
    );
    let scope = RunScope::new(&state, now, engine_config);
    let mut out = serde_json::Map::new();
    for (k, v) in props {
        let value = match flowline_expr::JsonTemplate::compile(v) {
            Ok(t) => t.evaluate(&scope).unwrap_or_else(|e| json!({ "error": { "code": "TrackedPropertiesEvaluationFailed", "message": e.to_string() } })),
            Err(errors) => {
                let message = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                json!({ "error": { "code": "TrackedPropertiesEvaluationFailed", "message": message } })
            }
        };
        out.insert(k.clone(), value);
    }
    Some(Value::Object(out))
}

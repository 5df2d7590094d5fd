//! Resubmitting a finished run: a new run of the same workflow version with the same trigger
//! outputs — from the start, or *from an action*: the actions that come before it reuse the
//! original run's results (recorded in the new run with code `ResubmittedResults`, not executed and
//! not billed again) and the rest runs anew.
//!
//! Resubmitting from an action needs a sequential prefix: the action must be a top-level action,
//! and every other top-level action must run either before it (a transitive `runAfter`
//! predecessor, whose recorded results are reused — with everything nested in it) or after it.
//! An action on a parallel branch makes the request fail with the reason, as does a predecessor
//! that never ran in the original. Variables start as the reused variable actions left them.

use crate::engine::{Engine, EngineError, StartedRun, TriggerInvocation};
use crate::prepare::PreparedWorkflow;
use crate::replay::Replay;
use flowline_model::{Action, ActionType, Actions};
use flowline_storage::{ActionAttemptRecord, JournalEntry, RunRecord, Status};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The code reused results carry in the new run.
pub const RESUBMITTED_RESULTS: &str = "ResubmittedResults";

/// Why a run cannot be resubmitted (from that action).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResubmitError {
    /// The run has not finished.
    #[error("the run '{0}' is still in progress; only a finished run can be resubmitted")]
    NotFinished(String),
    /// No top-level action of that name.
    #[error("the workflow has no top-level action named '{0}' (resubmitting from an action inside a Scope, condition, Switch or loop is not supported)")]
    NotTopLevel(String),
    /// An action runs in parallel with the chosen one.
    #[error("cannot resubmit from '{action}': '{parallel}' runs in parallel with it (neither before nor after it)")]
    Parallel {
        /// The chosen action.
        action: String,
        /// An action on a parallel branch.
        parallel: String,
    },
    /// A predecessor has no recorded result in the original run.
    #[error("cannot resubmit from '{action}': '{missing}', which runs before it, has no recorded result in the original run")]
    MissingResult {
        /// The chosen action.
        action: String,
        /// The predecessor without a result.
        missing: String,
    },
}

/// What a resubmitted run starts from.
pub(crate) struct Seed {
    origin: String,
    from_action: Option<String>,
    records: Vec<ActionAttemptRecord>,
    variables: Vec<(String, Value)>,
}

/// A seed bound to the new run's id.
pub(crate) struct Planted {
    pub replay: Replay,
    pub variables: Vec<(String, Value)>,
    /// The reused results, recorded in the new run (unbilled) with the run's creation.
    pub entries: Vec<JournalEntry>,
    /// `{runId, action?}` of the original, kept on the new run's trigger.
    pub origin: Value,
}

impl Seed {
    pub(crate) fn for_run(self, run_id: &str) -> Planted {
        let records: Vec<ActionAttemptRecord> =
            self.records.into_iter().map(|r| ActionAttemptRecord { run_id: run_id.to_string(), ..r }).collect();
        let mut entries: Vec<JournalEntry> =
            records.iter().map(|r| JournalEntry::ActionAttempt { attempt: r.clone(), meter: None }).collect();
        entries.extend(self.variables.iter().map(|(name, value)| JournalEntry::VariableSet {
            run_id: run_id.to_string(),
            name: name.clone(),
            value: value.clone(),
        }));
        let mut origin = json!({ "runId": self.origin });
        if let Some(a) = self.from_action {
            origin["action"] = json!(a);
        }
        Planted { replay: Replay::new(records), variables: self.variables, entries, origin }
    }
}

impl Engine {
    /// Resubmits a finished run of `workflow` (the version it ran): from the start, or from the
    /// top-level action `from_action` reusing the results of the actions before it.
    pub async fn resubmit(
        &self,
        workflow: Arc<PreparedWorkflow>,
        original: &RunRecord,
        from_action: Option<&str>,
    ) -> Result<StartedRun, EngineError> {
        if !original.status.is_terminal() {
            return Err(ResubmitError::NotFinished(original.id.clone()).into());
        }
        let seed = match from_action {
            None => Seed { origin: original.id.clone(), from_action: None, records: Vec::new(), variables: Vec::new() },
            Some(name) => {
                let attempts = self.store().list_action_attempts(&original.id).await?;
                plan(&workflow, original, name, attempts)?
            }
        };
        let trigger = &original.trigger;
        let invocation = TriggerInvocation {
            trigger: trigger.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
            inputs: trigger.get("inputs").cloned().unwrap_or(Value::Null),
            outputs: trigger.get("outputs").cloned().unwrap_or_else(|| json!({})),
            ..TriggerInvocation::default()
        };
        self.start_seeded(workflow, invocation, None, Some(seed))
    }
}

/// The seed of a resubmission from `action`.
fn plan(workflow: &PreparedWorkflow, original: &RunRecord, action: &str, attempts: Vec<ActionAttemptRecord>) -> Result<Seed, ResubmitError> {
    let top = &workflow.definition.actions;
    let chosen = top
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(action))
        .ok_or_else(|| ResubmitError::NotTopLevel(action.to_string()))?;
    let before = related(top, &chosen.name, |a| a.run_after.iter().map(|r| r.action.clone()).collect());
    let after = related(top, &chosen.name, |a| {
        top.iter().filter(|b| b.run_after.iter().any(|r| r.action == a.name)).map(|b| b.name.clone()).collect()
    });
    if let Some(parallel) = top.iter().find(|a| a.name != chosen.name && !before.contains(&a.name) && !after.contains(&a.name)) {
        return Err(ResubmitError::Parallel { action: chosen.name.clone(), parallel: parallel.name.clone() });
    }
    // The last attempt of each action (and iteration) the reused actions recorded.
    let mut reused_names: HashSet<&str> = HashSet::new();
    for a in top.iter().filter(|a| before.contains(&a.name)) {
        reused_names.insert(&a.name);
        for container in a.body.containers() {
            reused_names.extend(crate::run::nested_names(container));
        }
    }
    let mut last: HashMap<(String, Vec<flowline_storage::RepetitionIndex>), ActionAttemptRecord> = HashMap::new();
    for a in attempts.into_iter().filter(|a| reused_names.contains(a.action.as_str()) && a.status != Status::Running) {
        let key = (a.action.clone(), a.repetition.clone());
        if last.get(&key).is_none_or(|prev| prev.attempt < a.attempt) {
            last.insert(key, a);
        }
    }
    if let Some(missing) = before.iter().find(|name| !last.contains_key(&((*name).clone(), Vec::new()))) {
        return Err(ResubmitError::MissingResult { action: chosen.name.clone(), missing: missing.clone() });
    }
    let mut records: Vec<ActionAttemptRecord> = last.into_values().collect();
    records.sort_by_key(|a| (a.end_time, a.start_time));
    let variables = variables_after(top, &records);
    for r in &mut records {
        r.code = Some(RESUBMITTED_RESULTS.to_string());
        r.attempt = 1;
    }
    Ok(Seed { origin: original.id.clone(), from_action: Some(chosen.name.clone()), records, variables })
}

/// The names reachable from `start` by `next` (not including `start`).
fn related(top: &Actions, start: &str, next: impl Fn(&Action) -> Vec<String>) -> HashSet<String> {
    let by_name: HashMap<&str, &Action> = top.iter().map(|a| (a.name.as_str(), a)).collect();
    let mut seen = HashSet::new();
    let mut stack = vec![start.to_string()];
    while let Some(name) = stack.pop() {
        if let Some(a) = by_name.get(name.as_str()) {
            for n in next(a) {
                if seen.insert(n.clone()) {
                    stack.push(n);
                }
            }
        }
    }
    seen
}

/// Variables as the reused variable actions left them (records in the order they ended): an
/// InitializeVariable's outputs give the type and value, later ones the value after the update.
fn variables_after(top: &Actions, records: &[ActionAttemptRecord]) -> Vec<(String, Value)> {
    let mut by_name: HashMap<&str, &Action> = HashMap::new();
    collect_actions(top, &mut by_name);
    let mut vars: Map<String, Value> = Map::new();
    for r in records.iter().filter(|r| r.status == Status::Succeeded) {
        let Some(body) = r.outputs.as_ref().and_then(|o| o.get("body")) else { continue };
        let Some(name) = body.get("name").and_then(Value::as_str) else { continue };
        let value = body.get("value").cloned().unwrap_or(Value::Null);
        match by_name.get(r.action.as_str()) {
            Some(a) if a.action_type == ActionType::InitializeVariable => {
                let ty = body.get("type").cloned().unwrap_or(Value::Null);
                vars.insert(name.to_string(), json!({ "type": ty, "value": value }));
            }
            Some(a) if crate::actions::is_variable_action(a) => {
                if let Some((_, slot)) = vars.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                    slot["value"] = value;
                }
            }
            _ => {}
        }
    }
    vars.into_iter().collect()
}

fn collect_actions<'a>(actions: &'a Actions, out: &mut HashMap<&'a str, &'a Action>) {
    for a in actions.iter() {
        out.insert(&a.name, a);
        for c in a.body.containers() {
            collect_actions(c, out);
        }
    }
}

//! Loop history: an action's iterations (`…/actions/{action}/repetitions`) and the iteration
//! counts shown on run actions ([`LoopCounts`]).

use super::convert;
use super::runs::{find_action, run_actions, status_filter};
use crate::app::AppState;
use crate::error::ApiResult;
use axum::Json;
use axum::extract::{Path, Query, State};
use flowline_api_types as api;
use flowline_engine::PreparedWorkflow;
use flowline_model::ActionType;
use flowline_storage::{ActionAttemptRecord, RepetitionIndex, RunRecord};
use std::collections::{HashMap, HashSet};

/// `GET /api/workflows/{name}/runs/{runId}/actions/{action}/repetitions`: the iterations of an
/// action inside loops — the latest attempt per repetition (its `repetitionIndexes`), ordered by
/// item indexes, outermost loop first. `?status=Failed` (any run status, case-insensitive) keeps
/// only the iterations with that status; an unknown status is a 400. An action that ran outside
/// any loop has no repetitions (an empty list); an unknown run or an action with no record in
/// the run is a 404.
#[utoipa::path(get, path = "/api/workflows/{name}/runs/{runId}/actions/{action}/repetitions", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"), ("runId" = String, Path, description = "Run id"),
        ("action" = String, Path, description = "Action name (case-insensitive)"),
        ("status" = Option<String>, Query, description = "Only iterations with this status")),
    responses((status = 200, body = api::RunActionRepetitionList), (status = 400, body = api::ApiErrorBody),
        (status = 404, body = api::ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Path((name, run_id, action)): Path<(String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<api::RunActionRepetitionList>> {
    let status = status_filter(&params)?;
    let (_, attempts) = run_actions(&state, &name, &run_id).await?;
    let action = find_action(&attempts, &run_id, &action)?.action.as_str();
    let mut iterations: Vec<&ActionAttemptRecord> = attempts
        .iter()
        .filter(|a| a.action == action && !a.repetition.is_empty())
        .filter(|a| status.is_none_or(|s| a.status == s))
        .collect();
    iterations.sort_by_key(|a| item_indexes(&a.repetition));
    Ok(Json(api::RunActionRepetitionList { value: iterations.into_iter().map(convert::repetition).collect() }))
}

fn item_indexes(repetition: &[RepetitionIndex]) -> Vec<u64> {
    repetition.iter().map(|r| r.item_index).collect()
}

/// The loop counts of a run's actions, derived from its latest attempts (one per action and
/// repetition, as `runs::latest_attempts` gives them):
///
/// - a `Foreach` gets `repetitionCount` and an `Until` gets `iterationCount`: the number of
///   distinct item indexes recorded under it — attempts whose repetition continues the loop
///   record's own repetition with `{scopeName: <loop>, itemIndex}`. So a loop inside another loop
///   counts per outer iteration, and a loop whose iterations recorded nothing counts 0;
/// - any other action inside loops gets `repetitionCount`: how many of its iterations were
///   recorded in the whole run;
/// - an action outside loops gets neither.
///
/// Loop types come from the run's own workflow version; if that cannot be read, loops get only
/// the count they would have as actions inside loops.
pub(crate) struct LoopCounts {
    loop_types: HashMap<String, ActionType>,
    per_action: HashMap<String, u64>,
    /// (loop name, the loop record's repetition) → item indexes seen under it.
    iterations: HashMap<(String, Vec<RepetitionIndex>), HashSet<u64>>,
}

impl LoopCounts {
    /// Counts `attempts` of `run`, reading loop types from the run's workflow version.
    pub async fn load(state: &AppState, run: &RunRecord, attempts: &[ActionAttemptRecord]) -> Self {
        let prepared = state.prepared(&run.workflow, run.version).await.ok();
        Self::new(prepared.as_deref(), attempts)
    }

    /// Counts `attempts`; `workflow` tells which actions are loops.
    pub fn new(workflow: Option<&PreparedWorkflow>, attempts: &[ActionAttemptRecord]) -> Self {
        let mut counts = LoopCounts { loop_types: HashMap::new(), per_action: HashMap::new(), iterations: HashMap::new() };
        for a in attempts {
            if !counts.loop_types.contains_key(&a.action)
                && let Some(found) = workflow.and_then(|w| w.definition.actions.find(&a.action))
                && matches!(found.action_type, ActionType::Foreach | ActionType::Until)
            {
                counts.loop_types.insert(a.action.clone(), found.action_type.clone());
            }
            if !a.repetition.is_empty() {
                *counts.per_action.entry(a.action.clone()).or_default() += 1;
            }
            for (depth, r) in a.repetition.iter().enumerate() {
                let key = (r.scope_name.clone(), a.repetition[..depth].to_vec());
                counts.iterations.entry(key).or_default().insert(r.item_index);
            }
        }
        counts
    }

    /// The API form of `attempt` with its counts.
    pub fn action(&self, attempt: &ActionAttemptRecord) -> api::RunAction {
        let mut out = convert::action(attempt);
        let own = || {
            let key = (attempt.action.clone(), attempt.repetition.clone());
            self.iterations.get(&key).map_or(0, |seen| seen.len() as u64)
        };
        match self.loop_types.get(&attempt.action) {
            Some(ActionType::Until) => out.iteration_count = Some(own()),
            Some(_) => out.repetition_count = Some(own()),
            None => out.repetition_count = self.per_action.get(&attempt.action).copied(),
        }
        out
    }
}

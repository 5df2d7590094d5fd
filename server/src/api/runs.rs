//! Run history: list (filtered, paged), get, cancel, and each run's actions.

use super::convert;
use super::repetitions::LoopCounts;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use flowline_api_types as api;
use flowline_storage::{ActionAttemptRecord, RunQuery, RunRecord, Status};
use std::collections::{BTreeMap, HashMap};

/// A query parameter, also accepted with a `$` prefix (`$top`).
fn param<'a>(params: &'a HashMap<String, String>, k: &str) -> Option<&'a str> {
    params.get(k).or_else(|| params.get(&format!("${k}"))).map(String::as_str)
}

/// Reads the `status` filter from a query string (case-insensitive; 400 for an unknown value).
pub(crate) fn status_filter(params: &HashMap<String, String>) -> ApiResult<Option<Status>> {
    param(params, "status")
        .map(|s| {
            s.parse::<Status>().map_err(|_| {
                ApiError::bad_request(
                    "InvalidParameter",
                    format!("The query parameter 'status' has the unknown value '{s}'; use one of Running, Succeeded, Failed, Cancelled, TimedOut, Skipped, Waiting."),
                )
            })
        })
        .transpose()
}

/// Reads `status`, `from`, `to`, `top` and `continuation` from a query string.
pub(crate) fn run_query(params: &HashMap<String, String>) -> ApiResult<RunQuery> {
    let get = |k: &str| param(params, k);
    let status = status_filter(params)?;
    let time = |k: &str| -> ApiResult<Option<DateTime<Utc>>> {
        get(k)
            .map(|s| {
                DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|_| {
                    ApiError::bad_request(
                        "InvalidParameter",
                        format!("The query parameter '{k}' value '{s}' is not an RFC 3339 timestamp such as 2026-11-22T08:00:00Z."),
                    )
                })
            })
            .transpose()
    };
    let top = match get("top") {
        None => 50,
        Some(s) => match s.parse::<u32>() {
            Ok(n @ 1..=1000) => n,
            _ => {
                return Err(ApiError::bad_request(
                    "InvalidParameter",
                    format!("The query parameter 'top' value '{s}' must be a number from 1 to 1000."),
                ));
            }
        },
    };
    // `trackedProperties.orderId=42` (repeatable: every one must match).
    let tracked_properties = params
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("trackedProperties.").map(|name| (name.to_string(), v.clone())))
        .collect();
    Ok(RunQuery {
        status,
        from: time("from")?,
        to: time("to")?,
        top,
        continuation: get("continuation").map(str::to_string),
        client_tracking_id: get("clientTrackingId").map(str::to_string),
        tracked_properties,
    })
}

/// The link to the next page: the same query with the continuation token.
pub(crate) fn next_link(base: &str, query: &RunQuery, continuation: Option<String>) -> Option<String> {
    let token = continuation?;
    let mut url = format!("{base}?top={}&continuation={}", query.top, super::encode(&token));
    if let Some(s) = query.status {
        url.push_str(&format!("&status={s}"));
    }
    if let Some(f) = query.from {
        url.push_str(&format!("&from={}", super::encode(&f.to_rfc3339())));
    }
    if let Some(t) = query.to {
        url.push_str(&format!("&to={}", super::encode(&t.to_rfc3339())));
    }
    if let Some(id) = &query.client_tracking_id {
        url.push_str(&format!("&clientTrackingId={}", super::encode(id)));
    }
    for (name, value) in &query.tracked_properties {
        url.push_str(&format!("&trackedProperties.{}={}", super::encode(name), super::encode(value)));
    }
    Some(url)
}

/// `GET /api/workflows/{name}/runs`: runs, newest first.
#[utoipa::path(get, path = "/api/workflows/{name}/runs", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"),
        ("status" = Option<String>, Query, description = "Only runs with this status"),
        ("from" = Option<String>, Query, description = "Started at or after (RFC 3339)"),
        ("to" = Option<String>, Query, description = "Started before (RFC 3339)"),
        ("top" = Option<u32>, Query, description = "Page size, 1–1000 (default 50)"),
        ("continuation" = Option<String>, Query, description = "Token from nextLink"),
        ("clientTrackingId" = Option<String>, Query, description = "Only runs with this client tracking id"),
        ("trackedProperties.{name}" = Option<String>, Query,
            description = "Only runs whose trigger or an action tracked property `name` has this value (repeatable)")),
    responses((status = 200, body = api::RunList), (status = 400, body = api::ApiErrorBody), (status = 404, body = api::ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<api::RunList>> {
    let query = run_query(&params)?;
    state.workflow(&name).await?;
    let page = state.store.list_runs(&name, &query).await?;
    let base = format!("{}/api/workflows/{}/runs", state.config.public_url, super::encode(&name));
    Ok(Json(api::RunList {
        value: page.items.iter().map(convert::run).collect(),
        next_link: next_link(&base, &query, page.continuation),
    }))
}

/// `GET /api/workflows/{name}/runs/{runId}`.
#[utoipa::path(get, path = "/api/workflows/{name}/runs/{runId}", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"), ("runId" = String, Path, description = "Run id")),
    responses((status = 200, body = api::Run), (status = 404, body = api::ApiErrorBody)))]
pub async fn get(State(state): State<AppState>, Path((name, run_id)): Path<(String, String)>) -> ApiResult<Json<api::Run>> {
    state.workflow(&name).await?;
    let run = state.store.get_run(&name, &run_id).await?.ok_or_else(|| ApiError::run_not_found(&name, &run_id))?;
    Ok(Json(convert::run(&run)))
}

/// `POST /api/workflows/{name}/runs/{runId}/cancel`: cancels a running run.
#[utoipa::path(post, path = "/api/workflows/{name}/runs/{runId}/cancel", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"), ("runId" = String, Path, description = "Run id")),
    responses((status = 202), (status = 404, body = api::ApiErrorBody), (status = 409, body = api::ApiErrorBody)))]
pub async fn cancel(State(state): State<AppState>, Path((name, run_id)): Path<(String, String)>) -> ApiResult<StatusCode> {
    state.workflow(&name).await?;
    let run = state.store.get_run(&name, &run_id).await?.ok_or_else(|| ApiError::run_not_found(&name, &run_id))?;
    if run.status.is_terminal() || !state.engine.request_cancel(&run_id).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "WorkflowRunCanNotBeCancelled",
            format!("The run '{run_id}' is {} and cannot be cancelled.", run.status),
        ));
    }
    Ok(StatusCode::ACCEPTED)
}

/// The latest attempt of each action (per loop iteration), in start order.
fn latest_attempts(attempts: Vec<ActionAttemptRecord>) -> Vec<ActionAttemptRecord> {
    group_attempts(attempts).into_iter().map(|(latest, _)| latest).collect()
}

/// The attempts of each action (per loop iteration), in start order: the latest, and the ones
/// before it (its retries) oldest first. Of several records with one attempt number the last
/// listed wins, as a finished attempt replaces its Running marker.
fn group_attempts(attempts: Vec<ActionAttemptRecord>) -> Vec<(ActionAttemptRecord, Vec<ActionAttemptRecord>)> {
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut groups: Vec<BTreeMap<u32, ActionAttemptRecord>> = Vec::new();
    for a in attempts {
        let key = (a.action.clone(), serde_json::to_string(&a.repetition).unwrap_or_default());
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(BTreeMap::new());
            groups.len() - 1
        });
        groups[i].insert(a.attempt, a);
    }
    groups
        .into_iter()
        .filter_map(|mut by_number| {
            let (_, latest) = by_number.pop_last()?;
            Some((latest, by_number.into_values().collect()))
        })
        .collect()
}

/// The run and the latest attempt of each of its actions per loop iteration (404 for an unknown
/// workflow or run).
pub(crate) async fn run_actions(
    state: &AppState,
    name: &str,
    run_id: &str,
) -> ApiResult<(RunRecord, Vec<ActionAttemptRecord>)> {
    state.workflow(name).await?;
    let run = state.store.get_run(name, run_id).await?.ok_or_else(|| ApiError::run_not_found(name, run_id))?;
    Ok((run, latest_attempts(state.store.list_action_attempts(run_id).await?)))
}

/// The first recorded attempt of `action` (exact name first, then case-insensitive), or a 404.
pub(crate) fn find_action<'a>(
    attempts: &'a [ActionAttemptRecord],
    run_id: &str,
    action: &str,
) -> ApiResult<&'a ActionAttemptRecord> {
    attempts
        .iter()
        .find(|a| a.action == action)
        .or_else(|| attempts.iter().find(|a| a.action.eq_ignore_ascii_case(action)))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "WorkflowRunActionNotFound",
                format!("The run '{run_id}' has no action named '{action}'."),
            )
        })
}

/// The API form of each grouped attempt: loop counts, `retryHistory`, secured members hidden,
/// static results marked.
async fn run_action_list(
    state: &AppState,
    run: &RunRecord,
    groups: &[(ActionAttemptRecord, Vec<ActionAttemptRecord>)],
) -> Vec<api::RunAction> {
    let latest: Vec<ActionAttemptRecord> = groups.iter().map(|(a, _)| a.clone()).collect();
    let counts = LoopCounts::load(state, run, &latest).await;
    let workflow = state.prepared(&run.workflow, run.version).await.ok();
    groups
        .iter()
        .map(|(a, earlier)| {
            let mut out = convert::with_definition(counts.action(a), workflow.as_deref());
            out.retry_history = convert::retry_history(earlier);
            out
        })
        .collect()
}

/// The run and its actions' attempts grouped as [`group_attempts`] does (404 for an unknown
/// workflow or run).
async fn run_attempt_groups(
    state: &AppState,
    name: &str,
    run_id: &str,
) -> ApiResult<(RunRecord, Vec<(ActionAttemptRecord, Vec<ActionAttemptRecord>)>)> {
    state.workflow(name).await?;
    let run = state.store.get_run(name, run_id).await?.ok_or_else(|| ApiError::run_not_found(name, run_id))?;
    Ok((run, group_attempts(state.store.list_action_attempts(run_id).await?)))
}

/// `GET /api/workflows/{name}/runs/{runId}/actions`: every action's latest attempt, one per loop
/// iteration, with the loop counts of [`LoopCounts`], its `retryHistory` (earlier attempts), and
/// secured inputs/outputs hidden.
#[utoipa::path(get, path = "/api/workflows/{name}/runs/{runId}/actions", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"), ("runId" = String, Path, description = "Run id")),
    responses((status = 200, body = api::RunActionList), (status = 404, body = api::ApiErrorBody)))]
pub async fn actions(
    State(state): State<AppState>,
    Path((name, run_id)): Path<(String, String)>,
) -> ApiResult<Json<api::RunActionList>> {
    let (run, groups) = run_attempt_groups(&state, &name, &run_id).await?;
    Ok(Json(api::RunActionList { value: run_action_list(&state, &run, &groups).await }))
}

/// `GET /api/workflows/{name}/runs/{runId}/actions/{action}`: one action (case-insensitive name;
/// inside loops its first recorded iteration), shown as in the list.
#[utoipa::path(get, path = "/api/workflows/{name}/runs/{runId}/actions/{action}", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"), ("runId" = String, Path, description = "Run id"),
        ("action" = String, Path, description = "Action name")),
    responses((status = 200, body = api::RunAction), (status = 404, body = api::ApiErrorBody)))]
pub async fn action(
    State(state): State<AppState>,
    Path((name, run_id, action)): Path<(String, String, String)>,
) -> ApiResult<Json<api::RunAction>> {
    let (run, groups) = run_attempt_groups(&state, &name, &run_id).await?;
    let latest: Vec<ActionAttemptRecord> = groups.iter().map(|(a, _)| a.clone()).collect();
    let found = find_action(&latest, &run_id, &action)?;
    let list = run_action_list(&state, &run, &groups).await;
    let shown = list
        .into_iter()
        .zip(&latest)
        .find(|(_, a)| a.action == found.action && a.repetition == found.repetition)
        .map(|(out, _)| out);
    shown.ok_or_else(|| ApiError::run_not_found(&name, &run_id)).map(Json)
}

/// `POST /api/workflows/{name}/runs/{runId}/resubmit`: runs the workflow version of a finished
/// run again with the same trigger outputs. `202` with the new run's location; the new run's
/// `trigger.resubmittedFrom.runId` names the original.
#[utoipa::path(post, path = "/api/workflows/{name}/runs/{runId}/resubmit", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"), ("runId" = String, Path, description = "Run id")),
    responses((status = 202, body = api::RunAccepted), (status = 404, body = api::ApiErrorBody), (status = 409, body = api::ApiErrorBody)))]
pub async fn resubmit(
    State(state): State<AppState>,
    Path((name, run_id)): Path<(String, String)>,
) -> ApiResult<axum::response::Response> {
    resubmit_from(state, name, run_id, None).await
}

/// `POST /api/workflows/{name}/runs/{runId}/actions/{action}/resubmit`: resubmits a finished
/// run from a top-level action — the actions before it keep their results (code
/// `ResubmittedResults`, not billed again), the action and everything after it run anew. `409`
/// with the reason when the run's shape does not allow it (the action is nested, or another
/// action runs in parallel with it).
#[utoipa::path(post, path = "/api/workflows/{name}/runs/{runId}/actions/{action}/resubmit", tag = "runs",
    params(("name" = String, Path, description = "Workflow name"), ("runId" = String, Path, description = "Run id"),
        ("action" = String, Path, description = "Top-level action to resubmit from")),
    responses((status = 202, body = api::RunAccepted), (status = 404, body = api::ApiErrorBody), (status = 409, body = api::ApiErrorBody)))]
pub async fn resubmit_action(
    State(state): State<AppState>,
    Path((name, run_id, action)): Path<(String, String, String)>,
) -> ApiResult<axum::response::Response> {
    resubmit_from(state, name, run_id, Some(action)).await
}

async fn resubmit_from(state: AppState, name: String, run_id: String, action: Option<String>) -> ApiResult<axum::response::Response> {
    state.workflow(&name).await?;
    let run = state.store.get_run(&name, &run_id).await?.ok_or_else(|| ApiError::run_not_found(&name, &run_id))?;
    let workflow = state.prepared(&name, run.version).await?;
    let started = state.engine.resubmit(workflow.clone(), &run, action.as_deref()).await.map_err(|e| match e {
        flowline_engine::EngineError::Resubmit(reason) => {
            let code = match reason {
                flowline_engine::resubmit::ResubmitError::NotFinished(_) => "WorkflowRunNotFinished",
                _ => "ResubmitFromActionNotSupported",
            };
            ApiError::new(StatusCode::CONFLICT, code, reason.to_string())
        }
        flowline_engine::EngineError::Storage(e) => e.into(),
        other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", other.to_string()),
    })?;
    super::triggers::accepted(&state, &workflow, started).await
}

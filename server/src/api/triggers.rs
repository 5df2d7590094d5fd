//! Request triggers (the callback URL), manual runs, callback URLs and trigger history.
//!
//! A call to `…/triggers/{trigger}/invoke[/{relativePath}]` fires the workflow: the method must
//! match the trigger's `method` (when set), the path its `relativePath` template (whose
//! `{parameters}` become `relativePathParameters`). A workflow with a Response action answers with
//! that Response (or `504` if none comes in time, `502` if the run ends without one); otherwise the
//! caller gets `202 Accepted` with the run's `Location`.

use super::{body_bytes, convert, encode};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use flowline_api_types as api;
use flowline_engine::triggers::{NotFiredReason, TriggerEvent};
use flowline_engine::{PreparedWorkflow, RunResponse, StartedRun};
use flowline_model::{Trigger, TriggerType};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;

/// What a trigger endpoint requires of the workflow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Reading about the trigger (callback URL, history).
    Exists,
    /// Firing it: the workflow must be enabled.
    Enabled,
}

/// Looks up a workflow's current (prepared) version and one of its triggers (case-insensitive);
/// returns the trigger's spelling in the definition.
async fn find_trigger(state: &AppState, name: &str, trigger: &str, need: Need) -> ApiResult<(Arc<PreparedWorkflow>, String)> {
    let record = state.workflow(name).await?;
    if need == Need::Enabled && !record.enabled {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "WorkflowDisabled",
            format!("The workflow '{name}' is disabled; enable it to start runs."),
        ));
    }
    let prepared = state.prepared(name, record.current_version).await?;
    let found = prepared.trigger(trigger).ok_or_else(|| trigger_not_found(name, trigger))?.name.clone();
    Ok((prepared, found))
}

/// A Request trigger (the only kind with a callback URL), or 400.
fn request_trigger<'w>(workflow: &'w PreparedWorkflow, trigger: &str) -> ApiResult<&'w Trigger> {
    let t = workflow.trigger(trigger).ok_or_else(|| trigger_not_found(&workflow.name, trigger))?;
    if t.trigger_type != TriggerType::Request {
        return Err(ApiError::bad_request(
            "TriggerIsNotCallable",
            format!("The trigger '{}' is of type '{}', not Request, so it has no callback URL.", t.name, t.type_name),
        ));
    }
    Ok(t)
}

fn trigger_not_found(name: &str, trigger: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "WorkflowTriggerNotFound",
        format!("The workflow '{name}' has no trigger named '{trigger}'."),
    )
}

/// Matches a request path against a `relativePath` template such as `orders/{orderId}`.
fn match_relative_path(template: Option<&str>, path: &str) -> Result<Map<String, Value>, String> {
    let given: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(template) = template else {
        return if given.is_empty() { Ok(Map::new()) } else { Err(format!("the trigger has no relativePath, but '/{path}' was given")) };
    };
    let parts: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    if parts.len() != given.len() {
        return Err(format!("'/{path}' does not match the trigger's relativePath '{template}'"));
    }
    let mut params = Map::new();
    for (t, g) in parts.iter().zip(&given) {
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            params.insert(name.to_string(), Value::String(g.to_string()));
        } else if !t.eq_ignore_ascii_case(g) {
            return Err(format!("'/{path}' does not match the trigger's relativePath '{template}'"));
        }
    }
    Ok(params)
}

/// The request body as a workflow sees it: JSON parsed, text as a string, form data and binary
/// content in the `$content-type` envelope. Malformed JSON is a 400 naming line and column.
pub(super) fn request_body(headers: &HeaderMap, body: &Bytes) -> ApiResult<Option<Value>> {
    if body.is_empty() {
        return Ok(None);
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("json") || ct.is_empty() {
        return match serde_json::from_slice(body) {
            Ok(v) => Ok(Some(v)),
            Err(e) if ct.contains("json") => Err(ApiError::bad_request(
                "InvalidRequestContent",
                format!("The request body is not valid JSON: {e}."),
            )
            .with_details(json!({ "line": e.line(), "column": e.column() }))),
            Err(_) => Ok(Some(text_or_envelope("application/octet-stream", body))),
        };
    }
    let mut value = text_or_envelope(&content_type, body);
    if ct.starts_with("application/x-www-form-urlencoded") {
        let form: Vec<Value> = form_urlencoded_pairs(body)
            .into_iter()
            .map(|(k, v)| json!({ "key": k, "value": v }))
            .collect();
        value = json!({
            "$content-type": content_type,
            "$content": base64::engine::general_purpose::STANDARD.encode(body),
            "$formdata": form,
        });
    }
    Ok(Some(value))
}

fn text_or_envelope(content_type: &str, body: &Bytes) -> Value {
    let ct = content_type.to_ascii_lowercase();
    match std::str::from_utf8(body) {
        Ok(s) if ct.starts_with("text/") => Value::String(s.to_string()),
        _ => json!({
            "$content-type": content_type,
            "$content": base64::engine::general_purpose::STANDARD.encode(body),
        }),
    }
}

fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

pub(super) fn headers_object(headers: &HeaderMap) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in headers {
        out.insert(k.as_str().to_string(), Value::String(String::from_utf8_lossy(v.as_bytes()).into_owned()));
    }
    out
}

pub(super) fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Headers every trigger answer carries.
fn run_headers(response: &mut Response, workflow: &PreparedWorkflow, run: &RunIds) {
    let h = response.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    set("x-ms-workflow-run-id", &run.id);
    set("x-ms-correlation-id", &run.correlation_id);
    set("x-ms-client-tracking-id", &run.client_tracking_id);
    set("x-ms-trigger-history-name", &run.id);
    set("x-ms-workflow-name", &workflow.name);
    set("x-ms-workflow-version", &workflow.version.to_string());
}

fn run_location(state: &AppState, workflow: &str, run_id: &str) -> String {
    format!("{}/api/workflows/{}/runs/{run_id}", state.config.public_url, encode(workflow))
}

/// `ANY /api/workflows/{name}/triggers/{trigger}/invoke`: fires a Request trigger.
#[utoipa::path(post, path = "/api/workflows/{name}/triggers/{trigger}/invoke", tag = "triggers",
    params(("name" = String, Path, description = "Workflow name"), ("trigger" = String, Path, description = "Trigger name")),
    request_body(content = Object, description = "Any body: JSON, text, form data or binary"),
    responses((status = 200, description = "The workflow's Response"), (status = 202, body = api::RunAccepted),
        (status = 400, body = api::ApiErrorBody), (status = 404, body = api::ApiErrorBody), (status = 504, body = api::ApiErrorBody)))]
pub async fn invoke(
    State(state): State<AppState>,
    Path((name, trigger)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    Query(queries): Query<HashMap<String, String>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    fire(state, name, trigger, String::new(), method, headers, queries, body).await
}

/// `ANY /api/workflows/{name}/triggers/{trigger}/invoke/{*relativePath}`.
pub async fn invoke_path(
    State(state): State<AppState>,
    Path((name, trigger, path)): Path<(String, String, String)>,
    method: Method,
    headers: HeaderMap,
    Query(queries): Query<HashMap<String, String>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    fire(state, name, trigger, path, method, headers, queries, body).await
}

#[allow(clippy::too_many_arguments)]
async fn fire(
    state: AppState,
    name: String,
    trigger: String,
    path: String,
    method: Method,
    headers: HeaderMap,
    queries: HashMap<String, String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = body_bytes(body)?;
    let (workflow, trigger_name) = find_trigger(&state, &name, &trigger, Need::Enabled).await?;
    let trigger_def = request_trigger(&workflow, &trigger_name)?;
    let inputs = json!({ "method": method.as_str(), "relativePath": path });
    // A rejected request is a trigger execution too: recorded (and metered) before answering.
    let rejected = |e: ApiError| reject(&state, &workflow, &trigger_name, &inputs, &headers, e);
    if let Some(expected) = trigger_def.request_method()
        && !expected.eq_ignore_ascii_case(method.as_str())
    {
        return Err(rejected(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "TriggerRequestMethodNotValid",
            format!("The trigger '{trigger_name}' accepts {expected} requests, not {method}."),
        ))
        .await);
    }
    let relative_path = trigger_def.relative_path();
    let path_params = match match_relative_path(relative_path.as_deref(), &path) {
        Ok(p) => p,
        Err(m) => {
            let e = ApiError::new(StatusCode::NOT_FOUND, "TriggerRelativePathNotMatched", format!("The request path {m}."));
            return Err(rejected(e).await);
        }
    };
    let body_value = match request_body(&headers, &body) {
        Ok(b) => b,
        Err(e) => return Err(rejected(e).await),
    };
    let mut outputs = json!({ "headers": headers_object(&headers) });
    if let Some(b) = body_value {
        outputs["body"] = b;
    }
    if !path_params.is_empty() {
        outputs["relativePathParameters"] = Value::Object(path_params);
    }
    if !queries.is_empty() {
        outputs["queries"] = json!(queries);
    }
    let mut event = TriggerEvent::new(trigger_name, inputs, outputs);
    event.client_tracking_id = header_text(&headers, "x-ms-client-tracking-id");
    event.correlation_id = header_text(&headers, "x-ms-correlation-id");
    event.caller_waits = workflow.has_response();
    answer(&state, &workflow, event).await
}

/// Fires the trigger and answers the caller: with the run's Response when it waits for one,
/// `202 Accepted` with the (first) run's location otherwise; `202` without a run when the
/// conditions (or an empty `splitOn`) did not fire it, `429` when the trigger's concurrency is
/// full, `400` when its conditions or `splitOn` failed.
async fn answer(state: &AppState, workflow: &Arc<PreparedWorkflow>, event: TriggerEvent) -> ApiResult<Response> {
    let caller_waits = event.caller_waits && workflow.trigger(&event.trigger).is_some_and(|t| t.split_on.is_none());
    let firing = state
        .engine
        .fire(workflow.clone(), event)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "RunNotStarted", e.to_string()))?;
    let runs = firing.runs.len();
    if let Some(started) = firing.runs.into_iter().next() {
        return match caller_waits && runs == 1 {
            true => synchronous_answer(state, workflow, started).await,
            false => accepted(state, workflow, started).await,
        };
    }
    let Some(record) = firing.not_fired else {
        return Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "RunNotStarted", "The trigger started no run."));
    };
    record.recorded.await?;
    let history = record.history_id.clone();
    let mut out = match record.reason {
        NotFiredReason::Throttled => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "WorkflowRequestsThrottled",
            format!("The workflow '{}' already has the most runs its trigger's concurrency settings allow running and waiting; try again later.", workflow.name),
        )
        .with_details(json!({ "triggerHistoryName": history }))
        .into_response(),
        NotFiredReason::Failed => ApiError::bad_request(
            "TriggerExpressionFailed",
            format!("The trigger's conditions or splitOn could not be evaluated; see trigger history '{history}'."),
        )
        .with_details(json!({ "triggerHistoryName": history }))
        .into_response(),
        NotFiredReason::ConditionsNotMet | NotFiredReason::NoItems | NotFiredReason::NothingFound => {
            (StatusCode::ACCEPTED, Json(json!({ "fired": false, "triggerHistoryName": history }))).into_response()
        }
    };
    if let Ok(v) = HeaderValue::from_str(&history) {
        out.headers_mut().insert(HeaderName::from_static("x-ms-trigger-history-name"), v);
    }
    Ok(out)
}

/// Records a request the trigger refused (wrong method or path, unreadable body) as a failed,
/// not fired execution, and returns the error for the caller.
async fn reject(state: &AppState, workflow: &Arc<PreparedWorkflow>, trigger: &str, inputs: &Value, headers: &HeaderMap, e: ApiError) -> ApiError {
    let mut event = TriggerEvent::new(trigger, inputs.clone(), json!({ "headers": headers_object(headers) }));
    event.status = flowline_storage::Status::Failed;
    event.code = e.code.to_string();
    event.error = Some(json!({ "code": e.code, "message": e.message }));
    if let Ok(firing) = state.engine.fire(workflow.clone(), event)
        && let Some(record) = firing.not_fired
        && let Err(err) = record.recorded.await
    {
        tracing::warn!(workflow = %workflow.name, error = %err, "recording a rejected trigger request failed");
    }
    e
}

/// Waits for the run's Response (or its end, or the timeout) and answers the caller with it.
async fn synchronous_answer(state: &AppState, workflow: &PreparedWorkflow, started: StartedRun) -> ApiResult<Response> {
    let StartedRun { id, correlation_id, client_tracking_id, mut response, mut finished, accepted } = started;
    let wait = tokio::time::timeout(state.config.response_timeout, async {
        tokio::select! {
            r = &mut response => r.ok(),
            _ = &mut finished => None,
        }
    })
    .await;
    let wait = match wait {
        // The run may have answered just before it finished.
        Ok(None) => Ok(response.try_recv().ok()),
        other => other,
    };
    if !matches!(wait, Ok(Some(_))) {
        // An error answer names the run: make sure it exists durably first.
        accepted.await?;
    }
    let mut out = match wait {
        Ok(Some(r)) => response_of(r),
        Ok(None) => ApiError::new(
            StatusCode::BAD_GATEWAY,
            "NoResponse",
            "The workflow run ended without reaching a Response action; see the run's history for why.",
        )
        .with_details(json!({ "runId": id }))
        .into_response(),
        Err(_) => ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "ActionResponseTimedOut",
            format!(
                "The workflow did not reach its Response action within {} seconds; the run continues.",
                state.config.response_timeout.as_secs()
            ),
        )
        .with_details(json!({ "runId": id }))
        .into_response(),
    };
    run_headers(&mut out, workflow, &RunIds { id, correlation_id, client_tracking_id });
    Ok(out)
}

/// The identifiers a trigger answer reports.
struct RunIds {
    id: String,
    correlation_id: String,
    client_tracking_id: String,
}

/// Builds the HTTP answer from a Response action's result.
fn response_of(r: RunResponse) -> Response {
    let status = StatusCode::from_u16(r.status_code).unwrap_or(StatusCode::OK);
    let mut has_content_type = false;
    let mut builder = Response::builder().status(status);
    for (k, v) in &r.headers {
        let lower = k.to_ascii_lowercase();
        if matches!(lower.as_str(), "content-length" | "transfer-encoding" | "connection") {
            continue;
        }
        has_content_type |= lower == "content-type";
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v.as_str().unwrap_or_default())) {
            builder = builder.header(name, value);
        }
    }
    let (content_type, bytes) = match r.body {
        None | Some(Value::Null) => (None, Vec::new()),
        Some(Value::String(s)) => (Some("text/plain; charset=utf-8".to_string()), s.into_bytes()),
        Some(v) => match (v.get("$content-type").and_then(Value::as_str), v.get("$content").and_then(Value::as_str)) {
            (Some(ct), Some(content)) => match base64::engine::general_purpose::STANDARD.decode(content) {
                Ok(bytes) => (Some(ct.to_string()), bytes),
                Err(_) => (Some("application/json".into()), serde_json::to_vec(&v).unwrap_or_default()),
            },
            _ => (Some("application/json; charset=utf-8".into()), serde_json::to_vec(&v).unwrap_or_default()),
        },
    };
    if let (Some(ct), false) = (content_type, has_content_type) {
        builder = builder.header(header::CONTENT_TYPE, ct);
    }
    builder.body(Body::from(bytes)).unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `202 Accepted` once the run's creation is durable.
pub(super) async fn accepted(state: &AppState, workflow: &PreparedWorkflow, started: StartedRun) -> ApiResult<Response> {
    let StartedRun { id, correlation_id, client_tracking_id, accepted, .. } = started;
    accepted.await?;
    let location = run_location(state, &workflow.name, &id);
    let body = api::RunAccepted { run_id: id.clone(), location: location.clone() };
    let mut out = (StatusCode::ACCEPTED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        out.headers_mut().insert(header::LOCATION, v);
    }
    run_headers(&mut out, workflow, &RunIds { id, correlation_id, client_tracking_id });
    Ok(out)
}

/// `POST /api/workflows/{name}/triggers/{trigger}/run`: starts a run by hand with the request body
/// as the trigger body; answers `202` with the run's location (it does not wait for a Response).
#[utoipa::path(post, path = "/api/workflows/{name}/triggers/{trigger}/run", tag = "triggers",
    params(("name" = String, Path, description = "Workflow name"), ("trigger" = String, Path, description = "Trigger name")),
    request_body(content = Object, description = "The trigger body (JSON)"),
    responses((status = 202, body = api::RunAccepted), (status = 400, body = api::ApiErrorBody), (status = 404, body = api::ApiErrorBody)))]
pub async fn run(
    State(state): State<AppState>,
    Path((name, trigger)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = body_bytes(body)?;
    let (workflow, trigger_name) = find_trigger(&state, &name, &trigger, Need::Enabled).await?;
    let mut outputs = json!({ "headers": headers_object(&headers) });
    if let Some(b) = request_body(&headers, &body)? {
        outputs["body"] = b;
    }
    let mut event = TriggerEvent::new(trigger_name, json!({ "manual": true }), outputs);
    event.client_tracking_id = header_text(&headers, "x-ms-client-tracking-id");
    event.correlation_id = header_text(&headers, "x-ms-correlation-id");
    answer(&state, &workflow, event).await
}

/// `POST /api/workflows/{name}/triggers/{trigger}/listCallbackUrl`: the URL that fires the trigger.
#[utoipa::path(post, path = "/api/workflows/{name}/triggers/{trigger}/listCallbackUrl", tag = "triggers",
    params(("name" = String, Path, description = "Workflow name"), ("trigger" = String, Path, description = "Trigger name")),
    responses((status = 200, body = api::CallbackUrl), (status = 404, body = api::ApiErrorBody)))]
pub async fn callback_url(
    State(state): State<AppState>,
    Path((name, trigger)): Path<(String, String)>,
) -> ApiResult<Json<api::CallbackUrl>> {
    let (workflow, trigger_name) = find_trigger(&state, &name, &trigger, Need::Exists).await?;
    let t = request_trigger(&workflow, &trigger_name)?;
    let base = format!("{}/api/workflows/{}/triggers/{}/invoke", state.config.public_url, encode(&name), encode(&t.name));
    let relative_path = t.relative_path();
    let parameters = relative_path
        .as_deref()
        .map(|p| {
            p.split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let value = match &relative_path {
        Some(p) => format!("{base}/{}", p.trim_start_matches('/')),
        None => base.clone(),
    };
    Ok(Json(api::CallbackUrl {
        value,
        method: t.request_method().unwrap_or_else(|| "*".to_string()).to_ascii_uppercase(),
        base_path: base,
        relative_path,
        relative_path_parameters: parameters,
    }))
}

/// `GET /api/workflows/{name}/triggers/{trigger}/histories`: trigger executions, newest first.
#[utoipa::path(get, path = "/api/workflows/{name}/triggers/{trigger}/histories", tag = "triggers",
    params(("name" = String, Path, description = "Workflow name"), ("trigger" = String, Path, description = "Trigger name"),
        ("status" = Option<String>, Query, description = "Only this status"),
        ("top" = Option<u32>, Query, description = "Page size, 1–1000"),
        ("continuation" = Option<String>, Query, description = "Token from nextLink")),
    responses((status = 200, body = api::TriggerHistoryList), (status = 404, body = api::ApiErrorBody)))]
pub async fn histories(
    State(state): State<AppState>,
    Path((name, trigger)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<api::TriggerHistoryList>> {
    let query = super::runs::run_query(&params)?;
    let (_, trigger_name) = find_trigger(&state, &name, &trigger, Need::Exists).await?;
    let page = state.store.list_trigger_history(&name, &trigger_name, &query).await?;
    let base = format!("{}/api/workflows/{}/triggers/{}/histories", state.config.public_url, encode(&name), encode(&trigger_name));
    Ok(Json(api::TriggerHistoryList {
        value: page.items.iter().map(convert::trigger_history).collect(),
        next_link: super::runs::next_link(&base, &query, page.continuation),
    }))
}

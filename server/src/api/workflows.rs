//! Workflow management: save (every save is a new immutable version), read, list, delete,
//! enable/disable, versions, and validation without saving.

use super::convert;
use super::{body_bytes, check_name};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use flowline_api_types as api;
use flowline_engine::PreparedWorkflow;
use flowline_model::{Diagnostic, Severity};
use flowline_storage::NewWorkflowVersion;
use serde_json::json;
use std::sync::Arc;

/// Loads and validates a submitted document. Malformed JSON → 400 naming line and column.
/// Returns the document JSON, the prepared workflow (when valid) and all diagnostics.
fn check_document(name: &str, body: &[u8]) -> ApiResult<(serde_json::Value, Result<PreparedWorkflow, ()>, Vec<Diagnostic>)> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request("InvalidRequestContent", format!("The request body is not UTF-8 text: {e}.")))?;
    let doc = flowline_model::load(text).map_err(|e| {
        ApiError::bad_request(
            "InvalidJson",
            format!("The request body is not valid JSON: {e}"),
        )
        .with_details(json!({ "line": e.line, "column": e.column }))
    })?;
    let mut diagnostics: Vec<Diagnostic> = doc.diagnostics.clone();
    let load_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let prepared = match PreparedWorkflow::prepare(name, 0, &doc.json) {
        Ok((p, warnings)) => {
            diagnostics.extend(warnings);
            if load_errors { Err(()) } else { Ok(p) }
        }
        Err(e) => {
            for d in e.0 {
                if !diagnostics.contains(&d) {
                    diagnostics.push(d);
                }
            }
            Err(())
        }
    };
    Ok((doc.json, prepared, diagnostics))
}

fn invalid_definition(diagnostics: &[Diagnostic]) -> ApiError {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let first = errors.first().map(|d| format!(" First: {} at '{}': {}", d.code.as_str(), d.path, d.message)).unwrap_or_default();
    ApiError::bad_request(
        "InvalidDefinition",
        format!("The workflow definition has {} error(s).{first}", errors.len()),
    )
    .with_details(json!({ "diagnostics": diagnostics.iter().map(convert::diagnostic).collect::<Vec<_>>() }))
}

/// `PUT /api/workflows/{name}`: saves a new version of the definition document.
#[utoipa::path(put, path = "/api/workflows/{name}", tag = "workflows",
    params(("name" = String, Path, description = "Workflow name")),
    request_body(content = Object, description = "A definition document: bare WDL definition, Standard `{definition, kind}`, or ARM template"),
    responses((status = 200, body = api::Workflow), (status = 201, body = api::Workflow), (status = 400, body = api::ApiErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<api::Workflow>)> {
    check_name("workflow", &name)?;
    let body = body_bytes(body)?;
    let (document, prepared, diagnostics) = check_document(&name, &body)?;
    let Ok(mut prepared) = prepared else {
        return Err(invalid_definition(&diagnostics));
    };
    let recursion = super::child_workflows::recursion_diagnostics(&state, &name, &prepared.definition).await?;
    if !recursion.is_empty() {
        return Err(invalid_definition(&[diagnostics, recursion].concat()));
    }
    let now = state.engine.now();
    let (record, version) = state
        .store
        .save_workflow(NewWorkflowVersion { name: name.clone(), document, at: now })
        .await?;
    prepared.version = version.version;
    state.cache_prepared(Arc::new(prepared));
    state.workflow_changed(&name);
    super::callbacks::sync_triggers(&state, &name, false).await;
    let mut out = convert::workflow(&record);
    out.definition = Some(version.document.clone());
    out.diagnostics = diagnostics.iter().map(convert::diagnostic).collect();
    let created = version.version == 1;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(out)))
}

/// `GET /api/workflows/{name}`: the workflow with its current definition.
#[utoipa::path(get, path = "/api/workflows/{name}", tag = "workflows",
    params(("name" = String, Path, description = "Workflow name")),
    responses((status = 200, body = api::Workflow), (status = 404, body = api::ApiErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Json<api::Workflow>> {
    let record = state.workflow(&name).await?;
    let version = state.store.get_version(&name, record.current_version).await?;
    let mut out = convert::workflow(&record);
    out.definition = version.map(|v| v.document);
    Ok(Json(out))
}

/// `GET /api/workflows`: all workflows.
#[utoipa::path(get, path = "/api/workflows", tag = "workflows", responses((status = 200, body = api::WorkflowList)))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<api::WorkflowList>> {
    let records = state.store.list_workflows().await?;
    Ok(Json(api::WorkflowList { value: records.iter().map(convert::workflow).collect() }))
}

/// `DELETE /api/workflows/{name}`: deletes the workflow with its versions and history.
#[utoipa::path(delete, path = "/api/workflows/{name}", tag = "workflows",
    params(("name" = String, Path, description = "Workflow name")),
    responses((status = 204), (status = 404, body = api::ApiErrorBody)))]
pub async fn delete(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<StatusCode> {
    state.workflow(&name).await?;
    // Runs still executing are cancelled first, so none writes history for a deleted workflow.
    state.engine.cancel_workflow_runs(&name, std::time::Duration::from_secs(10)).await;
    super::callbacks::sync_triggers(&state, &name, true).await;
    if !state.store.delete_workflow(&name).await? {
        return Err(ApiError::workflow_not_found(&name));
    }
    state.forget(&name);
    state.workflow_changed(&name);
    Ok(StatusCode::NO_CONTENT)
}

async fn set_enabled(state: &AppState, name: &str, enabled: bool) -> ApiResult<Json<api::Workflow>> {
    state.workflow(name).await?;
    let record = state.store.set_workflow_enabled(name, enabled).await?;
    state.workflow_changed(name);
    super::callbacks::sync_triggers(state, name, false).await;
    Ok(Json(convert::workflow(&record)))
}

/// `POST /api/workflows/{name}/enable`.
#[utoipa::path(post, path = "/api/workflows/{name}/enable", tag = "workflows",
    params(("name" = String, Path, description = "Workflow name")),
    responses((status = 200, body = api::Workflow), (status = 404, body = api::ApiErrorBody)))]
pub async fn enable(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Json<api::Workflow>> {
    set_enabled(&state, &name, true).await
}

/// `POST /api/workflows/{name}/disable`: triggers stop starting runs.
#[utoipa::path(post, path = "/api/workflows/{name}/disable", tag = "workflows",
    params(("name" = String, Path, description = "Workflow name")),
    responses((status = 200, body = api::Workflow), (status = 404, body = api::ApiErrorBody)))]
pub async fn disable(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Json<api::Workflow>> {
    set_enabled(&state, &name, false).await
}

/// `GET /api/workflows/{name}/versions`: versions, newest first.
#[utoipa::path(get, path = "/api/workflows/{name}/versions", tag = "workflows",
    params(("name" = String, Path, description = "Workflow name")),
    responses((status = 200, body = api::WorkflowVersionList), (status = 404, body = api::ApiErrorBody)))]
pub async fn versions(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Json<api::WorkflowVersionList>> {
    state.workflow(&name).await?;
    let versions = state.store.list_versions(&name).await?;
    Ok(Json(api::WorkflowVersionList { value: versions.iter().map(|v| convert::version(v, false)).collect() }))
}

/// `GET /api/workflows/{name}/versions/{version}`: one version with its definition.
#[utoipa::path(get, path = "/api/workflows/{name}/versions/{version}", tag = "workflows",
    params(("name" = String, Path, description = "Workflow name"), ("version" = i64, Path, description = "Version number")),
    responses((status = 200, body = api::WorkflowVersion), (status = 404, body = api::ApiErrorBody)))]
pub async fn version(
    State(state): State<AppState>,
    Path((name, version)): Path<(String, String)>,
) -> ApiResult<Json<api::WorkflowVersion>> {
    let number: i64 = version.parse().map_err(|_| {
        ApiError::bad_request("InvalidParameter", format!("The version '{version}' is not a version number (1, 2, 3…)."))
    })?;
    state.workflow(&name).await?;
    let record = state.store.get_version(&name, number).await?.ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "WorkflowVersionNotFound", format!("Workflow '{name}' has no version {number}."))
    })?;
    Ok(Json(convert::version(&record, true)))
}

/// `POST /api/workflows/validate`: validates a document without saving it.
#[utoipa::path(post, path = "/api/workflows/validate", tag = "workflows",
    request_body(content = Object, description = "A definition document"),
    responses((status = 200, body = api::ValidationReport), (status = 400, body = api::ApiErrorBody)))]
pub async fn validate(body: Result<Bytes, BytesRejection>) -> ApiResult<Json<api::ValidationReport>> {
    let body = body_bytes(body)?;
    let (_, prepared, diagnostics) = check_document("validate", &body)?;
    Ok(Json(api::ValidationReport {
        valid: prepared.is_ok(),
        diagnostics: diagnostics.iter().map(convert::diagnostic).collect(),
    }))
}

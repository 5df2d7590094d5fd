//! HTTP API routes (JSON), with the OpenAPI document generated from the handlers.

mod callbacks;
mod child_workflows;
mod convert;

pub use convert::{action as convert_action, diagnostic as convert_diagnostic};
pub mod expressions;
mod repetitions;
mod runs;
mod triggers;
mod workflows;

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::routing::{any, get, post};
use utoipa::OpenApi;

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Flowline API", description = "Workflows, Request triggers, run history and expressions."),
    paths(
        workflows::list, workflows::put, workflows::get, workflows::delete, workflows::enable, workflows::disable,
        workflows::versions, workflows::version, workflows::validate,
        triggers::invoke, triggers::run, triggers::callback_url, triggers::histories, callbacks::deliver,
        runs::list, runs::get, runs::cancel, runs::resubmit, runs::resubmit_action, runs::actions, runs::action, repetitions::list, health,
        expressions::evaluate_handler, expressions::functions,
    ),
    components(schemas(
        flowline_api_types::ApiErrorBody, flowline_api_types::Diagnostic, flowline_api_types::ValidationReport,
        flowline_api_types::Workflow, flowline_api_types::WorkflowList, flowline_api_types::WorkflowVersion,
        flowline_api_types::WorkflowVersionList, flowline_api_types::Run, flowline_api_types::RunList,
        flowline_api_types::RunAction, flowline_api_types::RunActionList, flowline_api_types::RepetitionIndex,
        flowline_api_types::RetryHistory,
        flowline_api_types::RunActionRepetition, flowline_api_types::RunActionRepetitionList,
        flowline_api_types::TriggerHistory, flowline_api_types::TriggerHistoryList, flowline_api_types::CallbackUrl,
        flowline_api_types::RunAccepted,
        expressions::EvaluateRequest, expressions::EvaluateResponse, expressions::ExpressionError,
        expressions::FunctionList, expressions::FunctionInfo, expressions::ParamInfo, expressions::ExampleInfo,
    ))
)]
pub struct ApiDoc;

/// Every route.
pub fn routes() -> Router<AppState> {
    let wf = "/api/workflows/{name}";
    Router::new()
        .route("/healthz", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/workflows", get(workflows::list))
        .route("/api/workflows/validate", post(workflows::validate))
        .route(wf, get(workflows::get).put(workflows::put).delete(workflows::delete))
        .route(&format!("{wf}/enable"), post(workflows::enable))
        .route(&format!("{wf}/disable"), post(workflows::disable))
        .route(&format!("{wf}/versions"), get(workflows::versions))
        .route(&format!("{wf}/versions/{{version}}"), get(workflows::version))
        .route(&format!("{wf}/triggers/{{trigger}}/invoke"), any(triggers::invoke))
        .route(&format!("{wf}/triggers/{{trigger}}/invoke/{{*path}}"), any(triggers::invoke_path))
        .route(&format!("{wf}/triggers/{{trigger}}/run"), post(triggers::run))
        .route(&format!("{wf}/triggers/{{trigger}}/listCallbackUrl"), post(triggers::callback_url))
        .route(&format!("{wf}/triggers/{{trigger}}/histories"), get(triggers::histories))
        .route(&format!("{}/{{id}}", crate::host::CALLBACK_PATH), post(callbacks::deliver))
        .route(&format!("{wf}/runs"), get(runs::list))
        .route(&format!("{wf}/runs/{{run}}"), get(runs::get))
        .route(&format!("{wf}/runs/{{run}}/cancel"), post(runs::cancel))
        .route(&format!("{wf}/runs/{{run}}/resubmit"), post(runs::resubmit))
        .route(&format!("{wf}/runs/{{run}}/actions/{{action}}/resubmit"), post(runs::resubmit_action))
        .route(&format!("{wf}/runs/{{run}}/actions"), get(runs::actions))
        .route(&format!("{wf}/runs/{{run}}/actions/{{action}}"), get(runs::action))
        .route(&format!("{wf}/runs/{{run}}/actions/{{action}}/repetitions"), get(repetitions::list))
        .route("/api/expressions/evaluate", post(expressions::evaluate_handler))
        .route("/api/expressions/functions", get(expressions::functions))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// `GET /healthz`.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "Healthy")))]
async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "NotFound", format!("No API route matches '{}'.", uri.path()))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        format!("'{}' does not accept {method} requests.", uri.path()),
    )
}

/// The request body, or a JSON error (413 when it is over the configured limit).
pub(crate) fn body_bytes(body: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestBodyTooLarge",
                "The request body is larger than this server accepts (see --max-body-bytes).",
            )
        } else {
            ApiError::bad_request("InvalidRequestContent", format!("The request body could not be read: {e}."))
        }
    })
}

/// Checks a workflow name: 1–80 characters of letters, digits, `-`, `_`, `.`, `(`, `)`.
pub(crate) fn check_name(kind: &str, name: &str) -> ApiResult<()> {
    let ok_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.()".contains(c));
    if name.is_empty() || name.chars().count() > 80 || !ok_chars {
        return Err(ApiError::bad_request(
            "InvalidWorkflowName",
            format!("The {kind} name '{name}' is not valid: use 1 to 80 letters, digits, '-', '_', '.', '(' or ')'."),
        ));
    }
    Ok(())
}

/// Percent-encodes a URL path segment or query value.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

//! API errors: every failure becomes JSON `{code, message, details}` with the matching HTTP status.
//! Storage details are logged, never sent to callers.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use flowline_api_types::ApiErrorBody;
use flowline_storage::StorageError;
use serde_json::Value;

/// An error answered to an API caller.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code.
    pub code: &'static str,
    /// Message naming the problem and where it is.
    pub message: String,
    /// Structured details.
    pub details: Option<Value>,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), details: None }
    }

    /// Adds details.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 404 for a workflow.
    pub fn workflow_not_found(name: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "WorkflowNotFound", format!("The workflow '{name}' could not be found."))
    }

    /// 404 for a run.
    pub fn run_not_found(workflow: &str, run: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "WorkflowRunNotFound",
            format!("The run '{run}' of workflow '{workflow}' could not be found."),
        )
    }

    /// 400 for a bad parameter.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound(what) => Self::new(StatusCode::NOT_FOUND, "NotFound", format!("{what} not found.")),
            StorageError::Conflict(m) => Self::new(StatusCode::CONFLICT, "Conflict", m),
            StorageError::InvalidInput(m) => Self::new(StatusCode::BAD_REQUEST, "InvalidParameter", m),
            other => {
                tracing::error!(error = %other, "storage failure");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "StorageUnavailable",
                    "The workflow store is unavailable; try again shortly.",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ApiErrorBody { code: self.code.to_string(), message: self.message, details: self.details };
        (self.status, Json(body)).into_response()
    }
}

/// Result alias for handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// Turns a handler panic into a JSON 500 (the panic is a bug; callers still get our error shape).
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "An internal error occurred.").into_response()
}

/// Middleware: an error answered by the framework itself (a path segment that is not valid
/// UTF-8, a body that cannot be read) is plain text; rewrite it into our JSON error shape. A
/// workflow's own Response (recognisable by its run-id header) is passed through untouched.
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || res.headers().contains_key("x-ms-workflow-run-id") {
        return res;
    }
    let is_json = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if is_json {
        return res;
    }
    let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).trim().to_string();
    let message = if text.is_empty() { status.canonical_reason().unwrap_or("Error").to_string() } else { text };
    let code = match status {
        StatusCode::BAD_REQUEST => "InvalidRequest",
        StatusCode::NOT_FOUND => "NotFound",
        StatusCode::METHOD_NOT_ALLOWED => "MethodNotAllowed",
        StatusCode::PAYLOAD_TOO_LARGE => "RequestBodyTooLarge",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "UnsupportedMediaType",
        _ if status.is_server_error() => "InternalError",
        _ => "InvalidRequest",
    };
    ApiError::new(status, code, message).into_response()
}

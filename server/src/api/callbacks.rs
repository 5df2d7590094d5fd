//! Webhook callbacks: `POST /api/callbacks/{id}`, the URL `listCallbackUrl()` gives an HttpWebhook
//! trigger or action (`id` is the subscription's unguessable callback id).
//!
//! - For an **action**, the callback `{headers, body}` is stored with the subscription — committed
//!   *before* the caller is answered `200` — and the waiting action is woken; it becomes the
//!   action's outputs. Only the first callback counts.
//! - For a **trigger**, each callback starts a run of the workflow's current version (trigger
//!   history and meter recorded, like a Request trigger); the caller gets `202` with the run's
//!   location once the run's creation is durable.
//! - An unknown id, or one whose subscription has ended (the action completed, the trigger was
//!   disabled, replaced or deleted), answers `404` with a JSON error.

use super::body_bytes;
use super::triggers::{accepted, header_text, headers_object, request_body};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use flowline_engine::TriggerInvocation;
use flowline_storage::{CallbackDelivery, WebhookOwner, WebhookSubscription};
use serde_json::{Value, json};

/// `POST /api/callbacks/{id}`: delivers a webhook callback.
#[utoipa::path(post, path = "/api/callbacks/{id}", tag = "triggers",
    params(("id" = String, Path, description = "Callback id (the last segment of the callback URL)")),
    request_body(content = Object, description = "Any body: JSON, text, form data or binary"),
    responses((status = 200, description = "Stored; the waiting action resumes"),
        (status = 202, body = flowline_api_types::RunAccepted, description = "A trigger's callback started a run"),
        (status = 404, body = flowline_api_types::ApiErrorBody)))]
pub async fn deliver(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = body_bytes(body)?;
    let mut payload = json!({ "headers": headers_object(&headers) });
    if let Some(b) = request_body(&headers, &body)? {
        payload["body"] = b;
    }
    let now = state.engine.now();
    match state
        .store
        .webhooks()
        .deliver_callback(&id, &payload, now)
        .await?
    {
        CallbackDelivery::Unknown => Err(not_found(&id)),
        CallbackDelivery::Finished(s) => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "WebhookCallbackExpired",
            format!(
                "The webhook subscription of callback '{id}' no longer accepts callbacks (it is {s})."
            ),
        )),
        CallbackDelivery::Accepted(subscription) => match &subscription.owner {
            WebhookOwner::Action { run_id, .. } => {
                state.engine.webhook_callback_stored(&id);
                Ok((
                    StatusCode::OK,
                    Json(json!({ "status": "Received", "runId": run_id })),
                )
                    .into_response())
            }
            WebhookOwner::Trigger { .. } => {
                start_run(&state, &subscription, method, &headers, payload).await
            }
        },
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "WebhookCallbackNotFound",
        format!("No webhook subscription has the callback id '{id}'."),
    )
}

/// Starts a run of the trigger a callback was delivered to.
async fn start_run(
    state: &AppState,
    subscription: &WebhookSubscription,
    method: Method,
    headers: &HeaderMap,
    outputs: Value,
) -> ApiResult<Response> {
    let WebhookOwner::Trigger { trigger, version } = &subscription.owner else {
        return Err(not_found(&subscription.id));
    };
    let record = state.workflow(&subscription.workflow).await?;
    if !record.enabled || record.current_version != *version {
        // The subscription outlived its version (it is being replaced right now).
        return Err(not_found(&subscription.id));
    }
    let workflow = state.prepared(&record.name, record.current_version).await?;
    let invocation = TriggerInvocation {
        trigger: trigger.clone(),
        inputs: json!({ "method": method.as_str(), "callback": true }),
        outputs,
        client_tracking_id: header_text(headers, "x-ms-client-tracking-id"),
        correlation_id: header_text(headers, "x-ms-correlation-id"),
        caller_waits: false,
        ..TriggerInvocation::default()
    };
    let started = state
        .engine
        .start_run(workflow.clone(), invocation)
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "RunNotStarted",
                e.to_string(),
            )
        })?;
    accepted(state, &workflow, started).await
}

/// Brings the HttpWebhook trigger subscriptions of workflow `name` in line with its current state
/// (subscribed while enabled, for the current version; ended when disabled, replaced or, with
/// `deleting`, about to be deleted). Failures are logged and, for a failed subscribe, recorded in
/// the trigger's history; they never fail the save, enable, disable or delete that caused them.
pub(super) async fn sync_triggers(state: &AppState, name: &str, deleting: bool) {
    let current = match state.store.get_workflow(name).await {
        Ok(Some(record)) if record.enabled && !deleting => {
            state.prepared(name, record.current_version).await.ok()
        }
        Ok(_) => None,
        Err(e) => {
            tracing::warn!(workflow = name, error = %e, "could not read a workflow to update its webhook subscriptions");
            return;
        }
    };
    match state
        .engine
        .sync_webhook_triggers(name, current.as_ref())
        .await
    {
        Ok(report) if report != Default::default() => {
            tracing::info!(workflow = name, subscribed = ?report.subscribed, unsubscribed = ?report.unsubscribed,
                failed = ?report.failed, "webhook trigger subscriptions updated");
        }
        Ok(_) => {}
        Err(e) => {
            tracing::warn!(workflow = name, error = %e, "could not update webhook trigger subscriptions")
        }
    }
}

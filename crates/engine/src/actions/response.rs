//! Response: answer the HTTP caller waiting on the Request trigger.

use crate::engine::RunResponse;
use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_storage::JournalEntry;
use serde_json::{Map, Value, json};

pub(crate) async fn execute(ctx: &Ctx<'_>, inputs: &Value) -> Outcome {
    let status_code = match inputs.get("statusCode") {
        None | Some(Value::Null) => 200,
        Some(v) => match v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())) {
            Some(code @ (200..=299 | 400..=599)) => code as u16,
            _ => {
                return Outcome::failed(
                    "InvalidResponseStatusCode",
                    format!("The Response statusCode '{v}' is not allowed: use a 2xx, 4xx or 5xx status code."),
                );
            }
        },
    };
    let mut headers = Map::new();
    if let Some(Value::Object(h)) = inputs.get("headers") {
        for (k, v) in h {
            headers.insert(k.clone(), Value::String(super::text_of(v)));
        }
    }
    let body = inputs.get("body").cloned();
    let outputs = json!({ "statusCode": status_code, "headers": headers, "body": body });
    let response = RunResponse { status_code, headers, body };
    if ctx.state.caller_waits {
        let Some(responder) = ctx.state.take_responder() else {
            return Outcome::failed(
                "ActionResponseAlreadySent",
                "The caller has already received a response (or stopped waiting); a run answers its caller once.",
            );
        };
        // Delivered by the driver once this attempt is recorded and durable (see `deliver`).
        ctx.state.set_pending_reply(responder, response);
    }
    Outcome { code: super::http::reason_code(status_code), ..Outcome::succeeded(Some(outputs)) }
}

/// Sends a Response action's answer to the waiting caller after its attempt has been journaled:
/// the caller sees the answer only once everything the run recorded so far — the Response
/// attempt included — is durable.
pub(crate) async fn deliver(ctx: &Ctx<'_>) {
    let Some((responder, response)) = ctx.state.take_pending_reply() else { return };
    let outputs = json!({ "statusCode": response.status_code, "headers": response.headers, "body": response.body });
    let barrier = ctx.state.submit(ctx.inner.store.journal(), vec![JournalEntry::RunResponse {
        run_id: ctx.state.run_id.clone(),
        response: outputs,
    }]);
    if let Err(e) = barrier.await {
        tracing::error!(run = %ctx.state.run_id, error = %e, "the response could not be recorded; the caller gets no answer");
        return;
    }
    if responder.send(response).is_err() {
        tracing::warn!(run = %ctx.state.run_id, "the caller stopped waiting before the Response was sent");
    }
}

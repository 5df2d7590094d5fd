//! The Http polling trigger: one poll is one request built from the trigger's `inputs` (like the
//! Http action's), answered as Logic Apps' polling contract says:
//! - `200` fires a run whose trigger outputs are the answer's `{headers, body}`;
//! - `202` (and any other non-error status) finds nothing: recorded as Skipped, no run;
//! - `4xx`/`5xx` and connection failures are recorded as Failed, no run;
//! - `Retry-After` sets the delay before the next poll, `Location` the URL it polls.
//!
//! When a trigger condition reads `triggers().code`, the conditions decide instead: every answer
//! is a candidate and the conditions choose which codes fire.

use super::fire::{TriggerEvent, conditions_read_code};
use crate::actions::http::{
    body_value, build_request, error_chain, headers_object, read_body, reason_code, retry_after,
};
use crate::engine::{Engine, EngineError};
use crate::outcome::error;
use crate::prepare::PreparedWorkflow;
use crate::scope::RunScope;
use crate::state::RunState;
use chrono::{DateTime, Utc};
use flowline_storage::Status;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// What one poll found, and how the server wants to be polled next.
#[derive(Debug, Clone)]
pub struct Poll {
    /// The execution to hand to [`Engine::fire`].
    pub event: TriggerEvent,
    /// `Location` of the answer: the URL of the next poll.
    pub next_uri: Option<String>,
    /// `Retry-After` of the answer: the delay before the next poll.
    pub retry_after: Option<Duration>,
}

impl Engine {
    /// Polls an Http trigger once, at `uri` instead of `inputs.uri` when a previous answer gave a
    /// `Location`. The answer is returned, not fired: pass [`Poll::event`] to [`Engine::fire`].
    pub async fn poll_http(
        &self,
        workflow: &Arc<PreparedWorkflow>,
        trigger: &str,
        uri: Option<&str>,
        scheduled_time: DateTime<Utc>,
    ) -> Result<Poll, EngineError> {
        let def = workflow
            .trigger(trigger)
            .ok_or_else(|| EngineError::UnknownTrigger(trigger.to_string()))?;
        let name = def.name.clone();
        let mut event = TriggerEvent::new(name.clone(), json!({}), json!({}));
        event.scheduled_time = Some(scheduled_time);
        let mut inputs = match self.trigger_inputs(workflow, def) {
            Ok(inputs) => inputs,
            Err(e) => return Ok(failed(event, "InvalidTemplate", e)),
        };
        if let (Some(next), Value::Object(o)) = (uri, &mut inputs) {
            // A Location is a complete URL: it replaces the uri and its queries.
            o.insert("uri".into(), json!(next));
            o.remove("queries");
        }
        event.inputs = inputs.clone();
        let request = match build_request(&self.inner.http, &inputs) {
            Ok(r) => r,
            Err(outcome) => {
                let message = outcome
                    .error
                    .and_then(|e| e.get("message").cloned())
                    .unwrap_or_default();
                return Ok(failed(
                    event,
                    &outcome.code,
                    message.as_str().unwrap_or_default().to_string(),
                ));
            }
        };
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => {
                return Ok(failed(
                    event,
                    "GatewayTimeout",
                    format!("The poll of trigger '{name}' got no answer within the timeout."),
                ));
            }
            Err(e) => {
                return Ok(failed(
                    event,
                    "BadGateway",
                    format!("The poll of trigger '{name}' failed: {}.", error_chain(&e)),
                ));
            }
        };
        let status = response.status().as_u16();
        let next_uri = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let delay = retry_after(response.headers(), self.now());
        let headers = headers_object(response.headers());
        let content_type = headers
            .get("content-type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let bytes = match read_body(response, self.inner.config.max_response_bytes).await {
            Ok(b) => b,
            Err(outcome) => {
                return Ok(failed(
                    event,
                    &outcome.code,
                    format!("Reading the answer to the poll of trigger '{name}' failed."),
                ));
            }
        };
        let mut outputs = json!({ "headers": headers });
        if let Some(body) = body_value(&content_type, &bytes) {
            outputs["body"] = body;
        }
        event.outputs = outputs;
        event.code = reason_code(status);
        event.status = match status {
            _ if conditions_read_code(def) => Status::Succeeded,
            200 => Status::Succeeded,
            400..=599 => {
                event.error = Some(error(
                    &event.code,
                    format!("The poll of trigger '{name}' was answered with status {status}."),
                ));
                Status::Failed
            }
            _ => Status::Skipped,
        };
        Ok(Poll {
            event,
            next_uri: resolve(&inputs, next_uri),
            retry_after: delay,
        })
    }

    /// A trigger's `inputs` evaluated (parameters and app settings are available; there is no
    /// run yet, so nothing else is).
    fn trigger_inputs(
        &self,
        workflow: &Arc<PreparedWorkflow>,
        def: &flowline_model::Trigger,
    ) -> Result<Value, String> {
        let state = RunState::new(
            workflow.clone(),
            String::new(),
            String::new(),
            json!({}),
            workflow.parameters.clone(),
            None,
        );
        let scope = RunScope::new(&state, self.now(), &self.inner.config);
        def.inputs.evaluate(&scope).map_err(|e| {
            format!(
                "The inputs of trigger '{}' could not be evaluated: {e}",
                def.name
            )
        })
    }
}

fn failed(mut event: TriggerEvent, code: &str, message: String) -> Poll {
    event.status = Status::Failed;
    event.code = code.to_string();
    event.error = Some(error(code, message));
    Poll {
        event,
        next_uri: None,
        retry_after: None,
    }
}

/// A `Location` may be relative to the polled URL.
fn resolve(inputs: &Value, location: Option<String>) -> Option<String> {
    let location = location?;
    let base = inputs
        .get("uri")
        .and_then(Value::as_str)
        .and_then(|u| reqwest::Url::parse(u).ok());
    match base {
        Some(base) => base.join(&location).ok().map(String::from),
        None => Some(location),
    }
}

//! The Http action's asynchronous pattern. When a call answers `202 Accepted` with a `Location`
//! header, the operation goes on at the server: the action waits (the answer's `Retry-After`, else
//! [`DEFAULT_POLL_INTERVAL`], 20 s as Logic Apps), then `GET`s the location with the action's
//! headers, and repeats while the answer is `202` (a new `Location` replaces the old one). The
//! first other answer is the action's result, exactly as if the call had returned it: 2xx
//! succeeds, a transient failure goes through the retry policy, anything else fails.
//! `operationOptions: "DisableAsyncPattern"` turns this off: the `202` itself is then the result
//! (as is a `202` without `Location`).
//!
//! Polling belongs to the attempt that made the call, so it is bounded by the action's
//! `limit.timeout` and stops when the run is cancelled (both race the whole attempt sequence in
//! [`crate::retry`]). Before each wait the attempt's Running marker is journaled again with the
//! `202` answer as its outputs plus `pollingUrl`, the URL polled next — what a resumed run needs
//! to continue polling instead of starting the operation again ([`resumed`]). Waits are multiplied by
//! [`crate::EngineConfig::retry_interval_scale`].

use super::http::{self, Accepted, Called, Retry};
use crate::outcome::Outcome;
use crate::run::{Attempt, Ctx, mark_running_with};
use flowline_model::Action;
use serde_json::{Value, json};
use std::time::Duration;

/// Wait between polls when the server gives no `Retry-After`.
pub(crate) const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(20);

/// Whether `action` follows `202 Accepted` answers (no `DisableAsyncPattern`).
pub(crate) fn enabled(action: &Action) -> bool {
    !action.has_operation_option("DisableAsyncPattern")
}

/// In a resumed run: the polling that attempt `attempt` (the one in flight when the run was
/// interrupted) had reached — its last `202` answer and the URL it polled — so it goes on polling
/// at once instead of calling again. `None` when the attempt had not started polling (or its
/// outputs are secured, so the URL was not recorded).
pub(crate) fn resumed(ctx: &Ctx<'_>, action: &Action, attempt: Attempt) -> Option<Called> {
    let marker = ctx
        .state
        .replay()?
        .in_flight(&action.name, &ctx.repetition)?;
    if marker.attempt != attempt.number {
        return None;
    }
    let mut answer = marker.outputs.clone()?;
    let url = reqwest::Url::parse(answer.as_object_mut()?.remove("pollingUrl")?.as_str()?).ok()?;
    Some(Called {
        outcome: Outcome {
            code: "Accepted".into(),
            ..Outcome::succeeded(Some(answer))
        },
        retry: Retry::No,
        accepted: Some(Accepted {
            location: Some(url),
            after: Some(Duration::ZERO),
        }),
    })
}

/// Follows the async pattern from `called`, the answer of attempt `attempt`; returns the final
/// answer (`called` itself when it is not a `202` with a `Location`).
pub(crate) async fn follow(
    ctx: &Ctx<'_>,
    action: &Action,
    inputs: &Value,
    attempt: Attempt,
    mut called: Called,
) -> Called {
    let Some(mut location) = called.accepted.as_ref().and_then(|a| a.location.clone()) else {
        return called;
    };
    while let Some(Accepted {
        location: next,
        after,
    }) = called.accepted.take()
    {
        location = next.unwrap_or(location);
        let mut progress = called.outcome.outputs.take().unwrap_or_else(|| json!({}));
        progress["pollingUrl"] = json!(location.as_str());
        mark_running_with(ctx, action, attempt, inputs, Some(progress));
        let wait = after.unwrap_or(DEFAULT_POLL_INTERVAL);
        tokio::time::sleep(wait.mul_f64(ctx.inner.config.retry_interval_scale.max(0.0))).await;
        called = match http::build_request(&ctx.inner.http, &poll_inputs(inputs, &location)) {
            Ok(request) => http::exchange(ctx, action, request).await,
            Err(outcome) => return outcome.into(),
        };
    }
    called
}

/// The inputs of a poll: `GET` of `location` with the action's headers (minus the body's
/// `Content-Type`).
fn poll_inputs(inputs: &Value, location: &reqwest::Url) -> Value {
    let mut headers = inputs
        .get("headers")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    headers.retain(|k, _| !k.eq_ignore_ascii_case("content-type"));
    json!({ "method": "GET", "uri": location.as_str(), "headers": headers })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_get_the_location_with_the_callers_headers_but_no_body() {
        let inputs = json!({
            "method": "POST", "uri": "http://a/start", "body": { "x": 1 },
            "headers": { "Authorization": "Bearer t", "Content-Type": "application/json" }
        });
        let location = reqwest::Url::parse("http://a/status/1").unwrap();
        assert_eq!(
            poll_inputs(&inputs, &location),
            json!({ "method": "GET", "uri": "http://a/status/1", "headers": { "Authorization": "Bearer t" } })
        );
    }
}

//! Retries and the time limit of an Http action. Each call is an attempt of its own, journaled
//! with its meter under attempt number 1, 2, 3…; a transient failure (see
//! [`crate::actions::http::Retry`]) is retried as `inputs.retryPolicy` says ([`policy`]), after the
//! server's `Retry-After` when it sent one. The last attempt's result is the action's result.
//!
//! The waits race the run's cancellation, and the whole sequence races `limit.timeout`: when the
//! limit lapses the attempt in flight (or, during a wait, the next one) is recorded `TimedOut` with
//! code `ActionTimedOut`. An attempt recorded for a wait that was cut short made no call and is
//! not metered. Waits are multiplied by [`crate::EngineConfig::retry_interval_scale`].

pub(crate) mod policy;

use crate::actions::http::{self, Retry};
use crate::duration;
use crate::outcome::Outcome;
use crate::run::{Attempt, Ctx, journal_attempt, mark_running};
use flowline_model::Action;
use flowline_storage::Status;
use policy::RetryPolicy;
use serde_json::Value;
use std::sync::Mutex;
use std::time::Duration;

/// Runs an Http action's attempts until one is final; returns that attempt and its outcome (the
/// caller records it). Attempt 1 starts at `start` and its Running marker is already journaled.
pub(crate) async fn execute(ctx: &Ctx<'_>, action: &Action, inputs: &Value, start: chrono::DateTime<chrono::Utc>) -> (Attempt, Outcome) {
    let first = Attempt::first(start);
    let policy = match RetryPolicy::from_inputs(inputs) {
        Ok(p) => p,
        Err(message) => return (first, Outcome::failed("InvalidTemplate", message)),
    };
    let limit = match time_limit(action) {
        Ok(l) => l,
        Err(message) => return (first, Outcome::failed("InvalidTemplate", message)),
    };
    let current = Mutex::new(first);
    let attempts = attempts(ctx, action, inputs, &policy, &current);
    let limited = async {
        match limit {
            Some(limit) => tokio::time::timeout(limit, attempts).await.map_err(|_| limit),
            None => Ok(attempts.await),
        }
    };
    let interrupted = |outcome| (*current.lock().unwrap_or_else(|e| e.into_inner()), outcome);
    tokio::select! {
        // A finished attempt is recorded as finished, even if the run was stopped meanwhile.
        biased;
        done = limited => match done {
            Ok(done) => done,
            Err(limit) => interrupted(timed_out(action, limit)),
        },
        _ = ctx.state.cancel.cancelled() => interrupted(Outcome::cancelled()),
    }
}

/// The attempts loop; `current` always holds the attempt in flight or, during a wait, the next.
async fn attempts(
    ctx: &Ctx<'_>,
    action: &Action,
    inputs: &Value,
    policy: &RetryPolicy,
    current: &Mutex<Attempt>,
) -> (Attempt, Outcome) {
    let set = |a: Attempt| *current.lock().unwrap_or_else(|e| e.into_inner()) = a;
    let mut attempt = *current.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let called = http::call(ctx, action, inputs).await;
        let Retry::Transient { after } = called.retry else { return (attempt, called.outcome) };
        let Some(wait) = policy.delay(attempt.number, random()).map(|d| after.unwrap_or(d)) else {
            return (attempt, called.outcome);
        };
        journal_attempt(ctx, action, attempt, Some(inputs.clone()), &called.outcome);
        set(Attempt { number: attempt.number + 1, start: ctx.inner.clock.now(), billed: false });
        tokio::time::sleep(wait.mul_f64(ctx.inner.config.retry_interval_scale.max(0.0))).await;
        attempt = Attempt { number: attempt.number + 1, start: ctx.inner.clock.now(), billed: true };
        set(attempt);
        mark_running(ctx, action, attempt, inputs);
    }
}

/// `limit.timeout` of the action, if it has one.
fn time_limit(action: &Action) -> Result<Option<Duration>, String> {
    match action.raw.get("limit").and_then(|l| l.get("timeout")) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => duration::parse(s)
            .map(Some)
            .ok_or_else(|| format!("The 'limit.timeout' '{s}' of action '{}' is not an ISO 8601 duration.", action.name)),
        Some(other) => Err(format!("The 'limit.timeout' of action '{}' must be an ISO 8601 duration, not {other}.", action.name)),
    }
}

fn timed_out(action: &Action, limit: Duration) -> Outcome {
    Outcome {
        status: Status::TimedOut,
        ..Outcome::failed(
            "ActionTimedOut",
            format!("The action '{}' did not finish within its time limit of {} seconds.", action.name, limit.as_secs_f64()),
        )
    }
}

/// A uniform sample in `[0, 1)` (from a v4 UUID's random bits; no global RNG state).
fn random() -> f64 {
    let bits = (uuid::Uuid::new_v4().as_u128() as u64) & ((1u64 << 53) - 1);
    bits as f64 / (1u64 << 53) as f64
}

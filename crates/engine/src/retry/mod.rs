//! Retries and the time limit of an Http action. Each call is an attempt of its own, journaled
//! with its meter under attempt number 1, 2, 3…; a transient failure (see
//! [`crate::actions::http::Retry`]) is retried as `inputs.retryPolicy` says ([`policy`]), after the
//! server's `Retry-After` when it sent one. The last attempt's result is the action's result.
//!
//! An attempt whose call answers `202 Accepted` first follows the async pattern
//! ([`crate::actions::http_poll`]); its final answer is what the policy judges.
//!
//! The waits race the run's cancellation, and the whole sequence races `limit.timeout`: when the
//! limit lapses the attempt in flight (or, during a wait, the next one) is recorded `TimedOut` with
//! code `ActionTimedOut`. An attempt recorded for a wait that was cut short made no call and is
//! not metered. Waits are multiplied by [`crate::EngineConfig::retry_interval_scale`].

pub(crate) mod policy;

use crate::actions::http::{self, Retry};
use crate::actions::http_poll;
use crate::outcome::Outcome;
use crate::run::{Attempt, Ctx, journal_attempt, mark_running};
use flowline_model::Action;
use policy::RetryPolicy;
use serde_json::Value;
use std::sync::Mutex;

/// Runs an Http action's attempts until one is final; returns that attempt and its outcome (the
/// caller records it). `first` is attempt 1 (or, in a resumed run, the attempt that was in flight); its
/// Running marker is already journaled.
pub(crate) async fn execute(ctx: &Ctx<'_>, action: &Action, inputs: &Value, first: Attempt) -> (Attempt, Outcome) {
    let policy = match RetryPolicy::from_inputs(inputs) {
        Ok(p) => p,
        Err(message) => return (first, Outcome::failed("InvalidTemplate", message)),
    };
    let limit = match crate::limit::time_limit(action) {
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
            Err(limit) => interrupted(crate::limit::timed_out(action, limit)),
        },
        _ = ctx.cancel.cancelled() => interrupted(Outcome::cancelled()),
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
        let resumed = http_poll::enabled(action).then(|| http_poll::resumed(ctx, action, attempt)).flatten();
        let mut called = match resumed {
            Some(polling) => polling,
            None => http::call(ctx, action, inputs).await,
        };
        if called.accepted.is_some() && http_poll::enabled(action) {
            called = http_poll::follow(ctx, action, inputs, attempt, called).await;
        }
        let Retry::Transient { after } = called.retry else { return (attempt, called.outcome) };
        let Some(wait) = policy.delay(attempt.number, random()).map(|d| after.unwrap_or(d)) else {
            return (attempt, called.outcome);
        };
        journal_attempt(ctx, action, attempt, Some(inputs.clone()), &called.outcome);
        let next = Attempt { number: attempt.number + 1, start: ctx.inner.clock.now(), billed: false };
        set(next);
        // The next attempt is marked at once, so a run resumed during the wait retries rather
        // than taking the failed attempt as the action's result.
        mark_running(ctx, action, next, inputs);
        tokio::time::sleep(wait.mul_f64(ctx.inner.config.retry_interval_scale.max(0.0))).await;
        attempt = Attempt { number: attempt.number + 1, start: ctx.inner.clock.now(), billed: true };
        set(attempt);
        mark_running(ctx, action, attempt, inputs);
    }
}

/// A uniform sample in `[0, 1)` (from a v4 UUID's random bits; no global RNG state).
fn random() -> f64 {
    let bits = (uuid::Uuid::new_v4().as_u128() as u64) & ((1u64 << 53) - 1);
    bits as f64 / (1u64 << 53) as f64
}

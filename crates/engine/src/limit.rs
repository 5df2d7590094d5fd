//! Time limits: an action's `limit.timeout`, and the run's duration limit.
//!
//! **Actions.** `limit.timeout` (ISO 8601) applies to every action type except `Until`, whose
//! `limit.timeout` is its own loop limit (checked between iterations, see `control::until`):
//! - an operation (Compose, Wait, Response, …) races its limit in [`run_operation`]; when the
//!   limit lapses first the action is `TimedOut` with code `ActionTimedOut`. The Http action
//!   applies the same limit across all its attempts and async polls (`crate::retry`);
//! - a container (Scope, If, Switch, Foreach) runs its children under a [`ContainerLimit`]: a
//!   cancellation scope of its own. When the limit lapses, children in flight are Cancelled,
//!   children not started yet are Skipped (error `ActionTimedOut`), no new iteration starts, and
//!   the container itself is recorded `TimedOut` / `ActionTimedOut` ([`settle`]) — so a runAfter
//!   `TimedOut` handler runs, as in Logic Apps.
//!
//! **Runs.** A run may last at most [`crate::EngineConfig::max_run_duration`] (Logic Apps
//! Consumption: 90 days) from its trigger's start time. When that passes ([`watch_run`]) the run
//! stops like a Terminate would: actions in flight are Cancelled, the rest Skipped, and the run
//! ends `TimedOut` with code `WorkflowRunTimedOut` (the Logic Apps run status "Timed out:
//! exceeded run-duration limit" and its code). The limit is measured from the recorded start
//! time, so a run re-driven after a restart keeps its original deadline.

use crate::engine::Inner;
use crate::outcome::{Outcome, SkipReason, error};
use crate::run::Ctx;
use crate::state::{RunState, Stop};
use flowline_model::{Action, ActionBody};
use flowline_storage::Status;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;

/// `limit.timeout` of the action, if it has one. The error is the message for `InvalidTemplate`.
pub(crate) fn time_limit(action: &Action) -> Result<Option<Duration>, String> {
    match action.raw.get("limit").and_then(|l| l.get("timeout")) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => crate::duration::parse(s).map(Some).ok_or_else(|| {
            format!(
                "The 'limit.timeout' '{s}' of action '{}' is not an ISO 8601 duration.",
                action.name
            )
        }),
        Some(other) => Err(format!(
            "The 'limit.timeout' of action '{}' must be an ISO 8601 duration, not {other}.",
            action.name
        )),
    }
}

/// The outcome of an action whose `limit.timeout` of `limit` lapsed.
pub(crate) fn timed_out(action: &Action, limit: Duration) -> Outcome {
    Outcome {
        status: Status::TimedOut,
        ..Outcome::failed(
            "ActionTimedOut",
            format!(
                "The action '{}' did not finish within its time limit of {} seconds.",
                action.name,
                limit.as_secs_f64()
            ),
        )
    }
}

/// Runs an operation within the action's `limit.timeout` and the context's cancellation. An
/// operation that finishes is recorded as finished even if the run was stopped meanwhile.
pub(crate) async fn run_operation(
    ctx: &Ctx<'_>,
    action: &Action,
    operation: impl Future<Output = Outcome>,
) -> Outcome {
    let limit = match time_limit(action) {
        Ok(limit) => limit,
        Err(message) => return Outcome::failed("InvalidTemplate", message),
    };
    let lapse = async {
        match limit {
            Some(limit) => tokio::time::sleep(limit).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        biased;
        outcome = operation => outcome,
        _ = ctx.cancel.cancelled() => Outcome::cancelled(),
        _ = lapse => timed_out(action, limit.unwrap_or_default()),
    }
}

/// The time limit of a container action in progress. Its children run in a context whose
/// cancellation token is cancelled when the limit lapses (or when an enclosing scope is).
pub(crate) struct ContainerLimit {
    /// The container action.
    action: String,
    limit: Duration,
    lapsed: Arc<AtomicBool>,
    /// The limit of an enclosing container, if any.
    parent: Option<Arc<ContainerLimit>>,
    /// Sets `lapsed` and cancels the children's token when the limit passes.
    timer: JoinHandle<()>,
}

impl ContainerLimit {
    fn lapsed(&self) -> bool {
        self.lapsed.load(Ordering::SeqCst)
    }
}

impl Drop for ContainerLimit {
    fn drop(&mut self) {
        self.timer.abort();
    }
}

/// Whether `limit.timeout` of this action is applied by [`Ctx::limited`] (containers other than
/// Until, whose timeout is a loop limit).
fn is_limited_container(action: &Action) -> bool {
    matches!(
        action.body,
        ActionBody::Scope { .. }
            | ActionBody::If { .. }
            | ActionBody::Switch { .. }
            | ActionBody::Foreach { .. }
    )
}

impl<'a> Ctx<'a> {
    /// For a container action with a valid `limit.timeout`: a context whose children are
    /// cancelled when the limit lapses. `None` for anything else (an invalid limit on a container
    /// is reported by the model's validation and otherwise ignored here).
    pub(crate) fn limited(&self, action: &Action) -> Option<Ctx<'a>> {
        if !is_limited_container(action) {
            return None;
        }
        let limit = time_limit(action).ok()??;
        let token = self.cancel.child_token();
        let lapsed = Arc::new(AtomicBool::new(false));
        let timer = tokio::spawn({
            let (token, lapsed) = (token.clone(), lapsed.clone());
            async move {
                tokio::time::sleep(limit).await;
                lapsed.store(true, Ordering::SeqCst);
                token.cancel();
            }
        });
        let container = ContainerLimit {
            action: action.name.clone(),
            limit,
            lapsed,
            parent: self.limit.clone(),
            timer,
        };
        Some(Ctx {
            inner: self.inner,
            state: self.state,
            repetition: self.repetition.clone(),
            loops: self.loops.clone(),
            cancel: token,
            limit: Some(Arc::new(container)),
        })
    }

    /// Why no new action may start in this context: the run stopped, or an enclosing container's
    /// time limit lapsed. `None` while work may go on.
    pub(crate) fn halted(&self) -> Option<SkipReason> {
        match self.state.stopped() {
            Some(Stop::Terminated { .. }) => return Some(SkipReason::Terminated),
            Some(_) => return Some(SkipReason::Cancelled),
            None => {}
        }
        let mut limit = self.limit.as_deref();
        while let Some(l) = limit {
            if l.lapsed() {
                return Some(SkipReason::TimedOut {
                    container: l.action.clone(),
                });
            }
            limit = l.parent.as_deref();
        }
        self.cancel.is_cancelled().then_some(SkipReason::Cancelled)
    }
}

/// The outcome to record for `action` that ran in `ctx`: `TimedOut` when `ctx` is the action's
/// own [`ContainerLimit`] scope and its limit lapsed (and the run itself is still going);
/// otherwise `outcome` unchanged.
pub(crate) fn settle(ctx: &Ctx<'_>, action: &Action, outcome: Outcome) -> Outcome {
    match &ctx.limit {
        Some(l) if l.action == action.name && l.lapsed() && ctx.state.stopped().is_none() => {
            timed_out(action, l.limit)
        }
        _ => outcome,
    }
}

/// Stops the run when its duration limit passes; dropping the guard disarms it.
pub(crate) struct RunDeadline(JoinHandle<()>);

impl Drop for RunDeadline {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Arms the run's duration limit ([`crate::EngineConfig::max_run_duration`]), measured from the
/// trigger's recorded `startTime` (now, if it has none).
pub(crate) fn watch_run(inner: &Inner, state: &Arc<RunState>) -> RunDeadline {
    let now = inner.clock.now();
    let start = state
        .trigger
        .get("startTime")
        .and_then(Value::as_str)
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map_or(now, |t| t.with_timezone(&chrono::Utc));
    let elapsed = (now - start).to_std().unwrap_or_default();
    let max = inner.config.max_run_duration;
    let remaining = max.saturating_sub(elapsed);
    let state = state.clone();
    RunDeadline(tokio::spawn(async move {
        tokio::time::sleep(remaining).await;
        let message = format!(
            "The run did not finish within the workflow run duration limit of {} seconds.",
            max.as_secs_f64()
        );
        state.stop(Stop::Terminated {
            status: Status::TimedOut,
            code: "WorkflowRunTimedOut".into(),
            error: Some(error("WorkflowRunTimedOut", message)),
        });
    }))
}

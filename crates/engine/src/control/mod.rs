//! Control actions that run a container several times or pick one: Foreach, Until and Switch
//! (If and Scope stay in [`crate::run`]). One module each; this one holds what they share.
//!
//! **Iterations.** Each iteration runs the loop body in a fresh [`crate::graph::ContainerRun`]
//! with a context one loop deeper ([`Ctx::iteration`]): inner attempts are journaled with
//! `repetition` = `[{scopeName, itemIndex}]` (outermost first), `item()`/`items()`/
//! `iterationIndexes()` see the iteration, and `body('Inner')` inside iteration *i* sees iteration
//! *i*'s result. When the iteration ends its in-memory results are dropped (the journal keeps them);
//! outside the loop `body('Inner')` is the last iteration that completed.
//!
//! **Loop status.** A Foreach fails if any iteration's container failed (else TimedOut if any
//! timed out, else Succeeded); an Until takes the status of its last iteration. A loop in flight
//! when the run stops is Cancelled; iterations not yet started then never start.
//!
//! **`result('Loop')`.** One entry per first-level action of the body, in document order:
//! `{name, status, outputs}` where `outputs` is the array of that action's per-iteration result
//! objects (`{name, inputs, outputs, status, code, startTime, endTime, error}`) in iteration order,
//! and `status` is Failed if any iteration's was, else TimedOut if any, else Succeeded if any, else
//! Skipped. These are held in memory only when some expression of the workflow calls `result()`.
//!
//! Loops record no inputs or outputs of their own; a Switch records `{"expressionValue": v}`.

mod foreach;
mod switch;
mod until;

use crate::outcome::Outcome;
use crate::run::{Ctx, run_container};
use crate::prepare::ContainerKey;
use flowline_model::{Action, ActionBody, Actions};
use flowline_storage::Status;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// What a control action produced: its outcome, recorded inputs and `result()` view.
pub(crate) struct Done {
    pub outcome: Outcome,
    pub inputs: Option<Value>,
    pub loop_result: Option<Arc<Value>>,
}

impl Done {
    fn failed(code: &str, message: impl Into<String>) -> Self {
        Done { outcome: Outcome::failed(code, message), inputs: None, loop_result: None }
    }
}

/// Executes a Foreach, Until or Switch, including everything nested in it.
pub(crate) async fn execute(ctx: &Ctx<'_>, action: &Action) -> Done {
    match &action.body {
        ActionBody::Foreach { items, actions, sequential, concurrency } => {
            foreach::execute(ctx, action, items, actions, foreach::degree(ctx, *sequential, *concurrency)).await
        }
        ActionBody::Until { condition, actions, count, timeout } => {
            let limits = until::Limits::evaluate(ctx, action, count.as_ref(), timeout.as_deref());
            match limits {
                Ok(limits) => until::execute(ctx, action, condition, actions, limits).await,
                Err(done) => *done,
            }
        }
        ActionBody::Switch { expression, cases, default } => switch::execute(ctx, action, expression, cases, default).await,
        _ => Done::failed("ActionTypeNotSupported", format!("'{}' is not a loop or a Switch.", action.name)),
    }
}

/// Runs iteration `index` of the loop `action` (its body `body`), then `after` in the iteration's
/// context (an Until checks its condition there), then forgets the iteration's results.
/// `None` if the run has stopped (or the loop's time limit lapsed), in which case the iteration
/// does not start.
async fn iteration<T>(
    ctx: &Ctx<'_>,
    action: &Action,
    body: &Actions,
    frame: (u64, Option<Arc<Value>>),
    collector: Option<&Collector>,
    after: impl FnOnce(&Ctx<'_>) -> T,
) -> Option<(Status, T)> {
    if ctx.halted().is_some() {
        return None;
    }
    let (index, item) = frame;
    let inner = ctx.iteration(&action.name, index, item);
    let status = run_container(&inner, ContainerKey::Loop(action.name.clone()), body).await;
    let answer = after(&inner);
    if let Some(c) = collector {
        c.collect(&inner, index);
    }
    ctx.state.end_iteration(&inner.repetition);
    Some((status, answer))
}

/// The status of a loop so far, given the status of one more iteration: Failed beats TimedOut
/// beats everything else.
fn merge(acc: Status, next: Status) -> Status {
    match (acc, next) {
        (Status::Failed, _) | (_, Status::Failed) => Status::Failed,
        (Status::TimedOut, _) | (_, Status::TimedOut) => Status::TimedOut,
        _ => Status::Succeeded,
    }
}

/// Gathers the per-iteration results of a loop's first-level actions for `result('Loop')`.
struct Collector {
    children: Vec<String>,
    iterations: Mutex<BTreeMap<u64, Vec<Option<Value>>>>,
}

impl Collector {
    /// A collector for `action`, if the workflow calls `result()` at all.
    fn new(ctx: &Ctx<'_>, action: &Action) -> Option<Self> {
        let wf = ctx.workflow();
        let children = wf.uses_result().then(|| wf.scope_children(&action.name))??.to_vec();
        Some(Collector { children, iterations: Mutex::new(BTreeMap::new()) })
    }

    fn collect(&self, inner: &Ctx<'_>, index: u64) {
        let ctid = &inner.state.client_tracking_id;
        let results = self
            .children
            .iter()
            .map(|c| inner.state.with_result(c, &inner.repetition, |r| r.to_object(c, ctid)))
            .collect();
        self.iterations.lock().unwrap_or_else(|e| e.into_inner()).insert(index, results);
    }

    /// The `result('Loop')` array.
    fn finish(self) -> Arc<Value> {
        let iterations = self.iterations.into_inner().unwrap_or_else(|e| e.into_inner());
        let entries = self
            .children
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let per_iteration: Vec<Value> = iterations.values().filter_map(|r| r[i].clone()).collect();
                let status = per_iteration.iter().map(|o| o["status"].as_str().unwrap_or_default()).fold("Skipped", |acc, s| {
                    match (acc, s) {
                        ("Failed", _) | (_, "Failed") => "Failed",
                        ("TimedOut", _) | (_, "TimedOut") => "TimedOut",
                        ("Succeeded", _) | (_, "Succeeded") => "Succeeded",
                        _ => acc,
                    }
                });
                let mut entry = Map::new();
                entry.insert("name".into(), json!(name));
                entry.insert("status".into(), json!(status));
                entry.insert("outputs".into(), Value::Array(per_iteration));
                Value::Object(entry)
            })
            .collect();
        Arc::new(Value::Array(entries))
    }
}

/// Iterations between two journal barriers of a Foreach (see [`JournalWindow`]).
const JOURNAL_WINDOW: u64 = 1_000;

/// Keeps a long Foreach from running ahead of the journal writer. Attempts are journaled without
/// waiting (`run::journal_attempt`), so a loop of cheap actions can submit entries
/// faster than they commit, and the writer's queue — not the run state — would then grow with
/// the item count (100,000 Composes: 257 MiB peak instead of 31). Every [`JOURNAL_WINDOW`]
/// iterations the loop submits an empty barrier and waits for the previous one: entries commit in
/// submission order, so at most about two windows of entries are ever queued, and the wait is
/// usually over at once.
#[derive(Default)]
struct JournalWindow {
    iterations: u64,
    previous: Option<flowline_storage::Commit>,
}

impl JournalWindow {
    /// Counts one finished iteration; at a window's end, waits for the previous barrier.
    async fn iteration_done(&mut self, ctx: &Ctx<'_>) {
        self.iterations += 1;
        if !self.iterations.is_multiple_of(JOURNAL_WINDOW) {
            return;
        }
        let barrier = ctx.state.submit(ctx.inner.store.journal(), Vec::new());
        if let Some(previous) = self.previous.replace(barrier) {
            // A failed commit is the run's concern (its end reports it); the window only paces.
            let _ = previous.await;
        }
    }
}

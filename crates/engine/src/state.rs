//! Shared, in-memory state of one run while it executes: action results, variables, the trigger
//! object and the termination flag. Parallel branches share it behind short-lived locks.
//!
//! Results are kept per loop iteration: an action inside a Foreach or Until records its result
//! under the repetition it ran in (`[{scopeName, itemIndex}]`, outermost first) as well as its
//! *latest* result. A lookup from inside an iteration resolves an action that shares enclosing
//! loops with the caller in the caller's own iteration; from anywhere else it sees the latest
//! result (outside a loop: the last iteration that completed). An iteration's results are
//! forgotten when it ends ([`RunState::end_iteration`]), so memory holds only iterations in flight
//! — a 100,000-item Foreach keeps at most `concurrency` iterations' results (every attempt is in
//! the journal).

use crate::engine::RunResponse;
use crate::prepare::PreparedWorkflow;
use crate::replay::Replay;
use flowline_storage::{Commit, Fence, Journal, JournalEntry};
use chrono::{DateTime, Utc};
use flowline_storage::{RepetitionIndex, Status};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

/// The recorded result of an action (its latest attempt), as expressions see it.
#[derive(Debug, Clone)]
pub struct ActionResult {
    /// Final status.
    pub status: Status,
    /// Result code.
    pub code: Option<String>,
    /// Evaluated inputs.
    pub inputs: Option<Value>,
    /// Outputs.
    pub outputs: Option<Value>,
    /// Error `{code, message}`.
    pub error: Option<Value>,
    /// Start time.
    pub start_time: DateTime<Utc>,
    /// End time.
    pub end_time: DateTime<Utc>,
    /// For a Foreach or Until: what `result('Loop')` returns (see [`crate::control`]). Kept only
    /// when the workflow calls `result()` somewhere.
    pub loop_result: Option<Arc<Value>>,
}

impl ActionResult {
    /// The `actions('X')` object of Logic Apps.
    pub fn to_object(&self, name: &str, client_tracking_id: &str) -> Value {
        let mut o = Map::new();
        o.insert("name".into(), json!(name));
        if let Some(i) = &self.inputs {
            o.insert("inputs".into(), i.clone());
        }
        if let Some(out) = &self.outputs {
            o.insert("outputs".into(), out.clone());
        }
        o.insert("startTime".into(), json!(crate::time::format(self.start_time)));
        o.insert("endTime".into(), json!(crate::time::format(self.end_time)));
        o.insert("trackingId".into(), json!(client_tracking_id));
        o.insert("clientTrackingId".into(), json!(client_tracking_id));
        o.insert("code".into(), json!(self.code));
        o.insert("status".into(), json!(self.status.as_str()));
        if let Some(e) = &self.error {
            o.insert("error".into(), e.clone());
        }
        Value::Object(o)
    }
}

/// One enclosing loop iteration, as expressions see it (`item()`, `items('L')`,
/// `iterationIndexes('L')`).
#[derive(Debug, Clone)]
pub struct LoopFrame {
    /// The loop action's name.
    pub name: String,
    /// Zero-based iteration index.
    pub index: u64,
    /// The current item of a Foreach; `None` for an Until.
    pub item: Option<Arc<Value>>,
}

/// Results recorded so far: every action's latest, and per iteration in flight.
#[derive(Default)]
struct Results {
    latest: HashMap<String, ActionResult>,
    iterations: HashMap<Vec<RepetitionIndex>, HashMap<String, ActionResult>>,
}

/// Why a run stopped early.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// A Terminate action ran.
    Terminated {
        /// Run status it set.
        status: Status,
        /// Run code.
        code: String,
        /// Run error.
        error: Option<Value>,
    },
    /// A user cancelled the run.
    Cancelled,
    /// This process no longer drives the run (its lease was taken over, or it is shutting down
    /// and leaves the run to be resumed): execution stops without recording anything more.
    Abandoned,
}

/// State of one executing run.
pub struct RunState {
    /// The prepared workflow being run.
    pub workflow: Arc<PreparedWorkflow>,
    /// Run id.
    pub run_id: String,
    /// Client tracking id.
    pub client_tracking_id: String,
    /// The `trigger()` object.
    pub trigger: Value,
    /// Parameter values.
    pub parameters: Arc<Map<String, Value>>,
    results: Mutex<Results>,
    variables: Mutex<Map<String, Value>>,
    stop: Mutex<Option<Stop>>,
    /// Cancelled when the run terminates or is cancelled: in-flight actions stop.
    pub cancel: CancellationToken,
    /// Whether an HTTP caller waits for a Response action.
    pub caller_waits: bool,
    responder: Mutex<Option<oneshot::Sender<RunResponse>>>,
    pending_reply: Mutex<Option<(oneshot::Sender<RunResponse>, RunResponse)>>,
    /// The lease version this process holds on the run (0: none — a Stateless run); fences every
    /// journal write of the run.
    lease_version: std::sync::atomic::AtomicI64,
    /// What a resumed run had recorded before this process took it over.
    replay: Option<Replay>,
    /// Serializes variable actions with their journal submission, so the journal's order of
    /// variable values is the order the updates were applied in.
    pub(crate) variable_order: tokio::sync::Mutex<()>,
    /// When this process started driving the run.
    pub(crate) driven_since: std::time::Instant,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl RunState {
    /// A new run state.
    pub fn new(
        workflow: Arc<PreparedWorkflow>,
        run_id: String,
        client_tracking_id: String,
        trigger: Value,
        parameters: Arc<Map<String, Value>>,
        responder: Option<oneshot::Sender<RunResponse>>,
    ) -> Self {
        RunState {
            workflow,
            run_id,
            client_tracking_id,
            trigger,
            parameters,
            results: Mutex::new(Results::default()),
            variables: Mutex::new(Map::new()),
            stop: Mutex::new(None),
            cancel: CancellationToken::new(),
            caller_waits: responder.is_some(),
            responder: Mutex::new(responder),
            pending_reply: Mutex::new(None),
            lease_version: std::sync::atomic::AtomicI64::new(0),
            replay: None,
            variable_order: tokio::sync::Mutex::new(()),
            driven_since: std::time::Instant::now(),
        }
    }

    /// Fences the run's journal writes with the lease this process holds.
    pub fn with_lease(mut self, lease_version: i64) -> Self {
        self.lease_version = std::sync::atomic::AtomicI64::new(lease_version);
        self
    }

    /// Resumes a run: what it recorded is restored instead of re-executed, and its variables
    /// start from their stored values.
    pub(crate) fn with_replay(mut self, replay: Replay, variables: Vec<(String, Value)>) -> Self {
        self.replay = Some(replay);
        *lock(&self.variables) = variables.into_iter().collect();
        self
    }

    /// What the run recorded before this process resumed it.
    pub(crate) fn replay(&self) -> Option<&Replay> {
        self.replay.as_ref()
    }

    /// Submits journal entries of this run, fenced by its lease. Nothing is written once the
    /// run is abandoned.
    pub fn submit(&self, journal: &Journal, entries: Vec<JournalEntry>) -> Commit {
        if matches!(self.stopped(), Some(Stop::Abandoned)) {
            return Commit::refused(flowline_storage::StorageError::Fenced(self.run_id.clone()));
        }
        if self.workflow.stateless {
            // No history: only the meters of what ran are kept.
            let meters: Vec<JournalEntry> = entries
                .into_iter()
                .filter_map(|e| match e {
                    JournalEntry::ActionAttempt { meter: Some(m), .. } => Some(JournalEntry::Meter(m)),
                    _ => None,
                })
                .collect();
            if !meters.is_empty() {
                drop(journal.submit(meters));
            }
            return Commit::ready();
        }
        match self.lease_version() {
            Some(lease_version) => journal.submit_fenced(Fence { run_id: self.run_id.clone(), lease_version }, entries),
            None => journal.submit(entries),
        }
    }

    /// The lease version this process holds on the run, if it holds one.
    pub(crate) fn lease_version(&self) -> Option<i64> {
        let v = self.lease_version.load(std::sync::atomic::Ordering::Acquire);
        (v > 0).then_some(v)
    }

    /// Whether this process stopped driving the run.
    pub(crate) fn abandoned(&self) -> bool {
        matches!(self.stopped(), Some(Stop::Abandoned))
    }

    /// A variable's key and stored slot (`{type, value}`), found case-insensitively.
    pub(crate) fn variable_slot(&self, name: &str) -> Option<(String, Value)> {
        lock(&self.variables)
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(k, v)| (k.clone(), v.clone()))
    }

    /// Records an action's result, in the loop iteration `repetition` it ran in (`[]` outside
    /// loops).
    pub fn set_result(&self, name: &str, repetition: &[RepetitionIndex], result: ActionResult) {
        let mut results = lock(&self.results);
        if !repetition.is_empty() {
            results.iterations.entry(repetition.to_vec()).or_default().insert(name.to_string(), result.clone());
        }
        results.latest.insert(name.to_string(), result);
    }

    /// Runs `f` on an action's result as seen from `repetition`. `name` must be the canonical
    /// spelling. An action nested in loops that also enclose the caller is looked up in the
    /// caller's iteration of them (and is missing if it has not run there yet); any other action
    /// resolves to its latest result.
    pub fn with_result<T>(
        &self,
        name: &str,
        repetition: &[RepetitionIndex],
        f: impl FnOnce(&ActionResult) -> T,
    ) -> Option<T> {
        let loops = self.workflow.enclosing_loops(name);
        let shared = !loops.is_empty()
            && loops.len() <= repetition.len()
            && loops.iter().zip(repetition).all(|(l, r)| *l == r.scope_name);
        let results = lock(&self.results);
        if shared {
            results.iterations.get(&repetition[..loops.len()]).and_then(|m| m.get(name)).map(f)
        } else {
            results.latest.get(name).map(f)
        }
    }

    /// Forgets the per-iteration results of an iteration that has ended (its actions' latest
    /// results stay).
    pub fn end_iteration(&self, repetition: &[RepetitionIndex]) {
        lock(&self.results).iterations.remove(repetition);
    }

    /// Runs `f` with the variables locked (read or update atomically).
    pub fn with_variables<T>(&self, f: impl FnOnce(&mut Map<String, Value>) -> T) -> T {
        f(&mut lock(&self.variables))
    }

    /// Stops the run (first stop wins) and cancels in-flight work.
    pub fn stop(&self, stop: Stop) {
        let mut s = lock(&self.stop);
        if s.is_none() {
            *s = Some(stop);
        }
        drop(s);
        self.cancel.cancel();
    }

    /// Takes the channel to the waiting HTTP caller (`None` if none waits or it was answered).
    pub fn take_responder(&self) -> Option<oneshot::Sender<RunResponse>> {
        lock(&self.responder).take()
    }

    /// Holds a Response action's answer until its attempt is recorded.
    pub fn set_pending_reply(&self, responder: oneshot::Sender<RunResponse>, response: RunResponse) {
        *lock(&self.pending_reply) = Some((responder, response));
    }

    /// Takes the answer waiting to be delivered, if any.
    pub fn take_pending_reply(&self) -> Option<(oneshot::Sender<RunResponse>, RunResponse)> {
        lock(&self.pending_reply).take()
    }

    /// Why the run stopped, if it did.
    pub fn stopped(&self) -> Option<Stop> {
        lock(&self.stop).clone()
    }
}

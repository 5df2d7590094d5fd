//! The engine handle: starts runs of prepared workflows, tracks the active ones (for cancel), and
//! hands each run to the driver in [`crate::run`].

use crate::prepare::PreparedWorkflow;
use crate::run;
use crate::state::{RunState, Stop};
use crate::time::{Clock, SystemClock, format};
use flowline_storage::{
    JournalEntry, MeterCategory, MeterRecord, RunRecord, Status, Store, StorageError, TriggerHistoryRecord,
};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

/// Engine settings.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Timeout of one outbound HTTP request made by an Http action (Logic Apps: 120 s).
    pub http_timeout: Duration,
    /// Largest HTTP response body an Http action reads (Logic Apps: 104,857,600 bytes).
    pub max_response_bytes: usize,
    /// Application settings that `appsetting('name')` reads (Logic Apps Standard app settings).
    pub app_settings: HashMap<String, String>,
    /// Factor applied to every wait between Http retries (policy intervals and `Retry-After`)
    /// and between the polls of an Http action's async pattern.
    /// 1.0 in production; tests set it near 0 so a retry policy's seconds become milliseconds.
    pub retry_interval_scale: f64,
    /// Longest a run may last, from its trigger's start; then it ends `TimedOut` with code
    /// `WorkflowRunTimedOut` (Logic Apps Consumption: 90 days). See `limit`.
    pub max_run_duration: Duration,
    /// This node's identity in run leases (unique per process).
    pub node_id: String,
    /// How long a run's lease lasts without renewal; a run whose node stops renewing is resumed
    /// elsewhere after this (renewed every third of it). See [`crate::durable`].
    pub lease_ttl: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            http_timeout: Duration::from_secs(120),
            max_response_bytes: 104_857_600,
            app_settings: HashMap::new(),
            retry_interval_scale: 1.0,
            max_run_duration: Duration::from_secs(90 * 86_400),
            node_id: format!("node-{}", uuid::Uuid::new_v4().simple()),
            lease_ttl: Duration::from_secs(30),
        }
    }
}

/// A trigger execution that starts a run.
#[derive(Debug, Clone, Default)]
pub struct TriggerInvocation {
    /// Trigger name.
    pub trigger: String,
    /// Recorded trigger inputs (for a request: method, path, queries).
    pub inputs: Value,
    /// Trigger outputs `{headers, body?, relativePathParameters?, queries?}`.
    pub outputs: Value,
    /// Client tracking id given by the caller (`x-ms-client-tracking-id`).
    pub client_tracking_id: Option<String>,
    /// Correlation id given by the caller.
    pub correlation_id: Option<String>,
    /// Whether an HTTP caller waits for the workflow's Response action.
    pub caller_waits: bool,
    /// For a schedule or poll: the occurrence that fired (`scheduledTime` of the trigger).
    pub scheduled_time: Option<chrono::DateTime<chrono::Utc>>,
    /// The trigger's result code (`OK` when absent).
    pub code: Option<String>,
    /// For a child run: the idempotency key of the parent's calling attempt. The link is
    /// journaled with the run's creation ([`JournalEntry::ChildRunStarted`]), so a parent
    /// re-driven after a crash finds this run instead of starting another.
    pub parent_call: Option<String>,
}

/// The HTTP response a Response action produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResponse {
    /// Status code.
    pub status_code: u16,
    /// Headers.
    pub headers: Map<String, Value>,
    /// Body (`None` for no body).
    pub body: Option<Value>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// Final status.
    pub status: Status,
    /// Run code.
    pub code: Option<String>,
    /// Run error.
    pub error: Option<Value>,
    /// Workflow outputs.
    pub outputs: Option<Value>,
}

/// A run that has been started.
pub struct StartedRun {
    /// Run id.
    pub id: String,
    /// Correlation id.
    pub correlation_id: String,
    /// Client tracking id.
    pub client_tracking_id: String,
    /// Resolves with the Response action's result (dropped if the run ends without one).
    pub response: oneshot::Receiver<RunResponse>,
    /// Resolves when the run has finished and its final state has been committed (if storage
    /// fails at that moment the failure is logged and the run is reported finished anyway; it is
    /// resumed later). A run this node abandons (shutdown, lease lost) reports status `Running`.
    pub finished: oneshot::Receiver<RunOutcome>,
    /// Resolves when the run's creation is durable.
    pub accepted: flowline_storage::Commit,
}

/// Errors starting a run.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The workflow has no trigger of that name.
    #[error("the workflow has no trigger named '{0}'")]
    UnknownTrigger(String),
    /// Storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A resubmission is not possible.
    #[error(transparent)]
    Resubmit(#[from] crate::resubmit::ResubmitError),
}

pub(crate) struct Inner {
    pub store: Arc<dyn Store>,
    pub http: reqwest::Client,
    pub clock: Arc<dyn Clock>,
    pub config: EngineConfig,
    active: Mutex<HashMap<String, Arc<RunState>>>,
    /// The injected host and webhook wake-ups (see [`crate::host`]).
    pub(crate) hooks: crate::host::Hooks,
    /// Trigger concurrency slots (see [`crate::triggers`]).
    pub(crate) gates: crate::triggers::Gates,
    /// Lease upkeep state (see [`crate::durable`]).
    pub(crate) leases: crate::durable::LeaseState,
}

/// The run engine. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<Inner>,
}

impl Engine {
    /// An engine over `store`, with the system clock.
    pub fn new(store: Arc<dyn Store>, config: EngineConfig) -> Self {
        Self::with_clock(store, config, Arc::new(SystemClock))
    }

    /// An engine with an injected clock.
    pub fn with_clock(store: Arc<dyn Store>, config: EngineConfig, clock: Arc<dyn Clock>) -> Self {
        // reqwest is built without a bundled TLS provider; use ring (a no-op if one is installed).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(config.http_timeout)
            .user_agent(concat!("Flowline/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Engine { inner: Arc::new(Inner { store, http, clock, config, active: Mutex::new(HashMap::new()), hooks: Default::default(), gates: Default::default(), leases: Default::default() }) }
    }

    /// The engine's settings.
    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    /// Now, from the engine's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    /// The store the engine writes to.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    /// Starts a run of `workflow` fired by `invocation`, outside trigger concurrency limits
    /// (triggers go through [`Engine::fire`], which applies them).
    pub fn start_run(&self, workflow: Arc<PreparedWorkflow>, invocation: TriggerInvocation) -> Result<StartedRun, EngineError> {
        self.start_admitted(workflow, invocation, None)
    }

    /// Starts a run; with an `admission`, it executes once the trigger has a free slot.
    pub(crate) fn start_admitted(
        &self,
        workflow: Arc<PreparedWorkflow>,
        invocation: TriggerInvocation,
        admission: Option<crate::triggers::Admission>,
    ) -> Result<StartedRun, EngineError> {
        self.start_seeded(workflow, invocation, admission, None)
    }

    /// Starts a run; a `seed` (a resubmission) brings results it starts from.
    pub(crate) fn start_seeded(
        &self,
        workflow: Arc<PreparedWorkflow>,
        invocation: TriggerInvocation,
        admission: Option<crate::triggers::Admission>,
        seed: Option<crate::resubmit::Seed>,
    ) -> Result<StartedRun, EngineError> {
        let trigger_def = workflow
            .trigger(&invocation.trigger)
            .ok_or_else(|| EngineError::UnknownTrigger(invocation.trigger.clone()))?;
        let trigger_name = trigger_def.name.clone();
        let now = self.inner.clock.now();
        let id = new_run_id();
        let seed = seed.map(|s| s.for_run(&id));
        let waits = admission.as_ref().is_some_and(|a| a.waits());
        let correlation_id = invocation.correlation_id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let mut trigger = json!({
            "name": trigger_name,
            "inputs": invocation.inputs,
            "outputs": invocation.outputs,
            "startTime": format(now),
            "endTime": format(now),
            "trackingId": correlation_id,
            "originHistoryName": id,
            "status": "Succeeded",
        });
        if let Some(seed) = &seed {
            trigger["resubmittedFrom"] = seed.origin.clone();
        }
        if let Some(code) = &invocation.code {
            trigger["code"] = json!(code);
        }
        if let Some(t) = invocation.scheduled_time {
            trigger["scheduledTime"] = json!(format(t));
        }
        let client_tracking_id = invocation
            .client_tracking_id
            .clone()
            .or_else(|| run::evaluate_client_tracking_id(&self.inner.config, trigger_def, &workflow, &trigger, now))
            .unwrap_or_else(|| id.clone());
        trigger["clientTrackingId"] = json!(client_tracking_id);
        if let Some(p) = crate::triggers::tracked_properties(&self.inner.config, trigger_def, &workflow, &trigger, now) {
            trigger["trackedProperties"] = p;
        }

        let run = RunRecord {
            id: id.clone(),
            workflow: workflow.name.clone(),
            version: workflow.version,
            // A run that must wait for a trigger concurrency slot shows Waiting until it has one.
            status: if waits { Status::Waiting } else { Status::Running },
            code: None,
            error: None,
            start_time: now,
            end_time: None,
            correlation_id: correlation_id.clone(),
            client_tracking_id: client_tracking_id.clone(),
            trigger: trigger.clone(),
            outputs: None,
            response: None,
        };
        let history = TriggerHistoryRecord {
            id: id.clone(),
            workflow: workflow.name.clone(),
            trigger: trigger_name.clone(),
            status: Status::Succeeded,
            code: Some(invocation.code.clone().unwrap_or_else(|| "OK".into())),
            fired: true,
            run_id: Some(id.clone()),
            inputs: Some(trigger["inputs"].clone()),
            outputs: Some(trigger["outputs"].clone()),
            error: None,
            start_time: now,
            end_time: Some(now),
        };
        let meter = MeterRecord {
            key: format!("trigger/{id}"),
            workflow: workflow.name.clone(),
            run_id: Some(id.clone()),
            operation: trigger_name,
            category: MeterCategory::Trigger,
            units: 1,
            at: now,
        };
        // The run is created leased to this node (lease version 1), in one transaction.
        let lease = JournalEntry::RunLeased {
            run_id: id.clone(),
            owner: self.inner.config.node_id.clone(),
            lease_version: 1,
            expires_at: now + crate::durable::lease_delta(self.inner.config.lease_ttl),
        };
        // A Stateless run keeps no history: its trigger execution and meters only.
        let stateless = workflow.stateless;
        let mut entries = match stateless {
            true => vec![JournalEntry::TriggerFired { history, run: None, meter }],
            false => vec![JournalEntry::TriggerFired { history, run: Some(run), meter }, lease],
        };
        if let (Some(key), false) = (invocation.parent_call.clone(), stateless) {
            entries.push(JournalEntry::ChildRunStarted { workflow: workflow.name.clone(), key, run_id: id.clone() });
        }
        if let Some(seed) = &seed {
            entries.extend(seed.entries.iter().cloned());
        }
        let accepted = self.inner.store.journal().submit(entries);

        let (response_tx, response) = oneshot::channel();
        let (finished_tx, finished) = oneshot::channel();
        let parameters = workflow.parameters.clone();
        let mut state = RunState::new(
            workflow,
            id.clone(),
            client_tracking_id.clone(),
            trigger,
            parameters,
            invocation.caller_waits.then_some(response_tx),
        );
        if !stateless {
            state = state.with_lease(1);
        }
        if let Some(seed) = seed {
            state = state.with_replay(seed.replay, seed.variables);
        }
        let state = Arc::new(state);
        self.lock_active().insert(id.clone(), state.clone());
        let engine = self.clone();
        tokio::spawn(async move {
            // A run admitted to a trigger's waiting line starts when a slot frees up.
            let _slot = match admission {
                Some(a) => a.enter().await,
                None => None,
            };
            if waits {
                drop(state.submit(engine.inner.store.journal(), vec![JournalEntry::RunStarted { run_id: state.run_id.clone() }]));
            }
            let outcome = run::drive(&engine.inner, state.clone()).await;
            engine.lock_active().remove(&state.run_id);
            let _ = finished_tx.send(outcome);
        });
        Ok(StartedRun { id, correlation_id, client_tracking_id, response, finished, accepted })
    }

    /// Cancels an active run. `false` when no run with that id is executing here.
    pub fn cancel(&self, run_id: &str) -> bool {
        match self.lock_active().get(run_id) {
            Some(state) => {
                state.stop(Stop::Cancelled);
                true
            }
            None => false,
        }
    }

    /// Number of runs executing.
    pub fn active_runs(&self) -> usize {
        self.lock_active().len()
    }

    /// Cancels every executing run of a workflow (before it is deleted) and waits up to
    /// `timeout` for them to record their end. Returns how many were cancelled.
    pub async fn cancel_workflow_runs(&self, workflow: &str, timeout: Duration) -> usize {
        let states: Vec<Arc<RunState>> =
            self.lock_active().values().filter(|s| s.workflow.name == workflow).cloned().collect();
        for s in &states {
            s.stop(Stop::Cancelled);
        }
        self.wait_until(timeout, |active| !active.values().any(|s| s.workflow.name == workflow)).await;
        states.len()
    }

    async fn wait_until(&self, timeout: Duration, done: impl Fn(&HashMap<String, Arc<RunState>>) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if done(&self.lock_active()) {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits up to `timeout` for no run to be executing here; `false` on timeout.
    pub(crate) async fn wait_idle(&self, timeout: Duration) -> bool {
        self.wait_until(timeout, |active| active.is_empty()).await
    }

    /// The state of a run executing here.
    pub(crate) fn active_state(&self, run_id: &str) -> Option<Arc<RunState>> {
        self.lock_active().get(run_id).cloned()
    }

    /// The runs executing here.
    pub(crate) fn active_states(&self) -> Vec<Arc<RunState>> {
        self.lock_active().values().cloned().collect()
    }

    pub(crate) fn track(&self, state: Arc<RunState>) {
        self.lock_active().insert(state.run_id.clone(), state);
    }

    pub(crate) fn untrack(&self, run_id: &str) {
        self.lock_active().remove(run_id);
    }

    fn lock_active(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<RunState>>> {
        self.inner.active.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A new run id: time-ordered (UUID v7), 32 upper-case hex digits.
fn new_run_id() -> String {
    uuid::Uuid::now_v7().simple().to_string().to_uppercase()
}

//! The server's side of the engine ([`flowline_engine::EngineHost`]): webhook callback URLs under
//! the public base URL, and child workflow calls (the `Workflow` action) made in-process through
//! the child's Request trigger — the same run start as an HTTP call to `…/invoke`, without the
//! HTTP hop.
//!
//! A child call is made **exactly once** per calling attempt: the child run is created with a
//! link to the attempt's idempotency key ([`TriggerInvocation::parent_call`], committed with the
//! run). A parent re-driven after a crash calls again with the same key; the host finds the linked
//! run and *rejoins* it instead of starting another: it answers with the child's recorded
//! Response (waiting for it while the child runs — here, on another node, or after its own
//! resume), or 202 with the run id when the child has no Response action. A rejoined child whose
//! workflow was disabled since is still answered; a Stateless child keeps no run, so no link.
//!
//! The host is installed into the engine by [`crate::AppState::new`]. It holds the engine only
//! weakly, so the engine (which holds the host) and the store are still dropped with the app.

use crate::app::AppState;
use crate::config::ApiConfig;
use async_trait::async_trait;
use flowline_engine::{
    ChildAnswer, ChildCall, ChildCallError, EngineHost, PreparedWorkflow, RunResponse, StartedRun,
    TriggerInvocation, WeakEngine,
};
use flowline_model::{ActionType, TriggerType};
use flowline_storage::{RunRecord, Status, StorageError, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The URL path under which webhook callbacks are delivered (`{public_url}/api/callbacks/{id}`).
pub const CALLBACK_PATH: &str = "/api/callbacks";

/// First and longest pause between two looks at a rejoined child run that has not answered yet.
const REJOIN_POLL: (Duration, Duration) = (Duration::from_millis(25), Duration::from_secs(1));

/// The host the server installs into its engine (public so tests can call it directly).
pub struct ServerHost {
    store: Arc<dyn Store>,
    engine: WeakEngine,
    config: Arc<ApiConfig>,
    prepared: Arc<Mutex<HashMap<String, Arc<PreparedWorkflow>>>>,
}

impl ServerHost {
    /// A host over the parts of `state` (the engine held weakly).
    pub fn new(state: &AppState) -> Self {
        ServerHost {
            store: state.store.clone(),
            engine: state.engine.downgrade(),
            config: state.config.clone(),
            prepared: state.prepared_cache(),
        }
    }

    /// The app state, while the engine exists.
    fn state(&self) -> Result<AppState, ChildCallError> {
        let engine = self
            .engine
            .upgrade()
            .ok_or_else(|| ChildCallError::Failed("the server is shutting down".into()))?;
        Ok(AppState::from_parts(
            self.store.clone(),
            engine,
            self.config.clone(),
            self.prepared.clone(),
        ))
    }
}

#[async_trait]
impl EngineHost for ServerHost {
    fn callback_url(&self, id: &str) -> String {
        format!(
            "{}{CALLBACK_PATH}/{id}",
            self.config.public_url.trim_end_matches('/')
        )
    }

    async fn call_workflow(&self, call: ChildCall) -> Result<ChildAnswer, ChildCallError> {
        let state = self.state()?;
        let record = match state.store.get_workflow(&call.workflow).await {
            Ok(Some(r)) => r,
            Ok(None) => return Err(ChildCallError::NotFound(call.workflow)),
            Err(e) => return Err(storage_failed(e)),
        };
        // The same calling attempt again (its parent re-driven after a crash): rejoin its child.
        if let Some(child) = linked_child(&state, &record.name, &call.idempotency_key).await? {
            return rejoin(&state, child).await;
        }
        if !record.enabled {
            return Err(ChildCallError::Disabled(call.workflow));
        }
        let workflow = state
            .prepared(&record.name, record.current_version)
            .await
            .map_err(|e| ChildCallError::Failed(e.message))?;
        start_child(&state, workflow, call).await
    }
}

/// Starts a child run linked to the call's idempotency key and answers as it does.
async fn start_child(
    state: &AppState,
    workflow: Arc<PreparedWorkflow>,
    call: ChildCall,
) -> Result<ChildAnswer, ChildCallError> {
    let trigger = request_trigger(&workflow, call.trigger.as_deref())?;
    let mut outputs = json!({ "headers": call.headers });
    if let Some(body) = call.body {
        outputs["body"] = body;
    }
    let header = |name: &str| {
        outputs["headers"]
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let key = call.idempotency_key;
    let invocation = TriggerInvocation {
        trigger,
        inputs: json!({ "method": "POST", "relativePath": "", "parentWorkflowCall": key }),
        client_tracking_id: None,
        correlation_id: header("x-ms-correlation-id"),
        caller_waits: workflow.has_response(),
        outputs: outputs.clone(),
        parent_call: Some(key.clone()),
        ..TriggerInvocation::default()
    };
    let started = state
        .engine
        .start_run(workflow.clone(), invocation)
        .map_err(|e| ChildCallError::Failed(e.to_string()))?;
    let StartedRun {
        id: run_id,
        mut response,
        finished,
        accepted,
        ..
    } = started;
    // The Response commits after the creation anyway, so waiting for it here costs nothing.
    if let Err(e) = accepted.await {
        // Not created. On a conflict another node re-driving the same attempt linked its child
        // first (this node had lost the parent's lease without knowing yet): rejoin that one.
        state.engine.cancel(&run_id);
        let linked = match e {
            StorageError::Conflict(_) => linked_child(state, &workflow.name, &key).await?,
            _ => None,
        };
        return match linked {
            Some(child) => rejoin(state, child).await,
            None => Err(storage_failed(e)),
        };
    }
    if !workflow.has_response() {
        return Ok(ChildAnswer::Accepted { run_id });
    }
    let answer = tokio::select! {
        r = &mut response => r.ok(),
        // The run may have answered just before it finished.
        _ = finished => response.try_recv().ok(),
    };
    if let Some(response) = answer {
        return Ok(ChildAnswer::Response { run_id, response });
    }
    // It stopped here without answering: it finished without reaching its Response, or this
    // node abandoned it (shutdown, lease lost) and it answers once resumed. The store tells.
    match state.store.get_run(&workflow.name, &run_id).await {
        Ok(Some(child)) => rejoin(state, child).await,
        Ok(None) => Err(ChildCallError::NoResponse { run_id }),
        Err(e) => Err(storage_failed(e)),
    }
}

/// The child run started earlier for the calling attempt `key`, if any.
async fn linked_child(
    state: &AppState,
    workflow: &str,
    key: &str,
) -> Result<Option<RunRecord>, ChildCallError> {
    state
        .store
        .find_child_run(workflow, key)
        .await
        .map_err(storage_failed)
}

/// Answers for a child run started earlier: 202 when it has no Response action, else its
/// recorded response, looking again (with growing pauses) while the child is still in progress.
/// The driver bounds the wait with the action's `limit.timeout` and drops it on cancel.
async fn rejoin(state: &AppState, child: RunRecord) -> Result<ChildAnswer, ChildCallError> {
    let workflow = state
        .prepared(&child.workflow, child.version)
        .await
        .map_err(|e| ChildCallError::Failed(e.message))?;
    if !workflow.has_response() {
        return Ok(ChildAnswer::Accepted { run_id: child.id });
    }
    let responders: Vec<&str> = workflow
        .definition
        .actions
        .walk()
        .into_iter()
        .filter(|(_, a)| a.action_type == ActionType::Response)
        .map(|(_, a)| a.name.as_str())
        .collect();
    let (mut pause, longest) = REJOIN_POLL;
    let mut run = child;
    loop {
        if let Some(response) = recorded_response(&*state.store, &run, &responders).await? {
            return Ok(ChildAnswer::Response {
                run_id: run.id,
                response,
            });
        }
        if run.status.is_terminal() {
            return Err(ChildCallError::NoResponse { run_id: run.id });
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(longest);
        run = match state.store.get_run(&run.workflow, &run.id).await {
            Ok(Some(r)) => r,
            Ok(None) => {
                let gone = format!("the child run '{}' no longer exists", run.id);
                return Err(ChildCallError::Failed(gone));
            }
            Err(e) => return Err(storage_failed(e)),
        };
    }
}

/// What a child run answered: the run's recorded `response` or, failing that, the outputs of its
/// succeeded Response action — a child resumed after a crash answers no waiting caller, so only
/// the attempt holds its response (as does one whose crash fell between the two commits).
async fn recorded_response(
    store: &dyn Store,
    run: &RunRecord,
    responders: &[&str],
) -> Result<Option<RunResponse>, ChildCallError> {
    if let Some(response) = run.response.as_ref().and_then(response_of) {
        return Ok(Some(response));
    }
    let attempts = store
        .list_action_attempts(&run.id)
        .await
        .map_err(storage_failed)?;
    Ok(attempts
        .iter()
        .filter(|a| a.status == Status::Succeeded && responders.contains(&a.action.as_str()))
        .find_map(|a| a.outputs.as_ref().and_then(response_of)))
}

/// A response from its stored form `{statusCode, headers, body}` (a `null` body is no body).
fn response_of(stored: &Value) -> Option<RunResponse> {
    let status_code = stored.get("statusCode")?.as_u64()?;
    Some(RunResponse {
        status_code: u16::try_from(status_code).ok()?,
        headers: stored
            .get("headers")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        body: stored.get("body").filter(|b| !b.is_null()).cloned(),
    })
}

fn storage_failed(e: StorageError) -> ChildCallError {
    ChildCallError::Failed(e.to_string())
}

/// The trigger to call: the named one (which must be a Request trigger) or the workflow's
/// Request trigger.
fn request_trigger(
    workflow: &PreparedWorkflow,
    name: Option<&str>,
) -> Result<String, ChildCallError> {
    let found = match name {
        Some(n) => workflow.trigger(n),
        None => workflow
            .definition
            .triggers
            .iter()
            .find(|t| t.trigger_type == TriggerType::Request),
    };
    match found {
        Some(t) if t.trigger_type == TriggerType::Request => Ok(t.name.clone()),
        Some(t) => Err(ChildCallError::NotCallable(format!(
            "the trigger '{}' of workflow '{}' is of type '{}', not Request",
            t.name, workflow.name, t.type_name
        ))),
        None => Err(ChildCallError::NotCallable(match name {
            Some(n) => format!(
                "the workflow '{}' has no trigger named '{n}'",
                workflow.name
            ),
            None => format!("the workflow '{}' has no Request trigger", workflow.name),
        })),
    }
}

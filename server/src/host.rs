//! The server's side of the engine ([`flowline_engine::EngineHost`]): webhook callback URLs under
//! the public base URL, and child workflow calls (the `Workflow` action) made in-process through
//! the child's Request trigger — the same run start as an HTTP call to `…/invoke`, without the
//! HTTP hop.
//!
//! The host is installed into the engine by [`crate::AppState::new`]. It holds the engine only
//! weakly, so the engine (which holds the host) and the store are still dropped with the app.

use crate::app::AppState;
use crate::config::ApiConfig;
use async_trait::async_trait;
use flowline_engine::{
    ChildAnswer, ChildCall, ChildCallError, EngineHost, PreparedWorkflow, StartedRun,
    TriggerInvocation, WeakEngine,
};
use flowline_model::TriggerType;
use flowline_storage::Store;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The URL path under which webhook callbacks are delivered (`{public_url}/api/callbacks/{id}`).
pub const CALLBACK_PATH: &str = "/api/callbacks";

/// The host the server installs into its engine.
pub(crate) struct ServerHost {
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
            Err(e) => return Err(ChildCallError::Failed(e.to_string())),
        };
        if !record.enabled {
            return Err(ChildCallError::Disabled(call.workflow));
        }
        let workflow = state
            .prepared(&record.name, record.current_version)
            .await
            .map_err(|e| ChildCallError::Failed(e.message))?;
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
        let invocation = TriggerInvocation {
            trigger,
            inputs: json!({ "method": "POST", "relativePath": "", "parentWorkflowCall": call.idempotency_key }),
            client_tracking_id: None,
            correlation_id: header("x-ms-correlation-id"),
            caller_waits: workflow.has_response(),
            outputs: outputs.clone(),
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
        if !workflow.has_response() {
            accepted
                .await
                .map_err(|e| ChildCallError::Failed(e.to_string()))?;
            return Ok(ChildAnswer::Accepted { run_id });
        }
        tokio::select! {
            r = &mut response => match r {
                Ok(response) => Ok(ChildAnswer::Response { run_id, response }),
                Err(_) => Err(ChildCallError::NoResponse { run_id }),
            },
            _ = finished => match response.try_recv() {
                // The run may have answered just before it finished.
                Ok(response) => Ok(ChildAnswer::Response { run_id, response }),
                Err(_) => Err(ChildCallError::NoResponse { run_id }),
            },
        }
    }
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

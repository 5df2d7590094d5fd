//! What the engine asks of the process that hosts it, injected after construction
//! ([`Engine::set_host`]) so the engine never depends on the server:
//!
//! - the public **callback URL** of a webhook subscription (the server knows its public address);
//! - **child workflows**: the `Workflow` action starts a run of another workflow through that
//!   workflow's Request trigger, in-process ([`EngineHost::call_workflow`]).
//!
//! It also holds the in-process wake-ups of HttpWebhook actions waiting for a callback
//! ([`Waiters`]): the server stores a callback, then calls [`Engine::webhook_callback_stored`].

use crate::engine::{Engine, Inner, RunResponse};
use async_trait::async_trait;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use tokio::sync::Notify;

/// The trigger-output header that lists the workflows of a call chain (outermost first, comma
/// separated). A child run inherits its parent's chain plus the parent, so a call back into any
/// workflow of the chain is refused at run time.
pub const CALL_CHAIN_HEADER: &str = "x-flowline-workflow-call-chain";

/// A request to run another workflow through its Request trigger.
#[derive(Debug, Clone)]
pub struct ChildCall {
    /// The workflow to call (a plain name).
    pub workflow: String,
    /// Its trigger (`host.triggerName`); `None` picks its Request trigger.
    pub trigger: Option<String>,
    /// Request headers: the action's `headers` plus the parent-link headers.
    pub headers: Map<String, Value>,
    /// Request body.
    pub body: Option<Value>,
    /// Stable for the calling attempt (run + action + repetition): a re-driven parent passes the
    /// same key again.
    pub idempotency_key: String,
}

/// How a child workflow answered.
#[derive(Debug, Clone, PartialEq)]
pub enum ChildAnswer {
    /// The child's Response action answered.
    Response {
        /// The child run.
        run_id: String,
        /// What it answered.
        response: RunResponse,
    },
    /// The child has no Response action: it runs on its own (the caller gets 202).
    Accepted {
        /// The child run.
        run_id: String,
    },
}

/// Why a child workflow could not be called. Each has a stable code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChildCallError {
    /// No workflow of that name.
    #[error("the workflow '{0}' does not exist")]
    NotFound(String),
    /// The workflow is disabled.
    #[error("the workflow '{0}' is disabled")]
    Disabled(String),
    /// The workflow (or the named trigger) is not callable: no Request trigger.
    #[error("{0}")]
    NotCallable(String),
    /// The child run ended without reaching its Response action.
    #[error("the child run '{run_id}' ended without reaching its Response action")]
    NoResponse {
        /// The child run.
        run_id: String,
    },
    /// Anything else (storage, a definition that no longer validates).
    #[error("{0}")]
    Failed(String),
}

impl ChildCallError {
    /// The stable code an action failing with this error records.
    pub fn code(&self) -> &'static str {
        match self {
            ChildCallError::NotFound(_) => "WorkflowNotFound",
            ChildCallError::Disabled(_) => "WorkflowDisabled",
            ChildCallError::NotCallable(_) => "WorkflowTriggerIsNotCallable",
            ChildCallError::NoResponse { .. } => "NoResponse",
            ChildCallError::Failed(_) => "WorkflowCallFailed",
        }
    }
}

/// The host's side of the engine: callback URLs and child workflows.
#[async_trait]
pub trait EngineHost: Send + Sync + 'static {
    /// The public URL that delivers callbacks to the webhook subscription `id`.
    fn callback_url(&self, id: &str) -> String;
    /// Starts a run of another workflow through its Request trigger and, when that workflow has
    /// a Response action, waits for it.
    async fn call_workflow(&self, call: ChildCall) -> Result<ChildAnswer, ChildCallError>;
}

/// In-process wake-ups of webhook actions waiting for a callback, by callback id.
#[derive(Default)]
pub(crate) struct Waiters {
    map: Mutex<HashMap<String, Arc<Notify>>>,
}

impl Waiters {
    /// The wake-up of callback `id` (registered before the waiter checks storage, so a callback
    /// stored in between still wakes it: `notify_one` keeps a permit).
    pub fn register(&self, id: &str) -> Arc<Notify> {
        self.lock().entry(id.to_string()).or_default().clone()
    }

    /// Forgets the wake-up of callback `id`.
    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Wakes the action waiting for callback `id`, if it waits in this process.
    pub fn wake(&self, id: &str) -> bool {
        match self.lock().get(id) {
            Some(n) => {
                n.notify_one();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Notify>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The host and the webhook wake-ups, kept in the engine.
#[derive(Default)]
pub(crate) struct Hooks {
    host: OnceLock<Arc<dyn EngineHost>>,
    pub waiters: Waiters,
}

impl Hooks {
    /// The injected host, if any.
    pub fn host(&self) -> Option<&Arc<dyn EngineHost>> {
        self.host.get()
    }
}

/// An [`Engine`] handle that does not keep the engine alive (for a host the engine itself holds).
#[derive(Clone)]
pub struct WeakEngine(Weak<Inner>);

impl WeakEngine {
    /// The engine, if it still exists.
    pub fn upgrade(&self) -> Option<Engine> {
        self.0.upgrade().map(|inner| Engine { inner })
    }
}

impl Engine {
    /// Injects the host. The first host set stays; returns `false` if one was set already.
    pub fn set_host(&self, host: Arc<dyn EngineHost>) -> bool {
        self.inner.hooks.host.set(host).is_ok()
    }

    /// A handle that does not keep the engine alive.
    pub fn downgrade(&self) -> WeakEngine {
        WeakEngine(Arc::downgrade(&self.inner))
    }

    /// Tells the engine that a callback for subscription `id` is now stored, so an action waiting
    /// for it in this process resumes at once (others find it when they next look). Returns
    /// whether one was waiting here.
    pub fn webhook_callback_stored(&self, id: &str) -> bool {
        self.inner.hooks.waiters.wake(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_wake_before_the_wait_is_not_lost() {
        let waiters = Waiters::default();
        let notify = waiters.register("cb1");
        assert!(waiters.wake("cb1"));
        tokio::time::timeout(Duration::from_secs(1), notify.notified())
            .await
            .expect("the stored permit wakes the waiter");
        waiters.remove("cb1");
        assert!(!waiters.wake("cb1"), "a removed waiter is not woken");
    }

    #[test]
    fn child_call_errors_have_stable_codes() {
        assert_eq!(
            ChildCallError::NotFound("x".into()).code(),
            "WorkflowNotFound"
        );
        assert_eq!(
            ChildCallError::NoResponse { run_id: "r".into() }.code(),
            "NoResponse"
        );
    }
}

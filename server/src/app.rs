//! The HTTP application: shared state, the router and the serve loop.

use crate::api;
use crate::config::ApiConfig;
use crate::error::{ApiError, ApiResult};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use flowline_engine::{Engine, PreparedWorkflow};
use flowline_storage::{Store, WorkflowRecord};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

/// State shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The engine.
    pub engine: Engine,
    /// HTTP settings.
    pub config: Arc<ApiConfig>,
    /// The prepared current version of each workflow (versions are immutable).
    prepared: Arc<Mutex<HashMap<String, Arc<PreparedWorkflow>>>>,
    /// Names of workflows saved, enabled, disabled or deleted (the trigger scheduler listens).
    changes: tokio::sync::broadcast::Sender<String>,
}

impl AppState {
    /// State over a store and engine.
    pub fn new(store: Arc<dyn Store>, engine: Engine, config: ApiConfig) -> Self {
        let changes = tokio::sync::broadcast::Sender::new(1024);
        let state = AppState { store, engine, config: Arc::new(config), prepared: Arc::default(), changes };
        // Webhook callback URLs and child workflow calls (see `crate::host`).
        state.engine.set_host(Arc::new(crate::host::ServerHost::new(&state)));
        state
    }

    /// State rebuilt from its shared parts (for the engine host, which keeps them apart).
    pub(crate) fn from_parts(
        store: Arc<dyn Store>,
        engine: Engine,
        config: Arc<ApiConfig>,
        prepared: Arc<Mutex<HashMap<String, Arc<PreparedWorkflow>>>>,
    ) -> Self {
        AppState { store, engine, config, prepared, changes: tokio::sync::broadcast::Sender::new(1) }
    }

    /// Tells the trigger scheduler that a workflow was saved, enabled, disabled or deleted.
    pub fn workflow_changed(&self, name: &str) {
        // No receiver (no scheduler running) is fine.
        let _ = self.changes.send(name.to_string());
    }

    /// Workflow change notifications (see [`AppState::workflow_changed`]).
    pub fn subscribe_changes(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.changes.subscribe()
    }

    /// The shared cache of prepared versions.
    pub(crate) fn prepared_cache(&self) -> Arc<Mutex<HashMap<String, Arc<PreparedWorkflow>>>> {
        self.prepared.clone()
    }

    /// A workflow record, or 404.
    pub async fn workflow(&self, name: &str) -> ApiResult<WorkflowRecord> {
        self.store.get_workflow(name).await?.ok_or_else(|| ApiError::workflow_not_found(name))
    }

    /// The prepared form of a workflow version (the current one is cached).
    pub async fn prepared(&self, name: &str, version: i64) -> ApiResult<Arc<PreparedWorkflow>> {
        if let Some(p) = self.lock_prepared().get(name).filter(|p| p.version == version) {
            return Ok(p.clone());
        }
        let record = self
            .store
            .get_version(name, version)
            .await?
            .ok_or_else(|| ApiError::workflow_not_found(name))?;
        let (prepared, _) = PreparedWorkflow::prepare(name, version, &record.document).map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "InvalidStoredDefinition",
                format!("Version {version} of workflow '{name}' no longer validates: {e}"),
            )
        })?;
        let prepared = Arc::new(prepared);
        self.cache_prepared(prepared.clone());
        Ok(prepared)
    }

    /// Caches a prepared version, unless a newer one is cached already.
    pub fn cache_prepared(&self, prepared: Arc<PreparedWorkflow>) {
        let mut cache = self.lock_prepared();
        if cache.get(&prepared.name).is_none_or(|p| p.version <= prepared.version) {
            cache.insert(prepared.name.clone(), prepared);
        }
    }

    /// Drops the cached version of a workflow.
    pub fn forget(&self, name: &str) {
        self.lock_prepared().remove(name);
    }

    fn lock_prepared(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<PreparedWorkflow>>> {
        self.prepared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The full router.
pub fn router(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    api::routes()
        .with_state(state)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(crate::error::json_errors))
        .layer(CatchPanicLayer::custom(crate::error::panic_response))
        .layer(TraceLayer::new_for_http())
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}

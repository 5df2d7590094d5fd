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
    prepared: Arc<Mutex<HashMap<(String, i64), Arc<PreparedWorkflow>>>>,
}

impl AppState {
    /// State over a store and engine.
    pub fn new(store: Arc<dyn Store>, engine: Engine, config: ApiConfig) -> Self {
        AppState { store, engine, config: Arc::new(config), prepared: Arc::default() }
    }

    /// A workflow record, or 404.
    pub async fn workflow(&self, name: &str) -> ApiResult<WorkflowRecord> {
        self.store.get_workflow(name).await?.ok_or_else(|| ApiError::workflow_not_found(name))
    }

    /// The prepared form of a workflow version (cached; versions are immutable).
    pub async fn prepared(&self, name: &str, version: i64) -> ApiResult<Arc<PreparedWorkflow>> {
        let key = (name.to_string(), version);
        if let Some(p) = self.lock_prepared().get(&key) {
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
        self.lock_prepared().insert(key, prepared.clone());
        Ok(prepared)
    }

    /// Caches a freshly prepared version.
    pub fn cache_prepared(&self, prepared: Arc<PreparedWorkflow>) {
        self.lock_prepared().insert((prepared.name.clone(), prepared.version), prepared);
    }

    /// Drops cached versions of a workflow.
    pub fn forget(&self, name: &str) {
        self.lock_prepared().retain(|(n, _), _| n != name);
    }

    fn lock_prepared(&self) -> std::sync::MutexGuard<'_, HashMap<(String, i64), Arc<PreparedWorkflow>>> {
        self.prepared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The full router.
pub fn router(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    api::routes()
        .with_state(state)
        .layer(DefaultBodyLimit::max(limit))
        .layer(CatchPanicLayer::custom(crate::error::panic_response))
        .layer(TraceLayer::new_for_http())
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}

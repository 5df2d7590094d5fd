//! Apps whose Recurrence and Http polling triggers run on a manual clock: the trigger scheduler
//! runs for real (its tasks sleep on the clock), the test moves the clock forward and watches
//! runs and trigger history appear. A schedule of hours takes milliseconds.

use super::{Backend, call, with_database_url};
use axum::Router;
use chrono::{DateTime, Utc};
use flowline_engine::triggers::ManualClock;
use flowline_engine::{Engine, EngineConfig};
use flowline_server::AppState;
use flowline_server::config::ApiConfig;
use flowline_server::triggers::{Scheduler, SchedulerOptions};
use flowline_storage::Store;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How often a test scheduler re-reads every workflow (changes through another node's API).
pub const TEST_REFRESH: Duration = Duration::from_millis(100);

/// One Flowline node over a database: its app and running scheduler.
pub struct Node {
    pub router: Router,
    pub state: AppState,
    pub store: Arc<dyn Store>,
    scheduler: Scheduler,
}

impl Node {
    /// Opens the database at `url` and starts an engine and a scheduler on `clock`.
    pub async fn start(url: &str, clock: Arc<ManualClock>) -> Node {
        let store = flowline_storage_sqlx::open(url).await.expect("open store");
        let engine = Engine::with_clock(store.clone(), EngineConfig::default(), clock.clone());
        let config = ApiConfig {
            response_timeout: Duration::from_secs(30),
            ..ApiConfig::default()
        };
        let state = AppState::new(store.clone(), engine, config);
        let router = flowline_server::router(state.clone());
        let scheduler = Scheduler::start(
            state.clone(),
            clock,
            SchedulerOptions {
                refresh: TEST_REFRESH,
            },
        );
        Node {
            router,
            state,
            store,
            scheduler,
        }
    }

    /// Stops the scheduler and closes the store.
    pub async fn stop(self) {
        self.scheduler.shutdown().await;
        let _ = self.store.close().await;
    }
}

/// What a scheduled test body receives: one node, its clock and the database URL.
pub struct ScheduledApp {
    pub node: Node,
    pub clock: Arc<ManualClock>,
    pub url: String,
    pub backend: Backend,
}

/// Runs `body` with one node over a fresh database of `backend`, its clock reading `start`.
pub async fn with_scheduled_app<F, Fut, T>(
    backend: Backend,
    start: DateTime<Utc>,
    body: F,
) -> Option<T>
where
    F: FnOnce(ScheduledApp) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    with_database_url(backend, move |url| async move {
        let clock = Arc::new(ManualClock::new(start));
        let node = Node::start(&url, clock.clone()).await;
        body(ScheduledApp {
            node,
            clock,
            url,
            backend,
        })
        .await
    })
    .await
}

/// A time from RFC 3339 text.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

/// Polls `check` every 20 ms for up to 10 s until it gives `Some`.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    for _ in 0..500 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

/// A workflow's runs, oldest first.
pub async fn runs_oldest_first(app: &Router, workflow: &str) -> Vec<Value> {
    let list = call(
        app,
        "GET",
        &format!("/api/workflows/{workflow}/runs?top=1000"),
        None,
    )
    .await
    .body;
    let mut runs = list["value"].as_array().cloned().unwrap_or_default();
    runs.reverse();
    runs
}

/// A trigger's history, oldest first.
pub async fn history_oldest_first(app: &Router, workflow: &str, trigger: &str) -> Vec<Value> {
    let uri = format!("/api/workflows/{workflow}/triggers/{trigger}/histories?top=1000");
    let list = call(app, "GET", &uri, None).await.body;
    let mut items = list["value"].as_array().cloned().unwrap_or_default();
    items.reverse();
    items
}

/// Waits until a trigger has `n` history records and returns them, oldest first.
pub async fn wait_for_history(app: &Router, workflow: &str, trigger: &str, n: usize) -> Vec<Value> {
    eventually(
        &format!("{n} history records of {workflow}/{trigger}"),
        || async {
            let h = history_oldest_first(app, workflow, trigger).await;
            (h.len() >= n).then_some(h)
        },
    )
    .await
}

/// Waits until the scheduler has planned a trigger (its schedule row exists) and returns the
/// planned next occurrence.
pub async fn wait_for_schedule(
    store: &Arc<dyn Store>,
    workflow: &str,
    trigger: &str,
) -> Option<DateTime<Utc>> {
    eventually(&format!("the schedule of {workflow}/{trigger}"), || async {
        let rows = store.schedules().list_schedules(workflow).await.ok()?;
        rows.into_iter()
            .find(|r| r.trigger == trigger)
            .map(|r| r.next_at)
    })
    .await
}

/// Number of Trigger meter records of a workflow, read straight from the database.
pub async fn trigger_meters(backend: Backend, url: &str, workflow: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM meter_records WHERE workflow = $1 AND category = 'Trigger'";
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(url)
                .await
                .expect("connect sqlite");
            let n: i64 = sqlx::query_scalar(sql)
                .bind(workflow)
                .fetch_one(&pool)
                .await
                .expect("count meters");
            pool.close().await;
            n
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(url).await.expect("connect postgres");
            let n: i64 = sqlx::query_scalar(sql)
                .bind(workflow)
                .fetch_one(&pool)
                .await
                .expect("count meters");
            pool.close().await;
            n
        }
    }
}

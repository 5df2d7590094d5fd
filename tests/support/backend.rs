//! Fresh apps on either database backend.
//!
//! PostgreSQL: the server URL comes from `FLOWLINE_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each app gets its own `flowline_e2e_<uuid>`
//! database, dropped when the test body ends (even if it panics). When the server is unreachable
//! the test panics if `CI` is set, else it is skipped with `SKIPPED: <reason>` on stderr.

use axum::Router;
use flowline_engine::{Engine, EngineConfig};
use flowline_server::AppState;
use flowline_server::config::ApiConfig;
use flowline_storage::Store;
use flowline_storage_sqlx::PgStore;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{AssertSqlSafe, Connection};
use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The database an app runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An app over a fresh database, as a test body receives it.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
}

/// The router and state over `store`, configured as every suite uses them. The router is also
/// served on a loopback port, which is the app's public URL, so what the app hands out (webhook
/// callback URLs, Locations) can be called over real HTTP. Call from within a Tokio runtime.
pub fn app_over(store: Arc<dyn Store>) -> (Router, AppState) {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").expect("bind the app's loopback port");
    let public_url = format!("http://{}", listener.local_addr().expect("bound address"));
    let engine = Engine::new(store.clone(), EngineConfig::default());
    let config = ApiConfig {
        response_timeout: std::time::Duration::from_secs(30),
        public_url,
        ..ApiConfig::default()
    };
    let state = AppState::new(store, engine, config);
    let router = flowline_server::router(state.clone());
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let listener = tokio::net::TcpListener::from_std(listener).expect("listener in the runtime");
    let served = router.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, served).await;
    });
    (router, state)
}

/// Runs `body` with an app over a fresh database of `backend` and returns its result; `None`
/// when PostgreSQL is unreachable outside CI (the test is then skipped).
pub async fn with_app<F, Fut, T>(backend: Backend, body: F) -> Option<T>
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    match backend {
        Backend::Sqlite => {
            let (router, state, _dir) = super::sqlite_app().await;
            Some(body(TestApp { router, state }).await)
        }
        Backend::Postgres => with_postgres_app(body).await,
    }
}

async fn with_postgres_app<F, Fut, T>(body: F) -> Option<T>
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let url = std::env::var("FLOWLINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_string());
    let server = PgConnectOptions::from_str(&url)
        .expect("FLOWLINE_TEST_POSTGRES_URL is not a PostgreSQL URL");
    let mut admin = match PgConnection::connect_with(&server).await {
        Ok(conn) => conn,
        Err(err) if std::env::var_os("CI").is_some() => {
            panic!("PostgreSQL at {url} is unreachable in CI: {err}")
        }
        Err(err) => {
            eprintln!(
                "SKIPPED: PostgreSQL at {url} is unreachable ({err}); set FLOWLINE_TEST_POSTGRES_URL"
            );
            return None;
        }
    };
    let name = format!("flowline_e2e_{}", uuid::Uuid::new_v4().simple());
    admin_exec(&mut admin, format!("CREATE DATABASE {name}")).await;
    let store: Arc<dyn Store> = match PgStore::connect_with(server.clone().database(&name)).await {
        Ok(store) => Arc::new(store),
        Err(err) => {
            admin_exec(
                &mut admin,
                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
            panic!("opening the store on {name}: {err}");
        }
    };
    let (router, state) = app_over(store.clone());
    // A task, so a failing body's panic is caught and the database still dropped.
    let outcome = tokio::spawn(body(TestApp { router, state })).await;
    let _ = store.close().await;
    admin_exec(
        &mut admin,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
    match outcome {
        Ok(value) => Some(value),
        Err(err) => std::panic::resume_unwind(err.into_panic()),
    }
}

/// Runs `body` with the URL of a fresh, empty database of `backend` (a SQLite file in a temporary
/// directory, or a new PostgreSQL database dropped afterwards), for tests that open several
/// stores on one database. `None` when PostgreSQL is unreachable outside CI (skipped).
pub async fn with_database_url<F, Fut, T>(backend: Backend, body: F) -> Option<T>
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    if backend == Backend::Sqlite {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("flowline.db").display());
        return Some(body(url).await);
    }
    let url = std::env::var("FLOWLINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_string());
    let server = PgConnectOptions::from_str(&url)
        .expect("FLOWLINE_TEST_POSTGRES_URL is not a PostgreSQL URL");
    let mut admin = match PgConnection::connect_with(&server).await {
        Ok(conn) => conn,
        Err(err) if std::env::var_os("CI").is_some() => {
            panic!("PostgreSQL at {url} is unreachable in CI: {err}")
        }
        Err(err) => {
            eprintln!(
                "SKIPPED: PostgreSQL at {url} is unreachable ({err}); set FLOWLINE_TEST_POSTGRES_URL"
            );
            return None;
        }
    };
    let name = format!("flowline_e2e_{}", uuid::Uuid::new_v4().simple());
    admin_exec(&mut admin, format!("CREATE DATABASE {name}")).await;
    let mut db_url = reqwest::Url::parse(&url).expect("PostgreSQL URL");
    db_url.set_path(&format!("/{name}"));
    // A task, so a failing body's panic is caught and the database still dropped.
    let outcome = tokio::spawn(body(db_url.to_string())).await;
    admin_exec(
        &mut admin,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
    match outcome {
        Ok(value) => Some(value),
        Err(err) => std::panic::resume_unwind(err.into_panic()),
    }
}

async fn admin_exec(admin: &mut PgConnection, sql: String) {
    sqlx::raw_sql(AssertSqlSafe(sql.clone()))
        .execute(admin)
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}

/// Generates `mod $name { sqlite(); postgres(); }` tests running `$name(app)` on each backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use $crate::support::{Backend, with_app};

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                with_app(Backend::Sqlite, super::$name).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                with_app(Backend::Postgres, super::$name).await;
            }
        }
    )*};
}

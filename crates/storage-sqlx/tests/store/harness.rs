//! Runs one behavioural test body against a fresh SQLite file and a fresh PostgreSQL database.
//!
//! PostgreSQL: the server URL comes from `FLOWLINE_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each test creates `flowline_test_<uuid>` and
//! drops it afterwards. When the server is unreachable the test fails if `CI` is set, else it is
//! skipped with a note on stderr.

use flowline_storage::Store;
use flowline_storage_sqlx::PgStore;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{AssertSqlSafe, Connection};
use std::future::Future;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Generates `mod $name { sqlite(); postgres(); }` tests running `super::$name`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                crate::harness::with_sqlite(super::$name).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                crate::harness::with_postgres(super::$name).await;
            }
        }
    )*};
}
pub(crate) use on_both_backends;

/// Where a test database lives, so it can be reopened.
enum Target {
    Sqlite(PathBuf),
    Postgres(Box<PgConnectOptions>),
}

/// An open store over a fresh database.
pub struct TestDb {
    /// The store under test.
    pub store: Arc<dyn Store>,
    target: Target,
}

impl TestDb {
    /// Closes the store (committing queued entries) and opens the same database again.
    pub async fn reopen(&mut self) {
        self.store.close().await.expect("close");
        self.store = open(&self.target).await;
    }
}

async fn open(target: &Target) -> Arc<dyn Store> {
    match target {
        // Through the URL entry point, as the server opens it.
        Target::Sqlite(path) => {
            flowline_storage_sqlx::open(&format!("sqlite://{}", path.display()))
                .await
                .expect("open SQLite")
        }
        Target::Postgres(options) => Arc::new(
            PgStore::connect_with((**options).clone())
                .await
                .expect("open PostgreSQL"),
        ),
    }
}

/// Runs `body` against a fresh SQLite file in a temporary directory.
pub async fn with_sqlite<F, Fut>(body: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let target = Target::Sqlite(dir.path().join("flowline.db"));
    let store = open(&target).await;
    body(TestDb { store, target }).await;
}

/// Runs `body` against a fresh PostgreSQL database, dropped afterwards even if `body` panics.
pub async fn with_postgres<F, Fut>(body: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
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
            return;
        }
    };
    let name = format!("flowline_test_{}", uuid::Uuid::new_v4().simple());
    admin_exec(&mut admin, format!("CREATE DATABASE {name}")).await;
    let target = Target::Postgres(Box::new(server.clone().database(&name)));
    let store = open(&target).await;
    // A task, so a failing body's panic is caught and the database still dropped.
    let outcome = tokio::spawn(body(TestDb { store, target })).await;
    admin_exec(
        &mut admin,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

async fn admin_exec(admin: &mut PgConnection, sql: String) {
    sqlx::raw_sql(AssertSqlSafe(sql.clone()))
        .execute(admin)
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}

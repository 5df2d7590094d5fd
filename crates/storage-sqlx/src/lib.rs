//! SQLite and PostgreSQL implementations of Flowline's storage traits ([`flowline_storage::Store`]
//! and its [`Journal`](flowline_storage::Journal)), built on sqlx runtime queries with embedded,
//! per-dialect migrations (`migrations/sqlite`, `migrations/postgres`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), flowline_storage::StorageError> {
//! let store = flowline_storage_sqlx::open("sqlite://data/flowline.db").await?;
//! // ... store.journal().submit(entries).await?; store.list_runs(..).await?; ...
//! store.close().await?; // commits queued journal entries, stops the writer, closes the pool
//! # Ok(()) }
//! ```
//!
//! # Design
//! - **Group commit.** One writer task per store drains the journal and commits every queued
//!   submission in one transaction (see [`writer`]); SQLite uses a dedicated writer connection,
//!   PostgreSQL a pooled one. A batch is written table by table in multi-row statements (`batch`),
//!   with the outcome of applying its entries one by one.
//! - **Payloads as text.** JSON is stored as TEXT (never JSONB) so key order survives; no JSON is
//!   parsed in SQL.
//! - **Keyset paging.** Lists order by `start_time DESC, id DESC`; the continuation token encodes
//!   the last row's key.
//! - **Timestamps.** SQLite: integer microseconds since the epoch; PostgreSQL: `TIMESTAMPTZ`
//!   (microsecond precision). Times round-trip at microsecond precision on both.
//!
//! # Layout
//! - [`sqlite`]: [`SqliteStore`] (pragmas, writer connection).
//! - [`postgres`]: the PostgreSQL backend, [`PgStore`].
//! - `store`: the `Store` implementation both backends share (a macro over their primitives).
//! - [`writer`]: the group-commit writer task ([`StoreOptions`] can switch grouping off).
//! - `batch`: a batch's entries gathered per table (deduplicated, in order) into statements;
//!   `stmt`: typed arguments and the multi-row journal statements; `sql`: read and workflow
//!   statements, paged list queries and continuation tokens.
//! - `rows`: decoded rows and their conversion to records; `codec`: value encodings;
//!   `error`: sqlx → [`StorageError`] mapping (details logged, never returned).
//! - `schedules`: Recurrence/Http polling trigger schedules (statements, rows, trait impl macro).
//! - `webhooks`: HttpWebhook subscriptions and callbacks (statements, rows, trait impl macro).

mod batch;
mod codec;
mod error;
pub mod postgres;
mod rows;
mod schedules;
mod sql;
pub mod sqlite;
mod stmt;
mod store;
mod webhooks;
pub mod writer;

pub use postgres::PgStore;
pub use sql::{DEFAULT_TOP, MAX_TOP};
pub use sqlite::SqliteStore;

use flowline_storage::{StorageError, StorageResult, Store};
use std::sync::Arc;

/// The database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite://…`, `sqlite:…` or a plain file path.
    Sqlite,
    /// `postgres://…` or `postgresql://…`.
    Postgres,
}

impl Backend {
    /// Picks the backend for a database URL. A string without a scheme is a SQLite file path.
    pub fn of_url(url: &str) -> StorageResult<Backend> {
        match url.split_once("://").map(|(scheme, _)| scheme) {
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            Some("sqlite") => Ok(Backend::Sqlite),
            Some(other) if !other.contains(['/', '\\']) && other.len() > 1 => Err(
                StorageError::InvalidInput(format!("unsupported database scheme '{other}'")),
            ),
            _ => Ok(Backend::Sqlite),
        }
    }
}

/// How a store writes its journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreOptions {
    /// Group commit (the default): the writer commits every submission already queued in one
    /// transaction. Off, each submission is committed in a transaction of its own — slower under
    /// concurrency; it exists to measure what group commit buys.
    pub group_commit: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { group_commit: true }
    }
}

/// Opens the store a URL names and applies migrations: `sqlite://path/to/file.db` (created if
/// missing), a plain file path (SQLite), or `postgres://user@host/db`.
pub async fn open(url: &str) -> StorageResult<Arc<dyn Store>> {
    open_with(url, StoreOptions::default()).await
}

/// [`open`] with explicit [`StoreOptions`].
pub async fn open_with(url: &str, options: StoreOptions) -> StorageResult<Arc<dyn Store>> {
    Ok(match Backend::of_url(url)? {
        Backend::Sqlite => {
            let store = SqliteStore::open(url).await?;
            store.set_group_commit(options.group_commit);
            Arc::new(store)
        }
        Backend::Postgres => {
            let store = PgStore::connect(url).await?;
            store.set_group_commit(options.group_commit);
            Arc::new(store)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use flowline_storage::{
        ActionAttemptRecord, JournalEntry, MeterCategory, MeterRecord, NewWorkflowVersion,
        RunRecord, Status, TriggerHistoryRecord,
    };
    use serde_json::json;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn without_group_commit_every_submission_still_commits_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("x.db").display());
        let store = open_with(
            &url,
            StoreOptions {
                group_commit: false,
            },
        )
        .await
        .unwrap();
        let now = Utc::now();
        store
            .save_workflow(NewWorkflowVersion {
                name: "w".into(),
                document: json!({}),
                at: now,
            })
            .await
            .unwrap();
        let run = RunRecord {
            id: "R1".into(),
            workflow: "w".into(),
            version: 1,
            status: Status::Running,
            code: None,
            error: None,
            start_time: now,
            end_time: None,
            correlation_id: "c".into(),
            client_tracking_id: "t".into(),
            trigger: json!({}),
            outputs: None,
            response: None,
        };
        let history = TriggerHistoryRecord {
            id: "R1".into(),
            workflow: "w".into(),
            trigger: "manual".into(),
            status: Status::Succeeded,
            code: None,
            fired: true,
            run_id: Some("R1".into()),
            inputs: None,
            outputs: None,
            error: None,
            start_time: now,
            end_time: Some(now),
        };
        let meter = |key: String| MeterRecord {
            key,
            workflow: "w".into(),
            run_id: Some("R1".into()),
            operation: "op".into(),
            category: MeterCategory::BuiltInAction,
            units: 1,
            at: now,
        };
        let journal = store.journal();
        drop(journal.submit(vec![JournalEntry::TriggerFired {
            history,
            run: Some(run),
            meter: meter("trigger/R1".into()),
        }]));
        // Not awaited one by one: they queue up, and each is committed on its own, in order.
        let commits: Vec<_> = (0..50)
            .map(|i| {
                let attempt = ActionAttemptRecord {
                    run_id: "R1".into(),
                    action: format!("A{i}"),
                    repetition: Vec::new(),
                    attempt: 1,
                    status: Status::Succeeded,
                    code: Some("OK".into()),
                    inputs: None,
                    outputs: Some(json!(i)),
                    error: None,
                    start_time: now,
                    end_time: Some(now),
                };
                let meter = Some(meter(attempt.key()));
                journal.submit(vec![JournalEntry::ActionAttempt { attempt, meter }])
            })
            .collect();
        for commit in commits {
            commit.await.unwrap();
        }
        assert_eq!(store.list_action_attempts("R1").await.unwrap().len(), 50);
        assert_eq!(store.list_run_meters("R1").await.unwrap().len(), 51);
        store.close().await.unwrap();
    }

    #[test]
    fn backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::of_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("sqlite://data/x.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(Backend::of_url("data/x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("C:\\data\\x.db").unwrap(), Backend::Sqlite);
        assert!(matches!(
            Backend::of_url("mysql://h/db"),
            Err(StorageError::InvalidInput(_))
        ));
    }
}

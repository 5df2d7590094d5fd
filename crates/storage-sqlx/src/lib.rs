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
//! - [`postgres`]: [`PgStore`].
//! - `store`: the `Store` implementation both backends share (a macro over their primitives).
//! - [`writer`]: the group-commit writer task.
//! - `batch`: a batch's entries gathered per table (deduplicated, in order) into statements;
//!   `stmt`: typed arguments and the multi-row journal statements; `sql`: read and workflow
//!   statements, paged list queries and continuation tokens.
//! - `rows`: decoded rows and their conversion to records; `codec`: value encodings;
//!   `error`: sqlx → [`StorageError`] mapping (details logged, never returned).

mod batch;
mod codec;
mod error;
pub mod postgres;
mod rows;
mod sql;
pub mod sqlite;
mod stmt;
mod store;
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

/// Opens the store a URL names and applies migrations: `sqlite://path/to/file.db` (created if
/// missing), a plain file path (SQLite), or `postgres://user@host/db`.
pub async fn open(url: &str) -> StorageResult<Arc<dyn Store>> {
    Ok(match Backend::of_url(url)? {
        Backend::Sqlite => Arc::new(SqliteStore::open(url).await?),
        Backend::Postgres => Arc::new(PgStore::connect(url).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

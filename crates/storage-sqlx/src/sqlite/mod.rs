//! SQLite backend: a read pool plus one dedicated writer connection (SQLite has a single writer),
//! WAL journal, foreign keys on, `synchronous=NORMAL` (a commit survives a crash of the process;
//! the last commits may be lost if the machine loses power), temporary files in memory, a busy
//! timeout. Timestamps are stored as integer microseconds since the epoch.

use crate::batch;
use crate::error::db;
use crate::rows::{VersionRow, WorkflowRow};
use crate::stmt::{Arg, Dialect, Stmt};
use crate::writer::{BatchSink, Writer};
use crate::{codec::micros, sql};
use flowline_storage::{Fence, Journal, JournalEntry, NewWorkflowVersion, StorageError, StorageResult};
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool,
    SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Arguments, AssertSqlSafe, Connection, FromRow};
use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// How long a connection waits for SQLite's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Read-pool size.
const READ_CONNECTIONS: u32 = 8;

/// A Flowline store in one SQLite file.
pub struct SqliteStore {
    pool: SqlitePool,
    journal: Journal,
    writer: Writer,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at a `sqlite://` URL or a plain file path, and
    /// applies migrations.
    pub async fn open(url_or_path: &str) -> StorageResult<SqliteStore> {
        let options = match url_or_path.strip_prefix("sqlite:") {
            Some(_) => SqliteConnectOptions::from_str(url_or_path)
                .map_err(|err| StorageError::InvalidInput(format!("invalid SQLite URL: {err}")))?,
            None => SqliteConnectOptions::new().filename(url_or_path),
        };
        SqliteStore::open_with(options).await
    }

    /// Opens the database file at `path` (created if missing).
    pub async fn open_path(path: impl AsRef<Path>) -> StorageResult<SqliteStore> {
        SqliteStore::open_with(SqliteConnectOptions::new().filename(path)).await
    }

    /// Opens with explicit options; Flowline's pragmas are applied on top.
    pub async fn open_with(options: SqliteConnectOptions) -> StorageResult<SqliteStore> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT)
            // Temporary files — the statement journal of a multi-row journal write among them —
            // stay in memory instead of spilling to disk. Nothing durable lives there.
            .pragma("temp_store", "MEMORY");
        let pool = SqlitePoolOptions::new()
            .max_connections(READ_CONNECTIONS)
            .connect_with(options.clone())
            .await
            .map_err(db("open SQLite database"))?;
        sqlx::migrate!("../../migrations/sqlite")
            .run(&pool)
            .await
            .map_err(crate::error::migrate)?;
        let conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(db("open SQLite writer"))?;
        let (journal, rx) = Journal::channel();
        let writer = Writer::spawn(SqliteSink { conn }, rx);
        Ok(SqliteStore {
            pool,
            journal,
            writer,
        })
    }

    /// Group commit on (the default) or off; see [`crate::StoreOptions`].
    pub(crate) fn set_group_commit(&self, on: bool) {
        self.writer.set_group_commit(on);
    }

    /// Commits everything already submitted to the journal, stops the writer and closes the
    /// database. Later submissions fail with `WriterStopped`. Idempotent.
    pub async fn shutdown(&self) {
        self.writer.stop().await;
        self.pool.close().await;
    }

    async fn fetch_all<O>(&self, stmt: Stmt, operation: &'static str) -> StorageResult<Vec<O>>
    where
        O: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let (sql, args) = prepare(stmt, operation)?;
        sqlx::query_as_with(sql, args)
            .fetch_all(&self.pool)
            .await
            .map_err(db(operation))
    }

    async fn fetch_optional<O>(
        &self,
        stmt: Stmt,
        operation: &'static str,
    ) -> StorageResult<Option<O>>
    where
        O: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let (sql, args) = prepare(stmt, operation)?;
        sqlx::query_as_with(sql, args)
            .fetch_optional(&self.pool)
            .await
            .map_err(db(operation))
    }

    async fn execute(&self, stmt: Stmt, operation: &'static str) -> StorageResult<u64> {
        let (sql, args) = prepare(stmt, operation)?;
        let done = sqlx::query_with(sql, args)
            .execute(&self.pool)
            .await
            .map_err(db(operation))?;
        Ok(done.rows_affected())
    }

    /// Bumps the workflow and inserts the version in one `BEGIN IMMEDIATE` transaction, so the
    /// read of the current version and the write cannot interleave with another writer.
    async fn save_version(
        &self,
        new: &NewWorkflowVersion,
    ) -> StorageResult<(WorkflowRow<i64>, VersionRow<i64>)> {
        const OP: &str = "save workflow";
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db(OP))?;
        let (sql, args) = prepare(sql::bump_workflow(new), OP)?;
        let workflow: WorkflowRow<i64> = sqlx::query_as_with(sql, args)
            .fetch_one(&mut *tx)
            .await
            .map_err(db(OP))?;
        let (sql, args) = prepare(sql::insert_version(new, workflow.current_version()), OP)?;
        let version: VersionRow<i64> = sqlx::query_as_with(sql, args)
            .fetch_one(&mut *tx)
            .await
            .map_err(db(OP))?;
        tx.commit().await.map_err(db(OP))?;
        Ok((workflow, version))
    }
}

crate::store::impl_store!(SqliteStore, i64, crate::stmt::Dialect::Sqlite, true);
crate::webhooks::impl_webhooks!(SqliteStore, i64);
crate::schedules::impl_schedules!(SqliteStore, i64);

/// The writer's dedicated connection.
struct SqliteSink {
    conn: SqliteConnection,
}

impl BatchSink for SqliteSink {
    async fn apply(
        &mut self,
        groups: &[Vec<JournalEntry>],
        fences: &[Option<Fence>],
    ) -> StorageResult<Vec<bool>> {
        const OP: &str = "journal write";
        let mut tx = self
            .conn
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db(OP))?;
        let applied = match crate::writer::fenced_runs(fences) {
            runs if runs.is_empty() => vec![true; groups.len()],
            runs => {
                let (sql, args) = prepare(sql::lease_versions(&runs, Dialect::Sqlite), OP)?;
                let stored: Vec<(String, i64)> = sqlx::query_as_with(sql, args)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db(OP))?;
                crate::writer::fences_hold(groups, fences, &stored)
            }
        };
        let kept = groups.iter().zip(&applied).filter(|(_, ok)| **ok).map(|(g, _)| g);
        for mut stmt in batch::statements(Dialect::Sqlite, kept) {
            let must_update = std::mem::take(&mut stmt.must_update);
            let (sql, args) = prepare(stmt, OP)?;
            if must_update.is_empty() {
                sqlx::query_with(sql, args)
                    .execute(&mut *tx)
                    .await
                    .map_err(db(OP))?;
            } else {
                let updated: Vec<String> = sqlx::query_scalar_with(sql, args)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db(OP))?;
                batch::check_updated(&must_update, &updated)?;
            }
        }
        tx.commit().await.map_err(db(OP))?;
        Ok(applied)
    }
}

/// Binds a statement's arguments as SQLite values (timestamps as microseconds).
fn prepare(
    stmt: Stmt,
    operation: &'static str,
) -> StorageResult<(AssertSqlSafe<Cow<'static, str>>, SqliteArguments)> {
    let mut args = SqliteArguments::default();
    for arg in stmt.args {
        let added = match arg {
            Arg::Text(v) => args.add(v),
            Arg::OptText(v) => args.add(v),
            Arg::Int(v) => args.add(v),
            Arg::Bool(v) => args.add(v),
            Arg::Time(v) => args.add(micros(v)),
            Arg::OptTime(v) => args.add(v.map(micros)),
        };
        added.map_err(|err| crate::error::bind(operation, &*err))?;
    }
    Ok((AssertSqlSafe(stmt.sql), args))
}

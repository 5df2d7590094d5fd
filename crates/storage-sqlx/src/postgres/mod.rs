//! PostgreSQL backend: one pool for reads, workflow management and the journal writer (which
//! takes a pooled connection per batch). Several Flowline nodes may share the database: version
//! numbers are assigned under the workflow row's lock (the upsert in `sql::bump_workflow`), and
//! every journal insert is idempotent.

use crate::batch;
use crate::error::db;
use crate::rows::{VersionRow, WorkflowRow};
use crate::sql;
use crate::stmt::{Arg, Dialect, Stmt};
use crate::writer::{BatchSink, Writer};
use chrono::{DateTime, Utc};
use flowline_storage::{Fence, Journal, JournalEntry, NewWorkflowVersion, StorageError, StorageResult};
use sqlx::postgres::{PgArguments, PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{Arguments, AssertSqlSafe, FromRow};
use std::borrow::Cow;
use std::str::FromStr;
use std::time::Duration;

/// Pool size (reads, management writes and the journal writer).
const CONNECTIONS: u32 = 10;
/// How long to wait for a pooled connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// A Flowline store in a PostgreSQL database.
pub struct PgStore {
    pool: PgPool,
    journal: Journal,
    writer: Writer,
}

impl PgStore {
    /// Connects to a `postgres://` (or `postgresql://`) URL and applies migrations.
    pub async fn connect(url: &str) -> StorageResult<PgStore> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|err| StorageError::InvalidInput(format!("invalid PostgreSQL URL: {err}")))?;
        PgStore::connect_with(options).await
    }

    /// Connects with explicit options and applies migrations.
    pub async fn connect_with(options: PgConnectOptions) -> StorageResult<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(db("connect to PostgreSQL"))?;
        sqlx::migrate!("../../migrations/postgres")
            .run(&pool)
            .await
            .map_err(crate::error::migrate)?;
        let (journal, rx) = Journal::channel();
        let writer = Writer::spawn(PgSink { pool: pool.clone() }, rx);
        Ok(PgStore {
            pool,
            journal,
            writer,
        })
    }

    /// Group commit on (the default) or off; see [`crate::StoreOptions`].
    pub(crate) fn set_group_commit(&self, on: bool) {
        self.writer.set_group_commit(on);
    }

    /// Commits everything already submitted to the journal, stops the writer and closes the pool.
    /// Later submissions fail with `WriterStopped`. Idempotent.
    pub async fn shutdown(&self) {
        self.writer.stop().await;
        self.pool.close().await;
    }

    async fn fetch_all<O>(&self, stmt: Stmt, operation: &'static str) -> StorageResult<Vec<O>>
    where
        O: for<'r> FromRow<'r, PgRow> + Send + Unpin,
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
        O: for<'r> FromRow<'r, PgRow> + Send + Unpin,
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

    /// Bumps the workflow (the upsert locks its row until commit, so concurrent saves from any
    /// node number their versions one after another) and inserts the version.
    async fn save_version(
        &self,
        new: &NewWorkflowVersion,
    ) -> StorageResult<(WorkflowRow<DateTime<Utc>>, VersionRow<DateTime<Utc>>)> {
        const OP: &str = "save workflow";
        let mut tx = self.pool.begin().await.map_err(db(OP))?;
        let (sql, args) = prepare(sql::bump_workflow(new), OP)?;
        let workflow: WorkflowRow<DateTime<Utc>> = sqlx::query_as_with(sql, args)
            .fetch_one(&mut *tx)
            .await
            .map_err(db(OP))?;
        let (sql, args) = prepare(sql::insert_version(new, workflow.current_version()), OP)?;
        let version: VersionRow<DateTime<Utc>> = sqlx::query_as_with(sql, args)
            .fetch_one(&mut *tx)
            .await
            .map_err(db(OP))?;
        tx.commit().await.map_err(db(OP))?;
        Ok((workflow, version))
    }
}

crate::store::impl_store!(PgStore, DateTime<Utc>, crate::stmt::Dialect::Postgres, false);
crate::webhooks::impl_webhooks!(PgStore, DateTime<Utc>);
crate::schedules::impl_schedules!(PgStore, DateTime<Utc>);

/// The writer takes a pooled connection per batch.
struct PgSink {
    pool: PgPool,
}

impl BatchSink for PgSink {
    async fn apply(
        &mut self,
        groups: &[Vec<JournalEntry>],
        fences: &[Option<Fence>],
    ) -> StorageResult<Vec<bool>> {
        const OP: &str = "journal write";
        let mut tx = self.pool.begin().await.map_err(db(OP))?;
        let applied = match crate::writer::fenced_runs(fences) {
            runs if runs.is_empty() => vec![true; groups.len()],
            runs => {
                let (sql, args) = prepare(sql::lease_versions(&runs, Dialect::Postgres), OP)?;
                let stored: Vec<(String, i64)> = sqlx::query_as_with(sql, args)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db(OP))?;
                crate::writer::fences_hold(groups, fences, &stored)
            }
        };
        let kept = groups.iter().zip(&applied).filter(|(_, ok)| **ok).map(|(g, _)| g);
        for mut stmt in batch::statements(Dialect::Postgres, kept) {
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

/// Binds a statement's arguments as PostgreSQL values.
fn prepare(
    stmt: Stmt,
    operation: &'static str,
) -> StorageResult<(AssertSqlSafe<Cow<'static, str>>, PgArguments)> {
    let mut args = PgArguments::default();
    for arg in stmt.args {
        let added = match arg {
            Arg::Text(v) => args.add(v),
            Arg::OptText(v) => args.add(v),
            Arg::Int(v) => args.add(v),
            Arg::Bool(v) => args.add(v),
            Arg::Time(v) => args.add(v),
            Arg::OptTime(v) => args.add(v),
        };
        added.map_err(|err| crate::error::bind(operation, &*err))?;
    }
    Ok((AssertSqlSafe(stmt.sql), args))
}

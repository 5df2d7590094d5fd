//! Storage contract of Flowline: the records the engine and the API read and write, and the narrow
//! traits a backend implements. No database code lives here; `flowline-storage-sqlx` implements the
//! traits for SQLite and PostgreSQL.
//!
//! # Layout
//! - [`records`]: workflows, versions, runs, action attempts, trigger history, meters.
//! - [`status`]: run/action/trigger statuses and meter categories (stable string forms).
//! - [`journal`]: the write path. Every state change of a run is a [`JournalEntry`]; a backend
//!   commits entries from many concurrent runs together (group commit) and tells each submitter
//!   when its entry is durable.
//! - [`Store`]: the read side and workflow management.

pub mod journal;
pub mod records;
pub mod status;

pub use journal::{Commit, Journal, JournalEntry};
pub use records::*;
pub use status::{MeterCategory, Status};

use async_trait::async_trait;

/// Errors a storage backend reports. Messages never carry SQL text to API callers; the server maps
/// these onto HTTP errors.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The named thing does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// A uniqueness or state rule was violated (e.g. the workflow changed concurrently).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Backend(String),
    /// The caller passed something malformed (e.g. an invalid continuation token).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The journal writer has stopped (the store is shutting down).
    #[error("the journal writer has stopped")]
    WriterStopped,
}

/// Result alias for storage calls.
pub type StorageResult<T> = Result<T, StorageError>;

/// The read side of storage plus workflow management. Implemented by each backend.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Saves a new immutable version of a workflow (creating the workflow on first save) and makes it
    /// current. `document` is the definition document exactly as submitted (bare, Standard or ARM
    /// shape), kept losslessly.
    async fn save_workflow(&self, new: NewWorkflowVersion) -> StorageResult<(WorkflowRecord, VersionRecord)>;
    /// A workflow by name.
    async fn get_workflow(&self, name: &str) -> StorageResult<Option<WorkflowRecord>>;
    /// All workflows, by name.
    async fn list_workflows(&self) -> StorageResult<Vec<WorkflowRecord>>;
    /// Deletes a workflow with its versions, runs, history and meters. `false` when it did not exist.
    async fn delete_workflow(&self, name: &str) -> StorageResult<bool>;
    /// Enables or disables a workflow. `NotFound` when it does not exist.
    async fn set_workflow_enabled(&self, name: &str, enabled: bool) -> StorageResult<WorkflowRecord>;
    /// Versions of a workflow, newest first.
    async fn list_versions(&self, name: &str) -> StorageResult<Vec<VersionRecord>>;
    /// One version of a workflow.
    async fn get_version(&self, name: &str, version: i64) -> StorageResult<Option<VersionRecord>>;

    /// A run of a workflow.
    async fn get_run(&self, workflow: &str, run_id: &str) -> StorageResult<Option<RunRecord>>;
    /// Runs of a workflow, newest first, filtered and paged.
    async fn list_runs(&self, workflow: &str, query: &RunQuery) -> StorageResult<Page<RunRecord>>;
    /// Runs in a non-terminal status across all workflows (for recovery after a restart).
    async fn list_unfinished_runs(&self) -> StorageResult<Vec<RunRecord>>;
    /// Every recorded action attempt of a run, in start order.
    async fn list_action_attempts(&self, run_id: &str) -> StorageResult<Vec<ActionAttemptRecord>>;
    /// Trigger history of a workflow trigger, newest first, paged.
    async fn list_trigger_history(
        &self,
        workflow: &str,
        trigger: &str,
        query: &RunQuery,
    ) -> StorageResult<Page<TriggerHistoryRecord>>;
    /// Meter records of a run, in write order.
    async fn list_run_meters(&self, run_id: &str) -> StorageResult<Vec<MeterRecord>>;

    /// The journal: the only way run state is written.
    fn journal(&self) -> &Journal;

    /// Stops the journal writer after committing everything already submitted, then releases the
    /// database. Later submissions fail with [`StorageError::WriterStopped`]. Idempotent.
    async fn close(&self) -> StorageResult<()> {
        Ok(())
    }
}

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
//! - [`schedules`]: where each Recurrence/Http polling trigger is in its schedule ([`ScheduleStore`]).
//! - [`webhooks`]: HttpWebhook subscriptions and the callbacks they receive ([`WebhookStore`]).

pub mod journal;
pub mod records;
pub mod schedules;
pub mod status;
pub mod webhooks;

pub use journal::{Commit, Journal, JournalEntry};
pub use records::*;
pub use schedules::{ScheduleStore, TriggerSchedule};
pub use status::{MeterCategory, Status};
pub use webhooks::{
    CallbackDelivery, NewSubscription, SubscriptionState, WebhookOwner, WebhookStore, WebhookSubscription,
};

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
    /// A fenced journal write was refused: another node has taken over the run's lease.
    #[error("run '{0}' is driven by another node now (lease lost)")]
    Fenced(String),
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

    /// Claims runs in progress whose lease expired (their node crashed or stopped) for
    /// `claim.owner`, bumping each one's lease version. On PostgreSQL concurrent claimers skip
    /// each other's rows (`FOR UPDATE SKIP LOCKED`), so a run goes to exactly one node.
    async fn claim_runs(&self, claim: &Claim) -> StorageResult<Vec<ClaimedRun>>;
    /// Extends, until `expires_at`, the leases `owner` holds on `run_ids` (the runs it drives) that
    /// are still in progress. Returns those runs (a run missing from them finished or was taken
    /// over) with their cancel requests.
    async fn renew_leases(
        &self,
        owner: &str,
        run_ids: &[String],
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> StorageResult<Vec<RenewedLease>>;
    /// Gives up `owner`'s leases (on shutdown) so another node, or the next start, resumes
    /// those runs at once. Returns how many.
    async fn release_leases(&self, owner: &str) -> StorageResult<u64>;
    /// Leaves a cancel request on a run in progress for whichever node drives it. `false` when
    /// the run is not in progress.
    async fn request_cancel(&self, run_id: &str) -> StorageResult<bool>;
    /// The run of `workflow` started as the child of the parent call `key` (a
    /// [`JournalEntry::ChildRunStarted`] link), if one was committed.
    async fn find_child_run(&self, workflow: &str, key: &str) -> StorageResult<Option<RunRecord>>;
    /// A run's variables as of its last committed variable action.
    async fn list_run_variables(&self, run_id: &str) -> StorageResult<Vec<(String, serde_json::Value)>>;
    /// Whether only one process can use this database (SQLite): a starting process may then
    /// resume every run in progress at once instead of waiting for leases to lapse.
    fn single_node(&self) -> bool;

    /// The journal: the only way run state is written.
    fn journal(&self) -> &Journal;

    /// Webhook subscriptions and their callbacks (HttpWebhook triggers and actions).
    fn webhooks(&self) -> &dyn WebhookStore;

    /// Trigger schedules (Recurrence and Http polling triggers).
    fn schedules(&self) -> &dyn ScheduleStore;

    /// Stops the journal writer after committing everything already submitted, then releases the
    /// database. Later submissions fail with [`StorageError::WriterStopped`]. Idempotent.
    async fn close(&self) -> StorageResult<()> {
        Ok(())
    }
}

//! The records Flowline stores. JSON payloads are `serde_json::Value` with key order preserved; the
//! backends store them as text so order survives.

use crate::status::{MeterCategory, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A workflow: a name, its current version and whether its triggers are active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowRecord {
    /// Unique name (the URL segment).
    pub name: String,
    /// Whether triggers start runs.
    pub enabled: bool,
    /// The version new runs use.
    pub current_version: i64,
    /// When the workflow was first saved.
    pub created_at: DateTime<Utc>,
    /// When the latest version was saved.
    pub updated_at: DateTime<Utc>,
}

/// An immutable saved version of a workflow's definition document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionRecord {
    /// Workflow name.
    pub workflow: String,
    /// 1, 2, 3… per workflow.
    pub version: i64,
    /// The definition document as submitted (bare, Standard `{definition, kind}` or ARM), lossless.
    pub document: Value,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// Input for saving a new version.
#[derive(Debug, Clone)]
pub struct NewWorkflowVersion {
    /// Workflow name.
    pub name: String,
    /// The document to store.
    pub document: Value,
    /// Save time.
    pub at: DateTime<Utc>,
}

/// A run of a workflow version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Run id (unique across workflows).
    pub id: String,
    /// Workflow name.
    pub workflow: String,
    /// The version that ran.
    pub version: i64,
    /// Current status.
    pub status: Status,
    /// Result code (`ActionFailed`, `Terminated`, ...), if any.
    pub code: Option<String>,
    /// Error `{code, message}`, if any.
    pub error: Option<Value>,
    /// When the run started.
    pub start_time: DateTime<Utc>,
    /// When it finished.
    pub end_time: Option<DateTime<Utc>>,
    /// Correlation id (also sent as `x-ms-correlation-id`).
    pub correlation_id: String,
    /// Client tracking id (from the trigger's `correlation.clientTrackingId` or the caller).
    pub client_tracking_id: String,
    /// The trigger that started the run: `{name, inputs, outputs, startTime, endTime, status}`.
    pub trigger: Value,
    /// Workflow outputs, evaluated at the end of the run.
    pub outputs: Option<Value>,
    /// The Response action's result `{statusCode, headers, body}`, if one answered.
    pub response: Option<Value>,
}

/// One entry of a loop's repetition index: which iteration of which enclosing loop.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepetitionIndex {
    /// The enclosing loop action.
    pub scope_name: String,
    /// Zero-based iteration.
    pub item_index: u64,
}

/// One attempt of one action (per loop iteration), with its evaluated inputs and outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionAttemptRecord {
    /// The run.
    pub run_id: String,
    /// Action name.
    pub action: String,
    /// Enclosing loop iterations, outermost first; empty outside loops.
    pub repetition: Vec<RepetitionIndex>,
    /// 1 for the first attempt, 2 for the first retry...
    pub attempt: u32,
    /// Status of this attempt.
    pub status: Status,
    /// Result code (`OK`, `NotSpecified`, `ActionSkipped`, `BadRequest`...).
    pub code: Option<String>,
    /// Evaluated inputs (`None` when the action never evaluated them, e.g. skipped).
    pub inputs: Option<Value>,
    /// Outputs.
    pub outputs: Option<Value>,
    /// Error `{code, message}`.
    pub error: Option<Value>,
    /// Start time.
    pub start_time: DateTime<Utc>,
    /// End time (`None` while running).
    pub end_time: Option<DateTime<Utc>>,
}

impl ActionAttemptRecord {
    /// The stable key of this attempt, also used as the idempotency key of its meter record:
    /// `run/action/loop:index.../attempt`.
    pub fn key(&self) -> String {
        attempt_key(&self.run_id, &self.action, &self.repetition, self.attempt)
    }
}

/// Builds the stable key of an action attempt (see [`ActionAttemptRecord::key`]).
pub fn attempt_key(run_id: &str, action: &str, repetition: &[RepetitionIndex], attempt: u32) -> String {
    let mut key = format!("{run_id}/{action}");
    for r in repetition {
        key.push_str(&format!("/{}:{}", r.scope_name, r.item_index));
    }
    key.push_str(&format!("/{attempt}"));
    key
}

/// One trigger execution: a request received, a poll made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriggerHistoryRecord {
    /// History id (for a fired trigger, the id of the run it started).
    pub id: String,
    /// Workflow name.
    pub workflow: String,
    /// Trigger name.
    pub trigger: String,
    /// Status of the execution.
    pub status: Status,
    /// Result code.
    pub code: Option<String>,
    /// Whether a run was started.
    pub fired: bool,
    /// The run started, if fired.
    pub run_id: Option<String>,
    /// Inputs (for a Request trigger: the request's method, path, headers).
    pub inputs: Option<Value>,
    /// Outputs (`{headers, body, relativePathParameters}`).
    pub outputs: Option<Value>,
    /// Error, if it failed.
    pub error: Option<Value>,
    /// Start time.
    pub start_time: DateTime<Utc>,
    /// End time.
    pub end_time: Option<DateTime<Utc>>,
}

/// One billed execution. Written in the same transaction as the result it bills; `key` makes a
/// replayed write count once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeterRecord {
    /// Idempotency key (the attempt key, or `trigger/<history id>`).
    pub key: String,
    /// Workflow name.
    pub workflow: String,
    /// The run billed (`None` for a trigger execution that did not fire).
    pub run_id: Option<String>,
    /// Trigger or action name.
    pub operation: String,
    /// Billing category.
    pub category: MeterCategory,
    /// Units (1 per execution).
    pub units: i64,
    /// When the execution happened.
    pub at: DateTime<Utc>,
}

/// Filter and paging for run and trigger-history lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunQuery {
    /// Only this status.
    pub status: Option<Status>,
    /// Started at or after.
    pub from: Option<DateTime<Utc>>,
    /// Started before.
    pub to: Option<DateTime<Utc>>,
    /// Page size (the backend caps it).
    pub top: u32,
    /// Opaque continuation token from a previous page.
    pub continuation: Option<String>,
    /// Runs: only this client tracking id.
    pub client_tracking_id: Option<String>,
    /// Runs: only runs with every one of these tracked properties (name, value as text) — from
    /// the trigger's or any action's `trackedProperties`.
    pub tracked_properties: Vec<(String, String)>,
}

/// A page of results and the token for the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// Token for the next page, `None` on the last page.
    pub continuation: Option<String>,
}

/// The lease a node holds on a run it drives. Journal writes carrying it are *fenced*: they commit
/// only while the run's stored lease version is still this one, so a node whose lease was taken
/// over (it stalled, another node resumed the run) cannot write results any more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The run.
    pub run_id: String,
    /// Lease version the writer holds.
    pub lease_version: i64,
}

/// What a node asks for when it looks for runs to drive.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The claiming node.
    pub owner: String,
    /// Runs whose lease expired before this moment (or that have none) are claimable.
    pub expired_before: DateTime<Utc>,
    /// The new lease's expiry.
    pub expires_at: DateTime<Utc>,
    /// Most runs to claim.
    pub limit: u32,
}

/// A run a node claimed: its record, the lease version it now holds, and whether someone asked
/// for it to be cancelled.
#[derive(Debug, Clone)]
pub struct ClaimedRun {
    /// The run.
    pub run: RunRecord,
    /// The lease version the claimer holds (fences its writes).
    pub lease_version: i64,
    /// A cancel was requested while no node drove it.
    pub cancel_requested: bool,
}

/// A run whose lease a node renewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewedLease {
    /// The run.
    pub run_id: String,
    /// A cancel was requested (through any node).
    pub cancel_requested: bool,
}

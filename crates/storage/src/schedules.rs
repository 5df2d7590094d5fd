//! Trigger schedules: where each Recurrence and Http polling trigger is in its schedule.
//!
//! One row per (workflow, trigger) holds the next occurrence to fire. Every node of a cluster runs
//! a scheduler over the same rows; a node fires an occurrence only after moving the row from that
//! occurrence to the next one with a compare-and-swap ([`ScheduleStore::advance_schedule`]), so
//! exactly one node wins each occurrence, on SQLite and PostgreSQL alike.

use crate::StorageResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The schedule of one trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerSchedule {
    /// Workflow name.
    pub workflow: String,
    /// Trigger name.
    pub trigger: String,
    /// What the schedule was planned from (the trigger's type, recurrence and inputs, as text):
    /// when the definition changes it, the schedule is planned again.
    pub fingerprint: String,
    /// When the schedule was first planned (the start of a recurrence without `startTime`).
    pub anchor: DateTime<Utc>,
    /// The next occurrence to fire; `None` once the schedule has ended.
    pub next_at: Option<DateTime<Utc>>,
    /// Trigger state carried between occurrences (for Http polling: the `Location` to poll next).
    pub state: Value,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
}

/// Storage of trigger schedules. Implemented by each backend.
#[async_trait]
pub trait ScheduleStore: Send + Sync {
    /// Stores `new` unless a schedule with the same fingerprint exists already (another node, or
    /// an earlier start, planned it); returns the stored schedule either way.
    async fn plan_schedule(&self, new: &TriggerSchedule) -> StorageResult<TriggerSchedule>;

    /// Moves a schedule whose next occurrence is still `expected` to `next` with `state`. `true`
    /// when this caller made the move (and so owns occurrence `expected`); `false` when another
    /// caller moved it first, or the schedule was planned again or removed.
    async fn advance_schedule(
        &self,
        workflow: &str,
        trigger: &str,
        expected: DateTime<Utc>,
        next: Option<DateTime<Utc>>,
        state: &Value,
        at: DateTime<Utc>,
    ) -> StorageResult<bool>;

    /// The schedules of a workflow, by trigger name.
    async fn list_schedules(&self, workflow: &str) -> StorageResult<Vec<TriggerSchedule>>;

    /// Removes a trigger's schedule (trigger removed, workflow disabled). `false` when none existed.
    async fn delete_schedule(&self, workflow: &str, trigger: &str) -> StorageResult<bool>;
}

//! Rows as the backends decode them, generic over the timestamp column type (`i64` microseconds on
//! SQLite, `DateTime<Utc>` on PostgreSQL), and their conversion into storage records. The column
//! lists here are the `SELECT` lists of the shared read statements in [`crate::sql`].

use crate::codec::{
    DbTime, opt_utc, parse_category, parse_json, parse_opt_json, parse_repetition, parse_status,
};
use flowline_storage::{
    ActionAttemptRecord, MeterRecord, RunRecord, StorageError, StorageResult, TriggerHistoryRecord,
    VersionRecord, WorkflowRecord,
};

pub(crate) const WORKFLOW_COLUMNS: &str = "name, enabled, current_version, created_at, updated_at";
pub(crate) const VERSION_COLUMNS: &str = "workflow, version, document, created_at";
pub(crate) const RUN_COLUMNS: &str = "id, workflow, version, status, code, error, start_time, end_time, \
     correlation_id, client_tracking_id, trigger_info, outputs, response";
pub(crate) const ATTEMPT_COLUMNS: &str = "run_id, action, repetition, attempt, status, code, inputs, outputs, error, start_time, end_time";
pub(crate) const HISTORY_COLUMNS: &str = "id, workflow, trigger_name, status, code, fired, run_id, inputs, outputs, error, start_time, end_time";
pub(crate) const METER_COLUMNS: &str = "key, workflow, run_id, operation, category, units, at";

#[derive(sqlx::FromRow)]
pub(crate) struct WorkflowRow<T> {
    name: String,
    enabled: bool,
    current_version: i64,
    created_at: T,
    updated_at: T,
}

impl<T: DbTime> WorkflowRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<WorkflowRecord> {
        Ok(WorkflowRecord {
            name: self.name,
            enabled: self.enabled,
            current_version: self.current_version,
            created_at: self.created_at.into_utc()?,
            updated_at: self.updated_at.into_utc()?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct VersionRow<T> {
    workflow: String,
    version: i64,
    document: String,
    created_at: T,
}

impl<T: DbTime> VersionRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<VersionRecord> {
        Ok(VersionRecord {
            workflow: self.workflow,
            version: self.version,
            document: parse_json(&self.document, "document")?,
            created_at: self.created_at.into_utc()?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RunRow<T> {
    id: String,
    workflow: String,
    version: i64,
    status: String,
    code: Option<String>,
    error: Option<String>,
    start_time: T,
    end_time: Option<T>,
    correlation_id: String,
    client_tracking_id: String,
    trigger_info: String,
    outputs: Option<String>,
    response: Option<String>,
}

impl<T: DbTime> RunRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<RunRecord> {
        Ok(RunRecord {
            id: self.id,
            workflow: self.workflow,
            version: self.version,
            status: parse_status(&self.status)?,
            code: self.code,
            error: parse_opt_json(self.error, "error")?,
            start_time: self.start_time.into_utc()?,
            end_time: opt_utc(self.end_time)?,
            correlation_id: self.correlation_id,
            client_tracking_id: self.client_tracking_id,
            trigger: parse_json(&self.trigger_info, "trigger")?,
            outputs: parse_opt_json(self.outputs, "outputs")?,
            response: parse_opt_json(self.response, "response")?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AttemptRow<T> {
    run_id: String,
    action: String,
    repetition: String,
    attempt: i64,
    status: String,
    code: Option<String>,
    inputs: Option<String>,
    outputs: Option<String>,
    error: Option<String>,
    start_time: T,
    end_time: Option<T>,
}

impl<T: DbTime> AttemptRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<ActionAttemptRecord> {
        let attempt = u32::try_from(self.attempt)
            .map_err(|_| StorageError::Backend("unreadable stored attempt".to_string()))?;
        Ok(ActionAttemptRecord {
            run_id: self.run_id,
            action: self.action,
            repetition: parse_repetition(&self.repetition)?,
            attempt,
            status: parse_status(&self.status)?,
            code: self.code,
            inputs: parse_opt_json(self.inputs, "inputs")?,
            outputs: parse_opt_json(self.outputs, "outputs")?,
            error: parse_opt_json(self.error, "error")?,
            start_time: self.start_time.into_utc()?,
            end_time: opt_utc(self.end_time)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct HistoryRow<T> {
    id: String,
    workflow: String,
    trigger_name: String,
    status: String,
    code: Option<String>,
    fired: bool,
    run_id: Option<String>,
    inputs: Option<String>,
    outputs: Option<String>,
    error: Option<String>,
    start_time: T,
    end_time: Option<T>,
}

impl<T: DbTime> HistoryRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<TriggerHistoryRecord> {
        Ok(TriggerHistoryRecord {
            id: self.id,
            workflow: self.workflow,
            trigger: self.trigger_name,
            status: parse_status(&self.status)?,
            code: self.code,
            fired: self.fired,
            run_id: self.run_id,
            inputs: parse_opt_json(self.inputs, "inputs")?,
            outputs: parse_opt_json(self.outputs, "outputs")?,
            error: parse_opt_json(self.error, "error")?,
            start_time: self.start_time.into_utc()?,
            end_time: opt_utc(self.end_time)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MeterRow<T> {
    key: String,
    workflow: String,
    run_id: Option<String>,
    operation: String,
    category: String,
    units: i64,
    at: T,
}

impl<T: DbTime> MeterRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<MeterRecord> {
        Ok(MeterRecord {
            key: self.key,
            workflow: self.workflow,
            run_id: self.run_id,
            operation: self.operation,
            category: parse_category(&self.category)?,
            units: self.units,
            at: self.at.into_utc()?,
        })
    }
}

/// Converts a list of rows.
pub(crate) fn records<R, T>(
    rows: Vec<R>,
    convert: impl Fn(R) -> StorageResult<T>,
) -> StorageResult<Vec<T>> {
    rows.into_iter().map(convert).collect()
}

impl<T> WorkflowRow<T> {
    /// The version the workflow row points at.
    pub(crate) fn current_version(&self) -> i64 {
        self.current_version
    }
}

/// A claimed run: its row, the lease version now held and the cancel request flag.
#[derive(sqlx::FromRow)]
pub(crate) struct ClaimRow<T> {
    #[sqlx(flatten)]
    run: RunRow<T>,
    lease_version: i64,
    cancel_requested: i64,
}

impl<T: DbTime> ClaimRow<T> {
    pub(crate) fn id(&self) -> &str {
        &self.run.id
    }

    pub(crate) fn into_record(self) -> StorageResult<flowline_storage::ClaimedRun> {
        Ok(flowline_storage::ClaimedRun {
            run: self.run.into_record()?,
            lease_version: self.lease_version,
            cancel_requested: self.cancel_requested != 0,
        })
    }
}

/// A renewed lease.
#[derive(sqlx::FromRow)]
pub(crate) struct LeaseRow {
    id: String,
    cancel_requested: i64,
}

impl LeaseRow {
    pub(crate) fn into_record(self) -> StorageResult<flowline_storage::RenewedLease> {
        Ok(flowline_storage::RenewedLease {
            run_id: self.id,
            cancel_requested: self.cancel_requested != 0,
        })
    }
}

/// A stored variable.
#[derive(sqlx::FromRow)]
pub(crate) struct VariableRow {
    name: String,
    value: String,
}

impl VariableRow {
    pub(crate) fn into_record(self) -> StorageResult<(String, serde_json::Value)> {
        let value = parse_json(&self.value, "variable value")?;
        Ok((self.name, value))
    }
}

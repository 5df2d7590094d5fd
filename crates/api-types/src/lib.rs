//! JSON types of Flowline's HTTP API, shared by the server (which also derives the OpenAPI
//! document from them, feature `openapi`), the CLI and the designer. Field names are camelCase,
//! timestamps are Logic Apps-style text (`2026-11-22T08:30:00.1234567Z`).
//!
//! # Layout
//! One file: errors, workflows and versions, validation, runs, run actions and their loop
//! repetitions, trigger history, callback URLs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every API error: a stable code, a message for people, and details for programs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiErrorBody {
    /// Stable error code (`WorkflowNotFound`, `InvalidDefinition`, ...).
    pub code: String,
    /// What went wrong, naming the thing and where.
    pub message: String,
    /// Structured details (e.g. `{"diagnostics": [...]}`), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub details: Option<Value>,
}

/// A validation finding about a definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Diagnostic {
    /// Stable code (`RunAfterUnknownAction`, ...).
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// JSON pointer into the submitted document.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// Result of `POST /api/workflows/validate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ValidationReport {
    /// No error diagnostics.
    pub valid: bool,
    /// All diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// A workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Workflow {
    /// Name.
    pub name: String,
    /// `Enabled` or `Disabled`.
    pub state: String,
    /// Current version.
    pub version: i64,
    /// First saved.
    pub created_time: String,
    /// Last saved.
    pub changed_time: String,
    /// The current definition document (only on single-workflow reads and writes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub definition: Option<Value>,
    /// Warnings found when it was saved (only on writes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// A list of workflows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WorkflowList {
    /// The workflows.
    pub value: Vec<Workflow>,
}

/// An immutable version of a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WorkflowVersion {
    /// Version number.
    pub version: i64,
    /// When it was saved.
    pub created_time: String,
    /// The definition document (only on single-version reads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub definition: Option<Value>,
}

/// A list of versions, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WorkflowVersionList {
    /// The versions.
    pub value: Vec<WorkflowVersion>,
}

/// A run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Run {
    /// Run id.
    pub id: String,
    /// Workflow name.
    pub workflow: String,
    /// The version that ran.
    pub workflow_version: i64,
    /// Status.
    pub status: String,
    /// Result code.
    pub code: Option<String>,
    /// Error `{code, message}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub error: Option<Value>,
    /// Start time.
    pub start_time: String,
    /// End time.
    pub end_time: Option<String>,
    /// Correlation id.
    pub correlation_id: String,
    /// Client tracking id.
    pub client_tracking_id: String,
    /// The trigger `{name, inputs, outputs, startTime, endTime, status}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub trigger: Value,
    /// Workflow outputs `{name: {type, value}}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub outputs: Option<Value>,
    /// The Response sent to the caller, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub response: Option<Value>,
}

/// A page of runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RunList {
    /// The runs, newest first.
    pub value: Vec<Run>,
    /// URL of the next page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

/// Which iteration of which enclosing loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RepetitionIndex {
    /// Loop action name.
    pub scope_name: String,
    /// Zero-based iteration.
    pub item_index: u64,
}

/// One action of a run (its latest attempt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RunAction {
    /// Action name.
    pub name: String,
    /// Status.
    pub status: String,
    /// Result code.
    pub code: Option<String>,
    /// Evaluated inputs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub inputs: Option<Value>,
    /// Outputs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub outputs: Option<Value>,
    /// Error `{code, message}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub error: Option<Value>,
    /// Start time.
    pub start_time: String,
    /// End time.
    pub end_time: Option<String>,
    /// Attempt number (1 = first try).
    pub attempt: u32,
    /// Enclosing loop iterations (empty outside loops).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repetition_indexes: Vec<RepetitionIndex>,
    /// On a `Foreach`: how many iterations it ran. On any other action inside loops: how many
    /// iterations of it were recorded in the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repetition_count: Option<u64>,
    /// On an `Until`: how many iterations it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iteration_count: Option<u64>,
    /// The attempts before this one (retries), oldest first; empty when it is the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry_history: Vec<RetryHistory>,
    /// `StaticResults` when the action returned its static result instead of executing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_mode: Option<String>,
}

/// One earlier attempt of an action (Logic Apps `retryHistory` entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RetryHistory {
    /// Attempt number (1 = the first call).
    pub attempt: u32,
    /// Start time.
    pub start_time: String,
    /// End time.
    pub end_time: Option<String>,
    /// Result code (`InternalServerError`, `TooManyRequests`, …).
    pub code: Option<String>,
    /// The idempotency key the attempt's request carried, when it made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_request_id: Option<String>,
    /// Error `{code, message}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub error: Option<Value>,
}

/// The actions of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RunActionList {
    /// The actions, in start order.
    pub value: Vec<RunAction>,
}

/// One iteration of an action inside loops (its latest attempt in that iteration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RunActionRepetition {
    /// The iteration's name: its item indexes, outermost loop first, as six digits joined by `-`
    /// (`000001-000002`).
    pub name: String,
    /// Which iteration of each enclosing loop, outermost first.
    pub repetition_indexes: Vec<RepetitionIndex>,
    /// Status.
    pub status: String,
    /// Result code.
    pub code: Option<String>,
    /// Evaluated inputs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub inputs: Option<Value>,
    /// Outputs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub outputs: Option<Value>,
    /// Error `{code, message}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub error: Option<Value>,
    /// Start time.
    pub start_time: String,
    /// End time.
    pub end_time: Option<String>,
    /// Attempt number (1 = first try).
    pub attempt: u32,
}

/// An action's iterations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RunActionRepetitionList {
    /// The iterations, ordered by their repetition indexes.
    pub value: Vec<RunActionRepetition>,
}

/// One trigger execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TriggerHistory {
    /// History id.
    pub id: String,
    /// Status.
    pub status: String,
    /// Result code.
    pub code: Option<String>,
    /// Whether it started a run.
    pub fired: bool,
    /// The run it started.
    pub run_id: Option<String>,
    /// Start time.
    pub start_time: String,
    /// End time.
    pub end_time: Option<String>,
    /// Inputs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub inputs: Option<Value>,
    /// Outputs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub outputs: Option<Value>,
    /// Error.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub error: Option<Value>,
}

/// A page of trigger history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TriggerHistoryList {
    /// Executions, newest first.
    pub value: Vec<TriggerHistory>,
    /// URL of the next page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

/// The URL that fires a Request trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CallbackUrl {
    /// Full URL (with the relative path template, if the trigger has one).
    pub value: String,
    /// HTTP method the trigger accepts (`*` for any).
    pub method: String,
    /// URL without the relative path.
    pub base_path: String,
    /// Relative path template (`orders/{orderId}`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_path: Option<String>,
    /// Names of the relative path parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relative_path_parameters: Vec<String>,
}

/// Answer to a manual run or an asynchronous trigger call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RunAccepted {
    /// The new run's id.
    pub run_id: String,
    /// Where to poll it.
    pub location: String,
}

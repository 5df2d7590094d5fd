//! Storage records and model diagnostics → API types.

use flowline_api_types as api;
use flowline_engine::PreparedWorkflow;
use flowline_engine::time::format;
use flowline_storage::{ActionAttemptRecord, RepetitionIndex, RunRecord, TriggerHistoryRecord, VersionRecord, WorkflowRecord};

/// A workflow record as API JSON.
pub fn workflow(r: &WorkflowRecord) -> api::Workflow {
    api::Workflow {
        name: r.name.clone(),
        state: if r.enabled { "Enabled" } else { "Disabled" }.to_string(),
        version: r.current_version,
        created_time: format(r.created_at),
        changed_time: format(r.updated_at),
        definition: None,
        diagnostics: Vec::new(),
    }
}

/// A version record as API JSON.
pub fn version(r: &VersionRecord, with_definition: bool) -> api::WorkflowVersion {
    api::WorkflowVersion {
        version: r.version,
        created_time: format(r.created_at),
        definition: with_definition.then(|| r.document.clone()),
    }
}

/// A run record as API JSON.
pub fn run(r: &RunRecord) -> api::Run {
    api::Run {
        id: r.id.clone(),
        workflow: r.workflow.clone(),
        workflow_version: r.version,
        status: r.status.to_string(),
        code: r.code.clone(),
        error: r.error.clone(),
        start_time: format(r.start_time),
        end_time: r.end_time.map(format),
        correlation_id: r.correlation_id.clone(),
        client_tracking_id: r.client_tracking_id.clone(),
        trigger: r.trigger.clone(),
        outputs: r.outputs.clone(),
        response: r.response.clone(),
    }
}

/// An action attempt as API JSON.
pub fn action(r: &ActionAttemptRecord) -> api::RunAction {
    api::RunAction {
        name: r.action.clone(),
        status: r.status.to_string(),
        code: r.code.clone(),
        inputs: r.inputs.clone(),
        outputs: r.outputs.clone(),
        error: r.error.clone(),
        start_time: format(r.start_time),
        end_time: r.end_time.map(format),
        attempt: r.attempt,
        repetition_indexes: r
            .repetition
            .iter()
            .map(|i| api::RepetitionIndex { scope_name: i.scope_name.clone(), item_index: i.item_index })
            .collect(),
        repetition_count: None,
        iteration_count: None,
        retry_history: Vec::new(),
        execution_mode: None,
    }
}

/// The `retryHistory` of an action: its `earlier` attempts (those before the one shown), oldest
/// first, each with its timing, code and error.
pub fn retry_history(earlier: &[ActionAttemptRecord]) -> Vec<api::RetryHistory> {
    earlier
        .iter()
        .map(|a| api::RetryHistory {
            attempt: a.attempt,
            start_time: format(a.start_time),
            end_time: a.end_time.map(format),
            code: a.code.clone(),
            client_request_id: None,
            error: a.error.clone(),
        })
        .collect()
}

/// What only the action's workflow version knows: hides secured inputs and outputs (records
/// are redacted when journaled; this also covers history written before a version secured
/// them) and marks actions that returned their static result.
pub fn with_definition(mut out: api::RunAction, workflow: Option<&PreparedWorkflow>) -> api::RunAction {
    let Some(w) = workflow else { return out };
    if out.inputs.is_some() && w.hides_inputs(&out.name) {
        out.inputs = Some(flowline_engine::secure::marker("inputs"));
    }
    if out.outputs.is_some() && w.hides_outputs(&out.name) {
        out.outputs = Some(flowline_engine::secure::marker("outputs"));
    }
    if w.uses_static_result(&out.name) && out.status != "Skipped" {
        out.execution_mode = Some("StaticResults".into());
    }
    out
}

/// One loop iteration of an action as API JSON (see [`repetition_name`]).
pub fn repetition(r: &ActionAttemptRecord) -> api::RunActionRepetition {
    let a = action(r);
    api::RunActionRepetition {
        name: repetition_name(&r.repetition),
        repetition_indexes: a.repetition_indexes,
        status: a.status,
        code: a.code,
        inputs: a.inputs,
        outputs: a.outputs,
        error: a.error,
        start_time: a.start_time,
        end_time: a.end_time,
        attempt: a.attempt,
    }
}

/// A repetition's name as Logic Apps writes it: each item index as six digits, outermost loop
/// first, joined by `-` (`000001-000002`).
pub fn repetition_name(repetition: &[RepetitionIndex]) -> String {
    repetition.iter().map(|r| format!("{:06}", r.item_index)).collect::<Vec<_>>().join("-")
}

/// A trigger history record as API JSON.
pub fn trigger_history(r: &TriggerHistoryRecord) -> api::TriggerHistory {
    api::TriggerHistory {
        id: r.id.clone(),
        status: r.status.to_string(),
        code: r.code.clone(),
        fired: r.fired,
        run_id: r.run_id.clone(),
        start_time: format(r.start_time),
        end_time: r.end_time.map(format),
        inputs: r.inputs.clone(),
        outputs: r.outputs.clone(),
        error: r.error.clone(),
    }
}

/// A model diagnostic as API JSON.
pub fn diagnostic(d: &flowline_model::Diagnostic) -> api::Diagnostic {
    api::Diagnostic {
        code: d.code.as_str().to_string(),
        severity: match d.severity {
            flowline_model::Severity::Error => "error",
            flowline_model::Severity::Warning => "warning",
        }
        .to_string(),
        path: d.path.clone(),
        message: d.message.clone(),
        hint: d.hint.clone(),
    }
}

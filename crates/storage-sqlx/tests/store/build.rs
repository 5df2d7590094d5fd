//! Builders for test records: short defaults, with the fields a test cares about set explicitly.

use chrono::{DateTime, TimeZone, Utc};
use flowline_storage::{
    ActionAttemptRecord, JournalEntry, MeterCategory, MeterRecord, NewWorkflowVersion,
    RepetitionIndex, RunRecord, Status, TriggerHistoryRecord,
};
use serde_json::{Value, json};

/// `2024-01-01T00:00:00Z` plus `micros` microseconds.
pub fn at(micros: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::microseconds(micros)
}

/// A new version of `name` with a small document.
pub fn version(name: &str, document: Value) -> NewWorkflowVersion {
    NewWorkflowVersion {
        name: name.to_string(),
        document,
        at: at(0),
    }
}

/// A `Running` run of version 1 of `workflow`.
pub fn run(workflow: &str, id: &str, start: DateTime<Utc>) -> RunRecord {
    RunRecord {
        id: id.to_string(),
        workflow: workflow.to_string(),
        version: 1,
        status: Status::Running,
        code: None,
        error: None,
        start_time: start,
        end_time: None,
        correlation_id: format!("corr-{id}"),
        client_tracking_id: format!("track-{id}"),
        trigger: json!({"name": "manual", "status": "Succeeded", "outputs": {"body": {"z": 1, "a": 2}}}),
        outputs: None,
        response: None,
    }
}

/// A trigger execution of `manual` that started `run` (or did not fire, when `None`).
pub fn fired(
    workflow: &str,
    id: &str,
    start: DateTime<Utc>,
    run: Option<RunRecord>,
) -> JournalEntry {
    let history = TriggerHistoryRecord {
        id: id.to_string(),
        workflow: workflow.to_string(),
        trigger: "manual".to_string(),
        status: if run.is_some() {
            Status::Succeeded
        } else {
            Status::Skipped
        },
        code: Some("OK".to_string()),
        fired: run.is_some(),
        run_id: run.as_ref().map(|r| r.id.clone()),
        inputs: Some(json!({"method": "POST"})),
        outputs: None,
        error: None,
        start_time: start,
        end_time: Some(start),
    };
    let meter = MeterRecord {
        key: format!("trigger/{id}"),
        workflow: workflow.to_string(),
        run_id: run.as_ref().map(|r| r.id.clone()),
        operation: "manual".to_string(),
        category: MeterCategory::Trigger,
        units: 1,
        at: start,
    };
    JournalEntry::TriggerFired {
        history,
        run,
        meter,
    }
}

/// A run started by a fired trigger whose history id is the run id.
pub fn started(workflow: &str, id: &str, start: DateTime<Utc>) -> JournalEntry {
    fired(workflow, id, start, Some(run(workflow, id, start)))
}

/// A `Running` marker of attempt `attempt` of `action`.
pub fn marker(
    run_id: &str,
    action: &str,
    attempt: u32,
    start: DateTime<Utc>,
) -> ActionAttemptRecord {
    ActionAttemptRecord {
        run_id: run_id.to_string(),
        action: action.to_string(),
        repetition: Vec::new(),
        attempt,
        status: Status::Running,
        code: None,
        inputs: Some(json!({"uri": "https://example.invalid", "method": "GET"})),
        outputs: None,
        error: None,
        start_time: start,
        end_time: None,
    }
}

/// The finished form of a marker.
pub fn finished(mut attempt: ActionAttemptRecord, status: Status) -> ActionAttemptRecord {
    attempt.status = status;
    attempt.code = Some(
        if status == Status::Succeeded {
            "OK"
        } else {
            "BadRequest"
        }
        .to_string(),
    );
    attempt.outputs = Some(json!({"statusCode": 200, "body": {"zeta": true, "alpha": [1, 2]}}));
    attempt.end_time = Some(attempt.start_time + chrono::Duration::milliseconds(5));
    attempt
}

/// Sets the loop iterations of an attempt.
pub fn in_loop(
    mut attempt: ActionAttemptRecord,
    iterations: &[(&str, u64)],
) -> ActionAttemptRecord {
    attempt.repetition = iterations
        .iter()
        .map(|(scope, index)| RepetitionIndex {
            scope_name: scope.to_string(),
            item_index: *index,
        })
        .collect();
    attempt
}

/// The journal entry of an attempt; a finished attempt carries its meter.
pub fn attempt_entry(workflow: &str, attempt: ActionAttemptRecord) -> JournalEntry {
    let meter = attempt.end_time.map(|end| MeterRecord {
        key: attempt.key(),
        workflow: workflow.to_string(),
        run_id: Some(attempt.run_id.clone()),
        operation: attempt.action.clone(),
        category: MeterCategory::BuiltInAction,
        units: 1,
        at: end,
    });
    JournalEntry::ActionAttempt { attempt, meter }
}

/// A run finishing with `status`.
pub fn run_finished(run_id: &str, status: Status, end: DateTime<Utc>) -> JournalEntry {
    JournalEntry::RunFinished {
        run_id: run_id.to_string(),
        status,
        code: (status != Status::Succeeded).then(|| "ActionFailed".to_string()),
        error: (status != Status::Succeeded)
            .then(|| json!({"code": "ActionFailed", "message": "an action failed"})),
        outputs: Some(json!({"result": {"z": "last", "a": "first"}})),
        end_time: end,
    }
}

//! Dialect-neutral statements: SQL with `$n` placeholders (both SQLite and PostgreSQL accept them)
//! plus typed arguments. Each backend binds [`Arg`]s in its own types (SQLite stores timestamps as
//! integer microseconds, PostgreSQL as `TIMESTAMPTZ`). Only SQL valid in both dialects lives here;
//! the shared test suite runs every statement against both.

use crate::codec::{json_text, opt_json_text, repetition_key};
use chrono::{DateTime, Utc};
use flowline_storage::{
    ActionAttemptRecord, JournalEntry, MeterRecord, RunRecord, TriggerHistoryRecord,
};
use std::borrow::Cow;

/// One bound value.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    Bool(bool),
    Time(DateTime<Utc>),
    OptTime(Option<DateTime<Utc>>),
}

/// A statement ready to bind and run.
#[derive(Debug, Clone)]
pub(crate) struct Stmt {
    pub sql: Cow<'static, str>,
    pub args: Vec<Arg>,
    /// When set, affecting no row means the target is missing (reported as `NotFound`).
    pub must_match: Option<String>,
}

impl Stmt {
    pub(crate) fn new(sql: &'static str, args: Vec<Arg>) -> Self {
        Stmt {
            sql: Cow::Borrowed(sql),
            args,
            must_match: None,
        }
    }

    fn must_match(mut self, what: String) -> Self {
        self.must_match = Some(what);
        self
    }
}

fn text(s: &str) -> Arg {
    Arg::Text(s.to_string())
}

fn opt_text(s: &Option<String>) -> Arg {
    Arg::OptText(s.clone())
}

const INSERT_HISTORY: &str = "INSERT INTO trigger_history (id, workflow, trigger_name, status, code, fired, \
     run_id, inputs, outputs, error, start_time, end_time) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING";

const INSERT_RUN: &str = "INSERT INTO runs (id, workflow, version, status, code, error, start_time, end_time, \
     correlation_id, client_tracking_id, trigger_info, outputs, response) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING";

const UPSERT_ATTEMPT: &str = "INSERT INTO action_attempts (run_id, action, repetition, attempt, status, code, \
     inputs, outputs, error, start_time, end_time) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
     ON CONFLICT (run_id, action, repetition, attempt) DO UPDATE SET status = excluded.status, \
     code = excluded.code, inputs = excluded.inputs, outputs = excluded.outputs, error = excluded.error, \
     start_time = excluded.start_time, end_time = excluded.end_time";

const INSERT_METER: &str = "INSERT INTO meter_records (key, workflow, run_id, operation, category, units, at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING";

const FINISH_RUN: &str =
    "UPDATE runs SET status = $2, code = $3, error = $4, outputs = $5, end_time = $6 WHERE id = $1";

const RUN_RESPONSE: &str = "UPDATE runs SET response = $2 WHERE id = $1";

/// The statements that make one journal entry durable, in order. Inserts are idempotent, so a
/// replayed entry changes nothing.
pub(crate) fn entry_statements(entry: &JournalEntry) -> Vec<Stmt> {
    match entry {
        JournalEntry::TriggerFired {
            history,
            run,
            meter,
        } => {
            let mut out = vec![insert_history(history)];
            out.extend(run.as_ref().map(insert_run));
            out.push(insert_meter(meter));
            out
        }
        JournalEntry::ActionAttempt { attempt, meter } => {
            let mut out = vec![upsert_attempt(attempt)];
            out.extend(meter.as_ref().map(insert_meter));
            out
        }
        JournalEntry::RunFinished {
            run_id,
            status,
            code,
            error,
            outputs,
            end_time,
        } => {
            let args = vec![
                text(run_id),
                text(status.as_str()),
                opt_text(code),
                Arg::OptText(opt_json_text(error)),
                Arg::OptText(opt_json_text(outputs)),
                Arg::Time(*end_time),
            ];
            vec![Stmt::new(FINISH_RUN, args).must_match(format!("run '{run_id}'"))]
        }
        JournalEntry::RunResponse { run_id, response } => {
            let args = vec![text(run_id), Arg::Text(json_text(response))];
            vec![Stmt::new(RUN_RESPONSE, args).must_match(format!("run '{run_id}'"))]
        }
    }
}

fn insert_history(h: &TriggerHistoryRecord) -> Stmt {
    let args = vec![
        text(&h.id),
        text(&h.workflow),
        text(&h.trigger),
        text(h.status.as_str()),
        opt_text(&h.code),
        Arg::Bool(h.fired),
        opt_text(&h.run_id),
        Arg::OptText(opt_json_text(&h.inputs)),
        Arg::OptText(opt_json_text(&h.outputs)),
        Arg::OptText(opt_json_text(&h.error)),
        Arg::Time(h.start_time),
        Arg::OptTime(h.end_time),
    ];
    Stmt::new(INSERT_HISTORY, args)
}

fn insert_run(r: &RunRecord) -> Stmt {
    let args = vec![
        text(&r.id),
        text(&r.workflow),
        Arg::Int(r.version),
        text(r.status.as_str()),
        opt_text(&r.code),
        Arg::OptText(opt_json_text(&r.error)),
        Arg::Time(r.start_time),
        Arg::OptTime(r.end_time),
        text(&r.correlation_id),
        text(&r.client_tracking_id),
        Arg::Text(json_text(&r.trigger)),
        Arg::OptText(opt_json_text(&r.outputs)),
        Arg::OptText(opt_json_text(&r.response)),
    ];
    Stmt::new(INSERT_RUN, args)
}

fn upsert_attempt(a: &ActionAttemptRecord) -> Stmt {
    let args = vec![
        text(&a.run_id),
        text(&a.action),
        Arg::Text(repetition_key(&a.repetition)),
        Arg::Int(i64::from(a.attempt)),
        text(a.status.as_str()),
        opt_text(&a.code),
        Arg::OptText(opt_json_text(&a.inputs)),
        Arg::OptText(opt_json_text(&a.outputs)),
        Arg::OptText(opt_json_text(&a.error)),
        Arg::Time(a.start_time),
        Arg::OptTime(a.end_time),
    ];
    Stmt::new(UPSERT_ATTEMPT, args)
}

fn insert_meter(m: &MeterRecord) -> Stmt {
    let args = vec![
        text(&m.key),
        text(&m.workflow),
        opt_text(&m.run_id),
        text(&m.operation),
        text(m.category.as_str()),
        Arg::Int(m.units),
        Arg::Time(m.at),
    ];
    Stmt::new(INSERT_METER, args)
}

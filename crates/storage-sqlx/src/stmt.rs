//! Dialect-neutral statements: SQL with `$n` placeholders (both SQLite and PostgreSQL accept them)
//! plus typed arguments. Each backend binds [`Arg`]s in its own types (SQLite stores timestamps as
//! integer microseconds, PostgreSQL as `TIMESTAMPTZ`). Only SQL valid in both dialects lives here;
//! the shared test suite runs every statement against both.
//!
//! Journal writes are multi-row: one statement carries up to [`MAX_ROWS`] rows of one table, in
//! power-of-two row counts, so a writer connection prepares at most a handful of shapes per table
//! and reuses them from its statement cache (see [`RowShape`]). Their placeholders follow the
//! [`Dialect`]: sqlx binds each SQLite `$n` by looking its name up, a linear scan per parameter —
//! quadratic in a statement of a thousand parameters — so SQLite gets anonymous `?`s instead.

use crate::codec::{json_text, opt_json_text, repetition_key};
use chrono::{DateTime, Utc};
use flowline_storage::{ActionAttemptRecord, MeterRecord, RunRecord, Status, TriggerHistoryRecord};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::OnceLock;

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
    /// Runs the statement must update. When set, the statement returns the id of every run it
    /// updated, and a run missing from them is reported as `NotFound`.
    pub must_update: Vec<String>,
}

impl Stmt {
    pub(crate) fn new(sql: &'static str, args: Vec<Arg>) -> Self {
        Stmt {
            sql: Cow::Borrowed(sql),
            args,
            must_update: Vec::new(),
        }
    }
}

/// Most rows in one journal statement (a power of two).
pub(crate) const MAX_ROWS: usize = 128;
/// Bound parameters one statement may use: SQLite's default `SQLITE_MAX_VARIABLE_NUMBER`
/// (PostgreSQL allows 65,535).
const MAX_PARAMS: usize = 32_766;

/// How a backend spells the placeholders of multi-row statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Anonymous `?`, bound in order.
    Sqlite,
    /// Numbered `$1`, `$2`…
    Postgres,
}

/// A multi-row statement: `{head}VALUES ($1, …), ($k, …){tail}` with `columns` values per row.
pub(crate) struct RowShape {
    head: &'static str,
    columns: usize,
    tail: &'static str,
    /// Per dialect, the SQL for 1, 2, 4 … [`MAX_ROWS`] rows, built on first use.
    texts: [OnceLock<Vec<String>>; 2],
}

impl RowShape {
    const fn new(head: &'static str, columns: usize, tail: &'static str) -> RowShape {
        assert!(
            MAX_ROWS * columns <= MAX_PARAMS,
            "a full chunk exceeds the parameter limit"
        );
        RowShape {
            head,
            columns,
            tail,
            texts: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The SQL for `rows` rows; `rows` is a power of two no larger than [`MAX_ROWS`].
    fn sql(&'static self, dialect: Dialect, rows: usize) -> &'static str {
        debug_assert!(rows.is_power_of_two() && rows <= MAX_ROWS);
        let texts = self.texts[dialect as usize].get_or_init(|| {
            (0..=MAX_ROWS.trailing_zeros())
                .map(|exp| self.build(dialect, 1 << exp))
                .collect()
        });
        &texts[rows.trailing_zeros() as usize]
    }

    fn build(&self, dialect: Dialect, rows: usize) -> String {
        let mut sql = String::with_capacity(self.head.len() + rows * self.columns * 6);
        sql.push_str(self.head);
        sql.push_str("VALUES ");
        for row in 0..rows {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            for column in 0..self.columns {
                if column > 0 {
                    sql.push_str(", ");
                }
                match dialect {
                    Dialect::Sqlite => sql.push('?'),
                    Dialect::Postgres => {
                        let _ = write!(sql, "${}", row * self.columns + column + 1);
                    }
                }
            }
            sql.push(')');
        }
        sql.push_str(self.tail);
        sql
    }

    /// Splits `items` into chunks of at most [`MAX_ROWS`], each a power of two (so 100 rows go
    /// as 64 + 32 + 4), with the SQL that writes each.
    pub(crate) fn chunks<'i, T>(
        &'static self,
        dialect: Dialect,
        items: &'i [T],
    ) -> impl Iterator<Item = (&'static str, &'i [T])> {
        let mut rest = items;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let rows = prev_power_of_two(rest.len().min(MAX_ROWS));
            let (chunk, tail) = rest.split_at(rows);
            rest = tail;
            Some((self.sql(dialect, rows), chunk))
        })
    }

    /// Statements writing `items`, one per chunk, each row's values bound by `encode`.
    pub(crate) fn statements<T>(
        &'static self,
        dialect: Dialect,
        items: &[T],
        encode: impl Fn(&T, &mut Vec<Arg>),
    ) -> impl Iterator<Item = Stmt> {
        self.chunks(dialect, items).map(move |(sql, chunk)| {
            let mut args = Vec::with_capacity(chunk.len() * self.columns);
            chunk.iter().for_each(|item| encode(item, &mut args));
            debug_assert_eq!(args.len(), chunk.len() * self.columns);
            Stmt::new(sql, args)
        })
    }
}

fn prev_power_of_two(n: usize) -> usize {
    1 << (usize::BITS - 1 - n.leading_zeros())
}

/// Trigger executions; a replayed one is recorded once.
pub(crate) static INSERT_HISTORIES: RowShape = RowShape::new(
    "INSERT INTO trigger_history (id, workflow, trigger_name, status, code, fired, run_id, \
     inputs, outputs, error, start_time, end_time) ",
    12,
    " ON CONFLICT (id) DO NOTHING",
);

/// Started runs; a replayed one keeps the stored row.
pub(crate) static INSERT_RUNS: RowShape = RowShape::new(
    "INSERT INTO runs (id, workflow, version, status, code, error, start_time, end_time, \
     correlation_id, client_tracking_id, trigger_info, outputs, response) ",
    13,
    " ON CONFLICT (id) DO NOTHING",
);

/// Attempts, upserted: a later write of an attempt (its finished form) replaces the earlier one.
/// One statement must not carry the same attempt twice (PostgreSQL refuses it).
pub(crate) static UPSERT_ATTEMPTS: RowShape = RowShape::new(
    "INSERT INTO action_attempts (run_id, action, repetition, attempt, status, code, inputs, \
     outputs, error, start_time, end_time) ",
    11,
    " ON CONFLICT (run_id, action, repetition, attempt) DO UPDATE SET status = excluded.status, \
     code = excluded.code, inputs = excluded.inputs, outputs = excluded.outputs, \
     error = excluded.error, start_time = excluded.start_time, end_time = excluded.end_time",
);

/// Meters; a replayed key counts once.
pub(crate) static INSERT_METERS: RowShape = RowShape::new(
    "INSERT INTO meter_records (key, workflow, run_id, operation, category, units, at) ",
    7,
    " ON CONFLICT (key) DO NOTHING",
);

/// Run ends (`VALUES` columns are named `column1`… in both dialects). Returns the runs updated.
pub(crate) static FINISH_RUNS: RowShape = RowShape::new(
    "UPDATE runs SET status = v.column2, code = v.column3, error = v.column4, \
     outputs = v.column5, end_time = v.column6 FROM (",
    6,
    ") AS v WHERE runs.id = v.column1 RETURNING runs.id",
);

/// Run responses. Returns the runs updated.
pub(crate) static RESPOND_RUNS: RowShape = RowShape::new(
    "UPDATE runs SET response = v.column2 FROM (",
    2,
    ") AS v WHERE runs.id = v.column1 RETURNING runs.id",
);

/// Leases taken on runs (owner, version, expiry). Returns the runs updated.
pub(crate) static LEASE_RUNS: RowShape = RowShape::new(
    "UPDATE runs SET owner = v.column2, lease_version = v.column3, lease_expires_at = v.column4 \
     FROM (",
    4,
    ") AS v WHERE runs.id = v.column1 RETURNING runs.id",
);

/// Variable values, last write wins.
pub(crate) static UPSERT_VARIABLES: RowShape = RowShape::new(
    "INSERT INTO run_variables (run_id, name, value) ",
    3,
    " ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value",
);

/// Child-run links (run, workflow, call key). The same run linked again is a replay and keeps
/// the stored row; another run for the same `(workflow, call_key)` violates its unique
/// constraint, so the transaction creating that second child fails.
pub(crate) static INSERT_CHILD_RUNS: RowShape = RowShape::new(
    "INSERT INTO child_runs (run_id, workflow, call_key) ",
    3,
    " ON CONFLICT (run_id) DO NOTHING",
);

/// A child-run link, as [`INSERT_CHILD_RUNS`] binds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChildLink<'a> {
    pub run_id: &'a str,
    pub workflow: &'a str,
    pub key: &'a str,
}

pub(crate) fn child_row(c: &ChildLink<'_>, args: &mut Vec<Arg>) {
    args.extend([text(c.run_id), text(c.workflow), text(c.key)]);
}

/// Waiting runs that got their slot. Returns the runs updated (a run already Running or
/// finished is left as it is, and is not an error).
pub(crate) static START_RUNS: RowShape = RowShape::new(
    "UPDATE runs SET status = 'Running' FROM (",
    1,
    ") AS v WHERE runs.id = v.column1 AND runs.status = 'Waiting' RETURNING runs.id",
);

/// Tracked properties of runs; a replayed one is kept once.
pub(crate) static INSERT_TRACKED: RowShape = RowShape::new(
    "INSERT INTO run_tracked_properties (run_id, name, value) ",
    3,
    " ON CONFLICT DO NOTHING",
);

pub(crate) fn tracked_row((run_id, name, value): &(&str, String, String), args: &mut Vec<Arg>) {
    args.extend([text(run_id), Arg::Text(name.clone()), Arg::Text(value.clone())]);
}

/// The searchable rows of a `trackedProperties` object: `(name, value as text)`.
pub(crate) fn tracked_pairs(properties: &Value) -> Vec<(String, String)> {
    properties
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => json_text(other),
            };
            (k.clone(), text)
        })
        .collect()
}

/// A lease, as [`LEASE_RUNS`] binds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lease<'a> {
    pub run_id: &'a str,
    pub owner: &'a str,
    pub lease_version: i64,
    pub expires_at: DateTime<Utc>,
}

pub(crate) fn lease_row(l: &Lease<'_>, args: &mut Vec<Arg>) {
    args.extend([
        text(l.run_id),
        text(l.owner),
        Arg::Int(l.lease_version),
        Arg::Time(l.expires_at),
    ]);
}

pub(crate) fn variable_row((run_id, name, value): &(&str, &str, &Value), args: &mut Vec<Arg>) {
    args.extend([text(run_id), text(name), Arg::Text(json_text(value))]);
}

fn text(s: &str) -> Arg {
    Arg::Text(s.to_string())
}

fn opt_text(s: &Option<String>) -> Arg {
    Arg::OptText(s.clone())
}

pub(crate) fn history_row(h: &TriggerHistoryRecord, args: &mut Vec<Arg>) {
    args.extend([
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
    ]);
}

pub(crate) fn run_row(r: &RunRecord, args: &mut Vec<Arg>) {
    args.extend([
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
    ]);
}

pub(crate) fn attempt_row(a: &ActionAttemptRecord, args: &mut Vec<Arg>) {
    args.extend([
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
    ]);
}

pub(crate) fn meter_row(m: &MeterRecord, args: &mut Vec<Arg>) {
    args.extend([
        text(&m.key),
        text(&m.workflow),
        opt_text(&m.run_id),
        text(&m.operation),
        text(m.category.as_str()),
        Arg::Int(m.units),
        Arg::Time(m.at),
    ]);
}

/// The end of a run, as [`FINISH_RUNS`] binds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Finish<'a> {
    pub run_id: &'a str,
    pub status: Status,
    pub code: &'a Option<String>,
    pub error: &'a Option<Value>,
    pub outputs: &'a Option<Value>,
    pub end_time: DateTime<Utc>,
}

pub(crate) fn finish_row(f: &Finish<'_>, args: &mut Vec<Arg>) {
    args.extend([
        text(f.run_id),
        text(f.status.as_str()),
        opt_text(f.code),
        Arg::OptText(opt_json_text(f.error)),
        Arg::OptText(opt_json_text(f.outputs)),
        Arg::Time(f.end_time),
    ]);
}

pub(crate) fn response_row((run_id, response): &(&str, &Value), args: &mut Vec<Arg>) {
    args.extend([text(run_id), Arg::Text(json_text(response))]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_number_placeholders_row_by_row() {
        static PAIRS: RowShape =
            RowShape::new("INSERT INTO t (a, b) ", 2, " ON CONFLICT DO NOTHING");
        assert_eq!(
            PAIRS.sql(Dialect::Postgres, 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            PAIRS.sql(Dialect::Sqlite, 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING"
        );
        let items: Vec<i64> = (0..7).collect();
        let stmts: Vec<Stmt> = PAIRS
            .statements(Dialect::Sqlite, &items, |i, args| {
                args.extend([Arg::Int(*i), Arg::Int(-i)])
            })
            .collect();
        let rows: Vec<usize> = stmts.iter().map(|s| s.args.len() / 2).collect();
        assert_eq!(rows, [4, 2, 1], "chunks are powers of two");
        assert!(
            matches!(stmts[2].args[0], Arg::Int(6)),
            "rows keep their order"
        );
    }

    #[test]
    fn chunks_stop_at_max_rows() {
        let items = vec![(); MAX_ROWS * 2 + 3];
        let rows: Vec<usize> = INSERT_METERS
            .chunks(Dialect::Postgres, &items)
            .map(|(_, c)| c.len())
            .collect();
        assert_eq!(rows, [MAX_ROWS, MAX_ROWS, 2, 1]);
    }
}

//! A group-commit batch as few statements. The entries of all submissions are gathered per table —
//! trigger histories, runs, attempts, meters, run ends, responses — and each table is written with
//! multi-row statements, so a transaction costs a handful of statements rather than two per entry.
//!
//! The result equals applying the entries one by one in order:
//! - an attempt written twice (its `Running` marker, then its finished form) is written once, in
//!   its last form (the upsert's last write wins anyway);
//! - a meter, history or run written twice keeps its first form (their inserts ignore replays);
//! - a run ended or answered twice keeps the last end or response;
//! - a child-run link written twice for the same run keeps its first form; two runs linked to
//!   the same parent call fail the batch (as the second would fail one by one);
//! - inserts go first, so entries that need their run find it. Only when an entry names a run that
//!   a *later* entry of the batch creates would that change an outcome (one by one, it fails); the
//!   batch is then cut into segments before the creating entry, applied in order.

use crate::stmt::{
    Arg, ChildLink, Dialect, FINISH_RUNS, Finish, INSERT_CHILD_RUNS, INSERT_HISTORIES,
    INSERT_METERS, INSERT_RUNS, LEASE_RUNS, Lease, RESPOND_RUNS, RowShape, Stmt, UPSERT_ATTEMPTS,
    UPSERT_VARIABLES, attempt_row, child_row, finish_row, history_row, lease_row, meter_row,
    response_row, run_row, variable_row,
};
use flowline_storage::{
    ActionAttemptRecord, JournalEntry, MeterRecord, RepetitionIndex, RunRecord, StorageError,
    StorageResult, TriggerHistoryRecord,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The statements that make a batch durable, in order.
pub(crate) fn statements<'a>(
    dialect: Dialect,
    groups: impl IntoIterator<Item = &'a Vec<JournalEntry>>,
) -> Vec<Stmt> {
    let mut out = Vec::new();
    let mut segment = Segment::default();
    for entry in groups.into_iter().flatten() {
        if segment.must_cut_before(entry) {
            out.extend(std::mem::take(&mut segment).statements(dialect));
        }
        segment.push(entry);
    }
    out.extend(segment.statements(dialect));
    out
}

type AttemptKey<'a> = (&'a str, &'a str, &'a [RepetitionIndex], u32);

/// Entries that can be written table by table without changing the outcome.
#[derive(Default)]
struct Segment<'a> {
    histories: Vec<&'a TriggerHistoryRecord>,
    runs: Vec<&'a RunRecord>,
    attempts: Vec<&'a ActionAttemptRecord>,
    meters: Vec<&'a MeterRecord>,
    finishes: Vec<Finish<'a>>,
    responses: Vec<(&'a str, &'a Value)>,
    leases: Vec<Lease<'a>>,
    variables: Vec<(&'a str, &'a str, &'a Value)>,
    tracked: Vec<(&'a str, String, String)>,
    started: Vec<&'a str>,
    children: Vec<ChildLink<'a>>,
    /// Where each key sits in the lists above.
    history_ids: HashSet<&'a str>,
    run_ids: HashSet<&'a str>,
    attempt_at: HashMap<AttemptKey<'a>, usize>,
    meter_keys: HashSet<&'a str>,
    finish_at: HashMap<&'a str, usize>,
    response_at: HashMap<&'a str, usize>,
    lease_at: HashMap<&'a str, usize>,
    variable_at: HashMap<(&'a str, &'a str), usize>,
    child_ids: HashSet<&'a str>,
    /// Runs that entries of this segment update or attach to without this segment creating them
    /// first.
    needed: HashSet<&'a str>,
}

impl<'a> Segment<'a> {
    /// Whether `entry` creates a run that an earlier entry of this segment already needed.
    fn must_cut_before(&self, entry: &JournalEntry) -> bool {
        match entry {
            JournalEntry::TriggerFired { run: Some(run), .. } => {
                self.needed.contains(run.id.as_str())
            }
            _ => false,
        }
    }

    fn push(&mut self, entry: &'a JournalEntry) {
        match entry {
            JournalEntry::TriggerFired {
                history,
                run,
                meter,
            } => {
                if self.history_ids.insert(&history.id) {
                    self.histories.push(history);
                }
                if let Some(run) = run
                    && self.run_ids.insert(&run.id)
                {
                    self.runs.push(run);
                    if let Some(properties) = run.trigger.get("trackedProperties") {
                        let rows = crate::stmt::tracked_pairs(properties);
                        self.tracked.extend(rows.into_iter().map(|(n, v)| (run.id.as_str(), n, v)));
                    }
                }
                self.push_meter(meter);
            }
            JournalEntry::ActionAttempt { attempt, meter } => {
                self.need(&attempt.run_id);
                let key = (
                    attempt.run_id.as_str(),
                    attempt.action.as_str(),
                    attempt.repetition.as_slice(),
                    attempt.attempt,
                );
                keep_last(&mut self.attempts, &mut self.attempt_at, key, attempt);
                if let Some(meter) = meter {
                    self.push_meter(meter);
                }
            }
            JournalEntry::RunFinished {
                run_id,
                status,
                code,
                error,
                outputs,
                end_time,
            } => {
                self.need(run_id);
                let finish = Finish {
                    run_id,
                    status: *status,
                    code,
                    error,
                    outputs,
                    end_time: *end_time,
                };
                keep_last(&mut self.finishes, &mut self.finish_at, run_id, finish);
            }
            JournalEntry::RunResponse { run_id, response } => {
                self.need(run_id);
                let row = (run_id.as_str(), response);
                keep_last(&mut self.responses, &mut self.response_at, run_id, row);
            }
            JournalEntry::RunLeased {
                run_id,
                owner,
                lease_version,
                expires_at,
            } => {
                self.need(run_id);
                let lease = Lease {
                    run_id,
                    owner,
                    lease_version: *lease_version,
                    expires_at: *expires_at,
                };
                keep_last(&mut self.leases, &mut self.lease_at, run_id, lease);
            }
            JournalEntry::Meter(meter) => self.push_meter(meter),
            JournalEntry::RunStarted { run_id } => {
                self.need(run_id);
                self.started.push(run_id);
            }
            JournalEntry::TrackedProperties { run_id, properties } => {
                self.need(run_id);
                let rows = crate::stmt::tracked_pairs(properties);
                self.tracked.extend(rows.into_iter().map(|(n, v)| (run_id.as_str(), n, v)));
            }
            JournalEntry::ChildRunStarted {
                workflow,
                key,
                run_id,
            } => {
                self.need(run_id);
                if self.child_ids.insert(run_id) {
                    self.children.push(ChildLink {
                        run_id,
                        workflow,
                        key,
                    });
                }
            }
            JournalEntry::VariableSet {
                run_id,
                name,
                value,
            } => {
                self.need(run_id);
                let key = (run_id.as_str(), name.as_str());
                let row = (run_id.as_str(), name.as_str(), value);
                keep_last(&mut self.variables, &mut self.variable_at, key, row);
            }
        }
    }

    fn need(&mut self, run_id: &'a str) {
        if !self.run_ids.contains(run_id) {
            self.needed.insert(run_id);
        }
    }

    fn push_meter(&mut self, meter: &'a MeterRecord) {
        if self.meter_keys.insert(&meter.key) {
            self.meters.push(meter);
        }
    }

    fn statements(self, dialect: Dialect) -> Vec<Stmt> {
        let mut out: Vec<Stmt> = INSERT_HISTORIES
            .statements(dialect, &self.histories, |h, args| history_row(h, args))
            .collect();
        out.extend(INSERT_RUNS.statements(dialect, &self.runs, |r, args| run_row(r, args)));
        out.extend(INSERT_CHILD_RUNS.statements(dialect, &self.children, child_row));
        out.extend(crate::stmt::START_RUNS.statements(dialect, &self.started, |id, args| {
            args.push(Arg::Text(id.to_string()))
        }));
        out.extend(updates(
            dialect,
            &LEASE_RUNS,
            &self.leases,
            lease_row,
            |l| l.run_id,
        ));
        out.extend(
            UPSERT_ATTEMPTS.statements(dialect, &self.attempts, |a, args| attempt_row(a, args)),
        );
        out.extend(INSERT_METERS.statements(dialect, &self.meters, |m, args| meter_row(m, args)));
        out.extend(UPSERT_VARIABLES.statements(dialect, &self.variables, variable_row));
        out.extend(crate::stmt::INSERT_TRACKED.statements(dialect, &self.tracked, crate::stmt::tracked_row));
        out.extend(updates(
            dialect,
            &FINISH_RUNS,
            &self.finishes,
            finish_row,
            |f| f.run_id,
        ));
        out.extend(updates(
            dialect,
            &RESPOND_RUNS,
            &self.responses,
            response_row,
            |r| r.0,
        ));
        out
    }
}

/// Appends `item`, or replaces the earlier item with the same key in place.
fn keep_last<K: std::hash::Hash + Eq, T>(
    items: &mut Vec<T>,
    at: &mut HashMap<K, usize>,
    key: K,
    item: T,
) {
    match at.get(&key) {
        Some(&i) => items[i] = item,
        None => {
            at.insert(key, items.len());
            items.push(item);
        }
    }
}

/// Update statements for `items`, each required to find the runs of its rows.
fn updates<T>(
    dialect: Dialect,
    shape: &'static RowShape,
    items: &[T],
    encode: impl Fn(&T, &mut Vec<Arg>),
    run_id: impl Fn(&T) -> &str,
) -> Vec<Stmt> {
    let stmts = shape.statements(dialect, items, encode);
    stmts
        .zip(shape.chunks(dialect, items))
        .map(|(mut stmt, (_, chunk))| {
            stmt.must_update = chunk.iter().map(|i| run_id(i).to_string()).collect();
            stmt
        })
        .collect()
}

/// `NotFound` for the first run an update statement had to find but did not.
pub(crate) fn check_updated(stmt_runs: &[String], updated: &[String]) -> StorageResult<()> {
    if updated.len() >= stmt_runs.len() {
        return Ok(());
    }
    let found: HashSet<&str> = updated.iter().map(String::as_str).collect();
    match stmt_runs.iter().find(|id| !found.contains(id.as_str())) {
        Some(missing) => Err(StorageError::NotFound(format!("run '{missing}'"))),
        None => Ok(()),
    }
}

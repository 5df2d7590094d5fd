//! Read and workflow-management statements shared by both backends (portable SQL with `$n`
//! placeholders), and the keyset-paged list queries with their continuation tokens.

use crate::codec::{from_micros, micros};
use crate::rows::{
    ATTEMPT_COLUMNS, HISTORY_COLUMNS, METER_COLUMNS, RUN_COLUMNS, VERSION_COLUMNS, WORKFLOW_COLUMNS,
};
use crate::stmt::{Arg, Stmt};
use chrono::{DateTime, Utc};
use flowline_storage::{NewWorkflowVersion, Page, RunQuery, StorageError, StorageResult};
use std::borrow::Cow;
use std::fmt::Write;

/// Page size when the query asks for none.
pub const DEFAULT_TOP: u32 = 50;
/// Largest page served.
pub const MAX_TOP: u32 = 1000;

fn owned(sql: String, args: Vec<Arg>) -> Stmt {
    Stmt {
        sql: Cow::Owned(sql),
        args,
        must_update: Vec::new(),
    }
}

fn name(name: &str) -> Vec<Arg> {
    vec![Arg::Text(name.to_string())]
}

pub(crate) fn get_workflow(workflow: &str) -> Stmt {
    owned(
        format!("SELECT {WORKFLOW_COLUMNS} FROM workflows WHERE name = $1"),
        name(workflow),
    )
}

pub(crate) fn list_workflows() -> Stmt {
    owned(
        format!("SELECT {WORKFLOW_COLUMNS} FROM workflows ORDER BY name"),
        Vec::new(),
    )
}

/// Deletes a workflow; foreign keys cascade to versions, runs, attempts, history and meters.
pub(crate) fn delete_workflow(workflow: &str) -> Stmt {
    Stmt::new("DELETE FROM workflows WHERE name = $1", name(workflow))
}

pub(crate) fn set_workflow_enabled(workflow: &str, enabled: bool) -> Stmt {
    let sql =
        format!("UPDATE workflows SET enabled = $2 WHERE name = $1 RETURNING {WORKFLOW_COLUMNS}");
    owned(
        sql,
        vec![Arg::Text(workflow.to_string()), Arg::Bool(enabled)],
    )
}

/// Creates the workflow (version 1) or bumps its current version, under the row lock the upsert
/// takes, and returns the row. Run inside the transaction that inserts the version.
pub(crate) fn bump_workflow(new: &NewWorkflowVersion) -> Stmt {
    let sql = format!(
        "INSERT INTO workflows (name, enabled, current_version, created_at, updated_at) \
         VALUES ($1, $2, 1, $3, $3) ON CONFLICT (name) DO UPDATE \
         SET current_version = workflows.current_version + 1, updated_at = excluded.updated_at \
         RETURNING {WORKFLOW_COLUMNS}"
    );
    owned(
        sql,
        vec![
            Arg::Text(new.name.clone()),
            Arg::Bool(true),
            Arg::Time(new.at),
        ],
    )
}

pub(crate) fn insert_version(new: &NewWorkflowVersion, version: i64) -> Stmt {
    let sql = format!(
        "INSERT INTO workflow_versions (workflow, version, document, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING {VERSION_COLUMNS}"
    );
    let document = crate::codec::json_text(&new.document);
    owned(
        sql,
        vec![
            Arg::Text(new.name.clone()),
            Arg::Int(version),
            Arg::Text(document),
            Arg::Time(new.at),
        ],
    )
}

pub(crate) fn list_versions(workflow: &str) -> Stmt {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM workflow_versions WHERE workflow = $1 ORDER BY version DESC"
    );
    owned(sql, name(workflow))
}

pub(crate) fn get_version(workflow: &str, version: i64) -> Stmt {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM workflow_versions WHERE workflow = $1 AND version = $2"
    );
    owned(
        sql,
        vec![Arg::Text(workflow.to_string()), Arg::Int(version)],
    )
}

pub(crate) fn get_run(workflow: &str, run_id: &str) -> Stmt {
    let sql = format!("SELECT {RUN_COLUMNS} FROM runs WHERE workflow = $1 AND id = $2");
    owned(
        sql,
        vec![
            Arg::Text(workflow.to_string()),
            Arg::Text(run_id.to_string()),
        ],
    )
}

/// Matches the partial index `runs_unfinished`.
pub(crate) fn unfinished_runs() -> Stmt {
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM runs WHERE status IN ('Waiting', 'Running') ORDER BY start_time, id"
    );
    owned(sql, Vec::new())
}

pub(crate) fn action_attempts(run_id: &str) -> Stmt {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM action_attempts WHERE run_id = $1 \
         ORDER BY start_time, attempt, action, repetition"
    );
    owned(sql, name(run_id))
}

pub(crate) fn run_meters(run_id: &str) -> Stmt {
    owned(
        format!("SELECT {METER_COLUMNS} FROM meter_records WHERE run_id = $1 ORDER BY seq"),
        name(run_id),
    )
}

/// A paged list statement and the page size it serves (it fetches one row more to detect a next
/// page).
pub(crate) struct Listing {
    pub stmt: Stmt,
    pub top: usize,
}

pub(crate) fn list_runs(workflow: &str, query: &RunQuery) -> StorageResult<Listing> {
    listing("runs", RUN_COLUMNS, &[("workflow", workflow)], query)
}

pub(crate) fn list_history(
    workflow: &str,
    trigger: &str,
    query: &RunQuery,
) -> StorageResult<Listing> {
    listing(
        "trigger_history",
        HISTORY_COLUMNS,
        &[("workflow", workflow), ("trigger_name", trigger)],
        query,
    )
}

/// Builds `SELECT … WHERE <eq> [filters] [keyset] ORDER BY start_time DESC, id DESC LIMIT n`.
fn listing(
    table: &str,
    columns: &str,
    eq: &[(&str, &str)],
    query: &RunQuery,
) -> StorageResult<Listing> {
    let mut sql = format!("SELECT {columns} FROM {table} WHERE ");
    let mut args = Vec::new();
    let mut clause = |sql: &mut String, text: &str, new_args: Vec<Arg>| {
        if !args.is_empty() {
            sql.push_str(" AND ");
        }
        let mut text = text.to_string();
        for (i, arg) in new_args.into_iter().enumerate() {
            args.push(arg);
            text = text.replace(&format!("#{i}"), &format!("${}", args.len()));
        }
        sql.push_str(&text);
    };
    for (column, value) in eq {
        clause(
            &mut sql,
            &format!("{column} = #0"),
            vec![Arg::Text((*value).to_string())],
        );
    }
    if let Some(status) = query.status {
        clause(
            &mut sql,
            "status = #0",
            vec![Arg::Text(status.as_str().to_string())],
        );
    }
    if let Some(from) = query.from {
        clause(&mut sql, "start_time >= #0", vec![Arg::Time(from)]);
    }
    if let Some(to) = query.to {
        clause(&mut sql, "start_time < #0", vec![Arg::Time(to)]);
    }
    if table == "runs" {
        if let Some(id) = &query.client_tracking_id {
            clause(&mut sql, "client_tracking_id = #0", vec![Arg::Text(id.clone())]);
        }
        for (name, value) in &query.tracked_properties {
            clause(
                &mut sql,
                "id IN (SELECT run_id FROM run_tracked_properties WHERE name = #0 AND value = #1)",
                vec![Arg::Text(name.clone()), Arg::Text(value.clone())],
            );
        }
    }
    if let Some(token) = &query.continuation {
        let (start, id) = decode_token(token)?;
        clause(
            &mut sql,
            "(start_time, id) < (#0, #1)",
            vec![Arg::Time(start), Arg::Text(id)],
        );
    }
    let top = page_size(query.top);
    let _ = write!(
        sql,
        " ORDER BY start_time DESC, id DESC LIMIT ${}",
        args.len() + 1
    );
    args.push(Arg::Int(top as i64 + 1));
    Ok(Listing {
        stmt: owned(sql, args),
        top,
    })
}

/// The page size for a requested `top`: default when 0, capped at [`MAX_TOP`].
pub(crate) fn page_size(top: u32) -> usize {
    (if top == 0 {
        DEFAULT_TOP
    } else {
        top.min(MAX_TOP)
    }) as usize
}

/// Cuts the fetched rows to the page and sets the token when a further row exists.
pub(crate) fn page<T>(
    mut items: Vec<T>,
    top: usize,
    key: impl Fn(&T) -> (DateTime<Utc>, &str),
) -> Page<T> {
    let more = items.len() > top;
    items.truncate(top);
    let continuation = if more {
        items.last().map(|last| encode_token(key(last)))
    } else {
        None
    };
    Page {
        items,
        continuation,
    }
}

/// `<start micros>.<hex of id>`: opaque, URL-safe, exact.
fn encode_token((start, id): (DateTime<Utc>, &str)) -> String {
    let mut token = format!("{}.", micros(start));
    for byte in id.bytes() {
        let _ = write!(token, "{byte:02x}");
    }
    token
}

fn decode_token(token: &str) -> StorageResult<(DateTime<Utc>, String)> {
    let invalid = || StorageError::InvalidInput("invalid continuation token".to_string());
    let (start, hex) = token.split_once('.').ok_or_else(invalid)?;
    let start = start
        .parse::<i64>()
        .ok()
        .and_then(from_micros)
        .ok_or_else(invalid)?;
    if hex.is_empty() || hex.len() % 2 != 0 {
        return Err(invalid());
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(invalid)?;
    let id = String::from_utf8(bytes).map_err(|_| invalid())?;
    Ok((start, id))
}

/// Lease versions of runs, for a fenced journal write. PostgreSQL share-locks the rows so a
/// concurrent claim waits for the write's commit.
pub(crate) fn lease_versions(runs: &[&str], dialect: crate::stmt::Dialect) -> Stmt {
    let mut sql = String::from("SELECT id, lease_version FROM runs WHERE id IN (");
    for i in 1..=runs.len() {
        let _ = write!(sql, "{}${i}", if i > 1 { ", " } else { "" });
    }
    // Id order, as lease renewals lock them (no deadlock between the two).
    sql.push_str(") ORDER BY id");
    if dialect == crate::stmt::Dialect::Postgres {
        sql.push_str(" FOR SHARE");
    }
    owned(sql, runs.iter().map(|r| Arg::Text(r.to_string())).collect())
}

/// `cancel_requested` as an integer in both dialects.
const CANCEL_REQUESTED: &str = "CAST(CASE WHEN cancel_requested THEN 1 ELSE 0 END AS BIGINT)";

/// Takes the lease of runs in progress whose lease lapsed (oldest first).
pub(crate) fn claim_runs(claim: &flowline_storage::Claim, dialect: crate::stmt::Dialect) -> Stmt {
    let lock = match dialect {
        crate::stmt::Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        crate::stmt::Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE runs SET owner = $1, lease_version = lease_version + 1, lease_expires_at = $2 \
         WHERE id IN (SELECT id FROM runs WHERE status IN ('Running', 'Waiting') \
         AND (lease_expires_at IS NULL OR lease_expires_at < $3) \
         ORDER BY start_time LIMIT $4{lock}) \
         RETURNING {RUN_COLUMNS}, lease_version, {CANCEL_REQUESTED} AS cancel_requested"
    );
    owned(
        sql,
        vec![
            Arg::Text(claim.owner.clone()),
            Arg::Time(claim.expires_at),
            Arg::Time(claim.expired_before),
            Arg::Int(i64::from(claim.limit)),
        ],
    )
}

/// Most runs renewed by one statement.
pub(crate) const RENEW_CHUNK: usize = 500;

/// Extends an owner's leases on some runs; returns them with their cancel requests. Rows are
/// locked in id order (PostgreSQL), as the fenced journal write locks them, so the two never
/// deadlock.
pub(crate) fn renew_leases(
    owner: &str,
    run_ids: &[String],
    expires_at: DateTime<Utc>,
    dialect: crate::stmt::Dialect,
) -> Stmt {
    let mut ids = String::new();
    for i in 0..run_ids.len() {
        let _ = write!(ids, "{}${}", if i > 0 { ", " } else { "" }, i + 3);
    }
    if run_ids.is_empty() {
        ids.push_str("NULL");
    }
    let lock = match dialect {
        crate::stmt::Dialect::Postgres => " FOR UPDATE",
        crate::stmt::Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE runs SET lease_expires_at = $2 WHERE id IN (SELECT id FROM runs \
         WHERE owner = $1 AND status IN ('Running', 'Waiting') AND id IN ({ids}) ORDER BY id{lock}) \
         RETURNING id, {CANCEL_REQUESTED} AS cancel_requested"
    );
    let mut args = vec![Arg::Text(owner.to_string()), Arg::Time(expires_at)];
    args.extend(run_ids.iter().map(|id| Arg::Text(id.clone())));
    owned(sql, args)
}

/// Ends a run whose stored row cannot be read.
pub(crate) fn fail_unreadable_run(run_id: &str, at: DateTime<Utc>) -> Stmt {
    Stmt::new(
        "UPDATE runs SET status = 'Failed', code = 'RunNotResumable', end_time = $2, \
         error = '{\"code\":\"RunNotResumable\",\"message\":\"The stored run could not be read, so it could not be resumed.\"}' \
         WHERE id = $1",
        vec![Arg::Text(run_id.to_string()), Arg::Time(at)],
    )
}

/// Gives up an owner's leases.
pub(crate) fn release_leases(owner: &str) -> Stmt {
    Stmt::new(
        "UPDATE runs SET owner = NULL, lease_expires_at = NULL \
         WHERE owner = $1 AND status IN ('Running', 'Waiting')",
        name(owner),
    )
}

/// Leaves a cancel request on a run in progress.
pub(crate) fn request_cancel(run_id: &str) -> Stmt {
    Stmt::new(
        "UPDATE runs SET cancel_requested = TRUE WHERE id = $1 AND status IN ('Running', 'Waiting')",
        name(run_id),
    )
}

/// The child run linked to a parent call (see `INSERT_CHILD_RUNS`).
pub(crate) fn child_run(workflow: &str, key: &str) -> Stmt {
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM runs WHERE id IN \
         (SELECT run_id FROM child_runs WHERE workflow = $1 AND call_key = $2)"
    );
    owned(
        sql,
        vec![Arg::Text(workflow.to_string()), Arg::Text(key.to_string())],
    )
}

/// A run's stored variables.
pub(crate) fn run_variables(run_id: &str) -> Stmt {
    Stmt::new(
        "SELECT name, value FROM run_variables WHERE run_id = $1 ORDER BY name",
        name(run_id),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trips_and_rejects_garbage() {
        let at = from_micros(1_700_000_000_123_456).unwrap();
        let token = encode_token((at, "run/ä 1"));
        assert_eq!(decode_token(&token).unwrap(), (at, "run/ä 1".to_string()));
        for bad in ["", "abc", "12.zz", "12.", "x.61", "12.6"] {
            assert!(
                matches!(decode_token(bad), Err(StorageError::InvalidInput(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn listing_numbers_placeholders_in_order() {
        let query = RunQuery {
            status: Some(flowline_storage::Status::Failed),
            top: 5,
            ..RunQuery::default()
        };
        let listing = list_history("wf", "manual", &query).unwrap();
        assert!(
            listing
                .stmt
                .sql
                .contains("workflow = $1 AND trigger_name = $2 AND status = $3")
        );
        assert!(listing.stmt.sql.ends_with("LIMIT $4"));
        assert_eq!(listing.stmt.args.len(), 4);
        assert_eq!(listing.top, 5);
    }
}

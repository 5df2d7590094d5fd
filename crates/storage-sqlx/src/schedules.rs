//! Trigger schedules ([`flowline_storage::ScheduleStore`]) for both backends: the statements
//! (portable SQL), the row type, and a macro implementing the trait on each backend's primitives,
//! as [`crate::webhooks`] does.
//!
//! Claiming an occurrence is one conditional `UPDATE`: of several nodes moving the same schedule
//! from occurrence `t`, exactly one changes the row (the others' `WHERE next_at = t` no longer
//! matches), on SQLite and PostgreSQL alike.

use crate::codec::{DbTime, json_text, opt_utc, parse_json};
use crate::stmt::{Arg, Stmt};
use chrono::{DateTime, Utc};
use flowline_storage::{StorageResult, TriggerSchedule};
use serde_json::Value;
use std::borrow::Cow;

const COLUMNS: &str = "workflow, trigger_name, fingerprint, anchor, next_at, state, updated_at";

fn owned(sql: String, args: Vec<Arg>) -> Stmt {
    Stmt {
        sql: Cow::Owned(sql),
        args,
        must_update: Vec::new(),
    }
}

fn key(workflow: &str, trigger: &str) -> Vec<Arg> {
    vec![
        Arg::Text(workflow.to_string()),
        Arg::Text(trigger.to_string()),
    ]
}

/// Inserts a schedule, or replaces one planned from a different fingerprint.
pub(crate) fn plan(new: &TriggerSchedule) -> Stmt {
    Stmt::new(
        "INSERT INTO trigger_schedules (workflow, trigger_name, fingerprint, anchor, next_at, state, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workflow, trigger_name) DO UPDATE \
         SET fingerprint = excluded.fingerprint, anchor = excluded.anchor, next_at = excluded.next_at, \
         state = excluded.state, updated_at = excluded.updated_at \
         WHERE trigger_schedules.fingerprint <> excluded.fingerprint",
        vec![
            Arg::Text(new.workflow.clone()),
            Arg::Text(new.trigger.clone()),
            Arg::Text(new.fingerprint.clone()),
            Arg::Time(new.anchor),
            Arg::OptTime(new.next_at),
            Arg::Text(json_text(&new.state)),
            Arg::Time(new.updated_at),
        ],
    )
}

/// One trigger's schedule.
pub(crate) fn get(workflow: &str, trigger: &str) -> Stmt {
    owned(
        format!(
            "SELECT {COLUMNS} FROM trigger_schedules WHERE workflow = $1 AND trigger_name = $2"
        ),
        key(workflow, trigger),
    )
}

/// A workflow's schedules.
pub(crate) fn of_workflow(workflow: &str) -> Stmt {
    owned(
        format!(
            "SELECT {COLUMNS} FROM trigger_schedules WHERE workflow = $1 ORDER BY trigger_name"
        ),
        vec![Arg::Text(workflow.to_string())],
    )
}

/// The compare-and-swap that claims occurrence `expected`.
pub(crate) fn advance(
    workflow: &str,
    trigger: &str,
    expected: DateTime<Utc>,
    next: Option<DateTime<Utc>>,
    state: &Value,
    at: DateTime<Utc>,
) -> Stmt {
    let mut args = key(workflow, trigger);
    args.extend([
        Arg::Time(expected),
        Arg::OptTime(next),
        Arg::Text(json_text(state)),
        Arg::Time(at),
    ]);
    Stmt::new(
        "UPDATE trigger_schedules SET next_at = $4, state = $5, updated_at = $6 \
         WHERE workflow = $1 AND trigger_name = $2 AND next_at = $3",
        args,
    )
}

/// Removes one trigger's schedule.
pub(crate) fn delete(workflow: &str, trigger: &str) -> Stmt {
    Stmt::new(
        "DELETE FROM trigger_schedules WHERE workflow = $1 AND trigger_name = $2",
        key(workflow, trigger),
    )
}

#[derive(sqlx::FromRow)]
pub(crate) struct ScheduleRow<T> {
    workflow: String,
    trigger_name: String,
    fingerprint: String,
    anchor: T,
    next_at: Option<T>,
    state: String,
    updated_at: T,
}

impl<T: DbTime> ScheduleRow<T> {
    pub(crate) fn into_record(self) -> StorageResult<TriggerSchedule> {
        Ok(TriggerSchedule {
            workflow: self.workflow,
            trigger: self.trigger_name,
            fingerprint: self.fingerprint,
            anchor: self.anchor.into_utc()?,
            next_at: opt_utc(self.next_at)?,
            state: parse_json(&self.state, "state")?,
            updated_at: self.updated_at.into_utc()?,
        })
    }
}

/// Implements [`flowline_storage::ScheduleStore`] for a backend (invoked in its module, where its
/// primitives are visible), with `$time` its timestamp column type.
macro_rules! impl_schedules {
    ($store:ty, $time:ty) => {
        #[async_trait::async_trait]
        impl flowline_storage::ScheduleStore for $store {
            async fn plan_schedule(
                &self,
                new: &flowline_storage::TriggerSchedule,
            ) -> flowline_storage::StorageResult<flowline_storage::TriggerSchedule> {
                use $crate::schedules as s;
                self.execute(s::plan(new), "plan trigger schedule").await?;
                let row = self.fetch_optional::<s::ScheduleRow<$time>>(
                    s::get(&new.workflow, &new.trigger),
                    "plan trigger schedule",
                );
                match row.await? {
                    Some(row) => row.into_record(),
                    None => Err(flowline_storage::StorageError::NotFound(format!(
                        "schedule of trigger '{}' of workflow '{}'",
                        new.trigger, new.workflow
                    ))),
                }
            }

            async fn advance_schedule(
                &self,
                workflow: &str,
                trigger: &str,
                expected: chrono::DateTime<chrono::Utc>,
                next: Option<chrono::DateTime<chrono::Utc>>,
                state: &serde_json::Value,
                at: chrono::DateTime<chrono::Utc>,
            ) -> flowline_storage::StorageResult<bool> {
                let stmt = $crate::schedules::advance(workflow, trigger, expected, next, state, at);
                Ok(self.execute(stmt, "advance trigger schedule").await? == 1)
            }

            async fn list_schedules(
                &self,
                workflow: &str,
            ) -> flowline_storage::StorageResult<Vec<flowline_storage::TriggerSchedule>> {
                use $crate::schedules as s;
                let rows = self.fetch_all::<s::ScheduleRow<$time>>(
                    s::of_workflow(workflow),
                    "list trigger schedules",
                );
                $crate::rows::records(rows.await?, |r| r.into_record())
            }

            async fn delete_schedule(
                &self,
                workflow: &str,
                trigger: &str,
            ) -> flowline_storage::StorageResult<bool> {
                Ok(self
                    .execute(
                        $crate::schedules::delete(workflow, trigger),
                        "delete trigger schedule",
                    )
                    .await?
                    > 0)
            }
        }
    };
}

pub(crate) use impl_schedules;

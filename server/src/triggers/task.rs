//! One scheduled trigger's loop: read (or plan) its schedule, sleep until the next occurrence,
//! claim it with a compare-and-swap in the database, then fire it — a Recurrence at once, an Http
//! trigger after polling. An Http answer's `Retry-After` moves the next poll, its `Location`
//! becomes the next poll's URL (kept in the schedule's state, so another node or a restart
//! polls the same URL).

use crate::app::AppState;
use chrono::{DateTime, Duration as TimeDelta, Utc};
use flowline_engine::PreparedWorkflow;
use flowline_engine::triggers::{Recurrence, TriggerEvent, WakeClock};
use flowline_model::Trigger;
use flowline_storage::{StorageError, TriggerSchedule};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Wait after a storage failure before trying again.
const RETRY_DELAY: Duration = Duration::from_secs(2);

/// What the schedule of a trigger was planned from: a change plans it again.
pub(super) fn fingerprint(t: &Trigger) -> String {
    let part = |k: &str| t.raw.get(k).map(|v| v.to_string()).unwrap_or_default();
    format!(
        "{}|{}|{}",
        t.trigger_type,
        part("recurrence"),
        part("inputs")
    )
}

/// One scheduled trigger.
pub(super) struct TriggerTask {
    pub state: AppState,
    pub clock: Arc<dyn WakeClock>,
    pub workflow: Arc<PreparedWorkflow>,
    pub trigger: String,
    /// Http polling (else Recurrence).
    pub polls: bool,
    pub fingerprint: String,
    pub recurrence: Recurrence,
    pub stop: watch::Receiver<bool>,
}

/// An occurrence this node has claimed.
struct Claimed {
    due: DateTime<Utc>,
    following: Option<DateTime<Utc>>,
    state: Value,
}

impl TriggerTask {
    pub(super) async fn run(mut self) {
        while !self.stopped() {
            match self.step().await {
                Ok(Some(claimed)) => self.fire(claimed).await,
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(workflow = %self.workflow.name, trigger = %self.trigger, error = %e, "trigger schedule failed; retrying");
                    self.pause(RETRY_DELAY).await;
                }
            }
        }
    }

    /// Waits for the next occurrence and tries to claim it. `None` when another node claimed it,
    /// the schedule changed, or the task was stopped.
    async fn step(&mut self) -> Result<Option<Claimed>, StorageError> {
        let store = self.state.store.clone();
        let schedules = store.schedules();
        let now = self.clock.now();
        let plan = self.recurrence.anchored(now);
        let fresh = TriggerSchedule {
            workflow: self.workflow.name.clone(),
            trigger: self.trigger.clone(),
            fingerprint: self.fingerprint.clone(),
            anchor: now,
            // A start time in the past is not a missed occurrence: the schedule begins now.
            next_at: plan.at_or_after(now),
            state: json!({}),
            updated_at: now,
        };
        let row = schedules.plan_schedule(&fresh).await?;
        let Some(next) = row.next_at else {
            // The schedule has ended (endTime passed): nothing more to do until re-planned.
            let _ = self.stop.changed().await;
            return Ok(None);
        };
        if !self.sleep_until(next).await {
            return Ok(None);
        }
        let now = self.clock.now();
        let schedule = self.recurrence.anchored(row.anchor);
        // Several occurrences passed (downtime, clock jump): fire once, for the latest.
        let due = schedule
            .latest_at_or_before(now)
            .filter(|d| *d >= next)
            .unwrap_or(next);
        let following = schedule.next_after(now);
        let won = schedules
            .advance_schedule(
                &row.workflow,
                &row.trigger,
                next,
                following,
                &row.state,
                now,
            )
            .await?;
        Ok(won.then_some(Claimed {
            due,
            following,
            state: row.state,
        }))
    }

    async fn fire(&self, claimed: Claimed) {
        let engine = &self.state.engine;
        let event = if self.polls {
            let uri = claimed.state.get("nextUri").and_then(Value::as_str);
            match engine
                .poll_http(&self.workflow, &self.trigger, uri, claimed.due)
                .await
            {
                Ok(poll) => {
                    self.after_poll(&claimed, poll.next_uri, poll.retry_after)
                        .await;
                    poll.event
                }
                Err(e) => {
                    tracing::warn!(workflow = %self.workflow.name, trigger = %self.trigger, error = %e, "poll failed");
                    return;
                }
            }
        } else {
            let mut event = TriggerEvent::new(self.trigger.clone(), json!({}), json!({}));
            event.scheduled_time = Some(claimed.due);
            event
        };
        match engine.fire(self.workflow.clone(), event) {
            Ok(firing) => {
                for run in firing.runs {
                    if let Err(e) = run.accepted.await {
                        tracing::warn!(workflow = %self.workflow.name, error = %e, "recording a scheduled run failed");
                    }
                }
                if let Some(record) = firing.not_fired
                    && let Err(e) = record.recorded.await
                {
                    tracing::warn!(workflow = %self.workflow.name, error = %e, "recording a trigger execution failed");
                }
            }
            Err(e) => {
                tracing::warn!(workflow = %self.workflow.name, trigger = %self.trigger, error = %e, "trigger did not fire")
            }
        }
    }

    /// Keeps what the poll's answer asked for: `Location` for the next poll, `Retry-After` as its
    /// delay. The claimed schedule row is ours until its next occurrence, so this second swap
    /// only fails if the definition changed meanwhile.
    async fn after_poll(
        &self,
        claimed: &Claimed,
        next_uri: Option<String>,
        retry_after: Option<Duration>,
    ) {
        let state = match &next_uri {
            Some(uri) => json!({ "nextUri": uri }),
            None => json!({}),
        };
        let Some(expected) = claimed.following else {
            return;
        };
        let next = match retry_after {
            Some(d) => {
                let at = self.clock.now() + TimeDelta::from_std(d).unwrap_or(TimeDelta::zero());
                // Whole milliseconds: the database keeps microseconds, the swap compares exactly.
                at - TimeDelta::nanoseconds(at.timestamp_subsec_nanos() as i64 % 1_000_000)
            }
            None if state == claimed.state => return,
            None => expected,
        };
        let now = self.clock.now();
        let schedules = self.state.store.schedules();
        if let Err(e) = schedules
            .advance_schedule(
                &self.workflow.name,
                &self.trigger,
                expected,
                Some(next),
                &state,
                now,
            )
            .await
        {
            tracing::warn!(workflow = %self.workflow.name, trigger = %self.trigger, error = %e, "could not keep the poll's Location/Retry-After");
        }
    }

    /// Whether the supervisor stopped this task (or is gone).
    fn stopped(&self) -> bool {
        *self.stop.borrow() || self.stop.has_changed().is_err()
    }

    /// Sleeps on the clock until `t`; `false` when stopped first.
    async fn sleep_until(&mut self, t: DateTime<Utc>) -> bool {
        tokio::select! {
            _ = self.clock.sleep_until(t) => !self.stopped(),
            _ = self.stop.changed() => false,
        }
    }

    async fn pause(&mut self, d: Duration) {
        tokio::select! {
            _ = tokio::time::sleep(d) => {}
            _ = self.stop.changed() => {}
        }
    }
}

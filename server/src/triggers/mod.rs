//! The trigger scheduler: fires Recurrence triggers and polls Http triggers of enabled workflows.
//!
//! One supervisor task keeps one task per scheduled trigger: it plans every enabled workflow at
//! start, re-plans a workflow when the API reports it saved, enabled, disabled or deleted
//! ([`AppState::workflow_changed`]), and re-reads every workflow periodically so changes made
//! through another node sharing the database are noticed too.
//!
//! A trigger task sleeps on the injected [`WakeClock`] until the schedule's next occurrence,
//! claims it in the database (`trigger_schedules`, a compare-and-swap on the occurrence, so with
//! several nodes on one database each occurrence fires on exactly one), then fires it. **Missed
//! occurrences** (the server was down, or the clock jumped): when a task wakes after several
//! occurrences have passed, it fires once, for the latest one (`scheduledTime` = that
//! occurrence), and continues with the first occurrence after now. Disabling a workflow forgets
//! its schedules: enabling it plans them afresh, so time spent disabled is not "missed".
//!
//! # Layout
//! - `mod.rs`: [`Scheduler`] (supervisor, planning).
//! - `task.rs`: one trigger's loop (sleep, claim, fire or poll).

mod task;

use crate::app::AppState;
use flowline_engine::triggers::{Recurrence, WakeClock};
use flowline_model::TriggerType;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

/// Scheduler settings.
#[derive(Debug, Clone)]
pub struct SchedulerOptions {
    /// How often every workflow is re-read (to notice changes made through other nodes).
    pub refresh: Duration,
}

impl Default for SchedulerOptions {
    fn default() -> Self {
        SchedulerOptions {
            refresh: Duration::from_secs(15),
        }
    }
}

/// The running scheduler. Dropping it does not stop it; call [`Scheduler::shutdown`].
pub struct Scheduler {
    stop: watch::Sender<bool>,
    supervisor: JoinHandle<()>,
}

/// The tasks of one workflow's scheduled triggers.
struct Planned {
    version: i64,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Planned {
    /// Stops the tasks at their next wait (a task in the middle of firing finishes first).
    async fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

struct Supervisor {
    state: AppState,
    clock: Arc<dyn WakeClock>,
    planned: Mutex<HashMap<String, Planned>>,
}

impl Scheduler {
    /// Starts scheduling the triggers of every enabled workflow of `state`'s store.
    pub fn start(
        state: AppState,
        clock: Arc<dyn WakeClock>,
        options: SchedulerOptions,
    ) -> Scheduler {
        let (stop, stop_rx) = watch::channel(false);
        let changes = state.subscribe_changes();
        let supervisor = Arc::new(Supervisor {
            state,
            clock,
            planned: Mutex::new(HashMap::new()),
        });
        let handle = tokio::spawn(supervisor.run(changes, stop_rx, options));
        Scheduler {
            stop,
            supervisor: handle,
        }
    }

    /// Stops every trigger task (each finishes the firing it is in) and the supervisor.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.supervisor.await;
    }
}

impl Supervisor {
    async fn run(
        self: Arc<Self>,
        mut changes: broadcast::Receiver<String>,
        mut stop: watch::Receiver<bool>,
        options: SchedulerOptions,
    ) {
        self.sync_all().await;
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                change = changes.recv() => match change {
                    Ok(name) => self.sync(&name).await,
                    Err(broadcast::error::RecvError::Lagged(_)) => self.sync_all().await,
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                _ = tokio::time::sleep(options.refresh) => self.sync_all().await,
            }
        }
        let all: Vec<Planned> = self.lock().drain().map(|(_, p)| p).collect();
        for p in all {
            p.stop().await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Planned>> {
        self.planned.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn sync_all(&self) {
        let workflows = match self.state.store.list_workflows().await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "trigger scheduler could not list workflows");
                return;
            }
        };
        let names: Vec<String> = workflows.iter().map(|w| w.name.clone()).collect();
        let gone: Vec<String> = self
            .lock()
            .keys()
            .filter(|k| !names.contains(k))
            .cloned()
            .collect();
        for name in gone.iter().chain(&names) {
            self.sync(name).await;
        }
    }

    /// Brings one workflow's trigger tasks in line with its stored state.
    async fn sync(&self, name: &str) {
        let record = match self.state.store.get_workflow(name).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(workflow = name, error = %e, "trigger scheduler could not read the workflow");
                return;
            }
        };
        let current = self.lock().get(name).map(|p| p.version);
        match record {
            Some(r) if r.enabled => {
                if current == Some(r.current_version) {
                    return;
                }
                self.unplan(name).await;
                self.plan(name, r.current_version).await;
            }
            Some(_) => {
                self.unplan(name).await;
                self.forget_schedules(name, &[]).await;
            }
            None => self.unplan(name).await,
        }
    }

    async fn unplan(&self, name: &str) {
        let planned = self.lock().remove(name);
        if let Some(p) = planned {
            p.stop().await;
        }
    }

    /// Starts one task per Recurrence or Http trigger of a workflow version.
    async fn plan(&self, name: &str, version: i64) {
        let workflow = match self.state.prepared(name, version).await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(workflow = name, version, error = %e.message, "trigger scheduler could not prepare the workflow");
                return;
            }
        };
        let (stop, stop_rx) = watch::channel(false);
        let mut tasks = Vec::new();
        let mut names = Vec::new();
        for t in &workflow.definition.triggers {
            if !matches!(t.trigger_type, TriggerType::Recurrence | TriggerType::Http) {
                continue;
            }
            let recurrence = match t
                .recurrence()
                .map(|r| Recurrence::parse(r, &format!("{}/recurrence", t.pointer)))
            {
                Some(Ok(r)) => r,
                Some(Err(e)) => {
                    tracing::warn!(workflow = name, trigger = %t.name, error = %e, "trigger not scheduled");
                    continue;
                }
                None => {
                    tracing::warn!(workflow = name, trigger = %t.name, "trigger has no recurrence; not scheduled");
                    continue;
                }
            };
            names.push(t.name.clone());
            let job = task::TriggerTask {
                state: self.state.clone(),
                clock: self.clock.clone(),
                workflow: workflow.clone(),
                trigger: t.name.clone(),
                polls: t.trigger_type == TriggerType::Http,
                fingerprint: task::fingerprint(t),
                recurrence,
                stop: stop_rx.clone(),
            };
            tasks.push(tokio::spawn(job.run()));
        }
        self.forget_schedules(name, &names).await;
        self.lock().insert(
            name.to_string(),
            Planned {
                version,
                stop,
                tasks,
            },
        );
    }

    /// Removes the stored schedules of a workflow's triggers not in `keep`.
    async fn forget_schedules(&self, name: &str, keep: &[String]) {
        let store = self.state.store.schedules();
        let Ok(rows) = store.list_schedules(name).await else {
            return;
        };
        for row in rows.iter().filter(|r| !keep.contains(&r.trigger)) {
            if let Err(e) = store.delete_schedule(name, &row.trigger).await {
                tracing::warn!(workflow = name, trigger = %row.trigger, error = %e, "could not remove a trigger schedule");
            }
        }
    }
}

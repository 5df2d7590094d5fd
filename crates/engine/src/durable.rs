//! Durable execution: leases, recovery and takeover.
//!
//! Every run in progress has an owner — the node driving it — and a lease the owner renews every
//! third of [`EngineConfig::lease_ttl`](crate::EngineConfig). Every journal write of a run is
//! fenced by the lease version the node holds, so once another node has taken the run over, the
//! old owner's writes are refused (and it abandons the run at its next renewal, or at once if it
//! has stopped).
//!
//! A node claims runs whose lease lapsed (their node crashed, stalled or was killed) and resumes
//! them from their journal (see [`crate::replay`]): what was recorded is restored, what was in
//! flight runs again with the same idempotency key, the rest runs normally. On PostgreSQL several
//! nodes claim concurrently (`FOR UPDATE SKIP LOCKED`); on SQLite, which one process uses, a
//! starting node resumes every run in progress at once. Cancel requests go through the database,
//! so a cancel reaches a run whichever node drives it.
//!
//! On a graceful stop a node gives its runs a grace period, then abandons the rest and releases
//! their leases, so the next node to look resumes them immediately.

use crate::engine::{Engine, EngineError};
use crate::prepare::PreparedWorkflow;
use crate::replay::Replay;
use crate::run;
use crate::state::{RunState, Stop};
use flowline_storage::{Claim, ClaimedRun, JournalEntry, Status, StorageError};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// Most runs claimed in one round.
const CLAIM_BATCH: u32 = 64;

impl Engine {
    /// Start-up: resumes the runs in progress this node can take (on SQLite: all of them, since
    /// no other process can be driving them). Returns how many it resumed.
    pub async fn recover(&self) -> Result<usize, StorageError> {
        if self.inner.store.single_node() {
            // Every run in progress, whatever its lease says, in one claim (a second one would
            // take back the runs just resumed).
            return self.claim(chrono::DateTime::<chrono::Utc>::MAX_UTC, u32::MAX).await;
        }
        let mut total = 0;
        loop {
            let claimed = self.claim(self.now(), CLAIM_BATCH).await?;
            total += claimed;
            if claimed < CLAIM_BATCH as usize {
                return Ok(total);
            }
        }
    }

    /// Runs the lease keeper until the engine is dropped: renews this node's leases, applies
    /// cancel requests left in the database, abandons runs another node took over, and claims
    /// runs whose lease lapsed.
    pub fn spawn_lease_keeper(&self) -> tokio::task::JoinHandle<()> {
        let engine = Arc::downgrade(&self.inner);
        let period = self.inner.config.lease_ttl / 3;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(period).await;
                let Some(inner) = engine.upgrade() else { return };
                let engine = Engine { inner };
                if let Err(e) = engine.keep_leases().await {
                    tracing::warn!(error = %e, "lease upkeep failed; retrying");
                }
            }
        })
    }

    /// One round of lease upkeep.
    pub async fn keep_leases(&self) -> Result<(), StorageError> {
        let leases = &self.inner.leases;
        if leases.draining() {
            return Ok(());
        }
        let config = &self.inner.config;
        let expires = self.now() + lease_delta(config.lease_ttl);
        // Only runs driven here are renewed: a claimed run that could not be resumed, or whose
        // end could not be recorded, lapses and is resumed again (here or elsewhere).
        let driven: Vec<Arc<RunState>> =
            self.active_states().into_iter().filter(|s| s.lease_version().is_some() && !s.abandoned()).collect();
        let ids: Vec<String> = driven.iter().map(|s| s.run_id.clone()).collect();
        let renewed = match self.inner.store.renew_leases(&config.node_id, &ids, expires).await {
            Ok(renewed) => {
                leases.renewed();
                renewed
            }
            Err(e) => {
                // Without renewals for a whole lease period, other nodes may have taken the runs
                // over: stop driving them here rather than act twice.
                if leases.since_renewal() > config.lease_ttl {
                    tracing::warn!(runs = driven.len(), "no lease renewal for a whole lease period; abandoning runs here");
                    driven.iter().for_each(|s| s.stop(Stop::Abandoned));
                }
                return Err(e);
            }
        };
        let held: HashSet<&str> = renewed.iter().map(|l| l.run_id.as_str()).collect();
        for lease in &renewed {
            if lease.cancel_requested {
                self.cancel(&lease.run_id);
            }
        }
        // A driven run missing from the renewal was finished (it leaves the active set by itself)
        // or taken over. Only a run driven here longer than a lease can have been taken over.
        for state in &driven {
            if !held.contains(state.run_id.as_str()) && state.driven_since.elapsed() > config.lease_ttl {
                tracing::warn!(run = %state.run_id, "lease lost to another node; abandoning the run here");
                state.stop(Stop::Abandoned);
            }
        }
        self.claim(self.now(), CLAIM_BATCH).await?;
        Ok(())
    }

    /// Claims up to `limit` runs whose lease lapsed before `expired_before` and resumes them.
    /// Returns how many it claimed.
    async fn claim(&self, expired_before: chrono::DateTime<chrono::Utc>, limit: u32) -> Result<usize, StorageError> {
        if self.inner.leases.draining() {
            return Ok(0);
        }
        let config = &self.inner.config;
        let claim = Claim {
            owner: config.node_id.clone(),
            expired_before,
            expires_at: self.now() + lease_delta(config.lease_ttl),
            limit,
        };
        let claimed = self.inner.store.claim_runs(&claim).await?;
        let count = claimed.len();
        for run in claimed {
            let id = run.run.id.clone();
            if let Err(e) = self.resume(run).await {
                tracing::error!(run = %id, error = %e, "could not resume a run");
            }
        }
        if count > 0 {
            tracing::info!(runs = count, "resumed runs in progress");
        }
        Ok(count)
    }

    /// Resumes one claimed run from its journal.
    async fn resume(&self, claimed: ClaimedRun) -> Result<(), EngineError> {
        if let Some(state) = self.active_state(&claimed.run.id) {
            // Still executing here although its lease lapsed (a stalled renewal): writes it has in
            // flight carry the old lease and may be refused, so it cannot simply go on. It stops
            // (in-flight actions are cancelled) and, once wound down, is resumed from its journal
            // under the new lease — what was refused runs again, with the same idempotency keys.
            state.stop(Stop::Abandoned);
            let engine = self.clone();
            tokio::spawn(async move {
                let id = claimed.run.id.clone();
                for _ in 0..3_000 {
                    if engine.active_state(&id).is_none() {
                        if let Err(e) = engine.resume_now(claimed).await {
                            tracing::error!(run = %id, error = %e, "could not resume a run");
                        }
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                // Not wound down in 30 s: the claim lapses and the run is claimed again later.
                tracing::warn!(run = %id, "an abandoned run is still winding down; leaving its claim to lapse");
            });
            return Ok(());
        }
        self.resume_now(claimed).await
    }

    /// Loads a claimed run and drives it from its journal.
    async fn resume_now(&self, claimed: ClaimedRun) -> Result<(), EngineError> {
        let ClaimedRun { run, lease_version, cancel_requested } = claimed;
        let store = &self.inner.store;
        let version = store.get_version(&run.workflow, run.version).await?;
        let prepared = version.and_then(|v| PreparedWorkflow::prepare(&run.workflow, run.version, &v.document).ok());
        let Some((prepared, _)) = prepared else {
            // The version it ran is gone or no longer loads: end the run rather than retry forever.
            let entry = JournalEntry::RunFinished {
                run_id: run.id.clone(),
                status: Status::Failed,
                code: Some("RunNotResumable".into()),
                error: Some(crate::outcome::error(
                    "RunNotResumable",
                    format!("The run could not be resumed: version {} of workflow '{}' cannot be loaded.", run.version, run.workflow),
                )),
                outputs: None,
                end_time: self.now(),
            };
            let fence = flowline_storage::Fence { run_id: run.id.clone(), lease_version };
            store.journal().submit_fenced(fence, vec![entry]).await?;
            return Ok(());
        };
        let attempts = store.list_action_attempts(&run.id).await?;
        let variables = store.list_run_variables(&run.id).await?;
        let prepared = Arc::new(prepared);
        let parameters = prepared.parameters.clone();
        let state = RunState::new(prepared, run.id.clone(), run.client_tracking_id.clone(), run.trigger.clone(), parameters, None)
            .with_lease(lease_version)
            .with_replay(Replay::new(attempts), variables);
        let state = Arc::new(state);
        if cancel_requested {
            state.stop(Stop::Cancelled);
        }
        if run.status == Status::Waiting {
            // It waited for a trigger concurrency slot when its node stopped; it runs now
            // (limits are per node, and this node admits it at once).
            drop(state.submit(store.journal(), vec![JournalEntry::RunStarted { run_id: run.id.clone() }]));
        }
        self.track(state.clone());
        let engine = self.clone();
        tokio::spawn(async move {
            run::drive(&engine.inner, state.clone()).await;
            engine.untrack(&state.run_id);
        });
        Ok(())
    }

    /// Cancels a run wherever it executes: here at once, on another node through a cancel
    /// request its owner picks up at its next lease renewal. `false` when the run is not in
    /// progress.
    pub async fn request_cancel(&self, run_id: &str) -> Result<bool, StorageError> {
        // Stored in any case, so the cancel survives this node crashing before the run's end is
        // recorded, or the run having been taken over already.
        let stored = self.inner.store.request_cancel(run_id).await?;
        let local = self.cancel(run_id);
        Ok(stored || local)
    }

    /// Graceful stop: lets executing runs finish for up to `grace`, then abandons the rest (they
    /// are not cancelled: their journal holds everything they did) and releases their leases so
    /// the next node to look — or this one's next start — resumes them at once.
    pub async fn drain(&self, grace: Duration) {
        // No more claims: runs this node would take now it would only abandon.
        self.inner.leases.start_draining();
        if !self.wait_idle(grace).await {
            let states = self.active_states();
            tracing::warn!(runs = states.len(), "leaving runs still executing at shutdown to be resumed");
            for s in &states {
                s.stop(Stop::Abandoned);
            }
            self.wait_idle(Duration::from_secs(10)).await;
        }
        if let Err(e) = self.inner.store.release_leases(&self.inner.config.node_id).await {
            tracing::warn!(error = %e, "could not release run leases; they lapse on their own");
        }
    }
}

/// A lease period as a time delta (saturating: an absurd `lease_ttl` means "never lapses").
pub(crate) fn lease_delta(ttl: Duration) -> chrono::TimeDelta {
    chrono::Duration::from_std(ttl).unwrap_or(chrono::TimeDelta::days(3650)).min(chrono::TimeDelta::days(3650))
}

/// Lease upkeep state of an engine: whether it is draining, and when leases were last renewed.
pub(crate) struct LeaseState {
    draining: std::sync::atomic::AtomicBool,
    last_renewal: std::sync::Mutex<std::time::Instant>,
}

impl Default for LeaseState {
    fn default() -> Self {
        LeaseState {
            draining: std::sync::atomic::AtomicBool::new(false),
            last_renewal: std::sync::Mutex::new(std::time::Instant::now()),
        }
    }
}

impl LeaseState {
    fn draining(&self) -> bool {
        self.draining.load(std::sync::atomic::Ordering::Acquire)
    }

    fn start_draining(&self) {
        self.draining.store(true, std::sync::atomic::Ordering::Release);
    }

    fn renewed(&self) {
        *self.last_renewal.lock().unwrap_or_else(|e| e.into_inner()) = std::time::Instant::now();
    }

    fn since_renewal(&self) -> Duration {
        self.last_renewal.lock().unwrap_or_else(|e| e.into_inner()).elapsed()
    }
}

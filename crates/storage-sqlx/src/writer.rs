//! Group commit, shared by both backends. One writer task per store drains the journal: it waits
//! for a submission, takes every other submission already queued (up to [`MAX_BATCH_ENTRIES`]
//! entries), applies them all in one transaction in submission order, commits, and resolves every
//! submission. When the batch fails, each submission is retried alone so one bad entry fails only
//! its own submitter.
//!
//! A submission may be *fenced* by a run lease ([`Fence`]): inside the transaction, before
//! anything is written, the sink reads the lease versions of the fenced runs (PostgreSQL: `FOR
//! SHARE`, so a concurrent claim waits for the commit) and leaves out every submission whose
//! version is stale; those fail with [`StorageError::Fenced`](flowline_storage::StorageError).
//!
//! With group commit switched off ([`crate::StoreOptions::group_commit`]) each submission gets a
//! transaction of its own (for comparison in benchmarks).

use flowline_storage::journal::Submission;
use flowline_storage::{Fence, JournalEntry, StorageError, StorageResult};
use std::future::Future;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// Soft cap on entries per transaction (a batch stops growing once it reaches the cap).
pub const MAX_BATCH_ENTRIES: usize = 512;

/// Applies a batch of submissions' entries in one transaction. Implemented per backend.
pub(crate) trait BatchSink: Send + 'static {
    /// Applies every entry of every group whose fence (same index in `fences`) holds, in order,
    /// and commits; nothing is committed on error. Returns, per group, whether it was applied
    /// (`false`: its fence was stale).
    fn apply(
        &mut self,
        groups: &[Vec<JournalEntry>],
        fences: &[Option<Fence>],
    ) -> impl Future<Output = StorageResult<Vec<bool>>> + Send;
}

/// Which groups' fences hold, given the stored lease version of each fenced run, in batch order:
/// a lease taken by an earlier group of the batch (a run created and leased in it) counts as
/// stored. A run found nowhere was deleted: its writes are refused too.
pub(crate) fn fences_hold(
    groups: &[Vec<JournalEntry>],
    fences: &[Option<Fence>],
    stored: &[(String, i64)],
) -> Vec<bool> {
    let mut leases: std::collections::HashMap<&str, i64> =
        stored.iter().map(|(id, v)| (id.as_str(), *v)).collect();
    let mut out = Vec::with_capacity(groups.len());
    for (group, fence) in groups.iter().zip(fences) {
        let holds = match fence {
            None => true,
            Some(f) => leases.get(f.run_id.as_str()) == Some(&f.lease_version),
        };
        if holds {
            for entry in group {
                if let JournalEntry::RunLeased {
                    run_id,
                    lease_version,
                    ..
                } = entry
                {
                    leases.insert(run_id, *lease_version);
                }
            }
        }
        out.push(holds);
    }
    out
}

/// The distinct runs named by fences (for the lease-version query).
pub(crate) fn fenced_runs(fences: &[Option<Fence>]) -> Vec<&str> {
    let mut runs: Vec<&str> = fences.iter().flatten().map(|f| f.run_id.as_str()).collect();
    runs.sort_unstable();
    runs.dedup();
    runs
}

/// The running writer task and the switch that stops it.
pub(crate) struct Writer {
    stop: Mutex<Option<oneshot::Sender<()>>>,
    task: tokio::sync::Mutex<Option<JoinHandle<()>>>,
    /// Whether a transaction may take several submissions (read by the task before each batch).
    group_commit: Arc<AtomicBool>,
}

impl Writer {
    /// Spawns the writer task draining `rx` into `sink`.
    pub(crate) fn spawn<S: BatchSink>(sink: S, rx: mpsc::UnboundedReceiver<Submission>) -> Writer {
        let (stop_tx, stop_rx) = oneshot::channel();
        let group_commit = Arc::new(AtomicBool::new(true));
        let task = tokio::spawn(run(sink, rx, stop_rx, group_commit.clone()));
        Writer {
            stop: Mutex::new(Some(stop_tx)),
            task: tokio::sync::Mutex::new(Some(task)),
            group_commit,
        }
    }

    /// Turns group commit on (the default) or off (one submission per transaction), from the
    /// next transaction on.
    pub(crate) fn set_group_commit(&self, on: bool) {
        self.group_commit.store(on, Ordering::Relaxed);
    }

    /// Stops accepting submissions, commits everything already queued and waits for the task.
    pub(crate) async fn stop(&self) {
        if let Some(stop) = self
            .stop
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
        {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.lock().await.take()
            && let Err(err) = task.await
        {
            tracing::error!(error = %err, "journal writer task failed");
        }
    }
}

async fn run<S: BatchSink>(
    mut sink: S,
    mut rx: mpsc::UnboundedReceiver<Submission>,
    mut stop: oneshot::Receiver<()>,
    group_commit: Arc<AtomicBool>,
) {
    let mut stopping = false;
    loop {
        let first = if stopping {
            rx.recv().await
        } else {
            tokio::select! {
                biased;
                next = rx.recv() => next,
                _ = &mut stop => {
                    // Refuse new submissions; drain what is queued, then end.
                    stopping = true;
                    rx.close();
                    continue;
                }
            }
        };
        let Some(first) = first else { break };
        let limit = if group_commit.load(Ordering::Relaxed) {
            MAX_BATCH_ENTRIES
        } else {
            0
        };
        let batch = collect_batch(first, &mut rx, limit);
        commit(&mut sink, batch).await;
    }
    tracing::debug!("journal writer stopped");
}

/// `first` and the submissions already queued behind it, until the batch holds `limit` entries
/// (a `limit` of 0 keeps `first` alone).
fn collect_batch(
    first: Submission,
    rx: &mut mpsc::UnboundedReceiver<Submission>,
    limit: usize,
) -> Vec<Submission> {
    let mut entries = first.entries.len();
    let mut batch = vec![first];
    while entries < limit {
        match rx.try_recv() {
            Ok(next) => {
                entries += next.entries.len();
                batch.push(next);
            }
            Err(_) => break,
        }
    }
    batch
}

async fn commit<S: BatchSink>(sink: &mut S, batch: Vec<Submission>) {
    let mut groups = Vec::with_capacity(batch.len());
    let mut dones = Vec::with_capacity(batch.len());
    let mut fences = Vec::with_capacity(batch.len());
    for s in batch {
        groups.push(s.entries);
        dones.push(s.done);
        fences.push(s.fence);
    }
    match sink.apply(&groups, &fences).await {
        Ok(applied) => {
            for ((done, fence), ok) in dones.into_iter().zip(&fences).zip(applied) {
                resolve(done, outcome(ok, fence));
            }
        }
        Err(err) if groups.len() == 1 => {
            if let Some(done) = dones.into_iter().next() {
                resolve(done, Err(err));
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, submissions = groups.len(), "group commit failed; retrying one by one");
            for ((group, done), fence) in groups.into_iter().zip(dones).zip(fences) {
                let fence = [fence];
                let result = sink
                    .apply(std::slice::from_ref(&group), &fence)
                    .await
                    .and_then(|applied| outcome(applied.first() == Some(&true), &fence[0]));
                resolve(done, result);
            }
        }
    }
}

fn outcome(applied: bool, fence: &Option<Fence>) -> StorageResult<()> {
    match (applied, fence) {
        (true, _) => Ok(()),
        (false, Some(f)) => Err(StorageError::Fenced(f.run_id.clone())),
        (false, None) => Err(StorageError::Backend("a submission was not applied".into())),
    }
}

fn resolve(done: oneshot::Sender<StorageResult<()>>, result: StorageResult<()>) {
    // The submitter may have stopped waiting; its entries are durable (or not) either way.
    let _ = done.send(result);
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowline_storage::Journal;
    use std::sync::{Arc, Mutex as StdMutex};

    /// Records each transaction's size; a transaction containing a response for run `bad` fails.
    #[derive(Clone, Default)]
    struct Recorder(Arc<StdMutex<Vec<usize>>>);

    impl BatchSink for Recorder {
        async fn apply(
            &mut self,
            groups: &[Vec<JournalEntry>],
            fences: &[Option<Fence>],
        ) -> StorageResult<Vec<bool>> {
            let poisoned = groups
                .iter()
                .flatten()
                .any(|e| matches!(e, JournalEntry::RunResponse { run_id, .. } if run_id == "bad"));
            if poisoned {
                return Err(StorageError::NotFound("run 'bad'".into()));
            }
            self.0
                .lock()
                .unwrap()
                .push(groups.iter().map(Vec::len).sum());
            // Run "stale" has lease version 2; every other fenced run has version 1.
            let stored = [("stale".to_string(), 2), ("fresh".to_string(), 1)];
            Ok(fences_hold(groups, fences, &stored))
        }
    }

    fn response(run_id: &str) -> JournalEntry {
        JournalEntry::RunResponse {
            run_id: run_id.to_string(),
            response: serde_json::json!({}),
        }
    }

    #[tokio::test]
    async fn queued_submissions_share_one_transaction_and_a_bad_one_fails_alone() {
        let (journal, rx): (Journal, _) = Journal::channel();
        let recorder = Recorder::default();
        // Everything is queued before the writer first runs (current-thread runtime).
        let commits: Vec<_> = (0..600)
            .map(|i| journal.submit(vec![response(if i == 7 { "bad" } else { "ok" })]))
            .collect();
        let writer = Writer::spawn(recorder.clone(), rx);
        let results: Vec<_> = futures_join(commits).await;
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 1);
        assert!(matches!(results[7], Err(StorageError::NotFound(_))));
        let batches = recorder.0.lock().unwrap().clone();
        // First batch (512 entries) fails and is retried one by one; the rest goes in one batch.
        assert_eq!(batches.len(), 511 + 1, "{batches:?}");
        assert_eq!(*batches.last().unwrap(), 88);
        writer.stop().await;
        assert!(matches!(
            journal.submit(vec![response("ok")]).await,
            Err(StorageError::WriterStopped)
        ));
    }

    #[tokio::test]
    async fn without_group_commit_every_submission_gets_its_own_transaction() {
        let (journal, rx): (Journal, _) = Journal::channel();
        let recorder = Recorder::default();
        let commits: Vec<_> = (0..40)
            .map(|_| journal.submit(vec![response("ok"), response("ok")]))
            .collect();
        // Switched off before the writer first runs (current-thread runtime).
        let writer = Writer::spawn(recorder.clone(), rx);
        writer.set_group_commit(false);
        let results = futures_join(commits).await;
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(*recorder.0.lock().unwrap(), vec![2; 40]);
        // Switched back on, queued submissions share a transaction again.
        writer.set_group_commit(true);
        let commits: Vec<_> = (0..40)
            .map(|_| journal.submit(vec![response("ok")]))
            .collect();
        futures_join(commits).await;
        assert_eq!(recorder.0.lock().unwrap()[40..], [40]);
        writer.stop().await;
    }

    #[tokio::test]
    async fn a_stale_fence_fails_only_its_own_submission() {
        let (journal, rx): (Journal, _) = Journal::channel();
        let fence = |run: &str, version| Fence {
            run_id: run.into(),
            lease_version: version,
        };
        let commits = vec![
            journal.submit_fenced(fence("fresh", 1), vec![response("fresh")]),
            journal.submit_fenced(fence("stale", 1), vec![response("stale")]),
            journal.submit(vec![response("ok")]),
            journal.submit_fenced(fence("gone", 1), vec![response("gone")]),
            // Leased by an earlier submission of the same batch: holds.
            journal.submit(vec![JournalEntry::RunLeased {
                run_id: "new".into(),
                owner: "n".into(),
                lease_version: 1,
                expires_at: chrono::Utc::now(),
            }]),
            journal.submit_fenced(fence("new", 1), vec![response("new")]),
        ];
        let writer = Writer::spawn(Recorder::default(), rx);
        let results = futures_join(commits).await;
        assert!(results[0].is_ok());
        assert!(matches!(&results[1], Err(StorageError::Fenced(run)) if run == "stale"));
        assert!(results[2].is_ok());
        assert!(matches!(&results[3], Err(StorageError::Fenced(run)) if run == "gone"));
        assert!(results[5].is_ok(), "{:?}", results[5]);
        writer.stop().await;
    }

    async fn futures_join(commits: Vec<flowline_storage::Commit>) -> Vec<StorageResult<()>> {
        let mut out = Vec::new();
        for commit in commits {
            out.push(commit.await);
        }
        out
    }
}

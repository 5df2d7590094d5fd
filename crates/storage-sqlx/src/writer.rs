//! Group commit, shared by both backends. One writer task per store drains the journal: it waits
//! for a submission, takes every other submission already queued (up to [`MAX_BATCH_ENTRIES`]
//! entries), applies them all in one transaction in submission order, commits, and resolves every
//! submission. When the batch fails, each submission is retried alone so one bad entry fails only
//! its own submitter.

use flowline_storage::journal::Submission;
use flowline_storage::{JournalEntry, StorageResult};
use std::future::Future;
use std::sync::Mutex;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// Soft cap on entries per transaction (a batch stops growing once it reaches the cap).
pub const MAX_BATCH_ENTRIES: usize = 512;

/// Applies a batch of submissions' entries in one transaction. Implemented per backend.
pub(crate) trait BatchSink: Send + 'static {
    /// Applies every entry of every group, in order, and commits; nothing is committed on error.
    fn apply(
        &mut self,
        groups: &[Vec<JournalEntry>],
    ) -> impl Future<Output = StorageResult<()>> + Send;
}

/// The running writer task and the switch that stops it.
pub(crate) struct Writer {
    stop: Mutex<Option<oneshot::Sender<()>>>,
    task: tokio::sync::Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Spawns the writer task draining `rx` into `sink`.
    pub(crate) fn spawn<S: BatchSink>(sink: S, rx: mpsc::UnboundedReceiver<Submission>) -> Writer {
        let (stop_tx, stop_rx) = oneshot::channel();
        let task = tokio::spawn(run(sink, rx, stop_rx));
        Writer {
            stop: Mutex::new(Some(stop_tx)),
            task: tokio::sync::Mutex::new(Some(task)),
        }
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
        let batch = collect_batch(first, &mut rx);
        commit(&mut sink, batch).await;
    }
    tracing::debug!("journal writer stopped");
}

fn collect_batch(
    first: Submission,
    rx: &mut mpsc::UnboundedReceiver<Submission>,
) -> Vec<Submission> {
    let mut entries = first.entries.len();
    let mut batch = vec![first];
    while entries < MAX_BATCH_ENTRIES {
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
    let (groups, dones): (Vec<_>, Vec<_>) = batch.into_iter().map(|s| (s.entries, s.done)).unzip();
    let result = sink.apply(&groups).await;
    match result {
        Ok(()) => dones.into_iter().for_each(|done| resolve(done, Ok(()))),
        Err(err) if groups.len() == 1 => {
            if let Some(done) = dones.into_iter().next() {
                resolve(done, Err(err));
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, submissions = groups.len(), "group commit failed; retrying one by one");
            for (group, done) in groups.into_iter().zip(dones) {
                let result = sink.apply(std::slice::from_ref(&group)).await;
                resolve(done, result);
            }
        }
    }
}

fn resolve(done: oneshot::Sender<StorageResult<()>>, result: StorageResult<()>) {
    // The submitter may have stopped waiting; its entries are durable (or not) either way.
    let _ = done.send(result);
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowline_storage::{Journal, StorageError};
    use std::sync::{Arc, Mutex as StdMutex};

    /// Records each transaction's size; a transaction containing a response for run `bad` fails.
    #[derive(Clone, Default)]
    struct Recorder(Arc<StdMutex<Vec<usize>>>);

    impl BatchSink for Recorder {
        async fn apply(&mut self, groups: &[Vec<JournalEntry>]) -> StorageResult<()> {
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
            Ok(())
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

    async fn futures_join(commits: Vec<flowline_storage::Commit>) -> Vec<StorageResult<()>> {
        let mut out = Vec::new();
        for commit in commits {
            out.push(commit.await);
        }
        out
    }
}

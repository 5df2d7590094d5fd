//! The write path. The engine describes every durable state change as a [`JournalEntry`] and
//! submits it to the [`Journal`]. A backend's writer task drains entries from many concurrent runs
//! and commits them in one transaction (group commit), then resolves each entry's [`Commit`].
//!
//! Entries of one submitter are committed in submission order, so a later entry never becomes
//! durable before an earlier one. A meter travels inside the entry whose result it bills, so both
//! land in the same transaction.

use crate::records::{ActionAttemptRecord, Fence, MeterRecord, RunRecord, TriggerHistoryRecord};
use crate::status::Status;
use crate::{StorageError, StorageResult};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::{mpsc, oneshot};

/// A durable state change.
// Entries are built once and moved through the journal channel; boxing the large variants would
// only add an allocation per entry.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum JournalEntry {
    /// A trigger executed. When it fired, `run` is the run it started (status `Running`).
    TriggerFired {
        /// The trigger execution.
        history: TriggerHistoryRecord,
        /// The started run, if it fired.
        run: Option<RunRecord>,
        /// The trigger's meter.
        meter: MeterRecord,
    },
    /// An action attempt was recorded or updated (upsert by run, action, repetition, attempt).
    /// A finished attempt carries its meter; a `Running` marker carries none.
    ActionAttempt {
        /// The attempt.
        attempt: ActionAttemptRecord,
        /// Its meter, when it is billed.
        meter: Option<MeterRecord>,
    },
    /// A run reached a final status.
    RunFinished {
        /// The run.
        run_id: String,
        /// Final status.
        status: Status,
        /// Result code.
        code: Option<String>,
        /// Error.
        error: Option<Value>,
        /// Workflow outputs.
        outputs: Option<Value>,
        /// End time.
        end_time: DateTime<Utc>,
    },
    /// The run's synchronous response was produced (kept with the run).
    RunResponse {
        /// The run.
        run_id: String,
        /// `{statusCode, headers, body}`.
        response: Value,
    },
    /// A run that waited for a trigger concurrency slot (status `Waiting`) got one: `Running`.
    RunStarted {
        /// The run.
        run_id: String,
    },
    /// A node took (or renewed) the lease on a run it is about to drive.
    RunLeased {
        /// The run.
        run_id: String,
        /// The node.
        owner: String,
        /// The lease version (fences later writes).
        lease_version: i64,
        /// When the lease lapses unless renewed.
        expires_at: DateTime<Utc>,
    },
    /// An action's evaluated `trackedProperties` (searchable, like the trigger's).
    TrackedProperties {
        /// The run.
        run_id: String,
        /// `{name: value}`.
        properties: Value,
    },
    /// A meter on its own: what a Stateless run (which keeps no history) records of an execution.
    Meter(MeterRecord),
    /// A run was started as the child of a parent's Workflow action: links the calling attempt's
    /// idempotency key to it, so a parent re-driven after a crash finds this run
    /// ([`Store::find_child_run`](crate::Store::find_child_run)) instead of starting another.
    /// Submitted with the run's creation, so the link commits with the run. A second run linked
    /// to the same `(workflow, key)` is refused (`Conflict`) and its creation not committed.
    ChildRunStarted {
        /// The child workflow.
        workflow: String,
        /// The idempotency key of the parent's calling attempt.
        key: String,
        /// The child run.
        run_id: String,
    },
    /// A variable's value after a variable action (submitted with that action's attempt, in the
    /// order the updates were applied, so the last committed value is the variable's value).
    VariableSet {
        /// The run.
        run_id: String,
        /// The variable's key as the run state keeps it.
        name: String,
        /// Its value.
        value: Value,
    },
}

/// A batch of entries with the channel that reports when they are durable.
pub struct Submission {
    /// Entries to commit together, in order.
    pub entries: Vec<JournalEntry>,
    /// Resolved after commit (or with the error that prevented it).
    pub done: oneshot::Sender<StorageResult<()>>,
    /// When set, the entries commit only while the run's lease version is still this one;
    /// otherwise the submission fails with [`StorageError::Fenced`] and nothing of it is written.
    pub fence: Option<Fence>,
}

/// Handle to a backend's writer task. Cheap to clone.
#[derive(Clone)]
pub struct Journal {
    tx: mpsc::UnboundedSender<Submission>,
}

impl Journal {
    /// Creates a journal and the receiving end the backend's writer task drains.
    pub fn channel() -> (Journal, mpsc::UnboundedReceiver<Submission>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Journal { tx }, rx)
    }

    /// Submits entries and returns a future that resolves once they are committed. Dropping the
    /// future does not withdraw the entries.
    pub fn submit(&self, entries: Vec<JournalEntry>) -> Commit {
        self.send(entries, None)
    }

    /// Submits entries fenced by a run lease: they commit only if the run's lease version is
    /// still `fence.lease_version` at commit time.
    pub fn submit_fenced(&self, fence: Fence, entries: Vec<JournalEntry>) -> Commit {
        self.send(entries, Some(fence))
    }

    fn send(&self, entries: Vec<JournalEntry>, fence: Option<Fence>) -> Commit {
        let (done, rx) = oneshot::channel();
        match self.tx.send(Submission { entries, done, fence }) {
            Ok(()) => Commit { rx: Some(rx) },
            Err(_) => Commit { rx: None },
        }
    }
}

/// Resolves when a submission is durable.
pub struct Commit {
    rx: Option<oneshot::Receiver<StorageResult<()>>>,
}

impl Commit {
    /// A commit that has nothing to wait for.
    pub fn ready() -> Commit {
        let (tx, rx) = oneshot::channel();
        let _ = tx.send(Ok(()));
        Commit { rx: Some(rx) }
    }

    /// A commit that fails at once with `error` (nothing was submitted).
    pub fn refused(error: StorageError) -> Commit {
        let (tx, rx) = oneshot::channel();
        let _ = tx.send(Err(error));
        Commit { rx: Some(rx) }
    }
}

impl Future for Commit {
    type Output = StorageResult<()>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.rx.as_mut() {
            None => Poll::Ready(Err(StorageError::WriterStopped)),
            Some(rx) => match Pin::new(rx).poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(result)) => Poll::Ready(result),
                Poll::Ready(Err(_)) => Poll::Ready(Err(StorageError::WriterStopped)),
            },
        }
    }
}

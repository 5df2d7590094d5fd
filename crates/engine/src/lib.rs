//! Flowline's run engine: executes prepared workflow definitions and journals every step.
//!
//! A run starts from a trigger invocation ([`Engine::start_run`]). The driver walks the runAfter
//! graph of each container with a pure state machine ([`graph::ContainerRun`]): ready actions run
//! concurrently (parallel branches really run in parallel), failed predecessors skip their
//! dependents, If and Switch take one branch and skip the others, Scope reports its children's
//! status, Foreach runs its body per item (in parallel up to its concurrency) and Until until its
//! condition holds, each iteration journaled under its repetition index,
//! Terminate stops the run. Every attempt — evaluated inputs, outputs, status, code, error and
//! timing — goes to the storage journal together with its meter record; the journal commits many
//! runs' entries in one transaction (group commit), and the engine waits for durability only where
//! someone outside can observe it (the Response sent to a caller, the end of the run).
//!
//! The engine knows storage only through `flowline_storage::Store`.
//!
//! # Layout
//! - [`engine`]: the [`Engine`] handle, run start, cancel.
//! - [`prepare`]: [`PreparedWorkflow`] — a validated definition with its graphs and parameters.
//! - [`graph`]: the pure runAfter state machine and the status fold of a container.
//! - `run`: the driver (containers, action execution, journaling).
//! - `actions`: one module per built-in operation; `retry`: Http retry policies; `limit`:
//!   `limit.timeout` of every action and the run's duration limit.
//! - [`secure`]: `secureData` (what run history hides); `static_result`: static results.
//! - `control`: Foreach, Until and Switch (one module each); `duration`: ISO 8601 durations.
//! - `state`, `scope`: a run's in-memory state and what expressions see of it.
//! - `durable`: leases, start-up recovery, takeover of lapsed runs, cross-node cancel, drain;
//!   `replay`: how a resumed run restores what its journal holds.
//! - [`time`]: the injected clock and Logic Apps timestamp text.
//! - [`triggers`]: Recurrence schedules, Http polls, conditions, splitOn, trigger concurrency.
//! - [`host`]: what the engine asks of its host (callback URLs, child workflows), injected.
//! - `webhooks`: HttpWebhook trigger subscriptions for the host to make and end.

// `Outcome` (an attempt's result, with its outputs and error) is the error type of the action
// helpers: built once per attempt, so boxing it would add an allocation and gain nothing.
#![allow(clippy::result_large_err)]

pub mod engine;
pub mod graph;
pub mod host;
pub mod outcome;
pub mod prepare;
pub mod time;
pub mod triggers;

mod actions;
mod control;
mod duration;
mod durable;
mod limit;
mod retry;
mod replay;
pub mod resubmit;
mod run;
mod scope;
pub mod secure;
mod state;
mod webhooks;
mod static_result;

pub use engine::{Engine, EngineConfig, EngineError, RunOutcome, RunResponse, StartedRun, TriggerInvocation};
pub use prepare::{EngineCapabilities, PrepareError, PreparedWorkflow};
pub use host::{ChildAnswer, ChildCall, ChildCallError, EngineHost, WeakEngine};
pub use webhooks::WebhookSync;
pub use time::{Clock, SystemClock};

/// Parses an ISO 8601 duration as WDL writes them (`PT1H`, `P90D`, `PT0.5S`); `None` if the text
/// is not one. A year counts 365 days and a month 30.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    duration::parse(text)
}

//! Triggers beyond the run: schedules, polls, and what decides whether an execution fires.
//!
//! The engine does not own timers: the host's scheduler (the server's `triggers` module) wakes
//! up at each occurrence of a trigger's [`Schedule`], claims it, polls if the trigger is Http
//! ([`Engine::poll_http`](crate::Engine::poll_http)), and hands the execution to
//! [`Engine::fire`](crate::Engine::fire), which applies `conditions`, `splitOn` and trigger
//! concurrency and records trigger history with one meter per record.
//!
//! # Layout
//! - [`schedule`]: Recurrence parsing and next-occurrence computation (pure).
//! - [`clock`]: [`WakeClock`] (a clock one can sleep on) and the test [`ManualClock`].
//! - `fire`: [`TriggerEvent`] → trigger history and runs.
//! - `gate`: per-trigger concurrency slots and waiting line.
//! - `poll`: one Http poll.

pub mod clock;
mod fire;
mod gate;
mod poll;
pub mod schedule;

pub use clock::{ManualClock, WakeClock};
pub(crate) use fire::tracked_properties;
pub use fire::{
    Firing, MAX_SPLIT_ITEMS, NotFired, NotFiredReason, TriggerEvent, conditions_read_code,
};
pub use gate::Limits;
pub(crate) use gate::{Admission, Gates};
pub use poll::Poll;
pub use schedule::{Frequency, Recurrence, RecurrenceError, Schedule};

use flowline_model::{Definition, Diagnostic, DiagnosticCode, TriggerType};

/// `InvalidRecurrence` diagnostics for the Recurrence and Http polling triggers of a definition
/// whose `recurrence` is missing or cannot be scheduled.
pub fn check_recurrences(def: &Definition) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in def
        .triggers
        .iter()
        .filter(|t| matches!(t.trigger_type, TriggerType::Recurrence | TriggerType::Http))
    {
        let pointer = format!("{}/recurrence", t.pointer);
        let problem = match t.recurrence() {
            None => Some(RecurrenceError {
                pointer: pointer.clone(),
                message: format!(
                    "trigger `{}` of type {} has no `recurrence`",
                    t.name, t.type_name
                ),
            }),
            Some(r) => Recurrence::parse(r, &pointer).err(),
        };
        if let Some(e) = problem {
            out.push(
                Diagnostic::error(DiagnosticCode::InvalidRecurrence, e.pointer, e.message)
                    .with_hint("e.g. \"recurrence\": {\"frequency\": \"Hour\", \"interval\": 1, \"timeZone\": \"W. Europe Standard Time\"}"),
            );
        }
    }
    out
}

//! Resuming a run from its journal. A run interrupted by a crash, a kill or a lost lease is
//! driven again from the top by the node that claims it; what it had recorded decides what is
//! re-executed:
//! - an action (in a given loop iteration) whose last attempt is final — Succeeded, Failed,
//!   Skipped, … — is *restored*: its recorded result is put back, nothing runs, nothing is
//!   journaled or billed again;
//! - an action whose last attempt is a `Running` marker was in flight: it runs again as that same
//!   attempt (same number, same idempotency key, the marker's start time — a Wait ends when it
//!   would have), and its result replaces the marker;
//! - anything without a record runs normally.
//!
//! Control actions are always walked again, so their children are restored or resumed in place;
//! their own record, when present, is kept. Decisions are taken from the record where it holds
//! them: an If or Switch whose branch has recorded actions takes that branch again, and an Until
//! whose next iteration has records goes on without evaluating its condition. Variables start
//! from their stored values (the state after the last committed variable action), which is
//! exactly the effect of every restored variable action.
//!
//! What is re-evaluated: a Foreach's item list, and an If/Switch/Until decision nothing was
//! recorded under yet. Expressions there should not depend on the clock or on randomness.

use flowline_storage::{ActionAttemptRecord, RepetitionIndex, Status};
use std::collections::{HashMap, HashSet};

type Key = (String, Vec<RepetitionIndex>);

/// What a run recorded before it was resumed.
#[derive(Default)]
pub(crate) struct Replay {
    finals: HashMap<Key, ActionAttemptRecord>,
    in_flight: HashMap<Key, ActionAttemptRecord>,
    /// Every repetition (and prefix of one) under which something was recorded.
    reached: HashSet<Vec<RepetitionIndex>>,
    /// Per action and repetition prefix (the iteration it ran in, or any enclosing one): what
    /// its records there say — precomputed, so each decision is one lookup.
    branches: HashMap<Key, Flags>,
}

/// What an action's records under one repetition prefix say.
#[derive(Default)]
struct Flags {
    /// Some record is not "skipped, branch not taken".
    worked: bool,
}

impl Replay {
    /// Indexes a run's recorded attempts (any order).
    pub(crate) fn new(attempts: Vec<ActionAttemptRecord>) -> Replay {
        let mut last: HashMap<Key, ActionAttemptRecord> = HashMap::new();
        for a in attempts {
            let key = (a.action.clone(), a.repetition.clone());
            match last.get(&key) {
                Some(prev) if prev.attempt > a.attempt => {}
                _ => {
                    last.insert(key, a);
                }
            }
        }
        let mut replay = Replay::default();
        for ((action, repetition), record) in last {
            for n in 1..=repetition.len() {
                replay.reached.insert(repetition[..n].to_vec());
            }
            let worked = !not_taken(&record);
            for n in 0..=repetition.len() {
                let flags = replay.branches.entry((action.clone(), repetition[..n].to_vec())).or_default();
                flags.worked |= worked;
            }
            let key = (action, repetition);
            if record.status == Status::Running {
                replay.in_flight.insert(key, record);
            } else {
                replay.finals.insert(key, record);
            }
        }
        replay
    }

    /// The final recorded attempt of `action` in `repetition`.
    pub(crate) fn final_of(&self, action: &str, repetition: &[RepetitionIndex]) -> Option<&ActionAttemptRecord> {
        self.finals.get(&(action.to_string(), repetition.to_vec()))
    }

    /// The attempt of `action` in `repetition` that was in flight.
    pub(crate) fn in_flight(&self, action: &str, repetition: &[RepetitionIndex]) -> Option<&ActionAttemptRecord> {
        self.in_flight.get(&(action.to_string(), repetition.to_vec()))
    }

    /// Whether anything was recorded in `repetition` (an iteration, or one nested in it).
    pub(crate) fn reached(&self, repetition: &[RepetitionIndex]) -> bool {
        self.reached.contains(repetition)
    }

    /// Whether any of `actions` did work in `repetition` (or in an iteration nested in it): has a
    /// record other than "skipped, branch not taken".
    pub(crate) fn worked<'a>(&self, mut actions: impl Iterator<Item = &'a str>, repetition: &[RepetitionIndex]) -> bool {
        actions.any(|name| self.flags(name, repetition).is_some_and(|f| f.worked))
    }

    /// Whether any of `actions` was recorded as skipped because its branch was not taken, in
    /// `repetition` itself.
    pub(crate) fn skipped_as_not_taken<'a>(&self, mut actions: impl Iterator<Item = &'a str>, repetition: &[RepetitionIndex]) -> bool {
        actions.any(|name| {
            self.final_of(name, repetition).is_some_and(not_taken)
        })
    }

    fn flags(&self, action: &str, repetition: &[RepetitionIndex]) -> Option<&Flags> {
        self.branches.get(&(action.to_string(), repetition.to_vec()))
    }
}

/// Whether a record is that of an action skipped because its If/Switch branch was not taken.
pub(crate) fn not_taken(a: &ActionAttemptRecord) -> bool {
    a.status == Status::Skipped
        && a.error.as_ref().and_then(|e| e.get("code")).and_then(|c| c.as_str()) == Some("ActionBranchingConditionNotSatisfied")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn attempt(action: &str, repetition: &[(&str, u64)], number: u32, status: Status) -> ActionAttemptRecord {
        ActionAttemptRecord {
            run_id: "r".into(),
            action: action.into(),
            repetition: repetition
                .iter()
                .map(|(s, i)| RepetitionIndex { scope_name: s.to_string(), item_index: *i })
                .collect(),
            attempt: number,
            status,
            code: None,
            inputs: None,
            outputs: None,
            error: None,
            start_time: Utc::now(),
            end_time: None,
        }
    }

    #[test]
    fn the_last_attempt_decides_between_restored_and_in_flight() {
        let replay = Replay::new(vec![
            attempt("Call", &[], 1, Status::Failed),
            attempt("Call", &[], 2, Status::Running),
            attempt("Compose", &[], 1, Status::Succeeded),
            attempt("Inner", &[("Loop", 3)], 1, Status::Succeeded),
        ]);
        assert!(replay.final_of("Call", &[]).is_none());
        assert_eq!(replay.in_flight("Call", &[]).map(|a| a.attempt), Some(2));
        assert_eq!(replay.final_of("Compose", &[]).map(|a| a.status), Some(Status::Succeeded));
        let iteration = [RepetitionIndex { scope_name: "Loop".into(), item_index: 3 }];
        assert!(replay.final_of("Inner", &iteration).is_some());
        assert!(replay.reached(&iteration));
        assert!(!replay.reached(&[RepetitionIndex { scope_name: "Loop".into(), item_index: 4 }]));
        assert!(replay.worked(["Other", "Inner"].into_iter(), &[]), "work in an iteration counts for the loop");
        assert!(replay.worked(["Inner"].into_iter(), &iteration));
        assert!(!replay.worked(["Other"].into_iter(), &[]));
        assert!(!replay.skipped_as_not_taken(["Compose"].into_iter(), &[]));
    }
}

//! Trigger concurrency: `runtimeConfiguration.concurrency.runs` (1–100; `operationOptions:
//! SingleInstance` is 1) runs of a trigger execute at once on this node; up to
//! `maximumWaitingRuns` more wait for a slot (default: `runs` + 10, as in Logic Apps); beyond that
//! the trigger is full and a new firing is refused (a Request caller gets 429, a poll is skipped).

use flowline_model::Trigger;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Most waiting runs a trigger may hold (Standard's `Runtime.Trigger.MaximumWaitingRuns`).
const MAX_WAITING: usize = 200;

/// The concurrency settings of a trigger, if it limits concurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Runs executing at once.
    pub runs: usize,
    /// Runs waiting for a slot.
    pub waiting: usize,
}

impl Limits {
    /// Reads a trigger's settings; `None` when it does not limit concurrency. Values were
    /// range-checked when the definition was validated; here they are only clamped.
    pub fn of(trigger: &Trigger) -> Option<Limits> {
        let concurrency = trigger
            .raw
            .get("runtimeConfiguration")
            .and_then(|r| r.get("concurrency"));
        let number = |key: &str| {
            concurrency
                .and_then(|c| c.get(key))
                .and_then(Value::as_u64)
                .map(|n| n as usize)
        };
        let single = trigger
            .raw
            .get("operationOptions")
            .and_then(Value::as_str)
            .is_some_and(|s| {
                s.split(',')
                    .any(|o| o.trim().eq_ignore_ascii_case("SingleInstance"))
            });
        let runs = number("runs").or(single.then_some(1))?.clamp(1, 100);
        let waiting = number("maximumWaitingRuns")
            .unwrap_or(runs + 10)
            .clamp(1, MAX_WAITING);
        Some(Limits { runs, waiting })
    }
}

/// One trigger's slots on this node.
#[derive(Debug)]
struct Gate {
    slots: Arc<Semaphore>,
    waiting: Mutex<usize>,
    limits: Limits,
}

/// The gates of every trigger with limits, keyed by workflow and trigger.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    map: Mutex<HashMap<(String, String), Arc<Gate>>>,
}

/// A firing let through the gate: it either holds a slot or a place in the waiting line.
#[derive(Debug)]
pub(crate) struct Admission {
    gate: Arc<Gate>,
    slot: Option<OwnedSemaphorePermit>,
    /// Whether it holds a place in the waiting line.
    in_line: bool,
}

impl Gates {
    /// Lets one run of `trigger` in, or `None` when its slots and waiting line are full.
    /// `Some(None)` when the trigger has no limits.
    pub(crate) fn admit(&self, workflow: &str, trigger: &Trigger) -> Option<Option<Admission>> {
        let Some(limits) = Limits::of(trigger) else {
            return Some(None);
        };
        let gate = {
            let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
            let key = (workflow.to_string(), trigger.name.clone());
            let gate = map.entry(key).or_insert_with(|| Gate::new(limits));
            if gate.limits != limits {
                // A new version changed the settings: later runs use a fresh gate.
                *gate = Gate::new(limits);
            }
            gate.clone()
        };
        if let Ok(slot) = gate.slots.clone().try_acquire_owned() {
            return Some(Some(Admission {
                gate,
                slot: Some(slot),
                in_line: false,
            }));
        }
        let mut waiting = gate.waiting.lock().unwrap_or_else(|e| e.into_inner());
        if *waiting >= gate.limits.waiting {
            return None;
        }
        *waiting += 1;
        drop(waiting);
        Some(Some(Admission {
            gate,
            slot: None,
            in_line: true,
        }))
    }
}

impl Gate {
    fn new(limits: Limits) -> Arc<Gate> {
        Arc::new(Gate {
            slots: Arc::new(Semaphore::new(limits.runs)),
            waiting: Mutex::new(0),
            limits,
        })
    }
}

impl Admission {
    /// Whether the run must wait in line for a slot (it is recorded `Waiting` until it gets one).
    pub(crate) fn waits(&self) -> bool {
        self.slot.is_none()
    }

    /// Waits for a slot (at once if it already has one); the run executes while the returned
    /// permit lives.
    pub(crate) async fn enter(mut self) -> Option<OwnedSemaphorePermit> {
        if let Some(slot) = self.slot.take() {
            return Some(slot);
        }
        let slot = self.gate.slots.clone().acquire_owned().await.ok();
        self.leave_line();
        slot
    }

    fn leave_line(&mut self) {
        if std::mem::take(&mut self.in_line) {
            let mut waiting = self.gate.waiting.lock().unwrap_or_else(|e| e.into_inner());
            *waiting = waiting.saturating_sub(1);
        }
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.leave_line();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn trigger(raw: Value) -> Trigger {
        let doc = json!({"triggers": {"t": raw}, "actions": {}});
        let loaded = flowline_model::load_value(doc);
        loaded.workflows[0].definition.triggers[0].clone()
    }

    #[test]
    fn limits_come_from_runs_or_single_instance() {
        assert_eq!(
            Limits::of(&trigger(json!({"type": "Request", "kind": "Http"}))),
            None
        );
        let t = trigger(
            json!({"type": "Request", "kind": "Http", "runtimeConfiguration": {"concurrency": {"runs": 3}}}),
        );
        assert_eq!(
            Limits::of(&t),
            Some(Limits {
                runs: 3,
                waiting: 13
            })
        );
        let t = trigger(
            json!({"type": "Request", "kind": "Http", "operationOptions": "SingleInstance"}),
        );
        assert_eq!(
            Limits::of(&t),
            Some(Limits {
                runs: 1,
                waiting: 11
            })
        );
        let t = trigger(json!({"type": "Request", "kind": "Http",
            "runtimeConfiguration": {"concurrency": {"runs": 2, "maximumWaitingRuns": 1}}}));
        assert_eq!(
            Limits::of(&t),
            Some(Limits {
                runs: 2,
                waiting: 1
            })
        );
    }

    #[tokio::test]
    async fn a_full_gate_refuses_and_a_finished_run_frees_its_slot_for_a_waiter() {
        let gates = Gates::default();
        let t = trigger(json!({"type": "Request", "kind": "Http",
            "runtimeConfiguration": {"concurrency": {"runs": 1, "maximumWaitingRuns": 1}}}));
        let first = gates.admit("wf", &t).expect("slot").expect("limited");
        let second = gates
            .admit("wf", &t)
            .expect("waiting place")
            .expect("limited");
        assert!(
            gates.admit("wf", &t).is_none(),
            "one running and one waiting: full"
        );
        let running = first.enter().await.expect("slot");
        let waiter = tokio::spawn(second.enter());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert!(
            !waiter.is_finished(),
            "the waiter waits while the first run holds the slot"
        );
        drop(running);
        let slot = waiter.await.expect("no panic").expect("slot");
        assert!(
            gates.admit("wf", &t).is_some(),
            "the waiting line is empty again"
        );
        drop(slot);
    }
}

//! Wait: intervals, timestamps in the past, and stopping a run while it waits.

use crate::harness::*;
use crate::ops::*;
use flowline_storage::Status;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_short_interval_waits_and_a_past_timestamp_completes_at_once() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Delay", "Wait", json!({ "interval": { "count": 1, "unit": "Second" } }))
        .op("Until_past", "Wait", json!({ "until": { "timestamp": "2001-01-01T00:00:00Z" } }))
        .op("Zero", "Wait", json!({ "interval": { "count": 0, "unit": "month" } }))
        .op("After", "Compose", json!("done"))
        .after("Delay");
    let begun = Instant::now();
    let done = run(&h, wf, json!({})).await;
    assert!(begun.elapsed() >= Duration::from_millis(900), "waited {:?}", begun.elapsed());
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    for name in ["Delay", "Until_past", "Zero", "After"] {
        assert_eq!(done.status(name), Status::Succeeded, "{name}");
    }
    let delay = done.action("Delay");
    assert!(delay.end_time.unwrap() - delay.start_time >= chrono::Duration::milliseconds(900));
    let past = done.action("Until_past");
    assert!(past.end_time.unwrap() - past.start_time < chrono::Duration::seconds(5));
    assert_eq!(delay.inputs.as_ref().unwrap()["interval"]["unit"], "Second");
}

#[tokio::test]
async fn terminate_in_a_parallel_branch_cancels_a_long_wait() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Long", "Wait", json!({ "interval": { "count": 1, "unit": "Day" } }))
        .op("After_long", "Compose", json!("never"))
        .after("Long")
        .op("Step", "Compose", json!("go"))
        .op("Stop", "Terminate", json!({ "runStatus": "Failed", "runError": { "code": "StoppedByTest", "message": "stop" } }))
        .after("Step");
    let begun = Instant::now();
    let done = run(&h, wf, json!({})).await;
    assert!(begun.elapsed() < Duration::from_secs(15), "ended promptly: {:?}", begun.elapsed());
    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(done.outcome.code.as_deref(), Some("StoppedByTest"));
    assert_eq!(done.status("Long"), Status::Cancelled);
    assert_eq!(done.status("After_long"), Status::Skipped);
}

#[tokio::test]
async fn cancelling_a_run_ends_its_wait_which_shows_running_meanwhile() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Long", "Wait", json!({ "until": { "timestamp": "9999-12-31T00:00:00Z" } }))
        .op("After_long", "Compose", json!("never"))
        .after("Long");
    let started = start(&h, wf, json!({})).await;
    let run_id = started.id.clone();
    let waiting = within(20, "the Wait's Running marker", async {
        loop {
            let attempts = h.store.list_action_attempts(&run_id).await.unwrap();
            if let Some(a) = attempts.into_iter().find(|a| a.action == "Long") {
                return a;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_eq!(waiting.status, Status::Running);
    assert!(h.engine.cancel(&run_id));
    let done = h.finish(started).await;
    assert_eq!(done.outcome.status, Status::Cancelled);
    assert_eq!(done.status("Long"), Status::Cancelled);
    assert_eq!(done.status("After_long"), Status::Skipped);
}

#[tokio::test]
async fn invalid_wait_inputs_fail_the_action() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Bad_unit", "Wait", json!({ "interval": { "count": 1, "unit": "Fortnight" } }))
        .op("Negative", "Wait", json!({ "interval": { "count": -1, "unit": "Second" } }))
        .op("Bad_timestamp", "Wait", json!({ "until": { "timestamp": "tomorrow" } }))
        .op("Neither", "Wait", json!({}));
    let done = run(&h, wf, json!({})).await;
    for name in ["Bad_unit", "Negative", "Bad_timestamp", "Neither"] {
        assert_eq!(done.status(name), Status::Failed, "{name}");
        assert_eq!(done.error_code(name), "InvalidTemplate", "{name}");
    }
    assert!(done.error_message("Bad_unit").contains("'Fortnight'"));
}

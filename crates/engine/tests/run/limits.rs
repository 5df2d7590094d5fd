//! `limit.timeout` on actions other than Http (operations and containers) and the run's duration
//! limit.

use crate::harness::*;
use flowline_engine::EngineConfig;
use flowline_storage::Status;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn wait_hours(hours: u32) -> Action {
    action(
        "Wait",
        json!({ "interval": { "count": hours, "unit": "Hour" } }),
    )
}

fn error_code(done: &Finished, name: &str) -> String {
    done.action(name)
        .error
        .as_ref()
        .and_then(|e| e["code"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_wait_past_its_limit_times_out_and_its_timed_out_handler_runs() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Long", wait_hours(1).timeout("PT0.5S"))
        .action("On_success", compose(json!("never")).after("Long"))
        .action(
            "On_timeout",
            compose(json!("handled")).after_status("Long", &["TimedOut"]),
        );
    let begun = Instant::now();
    let done = h.run(wf, json!({})).await;

    assert!(
        begun.elapsed() < Duration::from_secs(10),
        "took {:?}",
        begun.elapsed()
    );
    assert_eq!(done.status("Long"), Status::TimedOut);
    assert_eq!(done.action("Long").code.as_deref(), Some("ActionTimedOut"));
    assert_eq!(done.error_code("Long"), "ActionTimedOut");
    assert_eq!(done.status("On_success"), Status::Skipped);
    assert_eq!(done.status("On_timeout"), Status::Succeeded);
    // The branch ending in the skipped `On_success` traces back to the timed-out Wait.
    assert_eq!(done.outcome.status, Status::TimedOut, "{:?}", done.outcome);
}

#[tokio::test]
async fn an_operation_that_finishes_within_its_limit_is_unaffected() {
    let h = Harness::new().await;
    let wf = workflow().action("Quick", compose(json!("fast")).timeout("PT30S"));
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.status("Quick"), Status::Succeeded);
    assert_eq!(done.action("Quick").outputs, Some(json!("fast")));
}

#[tokio::test]
async fn an_unreadable_time_limit_fails_the_action() {
    let h = Harness::new().await;
    let done = h
        .run(
            workflow().action("Odd", compose(json!(1)).timeout("soon")),
            json!({}),
        )
        .await;

    assert_eq!(done.status("Odd"), Status::Failed);
    assert_eq!(done.error_code("Odd"), "InvalidTemplate");
}

#[tokio::test]
async fn a_scope_past_its_limit_cancels_running_children_and_skips_the_rest() {
    let h = Harness::new().await;
    let body = workflow()
        .action("Quick", compose(json!("done")))
        .action("Slow", wait_hours(1))
        .action("After_slow", compose(json!("never")).after("Slow"));
    let wf = workflow()
        .action("Guarded", scope(body).timeout("PT0.5S"))
        .action(
            "Handler",
            compose(json!("@result('Guarded')")).after_status("Guarded", &["TimedOut"]),
        );
    let begun = Instant::now();
    let done = h.run(wf, json!({})).await;

    assert!(
        begun.elapsed() < Duration::from_secs(10),
        "took {:?}",
        begun.elapsed()
    );
    assert_eq!(done.status("Guarded"), Status::TimedOut);
    assert_eq!(done.error_code("Guarded"), "ActionTimedOut");
    assert_eq!(done.status("Quick"), Status::Succeeded);
    assert_eq!(done.status("Slow"), Status::Cancelled);
    assert_eq!(done.status("After_slow"), Status::Skipped);
    assert_eq!(error_code(&done, "After_slow"), "ActionTimedOut");
    assert_eq!(done.status("Handler"), Status::Succeeded);
    let statuses: Vec<Value> = done
        .action("Handler")
        .outputs
        .as_ref()
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [json!("Succeeded"), json!("Cancelled"), json!("Skipped")]
    );
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
}

#[tokio::test]
async fn a_foreach_past_its_limit_starts_no_more_iterations() {
    let h = Harness::new().await;
    let body = workflow().action("Step", wait_hours(1));
    let wf = workflow().action(
        "Each",
        foreach("@createArray(1, 2, 3)", body)
            .options("Sequential")
            .timeout("PT0.5S"),
    );
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.status("Each"), Status::TimedOut);
    assert_eq!(done.error_code("Each"), "ActionTimedOut");
    assert_eq!(done.repetition_statuses("Step"), [Status::Cancelled]);
    assert_eq!(done.outcome.status, Status::TimedOut);
    assert_eq!(done.outcome.code.as_deref(), Some("ActionTimedOut"));
}

#[tokio::test]
async fn a_run_past_its_duration_limit_ends_timed_out() {
    let config = EngineConfig {
        max_run_duration: Duration::from_millis(500),
        ..EngineConfig::default()
    };
    let h = Harness::with_config(config).await;
    let wf = workflow()
        .action("First", compose(json!("done")))
        .action("Long", wait_hours(1).after("First"))
        .action("Later", compose(json!("never")).after("Long"));
    let begun = Instant::now();
    let done = h.run(wf, json!({})).await;

    assert!(
        begun.elapsed() < Duration::from_secs(10),
        "took {:?}",
        begun.elapsed()
    );
    assert_eq!(done.outcome.status, Status::TimedOut);
    assert_eq!(done.outcome.code.as_deref(), Some("WorkflowRunTimedOut"));
    assert_eq!(done.run.status, Status::TimedOut);
    assert_eq!(done.status("First"), Status::Succeeded);
    assert_eq!(done.status("Long"), Status::Cancelled);
    assert_eq!(done.status("Later"), Status::Skipped);
}

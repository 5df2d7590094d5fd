//! Http retry policies (every attempt journaled and metered) and `limit.timeout`.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::json;
use std::time::Duration;

fn statuses(done: &Finished, name: &str) -> Vec<Status> {
    done.attempts_of(name).iter().map(|a| a.status).collect()
}

#[tokio::test]
async fn two_server_errors_then_success_succeed_on_the_third_attempt() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Call", http("GET", &server.url("/flaky")))
        .action("After", compose(json!("@outputs('Call')['statusCode']")).after("Call"));
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.outcome.status, Status::Succeeded);
    assert_eq!(statuses(&done, "Call"), [Status::Failed, Status::Failed, Status::Succeeded]);
    let numbers: Vec<u32> = done.attempts_of("Call").iter().map(|a| a.attempt).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(done.attempts_of("Call")[0].code.as_deref(), Some("InternalServerError"));
    assert_eq!(done.action("Call").attempt, 3);
    assert_eq!(done.meters_of("Call").len(), 3);
    assert_eq!(done.action("After").outputs, Some(json!(200)));
    assert_eq!(server.calls(), 3);
}

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let done = h.run(workflow().action("Call", http("GET", &server.url("/status/404"))), json!({})).await;

    assert_eq!(statuses(&done, "Call"), [Status::Failed]);
    assert_eq!(done.error_code("Call"), "NotFound");
    assert_eq!(done.meters_of("Call").len(), 1);
}

#[tokio::test]
async fn throttling_is_retried_after_the_servers_retry_after() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    // A fixed policy of an hour: only the server's `Retry-After: 0` lets the test finish.
    let call = http("GET", &server.url("/throttled")).retry(json!({ "type": "fixed", "count": 1, "interval": "PT1H" }));
    let done = h.run(workflow().action("Call", call), json!({})).await;

    assert_eq!(statuses(&done, "Call"), [Status::Failed, Status::Succeeded]);
    assert_eq!(done.attempts_of("Call")[0].code.as_deref(), Some("TooManyRequests"));
    assert_eq!(server.calls(), 2);
}

#[tokio::test]
async fn policy_none_makes_one_attempt() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let call = http("GET", &server.url("/status/503")).retry(json!({ "type": "none" }));
    let done = h.run(workflow().action("Call", call), json!({})).await;

    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(statuses(&done, "Call"), [Status::Failed]);
    assert_eq!(done.meters_of("Call").len(), 1);
}

#[tokio::test]
async fn a_fixed_policy_retries_count_times_then_fails() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let call = http("GET", &server.url("/status/500")).retry(json!({ "type": "fixed", "count": 2, "interval": "PT5S" }));
    let done = h.run(workflow().action("Call", call), json!({})).await;

    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(statuses(&done, "Call"), [Status::Failed, Status::Failed, Status::Failed]);
    assert_eq!(done.action("Call").attempt, 3);
    assert_eq!(done.meters_of("Call").len(), 3);
}

#[tokio::test]
async fn an_invalid_retry_policy_fails_the_action() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    // A literal count of 0 is rejected when the workflow is saved (InvalidRetryPolicy); one
    // computed by an expression is only known when the action runs.
    let call = http("GET", &server.url("/status/500")).retry(json!({ "type": "fixed", "count": "@sub(1, 1)", "interval": "PT5S" }));
    let done = h.run(workflow().action("Call", call), json!({})).await;

    assert_eq!(statuses(&done, "Call"), [Status::Failed]);
    assert_eq!(done.error_code("Call"), "InvalidTemplate");
    assert_eq!(server.calls(), 0);
}

#[tokio::test]
async fn cancel_during_a_retry_wait_cancels_the_run_promptly() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    // The wait (an hour at test scale: 3.6 s) would outlast the bound below.
    let call = http("GET", &server.url("/status/500")).retry(json!({ "type": "fixed", "count": 3, "interval": "PT1H" }));
    let wf = workflow().action("Call", call).action("After", compose(json!("never")).after_status("Call", &["Failed", "TimedOut"]));
    let started = h.start(wf, json!({}), false).await;
    let run_id = started.id.clone();
    within(20, "the first attempt to be journaled", async {
        loop {
            let attempts = h.store.list_action_attempts(&run_id).await.unwrap();
            if attempts.iter().any(|a| a.action == "Call" && a.status == Status::Failed) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(h.engine.cancel(&run_id));
    let outcome = within(3, "the cancelled run", started.finished).await.expect("the run reports its end");
    let done = h.recorded(&run_id, outcome).await;

    assert_eq!(done.outcome.status, Status::Cancelled);
    assert_eq!(statuses(&done, "Call"), [Status::Failed, Status::Cancelled]);
    // The cut-short retry made no call and is not metered.
    assert_eq!(done.meters_of("Call").len(), 1);
    assert_eq!(done.status("After"), Status::Skipped);
}

#[tokio::test]
async fn limit_timeout_times_the_action_out_and_runs_its_timed_out_handlers() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Call", http("GET", &server.url("/hang")).timeout("PT1S"))
        .action("On_success", compose(json!("never")).after("Call"))
        .action("On_timeout", compose(json!("handled")).after_status("Call", &["TimedOut"]));
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.status("Call"), Status::TimedOut);
    assert_eq!(done.action("Call").code.as_deref(), Some("ActionTimedOut"));
    assert_eq!(done.error_code("Call"), "ActionTimedOut");
    assert_eq!(done.status("On_success"), Status::Skipped);
    assert_eq!(done.status("On_timeout"), Status::Succeeded);
    assert_eq!(done.action("On_timeout").outputs, Some(json!("handled")));
}

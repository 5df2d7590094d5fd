//! Terminate and cancel stop in-flight actions and skip the ones not started.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::json;

#[tokio::test]
async fn terminate_cancels_an_in_flight_http_action_in_a_parallel_branch() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    // Terminate runs only once the hanging request has reached the server (`/echo` is answered
    // after `Wait_for_hang`, which the test releases when `/hang` has been called).
    let wf = workflow()
        .action("Slow", http("GET", &server.url("/hang")))
        .action("After_slow", compose(json!("never")).after("Slow"))
        .action("After_slow_any", compose(json!("never")).after_status("Slow", &["Succeeded", "Failed", "Skipped", "TimedOut"]))
        .action("Wait_for_hang", http_post(&server.url("/echo"), json!({ "go": true })))
        .action("Stop", terminate("Failed", "StoppedByTest").after("Wait_for_hang"))
        .action("After_stop", compose(json!("never")).after("Stop"));
    let started = h.start(wf, json!({}), false).await;
    within(20, "the Http request to /hang", server.hang_arrived.notified()).await;
    // The run must end well before the Http timeout (120 s) would end the request.
    let done = h.finish(started).await;

    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(done.outcome.code.as_deref(), Some("StoppedByTest"));
    assert_eq!(done.outcome.error.as_ref().unwrap()["message"], "stopped by the test");
    assert_eq!(done.run.status, Status::Failed);
    assert_eq!(done.run.code.as_deref(), Some("StoppedByTest"));

    assert_eq!(done.status("Stop"), Status::Succeeded);
    assert_eq!(done.status("Slow"), Status::Cancelled);
    assert_eq!(done.action("Slow").code.as_deref(), Some("Cancelled"));
    for later in ["After_slow", "After_slow_any", "After_stop"] {
        assert_eq!(done.status(later), Status::Skipped, "{later}");
    }
    assert_eq!(h.engine.active_runs(), 0);
}

#[tokio::test]
async fn cancel_while_an_http_action_is_in_flight_cancels_the_run() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("First", compose(json!("done")))
        .action("Slow", http("GET", &server.url("/hang")).after("First"))
        .action("After_slow", compose(json!("never")).after("Slow"))
        .action("Handler", compose(json!("never")).after_status("Slow", &["Failed", "TimedOut"]));
    let started = h.start(wf, json!({}), false).await;
    let run_id = started.id.clone();
    within(20, "the Http request to /hang", server.hang_arrived.notified()).await;
    // While the call is in flight, history shows the action Running with its inputs.
    let in_flight = within(20, "the Running marker to commit", async {
        loop {
            let attempts = h.store.list_action_attempts(&run_id).await.unwrap();
            if let Some(a) = attempts.into_iter().find(|a| a.action == "Slow") {
                return a;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_eq!(in_flight.status, Status::Running);
    assert_eq!(in_flight.inputs.as_ref().unwrap()["method"], "GET");
    assert!(in_flight.end_time.is_none());
    assert!(h.engine.cancel(&run_id), "the run is active");
    let done = h.finish(started).await;

    assert_eq!(done.outcome.status, Status::Cancelled);
    assert_eq!(done.outcome.code.as_deref(), Some("Cancelled"));
    assert_eq!(done.run.status, Status::Cancelled);
    assert!(done.run.end_time.is_some());
    assert_eq!(done.status("First"), Status::Succeeded);
    assert_eq!(done.status("Slow"), Status::Cancelled);
    assert_eq!(done.status("After_slow"), Status::Skipped);
    assert_eq!(done.status("Handler"), Status::Skipped);
    assert!(!h.engine.cancel(&run_id), "a finished run is no longer active");
}

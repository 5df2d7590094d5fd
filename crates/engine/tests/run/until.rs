//! Until: do-while semantics, limits, iterationIndexes and the loop's status.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::{Value, json};

fn outputs(done: &Finished, name: &str) -> Vec<Value> {
    done.repetitions(name).iter().map(|a| a.outputs.clone().unwrap_or(Value::Null)).collect()
}

#[tokio::test]
async fn the_count_limit_ends_a_loop_whose_condition_never_holds() {
    let h = Harness::new().await;
    let body = workflow().action("Index", compose(json!("@iterationIndexes('Poll')")));
    let wf = workflow().action("Poll", until("@equals(1, 2)", json!({ "count": 3 }), body));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(outputs(&done, "Index"), vec![json!(0), json!(1), json!(2)]);
    let indexes: Vec<u64> = done.repetitions("Index").iter().map(|a| a.repetition[0].item_index).collect();
    assert_eq!(indexes, vec![0, 1, 2]);
    assert!(done.repetitions("Index").iter().all(|a| a.repetition[0].scope_name == "Poll"));
}

#[tokio::test]
async fn the_body_runs_before_the_condition_and_the_loop_stops_when_it_holds() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Init", initialize_variable("n", "integer", json!(10)))
        .action(
            "Count_up",
            until("@greaterOrEquals(variables('n'), 3)", json!({}), workflow().action("Bump", set_variable("n", json!("@add(variables('n'), 1)"))))
                .after("Init"),
        )
        .action("Final", compose(json!("@variables('n')")).after("Count_up"));
    // The condition already holds, but a do-while runs its body once.
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.action("Final").outputs, Some(json!(11)));
    assert_eq!(done.repetitions("Bump").len(), 1);
}

#[tokio::test]
async fn the_condition_sees_the_iteration_just_run() {
    let h = Harness::new().await;
    let body = workflow().action("Step", compose(json!("@mul(iterationIndexes('Loop'), 10)")));
    let wf = workflow()
        .action("Loop", until("@equals(outputs('Step'), 20)", json!({ "count": 60, "timeout": "PT1H" }), body))
        .action("After", compose(json!("@outputs('Step')")).after("Loop"));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(outputs(&done, "Step"), vec![json!(0), json!(10), json!(20)]);
    assert_eq!(done.action("After").outputs, Some(json!(20)));
}

#[tokio::test]
async fn fail_when_limits_reached_fails_the_loop_at_its_count() {
    let h = Harness::new().await;
    let body = workflow().action("Try", compose(json!("@iterationIndexes('Retry')")));
    let wf = workflow().action("Retry", until("@equals(1, 2)", json!({ "count": 2 }), body).options("FailWhenLimitsReached"));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Failed, "{:?}", done.outcome);
    assert_eq!(done.status("Retry"), Status::Failed);
    assert_eq!(done.error_code("Retry"), "ActionUntilLimitReached");
    assert_eq!(done.repetitions("Try").len(), 2);
}

#[tokio::test]
async fn the_timeout_is_checked_between_iterations() {
    let h = Harness::new().await;
    let body = workflow().action("Once", compose(json!("tick")));
    let wf = workflow().action("Loop", until("@equals(1, 2)", json!({ "count": 60, "timeout": "PT0S" }), body));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.repetitions("Once").len(), 1);
}

#[tokio::test]
async fn the_last_iteration_decides_the_status() {
    // Iteration 0 fails (500), iteration 1 succeeds and meets the condition: Succeeded.
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let uri = format!("{}/status/@{{if(equals(iterationIndexes('Loop'), 0), 500, 200)}}", server.base);
    let recovers = workflow().action("Loop", until("@greater(iterationIndexes('Loop'), 0)", json!({}), workflow().action("Call", http("GET", &uri))));
    let done = h.run(recovers, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.repetition_statuses("Call"), vec![Status::Failed, Status::Succeeded]);
    assert_eq!(done.status("Loop"), Status::Succeeded);

    // The other way round: the last iteration fails, so the loop does.
    let uri = format!("{}/status/@{{if(equals(iterationIndexes('Loop'), 0), 200, 500)}}", server.base);
    let fails = workflow().action("Loop", until("@greater(iterationIndexes('Loop'), 0)", json!({}), workflow().action("Call", http("GET", &uri))));
    let done = h.run(fails, json!({})).await;
    assert_eq!(done.outcome.status, Status::Failed, "{:?}", done.outcome);
    assert_eq!(done.status("Loop"), Status::Failed);
}

#[tokio::test]
async fn an_invalid_limit_fails_the_loop() {
    // A literal out-of-range count is rejected by validation (UntilLimitOutOfRange); one computed
    // by an expression can only be caught when the loop runs.
    let h = Harness::new().await;
    let wf = workflow().action("Loop", until("@true", json!({ "count": "@add(5000, 1)" }), workflow().action("Never", compose(json!(1)))));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.status("Loop"), Status::Failed);
    assert_eq!(done.error_code("Loop"), "WorkflowRunActionUntilLimitInvalid");
}

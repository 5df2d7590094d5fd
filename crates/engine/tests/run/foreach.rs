//! Foreach: parallel and sequential iterations, item()/items(), per-iteration results, repetition
//! indexes in the journal, failures, result() and a large loop.

use crate::harness::*;
use flowline_storage::{RepetitionIndex, Status};
use serde_json::{Value, json};

fn rep(indexes: &[(&str, u64)]) -> Vec<RepetitionIndex> {
    indexes.iter().map(|(s, i)| RepetitionIndex { scope_name: s.to_string(), item_index: *i }).collect()
}

#[tokio::test]
async fn iterations_run_in_parallel_up_to_the_concurrency() {
    // `/pair` answers only when two requests wait together: with concurrency 2 the iterations
    // pair up; run one at a time, the first would never be answered. `/slow` counts how many
    // requests were in flight at once: never more than the concurrency.
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Pairs", foreach("@createArray(1, 2, 3, 4)", workflow().action("Call_pair", http("GET", &server.url("/pair")))).concurrency(2))
        .action(
            "Slow",
            foreach("@range(0, 8)", workflow().action("Call_slow", http("GET", &server.url("/slow")))).concurrency(2).after("Pairs"),
        );
    let done = within(30, "a Foreach with concurrency 2 (does it run iterations one at a time?)", h.run(wf, json!({}))).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.repetition_statuses("Call_pair"), vec![Status::Succeeded; 4]);
    assert_eq!(done.repetition_statuses("Call_slow"), vec![Status::Succeeded; 8]);
    assert!(server.max_in_flight() <= 2, "{} requests were in flight at once", server.max_in_flight());
}

#[tokio::test]
async fn sequential_iterations_run_in_item_order() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Init", initialize_variable("log", "string", json!("")))
        .action(
            "Each",
            foreach("@triggerBody()?['letters']", workflow().action("Append", set_variable("log", json!("@{variables('log')}@{item()}"))))
                .options("Sequential")
                .after("Init"),
        )
        .action("Result", compose(json!("@variables('log')")).after("Each"));
    let done = h.run(wf, json!({ "letters": ["a", "b", "c", "d", "e"] })).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.action("Result").outputs, Some(json!("abcde")));
    let appends = done.repetitions("Append");
    for pair in appends.windows(2) {
        assert!(pair[0].end_time.unwrap() <= pair[1].start_time, "iterations overlapped: {pair:#?}");
    }
}

#[tokio::test]
async fn nested_loops_in_a_scope_see_their_items_and_journal_every_repetition() {
    let h = Harness::new().await;
    let inner = workflow().action("Label", compose(json!("@{items('Outer')?['name']}-@{item()}")));
    let outer = workflow().action("Inner", foreach("@item()?['xs']", inner));
    let wf = workflow().action("Group", scope(workflow().action("Outer", foreach("@triggerBody()", outer))));
    let body = json!([{ "name": "a", "xs": [1, 2] }, { "name": "b", "xs": [3] }]);
    let done = h.run(wf, body).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let labels: Vec<(Vec<RepetitionIndex>, Option<Value>)> =
        done.repetitions("Label").iter().map(|a| (a.repetition.clone(), a.outputs.clone())).collect();
    assert_eq!(
        labels,
        vec![
            (rep(&[("Outer", 0), ("Inner", 0)]), Some(json!("a-1"))),
            (rep(&[("Outer", 0), ("Inner", 1)]), Some(json!("a-2"))),
            (rep(&[("Outer", 1), ("Inner", 0)]), Some(json!("b-3"))),
        ]
    );
    let inner_loops: Vec<_> = done.repetitions("Inner").iter().map(|a| (a.repetition.clone(), a.status)).collect();
    assert_eq!(inner_loops, vec![(rep(&[("Outer", 0)]), Status::Succeeded), (rep(&[("Outer", 1)]), Status::Succeeded)]);
    assert_eq!(done.action("Outer").repetition, vec![]);
    assert_eq!(done.status("Group"), Status::Succeeded);
    assert_eq!(done.meters.len(), 1 + 1 + 1 + 2 + 3, "trigger, Group, Outer, 2 × Inner, 3 × Label");
}

#[tokio::test]
async fn a_foreach_nested_in_a_foreach_runs_sequentially() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let inner = workflow().action("Call_slow", http("GET", &server.url("/slow")));
    let outer = workflow().action("Inner", foreach("@range(0, 4)", inner).concurrency(50));
    let wf = workflow().action("Outer", foreach("@createArray(1)", outer));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.repetitions("Call_slow").len(), 4);
    assert_eq!(server.max_in_flight(), 1, "a nested Foreach ran iterations in parallel");
}

#[tokio::test]
async fn each_iteration_sees_its_own_results_and_the_loop_exposes_the_last() {
    // Parallel iterations whose Http calls overlap: `body('Echo')` must be the iteration's own.
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let body = workflow()
        .action("Echo", http_post(&server.url("/echo"), json!({ "n": "@item()" })))
        .action("Check", compose(json!("@body('Echo')?['n']")).after("Echo"));
    let wf = workflow()
        .action("Each", foreach("@range(0, 10)", body).concurrency(10))
        .action("After", compose(json!("@outputs('Check')")).after("Each"));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    for check in done.repetitions("Check") {
        assert_eq!(check.outputs, Some(json!(check.repetition[0].item_index)), "{check:#?}");
    }
    let last = done.action("After").outputs.clone().and_then(|v| v.as_u64()).expect("a number");
    assert!(last < 10);
}

#[tokio::test]
async fn a_failed_iteration_fails_the_loop_and_the_run() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Each", foreach("@createArray(200, 500, 201)", workflow().action("Call", http("GET", &format!("{}/status/@{{item()}}", server.base)))))
        .action("After", compose(json!("done")).after("Each"));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Failed, "{:?}", done.outcome);
    assert_eq!(done.repetition_statuses("Call"), vec![Status::Succeeded, Status::Failed, Status::Succeeded]);
    assert_eq!(done.status("Each"), Status::Failed);
    assert_eq!(done.status("After"), Status::Skipped);
    assert_eq!(done.error_code("After"), "ActionDependencyFailed");
}

#[tokio::test]
async fn a_foreach_over_something_else_than_an_array_fails_naming_the_type() {
    let h = Harness::new().await;
    let wf = workflow().action("Each", foreach("@triggerBody()", workflow().action("Inner", compose(json!("@item()")))));
    let done = h.run(wf, json!({ "not": "an array" })).await;
    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(done.status("Each"), Status::Failed);
    let message = done.action("Each").error.as_ref().unwrap()["message"].as_str().unwrap().to_string();
    assert!(message.contains("of type 'Object'") && message.contains("must be a valid array"), "{message}");
    assert!(done.attempts.iter().all(|a| a.action != "Inner"), "no iteration ran");
}

#[tokio::test]
async fn result_of_a_loop_lists_each_action_per_iteration() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Each", foreach("@createArray(1, 2)", workflow().action("Double", compose(json!("@mul(item(), 2)")))).options("Sequential"))
        .action("Summary", compose(json!("@result('Each')")).after("Each"));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let summary = done.action("Summary").outputs.clone().unwrap();
    assert_eq!(summary[0]["name"], "Double");
    assert_eq!(summary[0]["status"], "Succeeded");
    let outputs: Vec<&Value> = summary[0]["outputs"].as_array().unwrap().iter().map(|o| &o["outputs"]).collect();
    assert_eq!(outputs, vec![&json!(2), &json!(4)]);
}

#[tokio::test]
async fn ten_thousand_items_with_concurrency_fifty_complete() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Each", foreach("@range(0, 10000)", workflow().action("Square", compose(json!("@mul(item(), item())")))).concurrency(50))
        .action("Last", compose(json!("@outputs('Square')")).after("Each"));
    let started = h.start(wf, json!({}), false).await;
    let id = started.id.clone();
    let outcome = within(300, "a 10,000-item Foreach", started.finished).await.expect("the run reports its end");
    let done = h.recorded(&id, outcome).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let squares = done.repetitions("Square");
    assert_eq!(squares.len(), 10_000);
    assert!(squares.iter().all(|a| a.status == Status::Succeeded));
    assert_eq!(squares[9_999].outputs, Some(json!(9_999 * 9_999)));
    assert_eq!(done.meters.len(), 1 + 1 + 10_000 + 1);
}

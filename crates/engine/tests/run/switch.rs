//! Switch: the first equal case runs, else the default; the other branches are skipped.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::json;

fn routing() -> Workflow {
    workflow().action(
        "Route",
        switch(
            "@triggerBody()?['kind']",
            vec![
                ("Order", json!("order"), workflow().action("Handle_order", compose(json!("order handled")))),
                ("Count", json!(2), workflow().action("Handle_count", compose(json!("two")))),
                ("Refund", json!("refund"), workflow().action("Handle_refund", compose(json!("@div(1, 0)")))),
            ],
            workflow().action("Handle_other", compose(json!("@{triggerBody()?['kind']} ignored"))),
        ),
    )
}

#[tokio::test]
async fn the_matching_case_runs_and_the_others_are_skipped() {
    let h = Harness::new().await;
    let done = h.run(routing(), json!({ "kind": "order" })).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.status("Route"), Status::Succeeded);
    assert_eq!(done.action("Route").inputs, Some(json!({ "expressionValue": "order" })));
    assert_eq!(done.action("Handle_order").outputs, Some(json!("order handled")));
    for skipped in ["Handle_count", "Handle_refund", "Handle_other"] {
        assert_eq!(done.status(skipped), Status::Skipped, "{skipped}");
        assert_eq!(done.error_code(skipped), "ActionBranchingConditionNotSatisfied", "{skipped}");
    }
}

#[tokio::test]
async fn case_values_compare_as_equals_does() {
    let h = Harness::new().await;
    let done = h.run(routing(), json!({ "kind": 2.0 })).await;
    assert_eq!(done.status("Handle_count"), Status::Succeeded);
    assert_eq!(done.status("Handle_order"), Status::Skipped);
}

#[tokio::test]
async fn no_match_runs_the_default() {
    let h = Harness::new().await;
    let done = h.run(routing(), json!({ "kind": "ORDER" })).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.action("Handle_other").outputs, Some(json!("ORDER ignored")));
    for skipped in ["Handle_order", "Handle_count", "Handle_refund"] {
        assert_eq!(done.error_code(skipped), "ActionBranchingConditionNotSatisfied", "{skipped}");
    }
}

#[tokio::test]
async fn the_switch_takes_the_status_of_the_branch_it_ran() {
    let h = Harness::new().await;
    let done = h.run(routing(), json!({ "kind": "refund" })).await;
    assert_eq!(done.outcome.status, Status::Failed, "{:?}", done.outcome);
    assert_eq!(done.status("Handle_refund"), Status::Failed);
    assert_eq!(done.status("Route"), Status::Failed);
}

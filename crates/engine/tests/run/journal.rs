//! What a run journals: one attempt per action with evaluated inputs and outputs, and one meter
//! record per executed attempt plus the trigger's.

use crate::harness::*;
use flowline_storage::{MeterCategory, Status};
use serde_json::json;
use std::collections::HashMap;

#[tokio::test]
async fn every_executed_attempt_and_the_trigger_have_exactly_one_meter_and_skipped_ones_none() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Start", compose(json!("go")))
        .action("Fail", http("GET", &server.url("/status/500")).after("Start"))
        .action("Skipped_by_failure", compose(json!("never")).after("Fail"))
        .action("Handle", compose(json!("handled")).after_status("Fail", &["Failed"]))
        .action("Group", scope(workflow().action("Inner", compose(json!("inner")))))
        .action(
            "Branch",
            condition("@equals(1, 1)", workflow().action("Yes", compose(json!(1))), workflow().action("No", compose(json!(2)))),
        );
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.status("Fail"), Status::Failed);
    assert_eq!(done.status("No"), Status::Skipped);

    let mut per_key: HashMap<&str, usize> = HashMap::new();
    for m in &done.meters {
        *per_key.entry(m.key.as_str()).or_default() += 1;
        assert_eq!(m.run_id.as_deref(), Some(done.run.id.as_str()));
        assert_eq!(m.workflow, "test");
    }
    let trigger_key = format!("trigger/{}", done.run.id);
    assert_eq!(per_key.get(trigger_key.as_str()), Some(&1), "the trigger's meter: {:#?}", done.meters);
    let trigger_meter = done.meters.iter().find(|m| m.key == trigger_key).unwrap();
    assert_eq!(trigger_meter.category, MeterCategory::Trigger);

    let mut executed = 0;
    for attempt in &done.attempts {
        let key = attempt.key();
        let count = per_key.get(key.as_str()).copied().unwrap_or(0);
        if attempt.status == Status::Skipped {
            assert_eq!(count, 0, "skipped {} has a meter", attempt.action);
        } else {
            executed += 1;
            assert_eq!(count, 1, "{} ({}) has {count} meters", attempt.action, attempt.status);
            let meter = done.meters.iter().find(|m| m.key == key).unwrap();
            assert_eq!(meter.category, MeterCategory::BuiltInAction);
            assert_eq!(meter.operation, attempt.action);
        }
    }
    assert_eq!(executed, 11, "Start, Fail ×5 (the default policy retries a 500 four times), Handle, Group, Inner, Branch, Yes");
    assert_eq!(done.attempts.len(), 13);
    assert_eq!(done.meters.len(), executed + 1, "no other meters: {:#?}", done.meters);
}

#[tokio::test]
async fn evaluated_inputs_and_outputs_are_journaled_for_each_action() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Shape", compose(json!({ "id": "@triggerBody()?['id']", "answer": "@mul(2, 21)" })))
        .action("Echo", http_post(&server.url("/echo"), json!({ "id": "@outputs('Shape')['id']" })).after("Shape"));
    let done = h.run(wf, json!({ "id": "o-1" })).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);

    let shape = done.action("Shape");
    assert_eq!(shape.inputs, Some(json!({ "id": "o-1", "answer": 42 })));
    assert_eq!(shape.outputs, Some(json!({ "id": "o-1", "answer": 42 })));
    assert_eq!(shape.attempt, 1);
    assert!(shape.end_time.is_some_and(|end| end >= shape.start_time));

    let echo = done.action("Echo");
    let inputs = echo.inputs.as_ref().expect("Http inputs are journaled");
    assert_eq!(inputs["method"], "POST");
    assert_eq!(inputs["uri"], server.url("/echo"));
    assert_eq!(inputs["body"], json!({ "id": "o-1" }));
    let outputs = echo.outputs.as_ref().expect("Http outputs are journaled");
    assert_eq!(outputs["statusCode"], 200);
    assert_eq!(outputs["body"], json!({ "id": "o-1" }));
    assert_eq!(echo.code.as_deref(), Some("OK"));
}

#[tokio::test]
async fn an_expression_failure_fails_the_action_and_skips_its_dependents() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Fine", compose(json!("ok")))
        .action("Broken", compose(json!({ "ratio": "@div(1, 0)" })).after("Fine"))
        .action("Next", compose(json!("never")).after("Broken"))
        .action("Then", compose(json!("never")).after("Next"));
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(done.outcome.code.as_deref(), Some("ActionFailed"));
    assert_eq!(done.status("Fine"), Status::Succeeded);
    let broken = done.action("Broken");
    assert_eq!(broken.status, Status::Failed);
    assert_eq!(broken.code.as_deref(), Some("InvalidTemplate"));
    assert_eq!(done.error_code("Broken"), "InvalidTemplate");
    let message = broken.error.as_ref().unwrap()["message"].as_str().unwrap();
    assert!(message.contains("'Broken'"), "the message names the action: {message}");
    assert_eq!(broken.inputs, None, "inputs that failed to evaluate are not recorded");
    for dependent in ["Next", "Then"] {
        assert_eq!(done.status(dependent), Status::Skipped, "{dependent}");
        assert_eq!(done.error_code(dependent), "ActionDependencyFailed", "{dependent}");
    }
}

//! The Response action answers the waiting caller and is stored with the run.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::json;

#[tokio::test]
async fn response_answers_the_waiting_caller_and_is_stored_on_the_run() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Build", compose(json!({ "id": "@triggerBody()['id']", "ok": true })))
        .action("Respond", response(201, json!({ "X-Order": "@triggerBody()['id']", "X-Count": 3 }), json!("@outputs('Build')")).after("Build"))
        .action("After_response", compose(json!("later")).after("Respond"));
    let mut started = h.start(wf, json!({ "id": "o-7" }), true).await;
    let answer = within(20, "the Response", &mut started.response).await.expect("the Response answers");
    assert_eq!(answer.status_code, 201);
    assert_eq!(answer.headers.get("X-Order"), Some(&json!("o-7")));
    assert_eq!(answer.headers.get("X-Count"), Some(&json!("3")), "header values become text");
    assert_eq!(answer.body, Some(json!({ "id": "o-7", "ok": true })));

    let done = h.finish(started).await;
    assert_eq!(done.outcome.status, Status::Succeeded);
    assert_eq!(
        done.run.response,
        Some(json!({ "statusCode": 201, "headers": { "X-Order": "o-7", "X-Count": "3" }, "body": { "id": "o-7", "ok": true } }))
    );
    assert_eq!(done.status("Respond"), Status::Succeeded);
    assert_eq!(done.action("Respond").code.as_deref(), Some("Created"));
    assert_eq!(done.status("After_response"), Status::Succeeded);
}

#[tokio::test]
async fn a_run_nobody_waits_for_drops_the_response_channel_and_stores_no_response() {
    let h = Harness::new().await;
    let wf = workflow().action("Respond", response(200, json!({}), json!("hi")));
    let started = h.start(wf, json!({}), false).await;
    let response = started.response;
    let outcome = within(20, "the run", started.finished).await.unwrap();
    assert_eq!(outcome.status, Status::Succeeded);
    assert!(response.await.is_err(), "no caller, no answer");
    let done = h.recorded(&started.id, outcome).await;
    assert_eq!(done.run.response, None);
    assert_eq!(done.status("Respond"), Status::Succeeded);
}

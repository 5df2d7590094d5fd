//! Static results: an action with `runtimeConfiguration.staticResult` enabled returns the named
//! result from the definition's `staticResults` instead of executing.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::{Value, json};

fn mocked(name: &str, options: &str) -> Value {
    json!({ "staticResult": { "name": name, "staticResultOptions": options } })
}

/// `wf`'s document with `staticResults`.
fn with_static_results(wf: Workflow, results: Value) -> Value {
    let mut document = wf.document();
    document["definition"]["staticResults"] = results;
    document
}

#[tokio::test]
async fn an_enabled_static_result_replaces_the_call() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action(
            "Call",
            http("GET", &server.url("/flaky"))
                .with("runtimeConfiguration", mocked("Call0", "Enabled")),
        )
        .action("Use", compose(json!("@body('Call')?['id']")).after("Call"));
    let results = json!({ "Call0": { "status": "Succeeded", "outputs": { "statusCode": 200, "headers": {}, "body": { "id": 42 } } } });
    let done = h
        .run_document(with_static_results(wf, results), json!({}))
        .await;

    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(server.calls(), 0);
    assert_eq!(
        (done.status("Call"), done.action("Call").code.as_deref()),
        (Status::Succeeded, Some("OK"))
    );
    assert_eq!(
        done.action("Call").outputs.as_ref().unwrap()["body"],
        json!({ "id": 42 })
    );
    assert_eq!(done.action("Use").outputs, Some(json!(42)));
}

#[tokio::test]
async fn a_failed_static_result_fails_the_action_and_runs_its_handler() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action(
            "Call",
            http("GET", &server.url("/flaky"))
                .with("runtimeConfiguration", mocked("Broken", "Enabled")),
        )
        .action(
            "Handle",
            compose(json!("@actions('Call')?['error']?['message']"))
                .after_status("Call", &["Failed"]),
        );
    let results = json!({ "Broken": { "status": "Failed", "outputs": { "statusCode": "InternalServerError", "errors": [{ "message": "mocked outage" }] } } });
    let done = h
        .run_document(with_static_results(wf, results), json!({}))
        .await;

    assert_eq!(server.calls(), 0);
    assert_eq!(done.status("Call"), Status::Failed);
    assert_eq!(done.error_code("Call"), "InternalServerError");
    assert_eq!(done.action("Handle").outputs, Some(json!("mocked outage")));
    // One attempt: a static result is never retried.
    assert_eq!(done.attempts_of("Call").len(), 1);
}

#[tokio::test]
async fn a_disabled_static_result_executes_the_action() {
    let server = TestServer::start().await;
    let h = Harness::new().await;
    let wf = workflow().action(
        "Call",
        http("GET", &server.url("/flaky"))
            .with("runtimeConfiguration", mocked("Call0", "Disabled"))
            .retry(json!({ "type": "none" })),
    );
    let results = json!({ "Call0": { "status": "Succeeded", "outputs": { "statusCode": 200 } } });
    let done = h
        .run_document(with_static_results(wf, results), json!({}))
        .await;

    assert_eq!(server.calls(), 1);
    assert_eq!(done.status("Call"), Status::Failed);
}

#[tokio::test]
async fn an_enabled_static_result_that_is_not_defined_fails_the_action() {
    let h = Harness::new().await;
    let wf = workflow().action(
        "Make",
        compose(json!(1)).with("runtimeConfiguration", mocked("Nowhere", "Enabled")),
    );
    let done = h
        .run_document(with_static_results(wf, json!({})), json!({}))
        .await;

    assert_eq!(done.status("Make"), Status::Failed);
    assert_eq!(done.error_code("Make"), "InvalidTemplate");
}

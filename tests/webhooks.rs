//! HttpWebhook actions and triggers, and child workflows, end to end on a real database (SQLite
//! file and a fresh PostgreSQL database): the loopback test server plays the webhook subscriber
//! (it logs subscribe/unsubscribe calls and the callbacks it sends), callbacks travel over real
//! HTTP to the app's loopback port, and what is stored is read back through the store.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use support::*;

crate::on_both_backends!(
    webhook_action_callback_is_stored_before_it_is_acknowledged,
    webhook_action_is_cancelled_with_its_run_and_unsubscribes,
    webhook_trigger_follows_the_workflow_lifecycle,
    child_workflow_recursion_is_refused_at_save_and_at_run_time,
    webhook_store_keeps_the_first_callback_and_finds_a_subscription_again,
);

async fn deploy(app: &axum::Router, name: &str, doc: Value) {
    let a = call(app, "PUT", &format!("/api/workflows/{name}"), Some(doc)).await;
    assert!(
        a.status.is_success(),
        "deploying {name}: {} {}",
        a.status,
        a.body
    );
}

/// `webhook-approval.json` pointed at the test server, waiting up to `timeout`.
fn approval_workflow(server: &str, timeout: &str) -> Value {
    let mut doc = workflow_file("webhook-approval.json");
    let def = definition_mut(&mut doc);
    def["parameters"]["baseUrl"]["defaultValue"] = json!(server);
    def["actions"]["Wait_for_approval"]["limit"]["timeout"] = json!(timeout);
    doc
}

/// The test server's webhook log.
async fn webhook_log(server: &str) -> Vec<Value> {
    let log: Value = reqwest::get(format!("{server}/webhook/log"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    log["events"].as_array().cloned().unwrap_or_default()
}

/// Waits for a logged event matching `pred`.
async fn wait_for_event(server: &str, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..400 {
        if let Some(e) = webhook_log(server).await.into_iter().find(|e| pred(e)) {
            return e;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!(
        "no {what} in the webhook log: {:?}",
        webhook_log(server).await
    );
}

/// Waits until a run is no longer Running and returns it.
async fn finished_run(app: &axum::Router, workflow: &str, run_id: &str) -> Value {
    for _ in 0..400 {
        let run = call(
            app,
            "GET",
            &format!("/api/workflows/{workflow}/runs/{run_id}"),
            None,
        )
        .await
        .body;
        if run["status"].is_string() && run["status"] != "Running" && run["status"] != "Waiting" {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("run {run_id} of {workflow} did not finish");
}

/// The only run of a workflow (waiting until there is one).
async fn only_run(app: &axum::Router, workflow: &str) -> Value {
    for _ in 0..400 {
        let runs = call(app, "GET", &format!("/api/workflows/{workflow}/runs"), None)
            .await
            .body;
        if let Some(run) = runs["value"].as_array().and_then(|v| v.first()) {
            return run.clone();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{workflow} has no run");
}

async fn action(app: &axum::Router, workflow: &str, run_id: &str, name: &str) -> Value {
    call(
        app,
        "GET",
        &format!("/api/workflows/{workflow}/runs/{run_id}/actions/{name}"),
        None,
    )
    .await
    .body
}

async fn post_json(url: &str, body: &Value) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .post(url)
        .json(body)
        .send()
        .await
        .expect("callback delivered");
    let status = StatusCode::from_u16(res.status().as_u16()).unwrap();
    let headers = res.headers().clone();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    let run = headers
        .get("x-ms-workflow-run-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (status, json!({ "body": body, "runId": run }))
}

async fn webhook_action_callback_is_stored_before_it_is_acknowledged(app: TestApp) {
    let server = format!("http://{}", start_test_server().await);
    deploy(&app.router, "approval", approval_workflow(&server, "PT30S")).await;
    let router = app.router.clone();
    let caller = tokio::spawn(async move {
        call(
            &router,
            "POST",
            "/api/workflows/approval/triggers/manual/invoke",
            Some(json!({ "request": "PO-9", "mode": "never" })),
        )
        .await
    });
    let subscribed = wait_for_event(&server, "subscribe", |e| {
        e["event"] == "subscribe" && e["request"]["payload"]["request"] == "PO-9"
    })
    .await;
    let url = subscribed["callbackUrl"].as_str().unwrap().to_string();
    assert!(url.starts_with(&app.state.config.public_url), "{url}");
    assert!(
        subscribed["idempotencyKey"]
            .as_str()
            .is_some_and(|k| !k.is_empty()),
        "{subscribed}"
    );
    let run = only_run(&app.router, "approval").await;
    let run_id = run["id"].as_str().unwrap().to_string();
    let waiting = action(&app.router, "approval", &run_id, "Wait_for_approval").await;
    assert_eq!(waiting["status"], "Running", "{waiting}");

    let decision = json!({ "decision": "rejected", "request": "PO-9" });
    let (status, answer) = post_json(&url, &decision).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // Acknowledged means stored: the payload is in the database now.
    let id = url.rsplit('/').next().unwrap();
    let stored = app
        .state
        .store
        .webhooks()
        .get_subscription(id)
        .await
        .unwrap()
        .expect("subscription stored");
    assert_eq!(
        stored.callback.as_ref().map(|c| c["body"].clone()),
        Some(decision.clone())
    );

    let answered = caller.await.unwrap();
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    assert_eq!(answered.body, decision);
    let finished = finished_run(&app.router, "approval", &run_id).await;
    assert_eq!(finished["status"], "Succeeded");
    let done = action(&app.router, "approval", &run_id, "Wait_for_approval").await;
    assert_eq!(done["outputs"]["body"], decision);
    let sub_id = subscribed["id"].as_str().unwrap().to_string();
    wait_for_event(&server, "unsubscribe", |e| {
        e["event"] == "unsubscribe" && e["id"] == sub_id.as_str()
    })
    .await;

    let (again, body) = post_json(&url, &decision).await;
    assert_eq!(
        (again, body["body"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("WebhookCallbackExpired")),
        "{body}"
    );
    let unknown = format!(
        "{}/api/callbacks/0123456789abcdef",
        app.state.config.public_url
    );
    let (status, body) = post_json(&unknown, &decision).await;
    assert_eq!(
        (status, body["body"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("WebhookCallbackNotFound")),
        "{body}"
    );
}

async fn webhook_action_is_cancelled_with_its_run_and_unsubscribes(app: TestApp) {
    let server = format!("http://{}", start_test_server().await);
    deploy(&app.router, "approval", approval_workflow(&server, "PT1H")).await;
    let router = app.router.clone();
    let caller = tokio::spawn(async move {
        call(
            &router,
            "POST",
            "/api/workflows/approval/triggers/manual/invoke",
            Some(json!({ "request": "PO-10", "mode": "never" })),
        )
        .await
    });
    let subscribed = wait_for_event(&server, "subscribe", |e| {
        e["request"]["payload"]["request"] == "PO-10"
    })
    .await;
    let run_id = only_run(&app.router, "approval").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cancel = call(
        &app.router,
        "POST",
        &format!("/api/workflows/approval/runs/{run_id}/cancel"),
        None,
    )
    .await;
    assert!(
        cancel.status.is_success(),
        "{} {}",
        cancel.status,
        cancel.body
    );
    let run = finished_run(&app.router, "approval", &run_id).await;
    assert_eq!(run["status"], "Cancelled");
    assert_eq!(
        action(&app.router, "approval", &run_id, "Wait_for_approval").await["status"],
        "Cancelled"
    );
    let sub_id = subscribed["id"].as_str().unwrap().to_string();
    wait_for_event(&server, "unsubscribe", |e| {
        e["event"] == "unsubscribe" && e["id"] == sub_id.as_str()
    })
    .await;
    let (status, _) = post_json(subscribed["callbackUrl"].as_str().unwrap(), &json!({})).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a cancelled webhook's callback URL is gone"
    );
    let _ = caller.await;
}

fn webhook_trigger_workflow(server: &str) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": {
            "When_notified": {
                "type": "HttpWebhook",
                "inputs": {
                    "subscribe": {
                        "method": "POST",
                        "uri": format!("{server}/webhook/subscribe"),
                        "body": { "callbackUrl": "@{listCallbackUrl()}", "mode": "never", "topic": "orders" }
                    },
                    "unsubscribe": {
                        "method": "DELETE",
                        "uri": format!("{server}/webhook/unsubscribe/@{{action()?['outputs']?['body']?['id']}}")
                    }
                }
            }
        },
        "actions": { "Record": { "type": "Compose", "inputs": "@triggerBody()", "runAfter": {} } },
        "outputs": {}
    })
}

async fn webhook_trigger_follows_the_workflow_lifecycle(app: TestApp) {
    let server = format!("http://{}", start_test_server().await);
    let doc = webhook_trigger_workflow(&server);
    deploy(&app.router, "notified", doc.clone()).await;
    let subscribes = |log: &[Value]| {
        log.iter()
            .filter(|e| e["event"] == "subscribe" && e["request"]["topic"] == "orders")
            .cloned()
            .collect::<Vec<_>>()
    };
    let first = subscribes(&webhook_log(&server).await)
        .first()
        .cloned()
        .expect("saving an enabled workflow subscribes");
    let url = first["callbackUrl"].as_str().unwrap().to_string();

    for n in 1..=2 {
        let (status, answer) = post_json(&url, &json!({ "order": n })).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
        let run_id = answer["runId"]
            .as_str()
            .expect("the answer names the run")
            .to_string();
        let run = finished_run(&app.router, "notified", &run_id).await;
        assert_eq!(run["status"], "Succeeded", "{run}");
        assert_eq!(
            action(&app.router, "notified", &run_id, "Record").await["outputs"],
            json!({ "order": n })
        );
    }
    let history = call(
        &app.router,
        "GET",
        "/api/workflows/notified/triggers/When_notified/histories",
        None,
    )
    .await
    .body;
    let fired = history["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["fired"] == true)
        .count();
    assert_eq!(
        fired, 2,
        "each callback is one fired trigger execution: {history}"
    );

    // A new version subscribes again and ends the old subscription.
    deploy(&app.router, "notified", doc.clone()).await;
    let first_id = first["id"].as_str().unwrap().to_string();
    wait_for_event(&server, "unsubscribe of the replaced version", |e| {
        e["event"] == "unsubscribe" && e["id"] == first_id.as_str()
    })
    .await;
    assert_eq!(
        post_json(&url, &json!({})).await.0,
        StatusCode::NOT_FOUND,
        "the replaced subscription's URL is gone"
    );
    let second = subscribes(&webhook_log(&server).await)
        .get(1)
        .cloned()
        .expect("the new version subscribes");

    let disabled = call(&app.router, "POST", "/api/workflows/notified/disable", None).await;
    assert!(disabled.status.is_success());
    let second_id = second["id"].as_str().unwrap().to_string();
    wait_for_event(&server, "unsubscribe on disable", |e| {
        e["event"] == "unsubscribe" && e["id"] == second_id.as_str()
    })
    .await;
    assert_eq!(
        post_json(second["callbackUrl"].as_str().unwrap(), &json!({}))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    let enabled = call(&app.router, "POST", "/api/workflows/notified/enable", None).await;
    assert!(enabled.status.is_success());
    let third = subscribes(&webhook_log(&server).await)
        .get(2)
        .cloned()
        .expect("enabling subscribes again");
    let deleted = call(&app.router, "DELETE", "/api/workflows/notified", None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let third_id = third["id"].as_str().unwrap().to_string();
    wait_for_event(&server, "unsubscribe on delete", |e| {
        e["event"] == "unsubscribe" && e["id"] == third_id.as_str()
    })
    .await;
    assert_eq!(
        post_json(third["callbackUrl"].as_str().unwrap(), &json!({}))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

/// A workflow whose Workflow action calls `target`, answering 200 with the child's status or 500
/// with the action's error code.
fn caller_workflow(target: &str) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": { "manual": { "type": "Request", "kind": "Http" } },
        "actions": {
            "Call": {
                "type": "Workflow",
                "inputs": { "host": { "workflow": { "id": target } }, "body": { "target": "@{triggerBody()?['then']}" } },
                "runAfter": {}
            },
            "Respond": {
                "type": "Response", "kind": "Http",
                "inputs": { "statusCode": 200, "body": { "status": "@outputs('Call')?['statusCode']" } },
                "runAfter": { "Call": ["Succeeded"] }
            },
            "Respond_failed": {
                "type": "Response", "kind": "Http",
                "inputs": { "statusCode": 500, "body": { "code": "@actions('Call')?['error']?['code']" } },
                "runAfter": { "Call": ["Failed"] }
            }
        },
        "outputs": {}
    })
}

async fn child_workflow_recursion_is_refused_at_save_and_at_run_time(app: TestApp) {
    // Statically visible: the workflow itself, or a chain through saved workflows.
    let own = call(
        &app.router,
        "PUT",
        "/api/workflows/loop-a",
        Some(caller_workflow(
            "/subscriptions/x/providers/Microsoft.Logic/workflows/loop-a",
        )),
    )
    .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "{}", own.body);
    let diagnostic = own.body["details"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "WorkflowSelfReference")
        .cloned();
    assert_eq!(
        diagnostic.expect("a WorkflowSelfReference diagnostic")["path"],
        "/actions/Call/inputs/host/workflow/id"
    );
    deploy(&app.router, "chain-b", caller_workflow("chain-c")).await;
    let closing = call(
        &app.router,
        "PUT",
        "/api/workflows/chain-c",
        Some(caller_workflow("chain-b")),
    )
    .await;
    assert_eq!(closing.status, StatusCode::BAD_REQUEST, "{}", closing.body);
    assert!(
        closing.body["message"]
            .as_str()
            .unwrap()
            .contains("chain-c → chain-b → chain-c"),
        "{}",
        closing.body
    );

    // Computed at run time: refused when the call happens.
    deploy(
        &app.router,
        "dyn-a",
        caller_workflow("@{triggerBody()?['target']}"),
    )
    .await;
    deploy(
        &app.router,
        "dyn-b",
        caller_workflow("@{triggerBody()?['target']}"),
    )
    .await;
    let direct = call(
        &app.router,
        "POST",
        "/api/workflows/dyn-a/triggers/manual/invoke",
        Some(json!({ "target": "dyn-a" })),
    )
    .await;
    assert_eq!(
        (direct.status, direct.body.clone()),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "code": "WorkflowRecursionNotAllowed" })
        )
    );
    let through = call(
        &app.router,
        "POST",
        "/api/workflows/dyn-a/triggers/manual/invoke",
        Some(json!({ "target": "dyn-b", "then": "dyn-a" })),
    )
    .await;
    // dyn-b refuses to call dyn-a back and answers 500, which fails dyn-a's call.
    assert_eq!(
        (through.status, through.body.clone()),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "code": "InternalServerError" })
        )
    );
    let child = only_run(&app.router, "dyn-b").await;
    let child_id = child["id"].as_str().unwrap();
    let refused = action(&app.router, "dyn-b", child_id, "Call").await;
    assert_eq!(
        refused["error"]["code"], "WorkflowRecursionNotAllowed",
        "{refused}"
    );
    let parent_run = through
        .headers
        .get("x-ms-workflow-run-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(
        child["trigger"]["outputs"]["headers"]["x-ms-workflow-run-id"], parent_run,
        "the child names its parent run: {child}"
    );

    let missing = call(
        &app.router,
        "POST",
        "/api/workflows/dyn-a/triggers/manual/invoke",
        Some(json!({ "target": "nowhere" })),
    )
    .await;
    assert_eq!(missing.body, json!({ "code": "WorkflowNotFound" }));
}

async fn webhook_store_keeps_the_first_callback_and_finds_a_subscription_again(app: TestApp) {
    use flowline_storage::{CallbackDelivery, NewSubscription, SubscriptionState, WebhookOwner};
    deploy(&app.router, "hello", workflow_file("hello.json")).await;
    let store = app.state.store.webhooks();
    let now = app.state.engine.now();
    let owner = WebhookOwner::Action {
        run_id: "RUN1".into(),
        action: "Wait".into(),
        repetition: Vec::new(),
    };
    let new = |id: &str| NewSubscription {
        id: id.into(),
        workflow: "hello".into(),
        owner: owner.clone(),
        at: now,
    };
    let opened = store.open_subscription(new("cb-first")).await.unwrap();
    assert_eq!(
        (opened.id.as_str(), opened.state),
        ("cb-first", SubscriptionState::Pending)
    );
    // A re-driven run asks again (with a fresh id) and gets the same subscription.
    let again = store.open_subscription(new("cb-second")).await.unwrap();
    assert_eq!(again.id, "cb-first");

    // Two racing callbacks: exactly one is stored.
    let (first, second) = (json!({ "body": "a" }), json!({ "body": "b" }));
    let (a, b) = tokio::join!(
        store.deliver_callback("cb-first", &first, now),
        store.deliver_callback("cb-first", &second, now),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let accepted: Vec<&CallbackDelivery> = [&a, &b]
        .into_iter()
        .filter(|d| matches!(d, CallbackDelivery::Accepted(_)))
        .collect();
    assert_eq!(accepted.len(), 1, "{a:?} {b:?}");
    assert!(
        [&a, &b]
            .iter()
            .any(|d| **d == CallbackDelivery::Finished(SubscriptionState::Received))
    );
    let stored = store.get_subscription("cb-first").await.unwrap().unwrap();
    assert_eq!(stored.state, SubscriptionState::Received);
    // Subscribing late does not undo a callback that already arrived; closing does end it.
    store
        .update_subscription(
            "cb-first",
            SubscriptionState::Subscribed,
            Some(&json!({ "uri": "x" })),
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .get_subscription("cb-first")
            .await
            .unwrap()
            .unwrap()
            .state,
        SubscriptionState::Received
    );
    store
        .update_subscription("cb-first", SubscriptionState::Closed, None, now)
        .await
        .unwrap();
    let closed = store.get_subscription("cb-first").await.unwrap().unwrap();
    assert_eq!(
        (closed.state, closed.unsubscribe),
        (SubscriptionState::Closed, Some(json!({ "uri": "x" })))
    );
    assert_eq!(
        store
            .deliver_callback("nope", &json!({}), now)
            .await
            .unwrap(),
        CallbackDelivery::Unknown
    );
}

//! What run history shows of retries, secured data and static results, through the HTTP API, on
//! SQLite and PostgreSQL: `retryHistory` lists an action's earlier attempts, secured inputs and
//! outputs are never returned (nor stored), and an action that returned its static result says so
//! with `executionMode`.

mod support;

use serde_json::{Value, json};
use std::time::Duration;
use support::*;

/// Deploys `definition` as `name`, fires its `manual` trigger with `body` and returns the run's
/// actions once the run has finished.
async fn run_and_list_actions(
    app: &TestApp,
    name: &str,
    definition: Value,
    body: Value,
) -> Vec<Value> {
    let put = call(
        &app.router,
        "PUT",
        &format!("/api/workflows/{name}"),
        Some(definition),
    )
    .await;
    assert!(
        put.status.is_success(),
        "deploying failed: {} {}",
        put.status,
        put.body
    );
    let fired = call(
        &app.router,
        "POST",
        &format!("/api/workflows/{name}/triggers/manual/invoke"),
        Some(body),
    )
    .await;
    let run_id = fired
        .headers
        .get("x-ms-workflow-run-id")
        .and_then(|v| v.to_str().ok())
        .expect("a run id")
        .to_string();
    for _ in 0..800 {
        let run = call(
            &app.router,
            "GET",
            &format!("/api/workflows/{name}/runs/{run_id}"),
            None,
        )
        .await
        .body;
        if run["status"].is_string() && run["status"] != "Running" && run["status"] != "Waiting" {
            let actions = call(
                &app.router,
                "GET",
                &format!("/api/workflows/{name}/runs/{run_id}/actions"),
                None,
            )
            .await;
            return actions.body["value"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("run {run_id} did not finish within 20 s");
}

fn find<'a>(actions: &'a [Value], name: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no action {name} in {actions:?}"))
}

fn definition(actions: Value) -> Value {
    json!({ "definition": {
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": { "manual": { "type": "Request", "kind": "Http" } },
        "actions": actions,
    }, "kind": "Stateful" })
}

async fn retry_history_lists_the_earlier_attempts(backend: Backend) {
    let server = format!("http://{}", start_test_server().await);
    let body = move |app: TestApp| async move {
        let actions = json!({
            "Call": { "type": "Http", "runAfter": {}, "inputs": {
                "method": "GET", "uri": format!("{server}/flaky/@{{workflow()?['run']?['name']}}/2"),
                "retryPolicy": { "type": "fixed", "count": 3, "interval": "PT1S" } } },
            "After": { "type": "Compose", "inputs": "@body('Call')?['calls']", "runAfter": { "Call": ["Succeeded"] } }
        });
        let list = run_and_list_actions(&app, "flaky", definition(actions), json!({})).await;
        let call = find(&list, "Call");
        assert_eq!(
            (call["status"].as_str(), call["attempt"].as_u64()),
            (Some("Succeeded"), Some(3)),
            "{call}"
        );
        let history = call["retryHistory"].as_array().expect("retryHistory");
        assert_eq!(history.len(), 2, "{call}");
        for (i, entry) in history.iter().enumerate() {
            assert_eq!(entry["attempt"], i as u64 + 1);
            assert_eq!(entry["code"], "ServiceUnavailable");
            assert_eq!(entry["error"]["code"], "ServiceUnavailable");
            assert!(
                entry["startTime"].is_string() && entry["endTime"].is_string(),
                "{entry}"
            );
        }
        assert_eq!(find(&list, "After")["outputs"], json!(3));
        assert!(find(&list, "After").get("retryHistory").is_none());
    };
    with_app(backend, body).await;
}

async fn secured_data_is_never_returned_and_static_results_are_marked(backend: Backend) {
    let body = move |app: TestApp| async move {
        let actions = json!({
            "Secret": { "type": "Compose", "inputs": "s3cret-value", "runAfter": {},
                "runtimeConfiguration": { "secureData": { "properties": ["inputs"] } } },
            "Uses": { "type": "Compose", "inputs": { "length": "@length(outputs('Secret'))" }, "runAfter": { "Secret": ["Succeeded"] } },
            "Mocked": { "type": "Compose", "inputs": "real", "runAfter": { "Uses": ["Succeeded"] },
                "runtimeConfiguration": { "staticResult": { "name": "Mocked0", "staticResultOptions": "Enabled" } } }
        });
        let mut document = definition(actions);
        document["definition"]["staticResults"] =
            json!({ "Mocked0": { "status": "Succeeded", "outputs": "mocked" } });
        let list = run_and_list_actions(&app, "secure", document, json!({})).await;
        let marker = |p: &str| json!({ "$secureData": { "properties": [p] } });
        for name in ["Secret", "Uses"] {
            let a = find(&list, name);
            assert_eq!(
                (&a["inputs"], &a["outputs"]),
                (&marker("inputs"), &marker("outputs")),
                "{a}"
            );
        }
        assert!(!serde_json::to_string(&list).unwrap().contains("s3cret"));
        let mocked = find(&list, "Mocked");
        assert_eq!(
            (&mocked["outputs"], &mocked["executionMode"]),
            (&json!("mocked"), &json!("StaticResults"))
        );
        assert!(find(&list, "Secret").get("executionMode").is_none());
    };
    with_app(backend, body).await;
}

mod retry_history_lists_the_earlier_attempts {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::retry_history_lists_the_earlier_attempts(super::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::retry_history_lists_the_earlier_attempts(super::Backend::Postgres).await;
    }
}

mod secured_data_is_never_returned_and_static_results_are_marked {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::secured_data_is_never_returned_and_static_results_are_marked(super::Backend::Sqlite)
            .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::secured_data_is_never_returned_and_static_results_are_marked(
            super::Backend::Postgres,
        )
        .await;
    }
}

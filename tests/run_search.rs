//! Searching runs on SQLite and PostgreSQL: by the trigger's and actions' tracked properties
//! (`trackedProperties.{name}=value`, repeatable, values matched as text) and by client tracking
//! id, with paging that keeps the filters.

mod support;

use serde_json::json;
use std::time::Duration;
use support::*;

on_both_backends!(runs_are_found_by_tracked_properties_and_client_tracking_id);

async fn runs_are_found_by_tracked_properties_and_client_tracking_id(app: TestApp) {
    let definition = json!({
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "schema": {} },
            "trackedProperties": { "customer": "@triggerBody()?['customer']" } } },
        "actions": {
            "Price": { "type": "Compose", "runAfter": {}, "inputs": { "id": "@triggerBody()?['order']" },
                "trackedProperties": { "orderId": "@action()?['outputs']?['id']" } }
        },
        "outputs": {}
    });
    let put = call(&app.router, "PUT", "/api/workflows/shop", Some(definition)).await;
    assert!(put.status.is_success(), "{}", put.body);
    let mut ids = Vec::new();
    for (customer, order, tracking) in [("acme", 7, "t-1"), ("acme", 8, "t-2"), ("globex", 7, "t-3")] {
        let req = axum::http::Request::post("/api/workflows/shop/triggers/manual/invoke")
            .header("content-type", "application/json")
            .header("x-ms-client-tracking-id", tracking)
            .body(axum::body::Body::from(json!({ "customer": customer, "order": order }).to_string()))
            .unwrap();
        let answer = send(&app.router, req).await;
        assert_eq!(answer.status, 202, "{}", answer.body);
        ids.push(answer.headers["x-ms-workflow-run-id"].to_str().unwrap().to_string());
    }
    // Action tracked properties are written when the action ends: wait for the runs to finish.
    for id in &ids {
        for _ in 0..300 {
            let run = call(&app.router, "GET", &format!("/api/workflows/shop/runs/{id}"), None).await;
            if run.body["status"] == "Succeeded" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    let found = |query: String| {
        let router = app.router.clone();
        async move {
            let list = call(&router, "GET", &format!("/api/workflows/shop/runs?{query}"), None).await;
            assert_eq!(list.status, 200, "{}", list.body);
            let mut ids: Vec<String> =
                list.body["value"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
            ids.sort();
            (ids, list.body)
        }
    };
    let sorted = |v: &[&String]| {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(found("trackedProperties.customer=acme".into()).await.0, sorted(&[&ids[0], &ids[1]]));
    assert_eq!(found("trackedProperties.orderId=7".into()).await.0, sorted(&[&ids[0], &ids[2]]), "numbers match as text");
    assert_eq!(found("trackedProperties.customer=acme&trackedProperties.orderId=7".into()).await.0, vec![ids[0].clone()]);
    assert_eq!(found("clientTrackingId=t-3".into()).await.0, vec![ids[2].clone()]);
    assert!(found("trackedProperties.customer=initech".into()).await.0.is_empty());
    // Paging keeps the filters.
    let (first, body) = found("trackedProperties.customer=acme&top=1".into()).await;
    assert_eq!(first.len(), 1);
    let next = body["nextLink"].as_str().expect("a next page");
    assert!(next.contains("trackedProperties.customer=acme"), "{next}");
    let path = &next[next.find("/api/").unwrap()..];
    let second = call(&app.router, "GET", path, None).await;
    let second_ids: Vec<&str> = second.body["value"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(second_ids.len(), 1);
    assert_ne!(second_ids[0], first[0]);
}

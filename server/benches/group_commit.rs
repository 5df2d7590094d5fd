//! Runs/s of a 5-action webhook workflow with its history on SQLite, with group commit on (the
//! default: the journal writer commits every queued submission of all runs in one transaction)
//! and off (`FLOWLINE_GROUP_COMMIT=false`: one submission per transaction).
//!
//! `cargo bench -p flowline-server --bench group_commit` — env: `CLIENTS` (concurrent callers,
//! default 32), `SECONDS` (per mode, default 10), `MODES` (default `on,off`), `DATABASE_URL` (a
//! `postgres://` URL to measure PostgreSQL instead; default: a fresh SQLite file per mode).
//!
//! Each call goes through the whole stack in one process: the axum router (`Router::oneshot`, so
//! no TCP or HTTP parsing), the Request trigger, the engine, and the journal; the caller's answer
//! waits for the Response action's attempt to be committed, so commit latency is in the figures.
//! Prints runs/s and the p50/p99 latency of a call.

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use flowline_engine::{Engine, EngineConfig};
use flowline_server::AppState;
use flowline_server::config::ApiConfig;
use flowline_storage_sqlx::StoreOptions;
use serde_json::json;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Five actions: two variables, two Composes and the Response.
fn workflow() -> serde_json::Value {
    json!({
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "method": "POST" } } },
            "actions": {
                "Init_total": { "type": "InitializeVariable", "runAfter": {},
                    "inputs": { "variables": [{ "name": "total", "type": "float", "value": 0 }] } },
                "Set_total": { "type": "SetVariable", "runAfter": { "Init_total": ["Succeeded"] },
                    "inputs": { "name": "total", "value": "@mul(triggerBody()?['qty'], triggerBody()?['price'])" } },
                "Describe": { "type": "Compose", "runAfter": { "Set_total": ["Succeeded"] },
                    "inputs": "@{triggerBody()?['orderId']}: @{variables('total')}" },
                "Receipt": { "type": "Compose", "runAfter": { "Describe": ["Succeeded"] },
                    "inputs": { "orderId": "@triggerBody()?['orderId']", "text": "@outputs('Describe')" } },
                "Response": { "type": "Response", "kind": "Http", "runAfter": { "Receipt": ["Succeeded"] },
                    "inputs": { "statusCode": 200, "body": "@outputs('Receipt')" } }
            }
        },
        "kind": "Stateful"
    })
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let modes = std::env::var("MODES").unwrap_or_else(|_| "on,off".into());
        for mode in modes.split(',') {
            let group_commit = match mode.trim() {
                "on" => true,
                "off" => false,
                other => panic!("MODES: '{other}' is neither 'on' nor 'off'"),
            };
            bench(StoreOptions { group_commit }).await;
        }
    });
}

async fn bench(options: StoreOptions) {
    let clients = env_num("CLIENTS", 32) as usize;
    let seconds = env_num("SECONDS", 10);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let store = flowline_storage_sqlx::open_with(&url, options)
        .await
        .expect("open store");
    let engine = Engine::new(store.clone(), EngineConfig::default());
    let app = flowline_server::router(AppState::new(store.clone(), engine, ApiConfig::default()));
    let name = format!("webhook-{}", uuid::Uuid::new_v4().simple());
    let put = Request::put(format!("/api/workflows/{name}"))
        .body(Body::from(workflow().to_string()))
        .expect("request");
    assert!(
        app.clone()
            .oneshot(put)
            .await
            .expect("router answers")
            .status()
            .is_success()
    );
    let uri = format!("/api/workflows/{name}/triggers/manual/invoke");

    for i in 0..200 {
        call(&app, &uri, i).await;
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let (app, uri) = (app.clone(), uri.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = (c as u64) << 32;
                while Instant::now() < deadline {
                    latencies.push(call(&app, &uri, i).await);
                    i += 1;
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("client task"));
    }
    let elapsed = start.elapsed().as_secs_f64();
    store.close().await.expect("close store");
    latencies.sort();
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64()
            * 1e3
    };
    println!(
        "backend={} group_commit={} clients={clients} runs={} runs/s={:.0} p50={:.2}ms p99={:.2}ms",
        url.split(':').next().unwrap_or("?"),
        options.group_commit,
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
    );
}

/// One trigger call; returns its latency once the caller has the Response (checked).
async fn call(app: &Router, uri: &str, i: u64) -> Duration {
    let body = json!({ "orderId": format!("o-{i}"), "qty": 3, "price": 41.5 }).to_string();
    let req = Request::post(uri)
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("request");
    let t = Instant::now();
    let res = app.clone().oneshot(req).await.expect("router answers");
    assert_eq!(res.status(), 200, "the workflow's Response answers 200");
    t.elapsed()
}

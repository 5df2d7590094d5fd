//! Throughput of the whole stack in one process: Request trigger → engine → journal (group commit)
//! → SQLite file, with every action's inputs and outputs persisted and metered.
//!
//! `cargo bench -p flowline-server --bench throughput` (env: `CLIENTS` (default 8), `SECONDS`
//! (default 10), `DATABASE_URL` to use PostgreSQL). Prints runs/s, latency percentiles and the
//! number of action attempts written per second. Calls go through the axum router in-process
//! (`Router::oneshot`), so HTTP parsing is not included; the shared wrk harness measures that.

use axum::body::Body;
use axum::http::Request;
use flowline_engine::{Engine, EngineConfig};
use flowline_server::AppState;
use flowline_server::config::ApiConfig;
use serde_json::json;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn workflow() -> serde_json::Value {
    json!({
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "method": "POST" } } },
            "actions": {
                "Init_total": { "type": "InitializeVariable", "runAfter": {},
                    "inputs": { "variables": [{ "name": "total", "type": "float", "value": 0 }] } },
                "Init_discount": { "type": "InitializeVariable", "runAfter": { "Init_total": ["Succeeded"] },
                    "inputs": { "variables": [{ "name": "discount", "type": "float", "value": 0 }] } },
                "Set_total": { "type": "SetVariable", "runAfter": { "Init_discount": ["Succeeded"] },
                    "inputs": { "name": "total", "value": "@mul(triggerBody()?['qty'], triggerBody()?['price'])" } },
                "Is_large": { "type": "If", "runAfter": { "Set_total": ["Succeeded"] },
                    "expression": { "and": [{ "greater": ["@variables('total')", 100] }] },
                    "actions": { "Set_discount": { "type": "SetVariable", "runAfter": {},
                        "inputs": { "name": "discount", "value": 0.1 } } },
                    "else": { "actions": {} } },
                "Describe": { "type": "Compose", "runAfter": { "Is_large": ["Succeeded"] },
                    "inputs": "@{triggerBody()?['orderId']}: @{variables('total')}" },
                "Response": { "type": "Response", "kind": "Http", "runAfter": { "Describe": ["Succeeded"] },
                    "inputs": { "statusCode": 200, "body": { "orderId": "@triggerBody()?['orderId']",
                        "total": "@variables('total')", "discount": "@variables('discount')", "text": "@outputs('Describe')" } } }
            }
        },
        "kind": "Stateful"
    })
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    runtime.block_on(bench());
}

async fn bench() {
    let clients = env_num("CLIENTS", 8) as usize;
    let seconds = env_num("SECONDS", 10);
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let store = flowline_storage_sqlx::open(&url).await.expect("open store");
    let engine = Engine::new(store.clone(), EngineConfig::default());
    let app = flowline_server::router(AppState::new(store.clone(), engine, ApiConfig::default()));

    let put = Request::put("/api/workflows/order").body(Body::from(workflow().to_string())).unwrap();
    assert!(app.clone().oneshot(put).await.unwrap().status().is_success());

    let call = |app: axum::Router, i: u64| async move {
        let body = json!({ "orderId": format!("o-{i}"), "qty": 3, "price": 41.5 }).to_string();
        let req = Request::post("/api/workflows/order/triggers/manual/invoke")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        let t = Instant::now();
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.status(), 200);
        t.elapsed()
    };
    // Warm-up.
    for i in 0..200 {
        call(app.clone(), i).await;
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut i = (c as u64) << 32;
            while Instant::now() < deadline {
                lat.push(call(app.clone(), i).await);
                i += 1;
            }
            lat
        }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let runs = latencies.len() as f64;
    store.close().await.unwrap();
    println!(
        "backend={} clients={clients} runs={} runs/s={:.0} attempts/s={:.0} p50={:.2}ms p99={:.2}ms",
        url.split(':').next().unwrap_or("?"),
        latencies.len(),
        runs / elapsed,
        runs * 7.0 / elapsed,
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
    );
}

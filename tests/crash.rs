//! Crash test: the real `flowline` binary is killed with SIGKILL at random moments while it runs
//! workflows that mix Http calls, a parallel Foreach of Http calls, a sequential loop of variable
//! increments and a Wait, then restarted. When every run has finished:
//! - no run is lost (every run a caller got `202` for exists) and none is stuck or failed, and each
//!   one's variable total is exact (restored variables are neither lost nor applied twice);
//! - no completed action ran twice: the local HTTP server counts calls per
//!   `x-flowline-idempotency-key`, echoes the count, and the count recorded in each action's
//!   outputs is the last call made with that key (a call after the recorded one would be a second
//!   execution of a completed action);
//! - every call the server saw belongs to a recorded action;
//! - meter rows equal recorded attempts (one per trigger, one per finished attempt).
//!
//! On SQLite one process is killed and restarted 50 times. On PostgreSQL two processes share the
//! database with a 2 s lease; one of them is killed (and restarted) 50 times while the other keeps
//! running and takes over the victim's runs.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use flowline_storage::{Status, Store, attempt_key};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_flowline");
const KILLS: usize = 50;
const ITEMS: i64 = 5;

/// Calls per idempotency key.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<HashMap<String, u64>>>);

async fn call(State(calls): State<Calls>, headers: HeaderMap) -> (axum::http::StatusCode, axum::Json<Value>) {
    let Some(key) = headers.get("x-flowline-idempotency-key").and_then(|k| k.to_str().ok()) else {
        return (axum::http::StatusCode::BAD_REQUEST, axum::Json(json!({ "error": "no idempotency key" })));
    };
    let n = {
        let mut map = calls.0.lock().unwrap();
        let n = map.entry(key.to_string()).or_default();
        *n += 1;
        *n
    };
    // Long enough for kills to land while calls are in flight.
    tokio::time::sleep(Duration::from_millis(40)).await;
    (axum::http::StatusCode::OK, axum::Json(json!({ "key": key, "call": n })))
}

async fn start_counter() -> (String, Calls) {
    let calls = Calls::default();
    let app = Router::new().route("/call", post(call)).with_state(calls.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), calls)
}

fn workflow() -> Value {
    let call = |body: Value| json!({ "method": "POST", "uri": "@{triggerBody()?['server']}/call", "body": body });
    json!({
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "schema": {} } } },
        "actions": {
            "Init": { "type": "InitializeVariable", "runAfter": {},
                "inputs": { "variables": [{ "name": "count", "type": "integer", "value": 0 }] } },
            "First": { "type": "Http", "runAfter": { "Init": ["Succeeded"] }, "inputs": call(json!({ "step": "first" })) },
            "Each": { "type": "Foreach", "runAfter": { "First": ["Succeeded"] }, "foreach": "@range(0, 5)",
                "actions": { "Call": { "type": "Http", "runAfter": {}, "inputs": call(json!({ "item": "@item()" })) } } },
            "Count": { "type": "Foreach", "runAfter": { "Each": ["Succeeded"] }, "foreach": "@range(0, 5)",
                "operationOptions": "Sequential",
                "actions": { "Bump": { "type": "IncrementVariable", "runAfter": {}, "inputs": { "name": "count", "value": 1 } } } },
            "Pause": { "type": "Wait", "runAfter": { "Count": ["Succeeded"] },
                "inputs": { "interval": { "count": 1, "unit": "Second" } } },
            "Last": { "type": "Http", "runAfter": { "Pause": ["Succeeded"] }, "inputs": call(json!({ "count": "@variables('count')" })) }
        },
        "outputs": { "count": { "type": "Int", "value": "@variables('count')" } }
    })
}

struct Node {
    child: Child,
    base: String,
}

impl Node {
    fn kill(mut self) {
        let _ = self.child.kill(); // SIGKILL
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_node(data_dir: &std::path::Path, database_url: &str) -> Node {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data_dir)
        .env("FLOWLINE_DATABASE_URL", database_url)
        .env("FLOWLINE_LEASE_TTL", "PT2S")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start flowline");
    let node = Node { child, base: format!("http://127.0.0.1:{port}") };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client.get(format!("{}/healthz", node.base)).send().await
            && r.status().is_success()
        {
            return node;
        }
        assert!(Instant::now() < deadline, "flowline did not become healthy within 30 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Fires one run; its id when the caller got `202`.
async fn fire(client: &reqwest::Client, node: &Node, server: &str) -> Option<String> {
    let cb: Value = client
        .post(format!("{}/api/workflows/crash/triggers/manual/listCallbackUrl", node.base))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let url = cb["value"].as_str()?.to_string();
    let answer = client.post(&url).json(&json!({ "server": server })).send().await.ok()?;
    (answer.status() == 202).then(|| answer.headers()["x-ms-workflow-run-id"].to_str().unwrap().to_string())
}

/// A pseudo-random number in `0..n` (no RNG crate needed for this).
fn random(n: u64) -> u64 {
    (uuid::Uuid::new_v4().as_u128() % u128::from(n)) as u64
}

/// Waits until no run of the workflow is in progress (resumed runs finish).
async fn wait_all_finished(store: &dyn Store, started: &[String]) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let unfinished = store.list_unfinished_runs().await.unwrap();
        if unfinished.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} runs still unfinished after 120 s: {:?}",
            unfinished.len(),
            unfinished.iter().map(|r| &r.id).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for id in started {
        assert!(store.get_run("crash", id).await.unwrap().is_some(), "run {id} got 202 but was lost");
    }
}

/// The assertions of the module docs, over every run in the database.
async fn check(store: &dyn Store, calls: &Calls) {
    let mut query = flowline_storage::RunQuery { top: 1000, ..Default::default() };
    let mut runs = Vec::new();
    loop {
        let page = store.list_runs("crash", &query).await.unwrap();
        runs.extend(page.items);
        match page.continuation {
            Some(token) => query.continuation = Some(token),
            None => break,
        }
    }
    assert!(!runs.is_empty());
    let calls = calls.0.lock().unwrap().clone();
    let mut recorded_keys = HashSet::new();
    for run in &runs {
        let attempts = store.list_action_attempts(&run.id).await.unwrap();
        let failed: Vec<_> = attempts
            .iter()
            .filter(|a| a.status != Status::Succeeded)
            .map(|a| (&a.action, &a.repetition, a.attempt, a.status, &a.error))
            .collect();
        assert_eq!(run.status, Status::Succeeded, "run {} ended {:?}; unsuccessful attempts: {failed:?}", run.id, run.code);
        assert_eq!(run.outputs.as_ref().unwrap()["count"]["value"], json!(ITEMS), "run {}: variable total", run.id);
        assert!(attempts.iter().all(|a| a.status != Status::Running), "run {}: an attempt left Running", run.id);
        let http: Vec<_> = attempts.iter().filter(|a| matches!(a.action.as_str(), "First" | "Call" | "Last")).collect();
        assert_eq!(http.len(), 2 + ITEMS as usize, "run {}: one record per Http action and item", run.id);
        for a in http {
            assert_eq!(a.status, Status::Succeeded, "run {} action {}: {:?}", run.id, a.action, a.error);
            let body = &a.outputs.as_ref().unwrap()["body"];
            let key = body["key"].as_str().unwrap().to_string();
            let made = calls.get(&key).copied().unwrap_or(0);
            assert_eq!(
                body["call"].as_u64().unwrap(),
                made,
                "run {} action {} {:?}: the server got {made} calls with its key; the recorded one must be the last",
                run.id,
                a.action,
                a.repetition
            );
            assert!(recorded_keys.insert(key), "one key per action execution");
        }
        // Meters: the trigger, and one per finished attempt (Skipped ones are not billed).
        let mut expected: HashSet<String> = attempts
            .iter()
            .filter(|a| a.status != Status::Skipped)
            .map(|a| attempt_key(&a.run_id, &a.action, &a.repetition, a.attempt))
            .collect();
        expected.insert(format!("trigger/{}", run.id));
        let meters: Vec<String> = store.list_run_meters(&run.id).await.unwrap().into_iter().map(|m| m.key).collect();
        let metered: HashSet<String> = meters.iter().cloned().collect();
        assert_eq!(meters.len(), metered.len(), "run {}: a meter counted twice", run.id);
        assert_eq!(metered, expected, "run {}: meters == recorded attempts", run.id);
    }
    let orphans: Vec<&String> = calls.keys().filter(|k| !recorded_keys.contains(*k)).collect();
    assert!(orphans.is_empty(), "calls that belong to no recorded action: {orphans:?}");
    let repeats = calls.values().filter(|n| **n > 1).count();
    eprintln!(
        "crash test: {} runs, {} keys, {repeats} re-attempted after a kill (same key), all exact",
        runs.len(),
        calls.len()
    );
}

async fn deploy(client: &reqwest::Client, node: &Node) {
    let put = client.put(format!("{}/api/workflows/crash", node.base)).json(&workflow()).send().await.unwrap();
    assert!(put.status().is_success(), "deploy: {}", put.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_fifty_kills_without_losing_or_repeating_work() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (server, calls) = start_counter().await;
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", data.path().join("flowline.db").display());
    let client = reqwest::Client::new();
    let mut started = Vec::new();
    for round in 0..KILLS {
        let node = start_node(data.path(), &url).await;
        if round == 0 {
            deploy(&client, &node).await;
        }
        for _ in 0..2 {
            started.extend(fire(&client, &node, &server).await);
        }
        tokio::time::sleep(Duration::from_millis(50 + random(600))).await;
        node.kill();
    }
    // The last start resumes what is left and runs it to the end.
    let node = start_node(data.path(), &url).await;
    let store = flowline_storage_sqlx::open(&url).await.unwrap();
    wait_all_finished(&*store, &started).await;
    node.kill();
    check(&*store, &calls).await;
    store.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_nodes_take_over_from_a_killed_one() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let admin_url = std::env::var("FLOWLINE_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    use sqlx::Connection;
    let mut admin = match sqlx::postgres::PgConnection::connect(&admin_url).await {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_some() => panic!("PostgreSQL at {admin_url} is unreachable in CI: {e}"),
        Err(e) => {
            eprintln!("SKIPPED: PostgreSQL at {admin_url} is unreachable ({e})");
            return;
        }
    };
    let name = format!("flowline_crash_{}", uuid::Uuid::new_v4().simple());
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
    let url = match admin_url.rfind('/') {
        Some(i) => format!("{}/{name}", &admin_url[..i]),
        None => panic!("FLOWLINE_TEST_POSTGRES_URL has no database part"),
    };
    let outcome = tokio::spawn(async move {
        let (server, calls) = start_counter().await;
        let data = tempfile::tempdir().unwrap();
        let client = reqwest::Client::new();
        let survivor = start_node(data.path(), &url).await;
        deploy(&client, &survivor).await;
        let mut started = Vec::new();
        for _ in 0..KILLS {
            let victim = start_node(data.path(), &url).await;
            for _ in 0..2 {
                started.extend(fire(&client, &victim, &server).await);
            }
            started.extend(fire(&client, &survivor, &server).await);
            tokio::time::sleep(Duration::from_millis(50 + random(500))).await;
            victim.kill();
        }
        // The survivor takes over the victims' runs once their 2 s leases lapse.
        let store = flowline_storage_sqlx::open(&url).await.unwrap();
        wait_all_finished(&*store, &started).await;
        survivor.kill();
        check(&*store, &calls).await;
        store.close().await.unwrap();
    })
    .await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut admin).await.unwrap();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

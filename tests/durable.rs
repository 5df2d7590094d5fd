//! Durable execution and run operations, in process over real databases: a day-long Wait that
//! survives a restart (with a clock moved a day on), takeover of a run whose node stopped renewing
//! its lease (the stale node's writes are fenced off), a cancel that reaches the node driving the
//! run, and resubmitting a run — whole, or from an action with the earlier results reused.

mod support;

use chrono::{DateTime, Duration as TimeDelta, Utc};
use flowline_engine::{Clock, Engine, EngineConfig, PreparedWorkflow, TriggerInvocation};
use flowline_storage::{NewWorkflowVersion, RunRecord, Status, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{TestApp, call};

on_both_backends!(
    resubmit_from_an_action_reuses_the_results_before_it,
    resubmit_from_an_action_explains_when_it_is_not_possible,
    a_stale_node_is_fenced_off_after_another_takes_its_run_over,
    a_cancel_reaches_the_node_that_drives_the_run,
    stateless_runs_keep_no_history_but_are_metered,
    a_run_reclaimed_by_its_own_node_is_resumed_under_the_new_lease,
);

/// A clock tests move by hand.
struct ManualClock(Mutex<DateTime<Utc>>);

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// A local server counting `POST /call` per idempotency key and echoing the count.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<HashMap<String, u64>>>);

impl Calls {
    fn total(&self) -> u64 {
        self.0.lock().unwrap().values().sum()
    }
}

async fn counter() -> (String, Calls) {
    use axum::extract::State;
    let calls = Calls::default();
    let app = axum::Router::new()
        .route(
            "/call",
            axum::routing::post(|State(c): State<Calls>, headers: axum::http::HeaderMap| async move {
                let key = headers.get("x-flowline-idempotency-key").and_then(|k| k.to_str().ok()).unwrap_or("none").to_string();
                let mut map = c.0.lock().unwrap();
                let n = map.entry(key.clone()).or_default();
                *n += 1;
                axum::Json(json!({ "key": key, "call": *n }))
            }),
        )
        .with_state(calls.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), calls)
}

fn definition(actions: Value) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "schema": {} } } },
        "actions": actions,
        "outputs": {}
    })
}

fn http_call(run_after: Value) -> Value {
    json!({ "type": "Http", "runAfter": run_after,
        "inputs": { "method": "POST", "uri": "@{triggerBody()?['server']}/call" } })
}

async fn wait_finished(store: &dyn Store, workflow: &str, run_id: &str) -> RunRecord {
    for _ in 0..500 {
        if let Some(run) = store.get_run(workflow, run_id).await.unwrap()
            && run.status.is_terminal()
        {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("run {run_id} did not finish");
}

async fn put(app: &TestApp, name: &str, doc: Value) {
    let answer = call(&app.router, "PUT", &format!("/api/workflows/{name}"), Some(doc)).await;
    assert!(answer.status.is_success(), "{:?}", answer.body);
}

async fn run_now(app: &TestApp, name: &str, body: Value) -> String {
    let answer = call(&app.router, "POST", &format!("/api/workflows/{name}/triggers/manual/run"), Some(body)).await;
    assert_eq!(answer.status, 202, "{:?}", answer.body);
    answer.body["runId"].as_str().unwrap().to_string()
}

async fn resubmit_from_an_action_reuses_the_results_before_it(app: TestApp) {
    let (server, calls) = counter().await;
    put(
        &app,
        "orders",
        definition(json!({
            "Init": { "type": "InitializeVariable", "runAfter": {},
                "inputs": { "variables": [{ "name": "count", "type": "integer", "value": 0 }] } },
            "First": http_call(json!({ "Init": ["Succeeded"] })),
            "Bump": { "type": "IncrementVariable", "runAfter": { "First": ["Succeeded"] },
                "inputs": { "name": "count", "value": 5 } },
            "Use": { "type": "Compose", "runAfter": { "Bump": ["Succeeded"] },
                "inputs": "@{body('First')['call']}-@{variables('count')}" },
            "Last": http_call(json!({ "Use": ["Succeeded"] }))
        })),
    )
    .await;
    let store = app.state.store.clone();
    let original = run_now(&app, "orders", json!({ "server": server })).await;
    let original_run = wait_finished(&*store, "orders", &original).await;
    assert_eq!(original_run.status, Status::Succeeded);
    assert_eq!(calls.total(), 2);

    let answer = call(&app.router, "POST", &format!("/api/workflows/orders/runs/{original}/actions/use/resubmit"), None).await;
    assert_eq!(answer.status, 202, "{:?}", answer.body);
    let resubmitted = answer.body["runId"].as_str().unwrap().to_string();
    assert_ne!(resubmitted, original);
    let run = wait_finished(&*store, "orders", &resubmitted).await;
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.error);
    assert_eq!(run.trigger["resubmittedFrom"], json!({ "runId": original, "action": "Use" }));
    assert_eq!(run.trigger["outputs"], original_run.trigger["outputs"], "same trigger outputs");

    let attempts = store.list_action_attempts(&resubmitted).await.unwrap();
    let by_name: HashMap<&str, &flowline_storage::ActionAttemptRecord> = attempts.iter().map(|a| (a.action.as_str(), a)).collect();
    for reused in ["Init", "First", "Bump"] {
        assert_eq!(by_name[reused].code.as_deref(), Some("ResubmittedResults"), "{reused}");
        assert_eq!(by_name[reused].status, Status::Succeeded);
    }
    // The reused First result (call 1) and the restored variable (5, not 10): nothing ran twice.
    assert_eq!(by_name["Use"].outputs, Some(json!("1-5")));
    assert_ne!(by_name["Use"].code.as_deref(), Some("ResubmittedResults"));
    assert_eq!(calls.total(), 3, "only Last called again");
    // Billing: the trigger and the two actions that ran; reused results are not billed again.
    let mut meters: Vec<String> = store.list_run_meters(&resubmitted).await.unwrap().into_iter().map(|m| m.operation).collect();
    meters.sort();
    assert_eq!(meters, ["Last", "Use", "manual"]);

    // A whole-run resubmit runs everything again with the same trigger outputs.
    let answer = call(&app.router, "POST", &format!("/api/workflows/orders/runs/{original}/resubmit"), None).await;
    assert_eq!(answer.status, 202, "{:?}", answer.body);
    let again = wait_finished(&*store, "orders", answer.body["runId"].as_str().unwrap()).await;
    assert_eq!(again.status, Status::Succeeded);
    assert_eq!(again.trigger["resubmittedFrom"], json!({ "runId": original }));
    assert_eq!(calls.total(), 5);
}

async fn resubmit_from_an_action_explains_when_it_is_not_possible(app: TestApp) {
    put(
        &app,
        "fanout",
        definition(json!({
            "A": { "type": "Compose", "runAfter": {}, "inputs": "a" },
            "B": { "type": "Compose", "runAfter": {}, "inputs": "b" },
            "Scope": { "type": "Scope", "runAfter": { "A": ["Succeeded"], "B": ["Succeeded"] },
                "actions": { "Inner": { "type": "Compose", "runAfter": {}, "inputs": 1 } } }
        })),
    )
    .await;
    let run = run_now(&app, "fanout", json!({})).await;
    wait_finished(&*app.state.store, "fanout", &run).await;
    let refused = call(&app.router, "POST", &format!("/api/workflows/fanout/runs/{run}/actions/A/resubmit"), None).await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.body["code"], "ResubmitFromActionNotSupported");
    let message = refused.body["message"].as_str().unwrap();
    assert!(message.contains("'B' runs in parallel"), "{message}");
    let nested = call(&app.router, "POST", &format!("/api/workflows/fanout/runs/{run}/actions/Inner/resubmit"), None).await;
    assert_eq!(nested.status, 409);
    assert!(nested.body["message"].as_str().unwrap().contains("no top-level action named 'Inner'"));
    // After both parallel branches, resubmitting is fine: both are reused.
    let ok = call(&app.router, "POST", &format!("/api/workflows/fanout/runs/{run}/actions/Scope/resubmit"), None).await;
    assert_eq!(ok.status, 202, "{:?}", ok.body);
    let missing = call(&app.router, "POST", "/api/workflows/fanout/runs/NOPE/resubmit", None).await;
    assert_eq!(missing.status, 404);
}

/// Saves a workflow straight into the store and prepares it (for engine-level tests).
async fn deploy(store: &dyn Store, name: &str, doc: Value) -> Arc<PreparedWorkflow> {
    let (_, version) = store.save_workflow(NewWorkflowVersion { name: name.into(), document: doc, at: Utc::now() }).await.unwrap();
    let (prepared, _) = PreparedWorkflow::prepare(name, version.version, &version.document).unwrap();
    Arc::new(prepared)
}

fn invocation() -> TriggerInvocation {
    TriggerInvocation { trigger: "manual".into(), outputs: json!({ "headers": {}, "body": {} }), ..TriggerInvocation::default() }
}

fn config(node: &str, lease_ttl: Duration) -> EngineConfig {
    EngineConfig { node_id: node.into(), lease_ttl, ..EngineConfig::default() }
}

/// Waits until the run's action has a recorded attempt (any status).
async fn wait_recorded(store: &dyn Store, run_id: &str, action: &str) {
    for _ in 0..500 {
        if store.list_action_attempts(run_id).await.unwrap().iter().any(|a| a.action == action) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{action} of {run_id} was never recorded");
}

async fn a_stale_node_is_fenced_off_after_another_takes_its_run_over(app: TestApp) {
    let store = app.state.store.clone();
    let wf = deploy(
        &*store,
        "slow",
        definition(json!({
            "Pause": { "type": "Wait", "runAfter": {}, "inputs": { "interval": { "count": 2, "unit": "Second" } } },
            "Done": { "type": "Compose", "runAfter": { "Pause": ["Succeeded"] }, "inputs": "done" }
        })),
    )
    .await;
    // Node A starts the run with a 1 s lease and never renews it (as if it stalled).
    let a = Engine::new(store.clone(), config("node-a", Duration::from_secs(1)));
    let started = a.start_run(wf, invocation()).unwrap();
    started.accepted.await.unwrap();
    wait_recorded(&*store, &started.id, "Pause").await;
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    // Node B finds the lapsed lease, takes the run over and resumes the Wait where it stood.
    let b = Engine::new(store.clone(), config("node-b", Duration::from_secs(30)));
    b.keep_leases().await.unwrap();
    let run = wait_finished(&*store, "slow", &started.id).await;
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.error);
    // A's own attempt to finish the Wait and the run was refused: one record each, one meter each.
    let _ = tokio::time::timeout(Duration::from_secs(5), started.finished).await;
    let attempts = store.list_action_attempts(&started.id).await.unwrap();
    assert_eq!(attempts.iter().filter(|x| x.action == "Pause").count(), 1);
    assert_eq!(attempts.iter().filter(|x| x.action == "Done").count(), 1);
    let meters = store.list_run_meters(&started.id).await.unwrap();
    assert_eq!(meters.len(), 3, "trigger, Pause, Done: {meters:?}");
    // A notices at its next renewal that it no longer holds the run.
    a.keep_leases().await.unwrap();
    assert_eq!(a.active_runs(), 0);
}

async fn a_cancel_reaches_the_node_that_drives_the_run(app: TestApp) {
    let store = app.state.store.clone();
    let wf = deploy(
        &*store,
        "long",
        definition(json!({
            "Pause": { "type": "Wait", "runAfter": {}, "inputs": { "interval": { "count": 1, "unit": "Hour" } } },
            "Never": { "type": "Compose", "runAfter": { "Pause": ["Succeeded"] }, "inputs": 1 }
        })),
    )
    .await;
    let owner = Engine::new(store.clone(), config("owner", Duration::from_secs(30)));
    let other = Engine::new(store.clone(), config("other", Duration::from_secs(30)));
    let started = owner.start_run(wf, invocation()).unwrap();
    started.accepted.await.unwrap();
    wait_recorded(&*store, &started.id, "Pause").await;
    assert!(other.request_cancel(&started.id).await.unwrap(), "the request is stored for the owner");
    owner.keep_leases().await.unwrap();
    let run = wait_finished(&*store, "long", &started.id).await;
    assert_eq!(run.status, Status::Cancelled);
    let attempts = store.list_action_attempts(&started.id).await.unwrap();
    let never = attempts.iter().find(|a| a.action == "Never").unwrap();
    assert_eq!(never.status, Status::Skipped);
    assert!(!other.request_cancel(&started.id).await.unwrap(), "a finished run cannot be cancelled");
}

/// A run waiting a day is left by a stopping node and finished by the next start a day later —
/// without anyone waiting a day: the clock is moved on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_long_wait_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("flowline.db").display());
    let t0 = Utc::now();
    let store = flowline_storage_sqlx::open(&url).await.unwrap();
    let wf = deploy(
        &*store,
        "daily",
        definition(json!({
            "Pause": { "type": "Wait", "runAfter": {}, "inputs": { "interval": { "count": 1, "unit": "Day" } } },
            "Done": { "type": "Compose", "runAfter": { "Pause": ["Succeeded"] }, "inputs": "@{utcNow()}" }
        })),
    )
    .await;
    let clock = Arc::new(ManualClock(Mutex::new(t0)));
    let engine = Engine::with_clock(store.clone(), EngineConfig::default(), clock.clone());
    let started = engine.start_run(wf, invocation()).unwrap();
    started.accepted.await.unwrap();
    wait_recorded(&*store, &started.id, "Pause").await;
    // A graceful stop: no grace left, the run is left to be resumed (not cancelled).
    engine.drain(Duration::ZERO).await;
    store.close().await.unwrap();
    drop(engine);

    let store = flowline_storage_sqlx::open(&url).await.unwrap();
    let run = store.get_run("daily", &started.id).await.unwrap().unwrap();
    assert_eq!(run.status, Status::Running, "left in progress, not cancelled");
    let later = Arc::new(ManualClock(Mutex::new(t0 + TimeDelta::days(1) + TimeDelta::seconds(1))));
    let engine = Engine::with_clock(store.clone(), EngineConfig::default(), later);
    assert_eq!(engine.recover().await.unwrap(), 1);
    let run = wait_finished(&*store, "daily", &started.id).await;
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.error);
    let attempts = store.list_action_attempts(&started.id).await.unwrap();
    let pause = attempts.iter().find(|a| a.action == "Pause").unwrap();
    assert_eq!(pause.status, Status::Succeeded);
    assert_eq!(pause.start_time.timestamp_micros(), t0.timestamp_micros(), "the Wait kept its start");
    assert_eq!(pause.attempt, 1);
    store.close().await.unwrap();
}

async fn stateless_runs_keep_no_history_but_are_metered(app: TestApp) {
    let doc = json!({
        "kind": "Stateless",
        "definition": definition(json!({
            "Double": { "type": "Compose", "runAfter": {}, "inputs": "@mul(triggerBody()['n'], 2)" },
            "Reply": { "type": "Response", "kind": "Http", "runAfter": { "Double": ["Succeeded"] },
                "inputs": { "statusCode": 200, "body": { "doubled": "@outputs('Double')" } } }
        }))
    });
    put(&app, "quick", doc).await;
    let cb = call(&app.router, "POST", "/api/workflows/quick/triggers/manual/listCallbackUrl", None).await;
    let url = cb.body["value"].as_str().unwrap();
    let path = &url[url.find("/api/").unwrap()..];
    let answer = call(&app.router, "POST", path, Some(json!({ "n": 21 }))).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body, json!({ "doubled": 42 }));
    let run_id = answer.headers["x-ms-workflow-run-id"].to_str().unwrap().to_string();
    let store = &app.state.store;
    // Meters land after the answer (not awaited): poll for the three of them.
    let mut operations = Vec::new();
    for _ in 0..200 {
        operations = store.list_run_meters(&run_id).await.unwrap().into_iter().map(|m| m.operation).collect();
        if operations.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    operations.sort();
    assert_eq!(operations, ["Double", "Reply", "manual"], "the trigger and each action are metered");
    assert!(store.get_run("quick", &run_id).await.unwrap().is_none(), "no run history");
    assert!(store.list_action_attempts(&run_id).await.unwrap().is_empty(), "no action history");
}

/// A Stateless run has no lease to renew: lease upkeep must leave it alone however long it runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stateless_run_outlives_the_lease_period() {
    let dir = tempfile::tempdir().unwrap();
    let store = flowline_storage_sqlx::open(&format!("sqlite://{}", dir.path().join("f.db").display())).await.unwrap();
    let doc = json!({
        "kind": "Stateless",
        "definition": definition(json!({
            "Pause": { "type": "Wait", "runAfter": {}, "inputs": { "interval": { "count": 2, "unit": "Second" } } },
            "Reply": { "type": "Response", "kind": "Http", "runAfter": { "Pause": ["Succeeded"] },
                "inputs": { "statusCode": 200, "body": "done" } }
        }))
    });
    let wf = deploy(&*store, "slow-stateless", doc).await;
    let engine = Engine::new(store.clone(), config("solo", Duration::from_millis(500)));
    let started = engine.start_run(wf, TriggerInvocation { caller_waits: true, ..invocation() }).unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    engine.keep_leases().await.unwrap();
    let response = tokio::time::timeout(Duration::from_secs(10), started.response).await.unwrap().expect("answered");
    assert_eq!(response.status_code, 200);
    assert_eq!(response.body, Some(json!("done")));
    store.close().await.unwrap();
}

/// A node whose renewal stalled finds its own lapsed run among the claimable ones: the run stops
/// and is resumed from its journal under the new lease (the Wait keeps its start), with every
/// action recorded and billed once.
async fn a_run_reclaimed_by_its_own_node_is_resumed_under_the_new_lease(app: TestApp) {
    let store = app.state.store.clone();
    let wf = deploy(
        &*store,
        "stalled",
        definition(json!({
            "Pause": { "type": "Wait", "runAfter": {}, "inputs": { "interval": { "count": 2, "unit": "Second" } } },
            "Done": { "type": "Compose", "runAfter": { "Pause": ["Succeeded"] }, "inputs": "done" }
        })),
    )
    .await;
    let engine = Engine::new(store.clone(), config("stalling", Duration::from_secs(1)));
    let started = engine.start_run(wf, invocation()).unwrap();
    started.accepted.await.unwrap();
    wait_recorded(&*store, &started.id, "Pause").await;
    // No renewal for longer than the lease: the run is claimable, and this node claims it.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert!(engine.recover().await.unwrap() >= 1);
    let run = wait_finished(&*store, "stalled", &started.id).await;
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.error);
    let attempts = store.list_action_attempts(&started.id).await.unwrap();
    let pauses: Vec<_> = attempts.iter().filter(|a| a.action == "Pause").collect();
    assert_eq!(pauses.len(), 1, "{attempts:?}");
    assert_eq!(pauses[0].status, Status::Succeeded);
    assert_eq!(attempts.iter().filter(|a| a.action == "Done").count(), 1);
    assert_eq!(store.list_run_meters(&started.id).await.unwrap().len(), 3, "trigger, Pause, Done");
}

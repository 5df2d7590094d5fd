//! Child workflow calls are made exactly once per calling attempt, on a real database (SQLite
//! file and a fresh PostgreSQL database): the same idempotency key, sent again through the
//! server's host, rejoins the child run it started — finished, still running, or resumed after a
//! crash — instead of starting another, and the caller gets that child's response every time.

mod support;

use flowline_engine::{
    ChildAnswer, ChildCall, Engine, EngineConfig, EngineHost, RunResponse, TriggerInvocation,
};
use flowline_server::AppState;
use flowline_server::config::ApiConfig;
use flowline_server::host::ServerHost;
use flowline_storage::{
    JournalEntry, MeterCategory, MeterRecord, RunRecord, Status, StorageError, Store,
    TriggerHistoryRecord,
};
use serde_json::{Map, Value, json};
use std::time::Duration;
use support::{TestApp, call};

crate::on_both_backends!(
    a_repeated_call_rejoins_the_child_it_started,
    a_repeated_call_waits_for_a_child_still_running,
    a_parent_redriven_after_a_crash_rejoins_its_resumed_child,
    a_second_child_for_the_same_call_is_never_created,
);

/// A workflow with a Request trigger and `actions`.
fn definition(actions: Value) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": { "manual": { "type": "Request", "kind": "Http" } },
        "actions": actions,
        "outputs": {}
    })
}

/// A child that waits `seconds`, then answers 200 with the body it was called with.
fn answering_child(seconds: u64) -> Value {
    definition(json!({
        "Pause": { "type": "Wait", "runAfter": {},
            "inputs": { "interval": { "count": seconds, "unit": "Second" } } },
        "Respond": { "type": "Response", "kind": "Http", "runAfter": { "Pause": ["Succeeded"] },
            "inputs": { "statusCode": 200, "body": { "got": "@triggerBody()" } } }
    }))
}

async fn deploy(app: &TestApp, name: &str, doc: Value) {
    let answer = call(
        &app.router,
        "PUT",
        &format!("/api/workflows/{name}"),
        Some(doc),
    )
    .await;
    assert!(
        answer.status.is_success(),
        "deploying {name}: {}",
        answer.body
    );
}

/// A call from a parent attempt with idempotency key `key`.
fn child_call(workflow: &str, key: &str, body: Value) -> ChildCall {
    ChildCall {
        workflow: workflow.into(),
        trigger: None,
        headers: Map::new(),
        body: Some(body),
        idempotency_key: key.into(),
    }
}

async fn runs_of(store: &dyn Store, workflow: &str) -> Vec<RunRecord> {
    store
        .list_runs(workflow, &Default::default())
        .await
        .unwrap()
        .items
}

/// Waits until `workflow` has a run and returns the first.
async fn first_run(store: &dyn Store, workflow: &str) -> RunRecord {
    for _ in 0..400 {
        if let Some(run) = runs_of(store, workflow).await.pop() {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{workflow} has no run");
}

async fn wait_finished(store: &dyn Store, workflow: &str, run_id: &str) -> RunRecord {
    for _ in 0..1_000 {
        if let Some(run) = store.get_run(workflow, run_id).await.unwrap()
            && run.status.is_terminal()
        {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("run {run_id} of {workflow} did not finish");
}

/// Waits until the run's action has a recorded attempt (a `Running` marker or final).
async fn wait_recorded(store: &dyn Store, run_id: &str, action: &str) {
    for _ in 0..500 {
        let attempts = store.list_action_attempts(run_id).await.unwrap();
        if attempts.iter().any(|a| a.action == action) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{action} of {run_id} was never recorded");
}

fn answered(answer: ChildAnswer) -> (String, RunResponse) {
    match answer {
        ChildAnswer::Response { run_id, response } => (run_id, response),
        other => panic!("expected the child's response, got {other:?}"),
    }
}

async fn a_repeated_call_rejoins_the_child_it_started(app: TestApp) {
    let store = &*app.state.store;
    deploy(&app, "answering", answering_child(0)).await;
    deploy(
        &app,
        "quiet",
        definition(json!({ "Note": { "type": "Compose", "runAfter": {}, "inputs": 1 } })),
    )
    .await;
    let host = ServerHost::new(&app.state);

    let first = host
        .call_workflow(child_call("answering", "PARENT-1-k1", json!({ "n": 1 })))
        .await
        .unwrap();
    // Re-driven: the same attempt calls again (its inputs re-evaluated) and gets the finished
    // child's recorded response, not a new run.
    let again = host
        .call_workflow(child_call("answering", "PARENT-1-k1", json!({ "n": 2 })))
        .await
        .unwrap();
    assert_eq!(again, first);
    let (child_id, response) = answered(first);
    assert_eq!(response.status_code, 200);
    assert_eq!(response.body, Some(json!({ "got": { "n": 1 } })));
    let runs = runs_of(store, "answering").await;
    assert_eq!(runs.len(), 1, "one child run: {runs:?}");
    assert_eq!(runs[0].id, child_id);

    // Another attempt (another key) is another call.
    let other = host
        .call_workflow(child_call("answering", "PARENT-1-k2", json!({ "n": 3 })))
        .await
        .unwrap();
    assert_ne!(answered(other).0, child_id);
    assert_eq!(runs_of(store, "answering").await.len(), 2);

    // Without a Response action: 202 with the same run, both times.
    let quiet = host
        .call_workflow(child_call("quiet", "PARENT-1-k3", json!({})))
        .await
        .unwrap();
    let ChildAnswer::Accepted { run_id } = &quiet else {
        panic!("expected 202, got {quiet:?}")
    };
    wait_finished(store, "quiet", run_id).await;
    let quiet_again = host
        .call_workflow(child_call("quiet", "PARENT-1-k3", json!({})))
        .await
        .unwrap();
    assert_eq!(quiet_again, quiet);
    assert_eq!(runs_of(store, "quiet").await.len(), 1);

    // A child disabled since it was started still answers the attempt that started it.
    call(
        &app.router,
        "POST",
        "/api/workflows/answering/disable",
        None,
    )
    .await;
    let disabled = host
        .call_workflow(child_call("answering", "PARENT-1-k1", json!({ "n": 4 })))
        .await
        .unwrap();
    assert_eq!(answered(disabled).0, child_id);
}

async fn a_repeated_call_waits_for_a_child_still_running(app: TestApp) {
    let store = app.state.store.clone();
    deploy(&app, "slow", answering_child(1)).await;
    let host = std::sync::Arc::new(ServerHost::new(&app.state));
    let original = tokio::spawn({
        let host = host.clone();
        async move {
            host.call_workflow(child_call("slow", "PARENT-2-k1", json!({ "n": 1 })))
                .await
        }
    });
    let child = first_run(&*store, "slow").await;
    wait_recorded(&*store, &child.id, "Pause").await;
    // The child is still waiting: the repeated call waits for the same child's Response.
    let repeated = host
        .call_workflow(child_call("slow", "PARENT-2-k1", json!({ "n": 2 })))
        .await
        .unwrap();
    let original = original.await.unwrap().unwrap();
    assert_eq!(repeated, original);
    let (run_id, response) = answered(repeated);
    assert_eq!(run_id, child.id);
    assert_eq!(response.body, Some(json!({ "got": { "n": 1 } })));
    assert_eq!(runs_of(&*store, "slow").await.len(), 1);
}

async fn a_parent_redriven_after_a_crash_rejoins_its_resumed_child(app: TestApp) {
    let store = app.state.store.clone();
    deploy(&app, "slow-child", answering_child(2)).await;
    deploy(
        &app,
        "parent",
        definition(json!({
            "Call": { "type": "Workflow", "runAfter": {},
                "inputs": { "host": { "workflow": { "id": "slow-child" } }, "body": { "order": 7 } } },
            "Done": { "type": "Compose", "runAfter": { "Call": ["Succeeded"] },
                "inputs": { "status": "@outputs('Call')?['statusCode']", "body": "@body('Call')" } }
        })),
    )
    .await;
    // Node A (with its own host) starts the parent, whose Call starts the child.
    let config = EngineConfig {
        node_id: "node-a".into(),
        ..EngineConfig::default()
    };
    let node_a = Engine::new(store.clone(), config);
    let state_a = AppState::new(store.clone(), node_a.clone(), ApiConfig::default());
    let parent = state_a.prepared("parent", 1).await.unwrap();
    let invocation = TriggerInvocation {
        trigger: "manual".into(),
        outputs: json!({ "headers": {}, "body": {} }),
        ..TriggerInvocation::default()
    };
    let started = node_a.start_run(parent, invocation).unwrap();
    started.accepted.await.unwrap();
    let child = first_run(&*store, "slow-child").await;
    wait_recorded(&*store, &child.id, "Pause").await;
    // Node A goes away mid-call: both runs are left in progress, the Call with only its marker.
    node_a.drain(Duration::ZERO).await;
    let attempts = store.list_action_attempts(&started.id).await.unwrap();
    let marker: Vec<_> = attempts.iter().filter(|a| a.action == "Call").collect();
    assert_eq!(marker.len(), 1);
    assert_eq!(marker[0].status, Status::Running, "{marker:?}");

    // Node B resumes both: the Call runs again with the same key and rejoins the child, which
    // answers from its resumed run (no caller waits on it any more: its attempt holds the answer).
    app.state.engine.recover().await.unwrap();
    let parent_run = wait_finished(&*store, "parent", &started.id).await;
    assert_eq!(
        parent_run.status,
        Status::Succeeded,
        "{:?}",
        parent_run.error
    );
    let children = runs_of(&*store, "slow-child").await;
    assert_eq!(children.len(), 1, "one child run: {children:?}");
    assert_eq!(
        wait_finished(&*store, "slow-child", &child.id).await.status,
        Status::Succeeded
    );
    let attempts = store.list_action_attempts(&started.id).await.unwrap();
    let find = |name: &str| attempts.iter().find(|a| a.action == name).unwrap();
    let call_outputs = find("Call").outputs.clone().unwrap();
    assert_eq!(
        call_outputs["headers"]["x-ms-workflow-run-id"],
        json!(child.id)
    );
    assert_eq!(
        find("Done").outputs,
        Some(json!({ "status": 200, "body": { "got": { "order": 7 } } }))
    );
}

/// The entries that create `run` as the child of parent call `key`, as the engine submits them.
fn child_creation(run: &RunRecord, key: &str) -> Vec<JournalEntry> {
    let history = TriggerHistoryRecord {
        id: run.id.clone(),
        workflow: run.workflow.clone(),
        trigger: "manual".into(),
        status: Status::Succeeded,
        code: Some("OK".into()),
        fired: true,
        run_id: Some(run.id.clone()),
        inputs: None,
        outputs: None,
        error: None,
        start_time: run.start_time,
        end_time: Some(run.start_time),
    };
    let meter = MeterRecord {
        key: format!("trigger/{}", run.id),
        workflow: run.workflow.clone(),
        run_id: Some(run.id.clone()),
        operation: "manual".into(),
        category: MeterCategory::Trigger,
        units: 1,
        at: run.start_time,
    };
    vec![
        JournalEntry::TriggerFired {
            history,
            run: Some(run.clone()),
            meter,
        },
        JournalEntry::ChildRunStarted {
            workflow: run.workflow.clone(),
            key: key.into(),
            run_id: run.id.clone(),
        },
    ]
}

async fn a_second_child_for_the_same_call_is_never_created(app: TestApp) {
    let store = &*app.state.store;
    deploy(&app, "answering", answering_child(0)).await;
    let host = ServerHost::new(&app.state);
    let (child_id, _) = answered(
        host.call_workflow(child_call("answering", "PARENT-3-k1", json!({})))
            .await
            .unwrap(),
    );
    let child = store
        .get_run("answering", &child_id)
        .await
        .unwrap()
        .unwrap();
    // Another node re-driving the same attempt at the same moment would create a second child:
    // its creation is refused as a whole, and the key still finds the first child.
    let second = RunRecord {
        id: "SECOND-CHILD".into(),
        response: None,
        ..child.clone()
    };
    let refused = store
        .journal()
        .submit(child_creation(&second, "PARENT-3-k1"))
        .await;
    assert!(
        matches!(refused, Err(StorageError::Conflict(_))),
        "{refused:?}"
    );
    assert_eq!(
        store.get_run("answering", "SECOND-CHILD").await.unwrap(),
        None
    );
    let linked = store
        .find_child_run("answering", "PARENT-3-k1")
        .await
        .unwrap();
    assert_eq!(linked.map(|r| r.id), Some(child_id.clone()));
    // The same creation journaled again (a replay) changes nothing.
    let replayed = store
        .journal()
        .submit(child_creation(&child, "PARENT-3-k1"))
        .await;
    assert!(replayed.is_ok(), "{replayed:?}");
    assert_eq!(runs_of(store, "answering").await.len(), 1);
    // The key belongs to its workflow: another workflow's child may use it.
    assert_eq!(
        store.find_child_run("other", "PARENT-3-k1").await.unwrap(),
        None
    );
}

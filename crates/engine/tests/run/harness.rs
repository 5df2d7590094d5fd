//! Test harness: workflow builders, a fresh engine over a SQLite file, and a loopback HTTP server.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use flowline_engine::{Engine, EngineConfig, PreparedWorkflow, RunOutcome, StartedRun, TriggerInvocation};
use flowline_storage::{ActionAttemptRecord, MeterRecord, NewWorkflowVersion, RunRecord, Status, Store};
use serde_json::{Map, Value, json};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{Barrier, Notify};

/// Awaits `fut`, failing the test if it takes longer than `secs` seconds.
pub async fn within<T>(secs: u64, what: &str, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {secs} s"))
}

/// One action of a test workflow.
pub struct Action(Value);

impl Action {
    fn new(kind: &str, inputs: Value) -> Self {
        Action(json!({ "type": kind, "inputs": inputs, "runAfter": {} }))
    }

    /// Runs after `pred` Succeeded.
    pub fn after(self, pred: &str) -> Self {
        self.after_status(pred, &["Succeeded"])
    }

    /// Runs after `pred` ended with one of `statuses`.
    pub fn after_status(mut self, pred: &str, statuses: &[&str]) -> Self {
        self.0["runAfter"][pred] = json!(statuses);
        self
    }
}

/// An action of any type with `inputs`.
pub fn action(kind: &str, inputs: Value) -> Action {
    Action::new(kind, inputs)
}

pub fn compose(inputs: Value) -> Action {
    Action::new("Compose", inputs)
}

pub fn http(method: &str, uri: &str) -> Action {
    Action::new("Http", json!({ "method": method, "uri": uri }))
}

pub fn http_post(uri: &str, body: Value) -> Action {
    Action::new("Http", json!({ "method": "POST", "uri": uri, "body": body }))
}

pub fn terminate(run_status: &str, code: &str) -> Action {
    Action::new("Terminate", json!({ "runStatus": run_status, "runError": { "code": code, "message": "stopped by the test" } }))
}

pub fn response(status_code: u16, headers: Value, body: Value) -> Action {
    Action(json!({ "type": "Response", "kind": "Http", "runAfter": {},
        "inputs": { "statusCode": status_code, "headers": headers, "body": body } }))
}

pub fn initialize_variable(name: &str, ty: &str, value: Value) -> Action {
    Action::new("InitializeVariable", json!({ "variables": [{ "name": name, "type": ty, "value": value }] }))
}

pub fn set_variable(name: &str, value: Value) -> Action {
    Action::new("SetVariable", json!({ "name": name, "value": value }))
}

/// A Scope holding `actions`.
pub fn scope(actions: Workflow) -> Action {
    Action(json!({ "type": "Scope", "actions": actions.0, "runAfter": {} }))
}

/// An If on `expression` with both branches.
pub fn condition(expression: &str, then: Workflow, otherwise: Workflow) -> Action {
    Action(json!({ "type": "If", "expression": expression, "actions": then.0,
        "else": { "actions": otherwise.0 }, "runAfter": {} }))
}

/// A Foreach over `items` running `body` (parallel, default concurrency).
pub fn foreach(items: &str, body: Workflow) -> Action {
    Action(json!({ "type": "Foreach", "foreach": items, "actions": body.0, "runAfter": {} }))
}

/// An Until running `body` until `expression` holds, with `limit` (`{count, timeout}`).
pub fn until(expression: &str, limit: Value, body: Workflow) -> Action {
    Action(json!({ "type": "Until", "expression": expression, "limit": limit, "actions": body.0, "runAfter": {} }))
}

/// A Switch on `expression` with `cases` (`(name, case value, body)`) and a `default` body.
pub fn switch(expression: &str, cases: Vec<(&str, Value, Workflow)>, default: Workflow) -> Action {
    let cases: Map<String, Value> =
        cases.into_iter().map(|(n, v, b)| (n.to_string(), json!({ "case": v, "actions": b.0 }))).collect();
    Action(json!({ "type": "Switch", "expression": expression, "cases": cases,
        "default": { "actions": default.0 }, "runAfter": {} }))
}

impl Action {
    /// Sets `runtimeConfiguration.concurrency.repetitions` (a Foreach).
    pub fn concurrency(mut self, repetitions: u32) -> Self {
        self.0["runtimeConfiguration"] = json!({ "concurrency": { "repetitions": repetitions } });
        self
    }

    /// Sets `inputs.retryPolicy` (an Http action).
    pub fn retry(mut self, policy: Value) -> Self {
        self.0["inputs"]["retryPolicy"] = policy;
        self
    }

    /// Sets `limit.timeout`.
    pub fn timeout(mut self, timeout: &str) -> Self {
        self.0["limit"] = json!({ "timeout": timeout });
        self
    }

    /// Sets `operationOptions`.
    pub fn options(mut self, options: &str) -> Self {
        self.0["operationOptions"] = json!(options);
        self
    }

    /// Sets the top-level member `key` of the action (`runtimeConfiguration`, `limit`, …).
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.0[key] = value;
        self
    }
}

/// Actions in document order; also a container's body for [`scope`] and [`condition`].
#[derive(Default)]
pub struct Workflow(Map<String, Value>);

pub fn workflow() -> Workflow {
    Workflow::default()
}

impl Workflow {
    pub fn action(mut self, name: &str, action: Action) -> Self {
        self.0.insert(name.to_string(), action.0);
        self
    }

    /// The workflow document, with a Request trigger named `manual`.
    pub fn document(self) -> Value {
        json!({ "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "manual": { "type": "Request", "kind": "Http" } },
            "actions": self.0,
        }, "kind": "Stateful" })
    }
}

/// An engine over a fresh SQLite file.
pub struct Harness {
    pub engine: Engine,
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

impl Harness {
    pub async fn new() -> Self {
        // Retry waits in milliseconds instead of seconds (the default policy waits 5–45 s).
        Self::with_config(EngineConfig { retry_interval_scale: 0.001, ..EngineConfig::default() }).await
    }

    /// An engine with `config` over a fresh SQLite file.
    pub async fn with_config(config: EngineConfig) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("x.db").display());
        let store = flowline_storage_sqlx::open(&url).await.expect("open SQLite store");
        let engine = Engine::new(store.clone(), config);
        Harness { engine, store, _dir: dir }
    }

    /// Saves `workflow` as a new version of the workflow `test` and prepares it.
    pub async fn deploy(&self, workflow: Workflow) -> Arc<PreparedWorkflow> {
        self.deploy_document(workflow.document()).await
    }

    /// Saves `document` (e.g. [`Workflow::document`] with more definition members) as a new
    /// version of the workflow `test` and prepares it.
    pub async fn deploy_document(&self, document: Value) -> Arc<PreparedWorkflow> {
        let new = NewWorkflowVersion { name: "test".into(), document: document.clone(), at: chrono::Utc::now() };
        let (_, version) = self.store.save_workflow(new).await.expect("save the test workflow");
        let (prepared, _warnings) = PreparedWorkflow::prepare("test", version.version, &document)
            .unwrap_or_else(|e| panic!("test workflow does not prepare: {:?}", e.0));
        Arc::new(prepared)
    }

    /// Deploys `workflow` and starts a run with `body` as the trigger body; `caller_waits` as for
    /// a Request trigger.
    pub async fn start(&self, workflow: Workflow, body: Value, caller_waits: bool) -> StartedRun {
        let workflow = self.deploy(workflow).await;
        self.start_prepared(workflow, body, caller_waits)
    }

    /// Starts a run of a deployed workflow with `body` as the trigger body.
    pub fn start_prepared(&self, workflow: Arc<PreparedWorkflow>, body: Value, caller_waits: bool) -> StartedRun {
        let invocation = TriggerInvocation {
            trigger: "manual".into(),
            inputs: json!({ "method": "POST" }),
            outputs: json!({ "headers": { "Content-Type": "application/json" }, "body": body }),
            caller_waits,
            ..TriggerInvocation::default()
        };
        self.engine.start_run(workflow, invocation).expect("run starts")
    }

    /// Waits (at most 20 s) for the run to finish and reads back what was journaled.
    pub async fn finish(&self, started: StartedRun) -> Finished {
        let outcome = within(20, "the run", started.finished).await.expect("the run reports its end");
        self.recorded(&started.id, outcome).await
    }

    /// Reads back the run record, its attempts and meters.
    pub async fn recorded(&self, run_id: &str, outcome: RunOutcome) -> Finished {
        let run = self.store.get_run("test", run_id).await.unwrap().expect("the run is recorded");
        let attempts = self.store.list_action_attempts(run_id).await.unwrap();
        let meters = self.store.list_run_meters(run_id).await.unwrap();
        Finished { outcome, run, attempts, meters }
    }

    /// Deploys `document` and runs it to its end with `body` as the trigger body.
    pub async fn run_document(&self, document: Value, body: Value) -> Finished {
        let workflow = self.deploy_document(document).await;
        let started = self.start_prepared(workflow, body, false);
        self.finish(started).await
    }

    /// Runs `workflow` to its end with `body` as the trigger body; nobody waits for a Response.
    pub async fn run(&self, workflow: Workflow, body: Value) -> Finished {
        let started = self.start(workflow, body, false).await;
        self.finish(started).await
    }
}

/// A finished run as stored.
pub struct Finished {
    pub outcome: RunOutcome,
    pub run: RunRecord,
    pub attempts: Vec<ActionAttemptRecord>,
    pub meters: Vec<MeterRecord>,
}

impl Finished {
    /// The final attempt of an action outside loops (the one whose result the action has).
    pub fn action(&self, name: &str) -> &ActionAttemptRecord {
        let finals = self.repetitions(name);
        assert!(finals.len() <= 1, "{name} has records in several repetitions");
        finals.into_iter().next().unwrap_or_else(|| panic!("{name} has no attempt record: {:#?}", self.attempts))
    }

    /// Every attempt of an action outside loops (retries included), in attempt order.
    pub fn attempts_of(&self, name: &str) -> Vec<&ActionAttemptRecord> {
        let mut found: Vec<&ActionAttemptRecord> =
            self.attempts.iter().filter(|a| a.action == name && a.repetition.is_empty()).collect();
        found.sort_by_key(|a| a.attempt);
        found
    }

    /// The meters of an action's attempts.
    pub fn meters_of(&self, name: &str) -> Vec<&MeterRecord> {
        self.meters.iter().filter(|m| m.operation == name).collect()
    }

    /// The final attempt of an action in each repetition (one per loop iteration), ordered by
    /// repetition indexes.
    pub fn repetitions(&self, name: &str) -> Vec<&ActionAttemptRecord> {
        let mut found: Vec<&ActionAttemptRecord> = Vec::new();
        for a in self.attempts.iter().filter(|a| a.action == name) {
            match found.iter_mut().find(|f| f.repetition == a.repetition) {
                Some(f) if f.attempt < a.attempt => *f = a,
                Some(_) => {}
                None => found.push(a),
            }
        }
        found.sort_by_key(|a| a.repetition.iter().map(|r| r.item_index).collect::<Vec<_>>());
        found
    }

    /// The statuses of an action's iterations, in repetition order.
    pub fn repetition_statuses(&self, name: &str) -> Vec<Status> {
        self.repetitions(name).iter().map(|a| a.status).collect()
    }

    pub fn status(&self, name: &str) -> Status {
        self.action(name).status
    }

    /// The `error.code` recorded on an action.
    pub fn error_code(&self, name: &str) -> &str {
        self.action(name).error.as_ref().and_then(|e| e["code"].as_str()).unwrap_or_default()
    }
}

/// A loopback server for Http actions:
/// - `GET /pair` answers only once two requests are in flight together;
/// - `GET /hang` signals [`TestServer::hang_arrived`] and never answers;
/// - `POST /echo` answers the JSON body it got; `ANY /status/{code}` answers that status;
/// - `GET /flaky` answers 500 twice, then 200; `GET /throttled` answers 429 with `Retry-After: 0`
///   once, then 200 ([`TestServer::calls`] counts both);
/// - `GET /slow` answers after 20 ms and counts the most requests in flight at once
///   ([`TestServer::max_in_flight`]).
pub struct TestServer {
    pub base: String,
    pub hang_arrived: Arc<Notify>,
    in_flight: Arc<(AtomicUsize, AtomicUsize)>,
    calls: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct ServerState {
    pair: Arc<Barrier>,
    hang_arrived: Arc<Notify>,
    in_flight: Arc<(AtomicUsize, AtomicUsize)>,
    calls: Arc<AtomicUsize>,
}

impl TestServer {
    pub async fn start() -> Self {
        async fn pair(State(s): State<ServerState>) -> impl IntoResponse {
            s.pair.wait().await;
            axum::Json(json!({ "paired": true }))
        }
        async fn hang(State(s): State<ServerState>) -> StatusCode {
            s.hang_arrived.notify_one();
            std::future::pending().await
        }
        async fn echo(body: Bytes) -> impl IntoResponse {
            axum::Json(serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null))
        }
        async fn slow(State(s): State<ServerState>) -> impl IntoResponse {
            let now = s.in_flight.0.fetch_add(1, Ordering::SeqCst) + 1;
            s.in_flight.1.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            s.in_flight.0.fetch_sub(1, Ordering::SeqCst);
            axum::Json(json!({ "slow": true }))
        }
        async fn flaky(State(s): State<ServerState>) -> StatusCode {
            match s.calls.fetch_add(1, Ordering::SeqCst) {
                0 | 1 => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::OK,
            }
        }
        async fn throttled(State(s): State<ServerState>) -> axum::response::Response {
            match s.calls.fetch_add(1, Ordering::SeqCst) {
                0 => (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "0")]).into_response(),
                _ => StatusCode::OK.into_response(),
            }
        }
        async fn status(Path(code): Path<u16>) -> impl IntoResponse {
            (StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(json!({ "status": code })))
        }
        let state = ServerState {
            pair: Arc::new(Barrier::new(2)),
            hang_arrived: Arc::new(Notify::new()),
            in_flight: Arc::new((AtomicUsize::new(0), AtomicUsize::new(0))),
            calls: Arc::new(AtomicUsize::new(0)),
        };
        let app = Router::new()
            .route("/pair", get(pair))
            .route("/hang", get(hang))
            .route("/echo", post(echo))
            .route("/slow", get(slow))
            .route("/flaky", get(flaky))
            .route("/throttled", get(throttled))
            .route("/status/{code}", any(status))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind test server");
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestServer { base, hang_arrived: state.hang_arrived, in_flight: state.in_flight, calls: state.calls }
    }

    /// The most `/slow` requests that were in flight at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.in_flight.1.load(Ordering::SeqCst)
    }

    /// Requests `/flaky` and `/throttled` received.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

//! Shared pieces of the end-to-end suites: a real loopback HTTP server for Http actions to call,
//! a fresh app on SQLite or PostgreSQL (`backend`), and request helpers.
#![allow(dead_code)]

mod backend;
mod scheduled;

pub use backend::*;
// Only the suites with scheduled triggers use these.
#[allow(unused_imports)]
pub use scheduled::*;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use flowline_server::AppState;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use tower::ServiceExt;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A loopback HTTP server standing in for the services workflows call:
/// `GET|POST /status/{code}` answers that status with `{"status": code}`; `POST /echo` answers 200
/// with the request's JSON body; `GET /orders/{id}` answers a fixed order. Stateful endpoints,
/// counted per `{key}` (use a fresh key, such as the run id, per test):
/// - `ANY /flaky/{key}/{n}` answers 503 to the first `n` calls, then 200 with
///   `{"key", "calls"}` (`calls` counts every call, failed ones included);
/// - `ANY /accepted/{key}/{polls}` starts an "operation": 202 with `Location: /operations/{key}`
///   and `Retry-After: 0`; `GET /operations/{key}` answers 202 (`Retry-After: 0`, no `Location`)
///   `polls - 1` more times, then 200 with `{"key", "polls"}` (`polls` counts the GETs).
pub async fn start_test_server() -> SocketAddr {
    async fn status(Path(code): Path<u16>) -> impl IntoResponse {
        let s = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
        (s, axum::Json(json!({ "status": code })))
    }
    async fn echo(body: Bytes) -> impl IntoResponse {
        let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        axum::Json(v)
    }
    async fn order(Path(id): Path<String>) -> impl IntoResponse {
        axum::Json(json!({
            "id": id, "customer": "Contoso",
            "lines": [{"sku":"A-1","qty":2,"price":12.5},{"sku":"B-2","qty":1,"price":99.0}]
        }))
    }
    let app = Router::new()
        .route("/status/{code}", any(status))
        .route("/echo", post(echo))
        .route("/orders/{id}", get(order))
        .route("/flaky/{key}/{n}", any(stateful::flaky))
        .route("/accepted/{key}/{polls}", any(stateful::accepted))
        .route("/operations/{key}", get(stateful::operation))
        .with_state(stateful::Counters::default())
        .merge(webhook_subscriber());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind test server");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// The test server's endpoints that count calls per key.
mod stateful {
    use axum::extract::{Path, State};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use serde_json::json;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    /// Calls seen per key, and per operation its (polls wanted, polls made).
    #[derive(Clone, Default)]
    pub struct Counters {
        calls: Arc<Mutex<HashMap<String, u32>>>,
        operations: Arc<Mutex<HashMap<String, (u32, u32)>>>,
    }

    pub async fn flaky(State(c): State<Counters>, Path((key, n)): Path<(String, u32)>) -> Response {
        let calls = {
            let mut calls = c.calls.lock().unwrap_or_else(|e| e.into_inner());
            let count = calls.entry(key.clone()).or_default();
            *count += 1;
            *count
        };
        if calls <= n {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({ "key": key, "calls": calls })),
            )
                .into_response();
        }
        axum::Json(json!({ "key": key, "calls": calls })).into_response()
    }

    pub async fn accepted(
        State(c): State<Counters>,
        Path((key, polls)): Path<(String, u32)>,
    ) -> Response {
        c.operations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone(), (polls, 0));
        let location = format!("/operations/{key}");
        (
            StatusCode::ACCEPTED,
            [("location", location.as_str()), ("retry-after", "0")],
            axum::Json(json!({ "status": "started" })),
        )
            .into_response()
    }

    pub async fn operation(State(c): State<Counters>, Path(key): Path<String>) -> Response {
        let (wanted, made) = {
            let mut operations = c.operations.lock().unwrap_or_else(|e| e.into_inner());
            let Some(op) = operations.get_mut(&key) else {
                return (StatusCode::NOT_FOUND, axum::Json(json!({ "key": key }))).into_response();
            };
            op.1 += 1;
            *op
        };
        if made < wanted {
            return (
                StatusCode::ACCEPTED,
                [("retry-after", "0")],
                axum::Json(json!({ "status": "running" })),
            )
                .into_response();
        }
        axum::Json(json!({ "key": key, "polls": made })).into_response()
    }
}

/// The webhook subscriber part of the test server (HttpWebhook triggers and actions subscribe
/// here). Every call is appended to an event log, read with `GET /webhook/log`:
/// - `POST /webhook/subscribe` with `{callbackUrl, payload?, delayMs?, mode?}` answers
///   `{"id": <subscription id>}` and later POSTs `payload` (default `{"subscription": id}`) to
///   `callbackUrl`: `mode` `"later"` (default) after `delayMs` (default 20 ms), `"before-answer"`
///   before answering the subscribe call, `"never"` not at all. Logged as `subscribe` (with the
///   `x-flowline-idempotency-key` header) and `callback` (with the status it got).
/// - `POST|DELETE /webhook/unsubscribe/{id}` answers 200; logged as `unsubscribe`.
pub fn webhook_subscriber() -> Router {
    type Log = std::sync::Arc<std::sync::Mutex<Vec<Value>>>;
    fn push(log: &Log, event: Value) {
        log.lock().unwrap_or_else(|e| e.into_inner()).push(event);
    }
    async fn call_back(log: Log, id: String, url: String, payload: Value) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::new();
        let sent = client
            .post(&url)
            .header("x-test-subscription", &id)
            .json(&payload)
            .send()
            .await;
        let status = sent.map(|r| r.status().as_u16()).unwrap_or(0);
        push(
            &log,
            json!({ "event": "callback", "id": id, "url": url, "status": status }),
        );
    }
    async fn subscribe(
        State(log): State<Log>,
        headers: axum::http::HeaderMap,
        body: Bytes,
    ) -> impl IntoResponse {
        let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let id = uuid::Uuid::new_v4().simple().to_string();
        let url = request["callbackUrl"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let key = headers
            .get("x-flowline-idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        push(
            &log,
            json!({ "event": "subscribe", "id": id, "callbackUrl": url, "idempotencyKey": key, "request": request }),
        );
        let payload = request
            .get("payload")
            .cloned()
            .unwrap_or_else(|| json!({ "subscription": id }));
        match request["mode"].as_str().unwrap_or("later") {
            "never" => {}
            "before-answer" => call_back(log.clone(), id.clone(), url, payload).await,
            _ => {
                let delay =
                    std::time::Duration::from_millis(request["delayMs"].as_u64().unwrap_or(20));
                let (log, id) = (log.clone(), id.clone());
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    call_back(log, id, url, payload).await;
                });
            }
        }
        axum::Json(json!({ "id": id }))
    }
    async fn unsubscribe(State(log): State<Log>, Path(id): Path<String>) -> impl IntoResponse {
        push(&log, json!({ "event": "unsubscribe", "id": id }));
        axum::Json(json!({ "unsubscribed": id }))
    }
    async fn events(State(log): State<Log>) -> impl IntoResponse {
        axum::Json(json!({ "events": *log.lock().unwrap_or_else(|e| e.into_inner()) }))
    }
    Router::new()
        .route("/webhook/subscribe", post(subscribe))
        .route(
            "/webhook/unsubscribe/{id}",
            post(unsubscribe).delete(unsubscribe),
        )
        .route("/webhook/log", get(events))
        .with_state(Log::default())
}

/// A fresh app over a new SQLite file; keep the `TempDir` alive as long as the app.
pub async fn sqlite_app() -> (Router, AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("flowline.db").display());
    let store = flowline_storage_sqlx::open(&url)
        .await
        .expect("open sqlite store");
    let (router, state) = app_over(store);
    (router, state, dir)
}

/// A response: status, headers and parsed body (JSON, or a string for non-JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

/// Sends one request through the router.
pub async fn call(app: &Router, method: &str, uri: &str, body: Option<Value>) -> Answer {
    let req = Request::builder().method(method).uri(uri);
    let req = match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    };
    send(app, req.unwrap()).await
}

/// Sends a raw request through the router.
pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.expect("router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Answer {
        status,
        headers,
        body,
    }
}

/// Reads a workflow file from `workflows/`.
pub fn workflow_file(name: &str) -> Value {
    let path = repo_root().join("workflows").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The definition object inside a document of any shape (bare or Standard).
pub fn definition_mut(doc: &mut Value) -> &mut Value {
    if doc.get("definition").is_some() {
        &mut doc["definition"]
    } else {
        doc
    }
}

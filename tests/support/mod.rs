//! Shared pieces of the end-to-end suites: a real loopback HTTP server for Http actions to call,
//! a fresh app on SQLite or PostgreSQL (`backend`), and request helpers.
#![allow(dead_code)]

mod backend;

pub use backend::*;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Path;
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
/// with the request's JSON body; `GET /orders/{id}` answers a fixed order.
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
        .route("/orders/{id}", get(order));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind test server");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// A fresh app over a new SQLite file; keep the `TempDir` alive as long as the app.
pub async fn sqlite_app() -> (Router, AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("flowline.db").display());
    let store = flowline_storage_sqlx::open(&url).await.expect("open sqlite store");
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
        Some(b) => req.header("content-type", "application/json").body(Body::from(b.to_string())),
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
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Answer { status, headers, body }
}

/// Reads a workflow file from `workflows/`.
pub fn workflow_file(name: &str) -> Value {
    let path = repo_root().join("workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The definition object inside a document of any shape (bare or Standard).
pub fn definition_mut(doc: &mut Value) -> &mut Value {
    if doc.get("definition").is_some() { &mut doc["definition"] } else { doc }
}

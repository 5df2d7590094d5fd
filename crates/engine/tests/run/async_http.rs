//! The Http action's async pattern: `202 Accepted` + `Location` is polled until the operation
//! answers something else; `DisableAsyncPattern` takes the 202 as the result.

use crate::harness::*;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use flowline_storage::Status;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// `POST /start` answers 202 with a relative `Location: /operation`; `GET /operation` answers 202
/// moving the operation to `/operation/final`, which answers 202 (without `Location`) until the
/// fourth poll overall, then 200 `{"done": true}`; `POST /forever` answers 202 with `Location: /pending`, which
/// answers 202 after 20 ms for ever; `POST /bare` answers 202 without `Location`. Polls count
/// every GET.
struct AsyncServer {
    base: String,
    polls: Arc<AtomicUsize>,
}

impl AsyncServer {
    async fn start() -> Self {
        async fn start() -> Response {
            (
                StatusCode::ACCEPTED,
                [("location", "/operation"), ("retry-after", "1")],
                axum::Json(json!({ "started": true })),
            )
                .into_response()
        }
        async fn operation(State(polls): State<Arc<AtomicUsize>>) -> Response {
            polls.fetch_add(1, Ordering::SeqCst);
            (
                StatusCode::ACCEPTED,
                [("location", "/operation/final"), ("retry-after", "1")],
            )
                .into_response()
        }
        async fn finished(State(polls): State<Arc<AtomicUsize>>) -> Response {
            match polls.fetch_add(1, Ordering::SeqCst) {
                n if n < 3 => (StatusCode::ACCEPTED, [("retry-after", "1")]).into_response(),
                _ => axum::Json(json!({ "done": true })).into_response(),
            }
        }
        async fn forever() -> Response {
            (
                StatusCode::ACCEPTED,
                [("location", "/pending"), ("retry-after", "1")],
            )
                .into_response()
        }
        async fn pending(State(polls): State<Arc<AtomicUsize>>) -> Response {
            polls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            (StatusCode::ACCEPTED, [("retry-after", "1")]).into_response()
        }
        async fn bare() -> StatusCode {
            StatusCode::ACCEPTED
        }
        let polls = Arc::new(AtomicUsize::new(0));
        let app = Router::new()
            .route("/start", post(start))
            .route("/operation", get(operation))
            .route("/operation/final", get(finished))
            .route("/forever", post(forever))
            .route("/pending", get(pending))
            .route("/bare", post(bare))
            .with_state(polls.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the async server");
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        AsyncServer { base, polls }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn polls(&self) -> usize {
        self.polls.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn a_202_with_location_is_polled_until_the_operation_finishes() {
    let server = AsyncServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action("Start", http("POST", &server.url("/start")))
        .action(
            "Use",
            compose(json!("@body('Start')?['done']")).after("Start"),
        );
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let start = done.action("Start");
    assert_eq!(
        (start.status, start.code.as_deref(), start.attempt),
        (Status::Succeeded, Some("OK"), 1)
    );
    assert_eq!(start.outputs.as_ref().unwrap()["statusCode"], 200);
    assert_eq!(
        start.outputs.as_ref().unwrap()["body"],
        json!({ "done": true })
    );
    assert_eq!(done.action("Use").outputs, Some(json!(true)));
    // One GET of the first location, three of the one it moved to; one attempt, one meter.
    assert_eq!(server.polls(), 4);
    assert_eq!(done.attempts_of("Start").len(), 1);
    assert_eq!(done.meters_of("Start").len(), 1);
}

#[tokio::test]
async fn disable_async_pattern_takes_the_202_as_the_result() {
    let server = AsyncServer::start().await;
    let h = Harness::new().await;
    let wf = workflow().action(
        "Start",
        http("POST", &server.url("/start")).options("DisableAsyncPattern"),
    );
    let done = h.run(wf, json!({})).await;

    let start = done.action("Start");
    assert_eq!(
        (start.status, start.code.as_deref()),
        (Status::Succeeded, Some("Accepted"))
    );
    assert_eq!(start.outputs.as_ref().unwrap()["statusCode"], 202);
    assert_eq!(
        start.outputs.as_ref().unwrap()["headers"]["location"],
        "/operation"
    );
    assert_eq!(server.polls(), 0);
}

#[tokio::test]
async fn a_202_without_location_is_final() {
    let server = AsyncServer::start().await;
    let h = Harness::new().await;
    let done = h
        .run(
            workflow().action("Start", http("POST", &server.url("/bare"))),
            json!({}),
        )
        .await;

    assert_eq!(done.status("Start"), Status::Succeeded);
    assert_eq!(
        done.action("Start").outputs.as_ref().unwrap()["statusCode"],
        202
    );
    assert_eq!(server.polls(), 0);
}

#[tokio::test]
async fn polling_stops_at_the_actions_time_limit() {
    let server = AsyncServer::start().await;
    let h = Harness::new().await;
    let wf = workflow()
        .action(
            "Start",
            http("POST", &server.url("/forever")).timeout("PT0.5S"),
        )
        .action(
            "On_timeout",
            compose(json!("handled")).after_status("Start", &["TimedOut"]),
        );
    let done = h.run(wf, json!({})).await;

    assert_eq!(done.status("Start"), Status::TimedOut);
    assert_eq!(done.error_code("Start"), "ActionTimedOut");
    assert_eq!(done.status("On_timeout"), Status::Succeeded);
    assert!(server.polls() >= 1);
}

#[tokio::test]
async fn polling_records_where_it_polls_and_stops_when_the_run_is_cancelled() {
    let server = AsyncServer::start().await;
    let h = Harness::new().await;
    let started = h
        .start(
            workflow().action("Start", http("POST", &server.url("/forever"))),
            json!({}),
            false,
        )
        .await;
    let run_id = started.id.clone();
    let marker = within(10, "the polling marker", async {
        loop {
            let attempts = h.store.list_action_attempts(&run_id).await.unwrap();
            if let Some(a) = attempts
                .into_iter()
                .find(|a| a.action == "Start" && a.outputs.is_some())
            {
                return a;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_eq!(marker.status, Status::Running);
    let progress = marker.outputs.unwrap();
    assert_eq!(progress["statusCode"], 202);
    assert_eq!(progress["pollingUrl"], server.url("/pending"));

    assert!(h.engine.cancel(&run_id));
    let outcome = within(3, "the cancelled run", started.finished)
        .await
        .expect("the run reports its end");
    let done = h.recorded(&run_id, outcome).await;
    assert_eq!(done.outcome.status, Status::Cancelled);
    assert_eq!(done.status("Start"), Status::Cancelled);
}

/// `POST /begin` counts starts and answers 202 with `Location: /job`; `GET /job` answers 202
/// until [`ResumeServer::finish`], then 200 `{"finished": true}`.
struct ResumeServer {
    base: String,
    starts: Arc<AtomicUsize>,
    finished: Arc<AtomicUsize>,
}

impl ResumeServer {
    async fn start() -> Self {
        type Counters = (Arc<AtomicUsize>, Arc<AtomicUsize>);
        async fn begin(State((starts, _)): State<Counters>) -> Response {
            starts.fetch_add(1, Ordering::SeqCst);
            (
                StatusCode::ACCEPTED,
                [("location", "/job"), ("retry-after", "1")],
            )
                .into_response()
        }
        async fn job(State((_, finished)): State<Counters>) -> Response {
            match finished.load(Ordering::SeqCst) {
                0 => (StatusCode::ACCEPTED, [("retry-after", "1")]).into_response(),
                _ => axum::Json(json!({ "finished": true })).into_response(),
            }
        }
        let counters: Counters = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let app = Router::new()
            .route("/begin", post(begin))
            .route("/job", get(job))
            .with_state(counters.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the resume server");
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ResumeServer {
            base,
            starts: counters.0,
            finished: counters.1,
        }
    }

    fn finish(&self) {
        self.finished.store(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_resumed_run_goes_on_polling_without_starting_the_operation_again() {
    let server = ResumeServer::start().await;
    let h = Harness::new().await;
    let started = h
        .start(
            workflow().action("Export", http("POST", &format!("{}/begin", server.base))),
            json!({}),
            false,
        )
        .await;
    let run_id = started.id.clone();
    within(10, "the polling marker", async {
        loop {
            let attempts = h.store.list_action_attempts(&run_id).await.unwrap();
            if attempts.iter().any(|a| {
                a.action == "Export"
                    && a.outputs
                        .as_ref()
                        .is_some_and(|o| o.get("pollingUrl").is_some())
            }) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    // This node stops while the action polls; another one resumes the run from its journal.
    h.engine.drain(Duration::ZERO).await;
    server.finish();
    let other = flowline_engine::Engine::new(h.store.clone(), h.engine.config().clone());
    assert_eq!(other.recover().await.expect("recovery"), 1);
    let run = within(10, "the resumed run", async {
        loop {
            let run = h
                .store
                .get_run("test", &run_id)
                .await
                .unwrap()
                .expect("the run");
            if run.status != Status::Running {
                return run;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;

    assert_eq!(run.status, Status::Succeeded, "{run:?}");
    assert_eq!(server.starts.load(Ordering::SeqCst), 1);
    let attempts = h.store.list_action_attempts(&run_id).await.unwrap();
    let export = attempts
        .iter()
        .filter(|a| a.action == "Export")
        .max_by_key(|a| a.attempt)
        .unwrap();
    assert_eq!(export.status, Status::Succeeded);
    assert_eq!(
        export.outputs.as_ref().unwrap()["body"],
        json!({ "finished": true })
    );
}

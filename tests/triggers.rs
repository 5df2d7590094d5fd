//! Triggers end to end, on SQLite and PostgreSQL: Recurrence schedules on a manual clock (missed
//! occurrences, disable), Http polling against a loopback server (200 fires, 202 does not,
//! `Location` and `Retry-After` honoured), conditions, splitOn with client tracking ids, trigger
//! concurrency (429), trigger trackedProperties, rejected requests in history, one meter per trigger execution, and two
//! nodes sharing one database firing each occurrence once.

mod support;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;

fn recurrence_workflow(recurrence: Value) -> Value {
    json!({
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "Every_hour": { "type": "Recurrence", "recurrence": recurrence } },
            "actions": { "Stamp": { "type": "Compose", "inputs": "@trigger()?['scheduledTime']", "runAfter": {} } },
            "outputs": {}
        },
        "kind": "Stateful"
    })
}

async fn put(app: &axum::Router, name: &str, doc: Value) {
    let answer = call(app, "PUT", &format!("/api/workflows/{name}"), Some(doc)).await;
    assert!(
        answer.status.is_success(),
        "PUT {name}: {} {}",
        answer.status,
        answer.body
    );
}

fn scheduled_times(runs: &[Value]) -> Vec<String> {
    runs.iter()
        .map(|r| {
            r["trigger"]["scheduledTime"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

mod recurrence_fires_each_occurrence_once_and_the_latest_missed_one_after_downtime {
    use super::*;

    async fn check(backend: Backend) {
        with_scheduled_app(backend, at("2026-03-01T09:59:00Z"), |app| async move {
            let r = &app.node.router;
            put(r, "hourly", recurrence_workflow(json!({"frequency": "Hour", "interval": 1, "startTime": "2026-03-01T10:00:00Z"}))).await;
            let next = wait_for_schedule(&app.node.store, "hourly", "Every_hour").await;
            assert_eq!(next, Some(at("2026-03-01T10:00:00Z")));
            assert!(runs_oldest_first(r, "hourly").await.is_empty(), "nothing fires before the start time");

            for (i, t) in ["2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"].iter().enumerate() {
                app.clock.set(at(t));
                eventually("the occurrence's run", || async { (runs_oldest_first(r, "hourly").await.len() == i + 1).then_some(()) }).await;
            }
            // Down from 11:00 to 14:30: 12:00, 13:00 and 14:00 were missed; only 14:00 fires.
            app.clock.set(at("2026-03-01T14:30:00Z"));
            eventually("the missed occurrence's run", || async { (runs_oldest_first(r, "hourly").await.len() == 3).then_some(()) }).await;
            app.clock.set(at("2026-03-01T15:00:00Z"));
            eventually("the next run", || async { (runs_oldest_first(r, "hourly").await.len() == 4).then_some(()) }).await;
            tokio::time::sleep(Duration::from_millis(300)).await;

            let runs = runs_oldest_first(r, "hourly").await;
            assert_eq!(
                scheduled_times(&runs),
                ["2026-03-01T10:00:00.0000000Z", "2026-03-01T11:00:00.0000000Z", "2026-03-01T14:00:00.0000000Z", "2026-03-01T15:00:00.0000000Z"]
            );
            let history = history_oldest_first(r, "hourly", "Every_hour").await;
            assert_eq!(history.len(), 4, "one history record per fired occurrence: {history:?}");
            assert!(history.iter().all(|h| h["fired"] == true && h["status"] == "Succeeded"));
            assert_eq!(trigger_meters(app.backend, &app.url, "hourly").await, 4, "one Trigger meter per execution");
            let first = &runs[0]["id"].as_str().unwrap().to_string();
            eventually("the first run to finish", || async {
                let run = call(r, "GET", &format!("/api/workflows/hourly/runs/{first}"), None).await.body;
                (run["status"] == "Succeeded").then_some(())
            })
            .await;
            let stamp = call(r, "GET", &format!("/api/workflows/hourly/runs/{first}/actions/Stamp"), None).await.body;
            assert_eq!(stamp["outputs"], "2026-03-01T10:00:00.0000000Z", "the run sees its scheduledTime");
            app.node.stop().await;
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        check(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        check(Backend::Postgres).await;
    }
}

mod disabling_a_workflow_stops_its_schedule_and_enabling_plans_it_from_now {
    use super::*;

    async fn check(backend: Backend) {
        with_scheduled_app(backend, at("2026-06-01T08:00:30Z"), |app| async move {
            let r = &app.node.router;
            put(r, "minutely", recurrence_workflow(json!({"frequency": "Minute", "interval": 1, "startTime": "2026-06-01T08:00:00Z"}))).await;
            assert_eq!(wait_for_schedule(&app.node.store, "minutely", "Every_hour").await, Some(at("2026-06-01T08:01:00Z")));
            assert_eq!(call(r, "POST", "/api/workflows/minutely/disable", None).await.status, StatusCode::OK);
            eventually("the schedule to be forgotten", || async {
                app.node.store.schedules().list_schedules("minutely").await.ok().filter(|s| s.is_empty()).map(|_| ())
            })
            .await;
            app.clock.set(at("2026-06-01T08:05:00Z"));
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert!(runs_oldest_first(r, "minutely").await.is_empty(), "a disabled workflow does not fire");
            assert_eq!(call(r, "POST", "/api/workflows/minutely/enable", None).await.status, StatusCode::OK);
            // Planned afresh from 08:05 (an occurrence, so it fires at once): the time spent
            // disabled is not "missed".
            let runs = eventually("the first run after enabling", || async {
                let runs = runs_oldest_first(r, "minutely").await;
                (runs.len() == 1).then_some(runs)
            })
            .await;
            assert_eq!(scheduled_times(&runs), ["2026-06-01T08:05:00.0000000Z"]);
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(runs_oldest_first(r, "minutely").await.len(), 1, "08:01 to 08:04 were not fired");
            app.node.stop().await;
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        check(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        check(Backend::Postgres).await;
    }
}

mod two_nodes_on_one_database_fire_each_occurrence_once {
    use super::*;

    async fn check(backend: Backend) {
        with_database_url(backend, |url| async move {
            let clock = Arc::new(flowline_engine::triggers::ManualClock::new(at("2026-01-01T00:00:00Z")));
            let a = Node::start(&url, clock.clone()).await;
            let b = Node::start(&url, clock.clone()).await;
            put(&a.router, "shared", recurrence_workflow(json!({"frequency": "Second", "interval": 10, "startTime": "2026-01-01T00:00:10Z"}))).await;
            wait_for_schedule(&a.store, "shared", "Every_hour").await;
            // Node b learns of the workflow from its periodic refresh.
            tokio::time::sleep(TEST_REFRESH * 4).await;
            for i in 1..=6 {
                clock.advance(chrono::Duration::seconds(10));
                eventually("the occurrence's run", || async { (runs_oldest_first(&a.router, "shared").await.len() >= i).then_some(()) }).await;
                // Both nodes got the chance to fire it.
                tokio::time::sleep(Duration::from_millis(60)).await;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            let runs = runs_oldest_first(&b.router, "shared").await;
            assert_eq!(runs.len(), 6, "six occurrences, six runs: {:?}", scheduled_times(&runs));
            let mut times = scheduled_times(&runs);
            times.dedup();
            assert_eq!(times.len(), 6, "no occurrence fired twice: {times:?}");
            assert_eq!(history_oldest_first(&a.router, "shared", "Every_hour").await.len(), 6);
            a.stop().await;
            b.stop().await;
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        check(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        check(Backend::Postgres).await;
    }
}

/// A loopback server for polls: `GET /feed` answers 202 with `Location: /feed/ready` and
/// `Retry-After: 120` the first time, 202 without headers afterwards; `GET /feed/ready` answers
/// 200 with `{"item": 1}`. Every requested path is logged.
async fn start_feed() -> (String, Arc<Mutex<Vec<String>>>) {
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<String>>>);
    async fn feed(State(log): State<Log>) -> impl IntoResponse {
        let first = {
            let mut l = log.0.lock().unwrap();
            l.push("/feed".into());
            l.iter().filter(|p| *p == "/feed").count() == 1
        };
        let mut headers = HeaderMap::new();
        if first {
            headers.insert("location", "/feed/ready".parse().unwrap());
            headers.insert("retry-after", "120".parse().unwrap());
        }
        (
            StatusCode::ACCEPTED,
            headers,
            axum::Json(json!({"status": "nothing yet"})),
        )
    }
    async fn ready(State(log): State<Log>, Path(_): Path<String>) -> impl IntoResponse {
        log.0.lock().unwrap().push("/feed/ready".into());
        axum::Json(json!({"item": 1}))
    }
    let log = Log::default();
    let app = axum::Router::new()
        .route("/feed", get(feed))
        .route("/feed/{x}", get(ready))
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), log.0)
}

mod http_polling_fires_on_200_not_on_202_and_follows_location_and_retry_after {
    use super::*;

    async fn check(backend: Backend) {
        let (base, log) = start_feed().await;
        with_scheduled_app(backend, at("2026-04-01T12:00:00Z"), move |app| async move {
            let r = &app.node.router;
            let doc = json!({
                "definition": {
                    "triggers": { "Poll_feed": {
                        "type": "Http",
                        "inputs": { "method": "GET", "uri": format!("{base}/feed") },
                        "recurrence": { "frequency": "Minute", "interval": 5 }
                    }},
                    "actions": { "Item": { "type": "Compose", "inputs": "@triggerBody()?['item']", "runAfter": {} } }
                },
                "kind": "Stateful"
            });
            put(r, "poller", doc).await;
            // No startTime: the first poll happens when the trigger is planned (at 12:00).
            let first = wait_for_history(r, "poller", "Poll_feed", 1).await;
            assert_eq!(first[0]["fired"], false);
            assert_eq!(first[0]["status"], "Skipped");
            assert_eq!(first[0]["code"], "Accepted");
            // Retry-After: 120 moves the next poll to 12:02, at the Location URL.
            let next = eventually("the Retry-After to be kept", || async {
                let rows = app.node.store.schedules().list_schedules("poller").await.ok()?;
                rows.first().and_then(|s| s.next_at).filter(|t| *t > at("2026-04-01T12:00:00Z"))
            })
            .await;
            assert_eq!(next, at("2026-04-01T12:02:00Z"));
            app.clock.set(at("2026-04-01T12:02:00Z"));
            let history = wait_for_history(r, "poller", "Poll_feed", 2).await;
            assert_eq!(history[1]["fired"], true);
            assert_eq!(history[1]["code"], "OK");
            let runs = runs_oldest_first(r, "poller").await;
            assert_eq!(runs.len(), 1);
            assert_eq!(runs[0]["trigger"]["outputs"]["body"], json!({"item": 1}));
            // The next poll is back on the schedule (12:05) and at the trigger's own uri.
            app.clock.set(at("2026-04-01T12:05:00Z"));
            let history = wait_for_history(r, "poller", "Poll_feed", 3).await;
            assert_eq!(history[2]["fired"], false);
            assert_eq!(*log.lock().unwrap(), ["/feed", "/feed/ready", "/feed"]);
            assert_eq!(runs_oldest_first(r, "poller").await.len(), 1, "202 does not fire");
            assert_eq!(trigger_meters(app.backend, &app.url, "poller").await, 3, "every poll is metered, fired or not");
            app.node.stop().await;
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        check(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        check(Backend::Postgres).await;
    }
}

fn request_workflow(trigger_extra: Value, actions: Value) -> Value {
    let mut trigger = json!({ "type": "Request", "kind": "Http" });
    for (k, v) in trigger_extra.as_object().cloned().unwrap_or_default() {
        trigger[k] = v;
    }
    json!({ "definition": { "triggers": { "manual": trigger }, "actions": actions }, "kind": "Stateful" })
}

async fn conditions_false_record_an_unfired_metered_execution(app: TestApp) {
    let r = &app.router;
    let doc = request_workflow(
        json!({ "conditions": [{ "expression": "@equals(triggerBody()?['go'], true)" }] }),
        json!({ "Done": { "type": "Compose", "inputs": "@triggerBody()", "runAfter": {} } }),
    );
    put(r, "gated", doc).await;
    let no = call(
        r,
        "POST",
        "/api/workflows/gated/triggers/manual/invoke",
        Some(json!({"go": false})),
    )
    .await;
    assert_eq!(no.status, StatusCode::ACCEPTED);
    assert_eq!(no.body["fired"], false);
    assert!(
        no.headers.get("x-ms-workflow-run-id").is_none(),
        "no run started"
    );
    let yes = call(
        r,
        "POST",
        "/api/workflows/gated/triggers/manual/invoke",
        Some(json!({"go": true})),
    )
    .await;
    assert_eq!(yes.status, StatusCode::ACCEPTED);
    assert!(yes.headers.get("x-ms-workflow-run-id").is_some());
    let history = history_oldest_first(r, "gated", "manual").await;
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0]["fired"].clone(), history[0]["status"].clone()),
        (json!(false), json!("Succeeded"))
    );
    assert_eq!(history[1]["fired"], true);
    assert_eq!(runs_oldest_first(r, "gated").await.len(), 1);
}

async fn rejected_requests_are_recorded_in_history(app: TestApp) {
    let r = &app.router;
    let doc = request_workflow(
        json!({ "inputs": { "method": "POST", "relativePath": "orders/{id}" } }),
        json!({ "Done": { "type": "Compose", "inputs": 1, "runAfter": {} } }),
    );
    put(r, "strict", doc).await;
    assert_eq!(
        call(
            r,
            "GET",
            "/api/workflows/strict/triggers/manual/invoke/orders/1",
            None
        )
        .await
        .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        call(
            r,
            "POST",
            "/api/workflows/strict/triggers/manual/invoke/customers/1",
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let history = history_oldest_first(r, "strict", "manual").await;
    let codes: Vec<&str> = history
        .iter()
        .map(|h| h["code"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        codes,
        [
            "TriggerRequestMethodNotValid",
            "TriggerRelativePathNotMatched"
        ]
    );
    assert!(
        history
            .iter()
            .all(|h| h["fired"] == false && h["status"] == "Failed")
    );
}

async fn split_on_starts_one_run_per_item_with_its_tracking_id(app: TestApp) {
    let r = &app.router;
    let doc = request_workflow(
        json!({
            "splitOn": "@triggerBody()?['orders']",
            "correlation": { "clientTrackingId": "@{triggerBody()?['id']}" },
            "trackedProperties": { "order": "@triggerBody()?['id']", "doubled": "@mul(triggerBody()?['qty'], 2)" }
        }),
        json!({
            "Total": { "type": "Compose", "inputs": "@mul(triggerBody()?['qty'], 10)", "runAfter": {} },
            "Respond": { "type": "Response", "kind": "Http", "inputs": { "statusCode": 200 }, "runAfter": { "Total": ["Succeeded"] } }
        }),
    );
    let put_answer = call(r, "PUT", "/api/workflows/split", Some(doc)).await;
    assert!(put_answer.status.is_success(), "{}", put_answer.body);
    let body = json!({ "orders": [{"id": "A-1", "qty": 1}, {"id": "A-2", "qty": 2}, {"id": "A-3", "qty": 3}] });
    let answer = call(
        r,
        "POST",
        "/api/workflows/split/triggers/manual/invoke",
        Some(body),
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::ACCEPTED,
        "a split request is answered with 202: {}",
        answer.body
    );
    let runs = eventually("three runs", || async {
        let runs = runs_oldest_first(r, "split").await;
        (runs.len() == 3 && runs.iter().all(|x| x["status"] != "Running")).then_some(runs)
    })
    .await;
    let mut tracking: Vec<String> = runs
        .iter()
        .map(|x| {
            x["clientTrackingId"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    tracking.sort();
    assert_eq!(tracking, ["A-1", "A-2", "A-3"]);
    for run in &runs {
        let id = run["id"].as_str().unwrap();
        let qty = run["trigger"]["outputs"]["body"]["qty"]
            .as_i64()
            .expect("the item is the trigger body");
        assert_eq!(
            run["trigger"]["trackedProperties"],
            json!({ "order": run["clientTrackingId"], "doubled": qty * 2 })
        );
        let total = call(
            r,
            "GET",
            &format!("/api/workflows/split/runs/{id}/actions/Total"),
            None,
        )
        .await
        .body;
        assert_eq!(total["outputs"], json!(qty * 10));
    }
    let history = history_oldest_first(r, "split", "manual").await;
    assert_eq!(history.len(), 3, "one history record per item");
    assert!(history.iter().all(|h| h["fired"] == true));
    let empty = call(
        r,
        "POST",
        "/api/workflows/split/triggers/manual/invoke",
        Some(json!({"orders": []})),
    )
    .await;
    assert_eq!(
        (empty.status, empty.body["fired"].clone()),
        (StatusCode::ACCEPTED, json!(false))
    );
}

async fn full_trigger_concurrency_answers_429(app: TestApp) {
    let r = &app.router;
    let doc = request_workflow(
        json!({ "runtimeConfiguration": { "concurrency": { "runs": 1, "maximumWaitingRuns": 1 } } }),
        json!({ "Hold": { "type": "Wait", "inputs": { "interval": { "count": 1, "unit": "Second" } }, "runAfter": {} } }),
    );
    put(r, "single", doc).await;
    let invoke = || {
        call(
            r,
            "POST",
            "/api/workflows/single/triggers/manual/invoke",
            Some(json!({})),
        )
    };
    assert_eq!(invoke().await.status, StatusCode::ACCEPTED, "runs");
    let second = invoke().await;
    assert_eq!(second.status, StatusCode::ACCEPTED, "waits");
    // In line for a slot, the run shows Waiting (as in Logic Apps), not Running.
    let waiting_id = second.body["runId"].as_str().unwrap().to_string();
    let waiting = call(r, "GET", &format!("/api/workflows/single/runs/{waiting_id}"), None).await;
    assert_eq!(waiting.body["status"], "Waiting", "{}", waiting.body);
    let third = invoke().await;
    assert_eq!(
        third.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        third.body
    );
    assert_eq!(third.body["code"], "WorkflowRequestsThrottled");
    let history = history_oldest_first(r, "single", "manual").await;
    assert_eq!(history.len(), 3);
    assert_eq!(
        (history[2]["fired"].clone(), history[2]["code"].clone()),
        (json!(false), json!("TooManyRequests"))
    );
    // The waiting run starts once the first finishes; then there is room again.
    let runs = eventually("both runs to finish", || async {
        let runs = runs_oldest_first(r, "single").await;
        (runs.len() == 2 && runs.iter().all(|x| x["status"] == "Succeeded")).then_some(runs)
    })
    .await;
    let end_first = runs[0]["endTime"].as_str().unwrap().to_string();
    let hold = call(
        r,
        "GET",
        &format!(
            "/api/workflows/single/runs/{}/actions/Hold",
            runs[1]["id"].as_str().unwrap()
        ),
        None,
    )
    .await
    .body;
    assert!(
        hold["startTime"].as_str().unwrap() >= end_first.as_str(),
        "the second run waited for the first: {hold} vs {end_first}"
    );
    assert_eq!(invoke().await.status, StatusCode::ACCEPTED);
}

async fn an_unschedulable_recurrence_is_refused_with_its_path(app: TestApp) {
    let doc = recurrence_workflow(
        json!({"frequency": "Day", "interval": 1, "timeZone": "Mars Standard Time"}),
    );
    let answer = call(&app.router, "PUT", "/api/workflows/bad", Some(doc)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let diagnostics = answer.body["details"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let d = diagnostics
        .iter()
        .find(|d| d["code"] == "InvalidRecurrence")
        .unwrap_or_else(|| panic!("{}", answer.body));
    assert_eq!(
        d["path"],
        "/definition/triggers/Every_hour/recurrence/timeZone"
    );
}

on_both_backends!(
    conditions_false_record_an_unfired_metered_execution,
    rejected_requests_are_recorded_in_history,
    split_on_starts_one_run_per_item_with_its_tracking_id,
    full_trigger_concurrency_answers_429,
    an_unschedulable_recurrence_is_refused_with_its_path,
);

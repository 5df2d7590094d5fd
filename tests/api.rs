//! HTTP API tests through `Router::oneshot` on a real database — a SQLite file, and for the
//! trigger, run-listing and bad-input tests also a fresh PostgreSQL database: workflow management and
//! versions, the Request trigger (sync Response, 202 + Location, relative paths, methods), run
//! history with filters and paging, loop repetitions and counts, cancel, OpenAPI, and bad input — every error is JSON
//! `{code, message}` naming the problem, and nothing already stored changes.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::*;

// These run on SQLite and on PostgreSQL: `<name>::sqlite`, `<name>::postgres`.
crate::on_both_backends!(
    request_trigger_answers_with_the_workflows_response_and_records_history,
    runs_are_listed_newest_first_filtered_and_paged,
    bad_input_gets_json_errors_and_changes_nothing,
    loop_repetitions_are_listed_filtered_and_counted,
);

fn hello() -> Value {
    workflow_file("hello.json")
}

async fn deploy(app: &axum::Router, name: &str, doc: Value) -> Answer {
    let a = call(app, "PUT", &format!("/api/workflows/{name}"), Some(doc)).await;
    assert!(a.status.is_success(), "deploying {name}: {} {}", a.status, a.body);
    a
}

fn assert_error(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "body: {}", a.body);
    assert_eq!(a.body["code"], code, "body: {}", a.body);
    assert!(a.body["message"].as_str().is_some_and(|m| !m.is_empty()), "error has a message: {}", a.body);
}

#[tokio::test]
async fn saving_a_workflow_creates_versions_and_keeps_the_document_verbatim() {
    let (app, _s, _d) = sqlite_app().await;
    let created = call(&app, "PUT", "/api/workflows/hello", Some(hello())).await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["version"], 1);
    let again = call(&app, "PUT", "/api/workflows/hello", Some(hello())).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["version"], 2);

    let got = call(&app, "GET", "/api/workflows/hello", None).await;
    assert_eq!(got.body["state"], "Enabled");
    let file = std::fs::read_to_string(repo_root().join("workflows/hello.json")).unwrap();
    assert_eq!(
        format!("{}\n", serde_json::to_string_pretty(&got.body["definition"]).unwrap()),
        file,
        "the stored definition comes back byte for byte"
    );

    let versions = call(&app, "GET", "/api/workflows/hello/versions", None).await;
    let numbers: Vec<i64> = versions.body["value"].as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
    assert_eq!(numbers, vec![2, 1]);
    let v1 = call(&app, "GET", "/api/workflows/hello/versions/1", None).await;
    assert_eq!(v1.body["definition"], hello());

    let list = call(&app, "GET", "/api/workflows", None).await;
    assert_eq!(list.body["value"][0]["name"], "hello");
}

async fn request_trigger_answers_with_the_workflows_response_and_records_history(TestApp { router: app, .. }: TestApp) {
    deploy(&app, "hello", hello()).await;
    let req = Request::post("/api/workflows/hello/triggers/manual/invoke")
        .header("content-type", "application/json")
        .header("x-ms-client-tracking-id", "order-77")
        .body(Body::from(r#"{"name":"Ada"}"#))
        .unwrap();
    let a = send(&app, req).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["greeting"], "Hello, Ada!");
    assert_eq!(a.headers["x-ms-client-tracking-id"], "order-77");
    let run_id = a.headers["x-ms-workflow-run-id"].to_str().unwrap().to_string();

    let run = call(&app, "GET", &format!("/api/workflows/hello/runs/{run_id}"), None).await;
    assert_eq!(run.body["id"], run_id);
    assert_eq!(run.body["workflowVersion"], 1);
    assert_eq!(run.body["clientTrackingId"], "order-77");
    assert_eq!(run.body["trigger"]["outputs"]["body"]["name"], "Ada");

    let actions = call(&app, "GET", &format!("/api/workflows/hello/runs/{run_id}/actions"), None).await;
    let names: Vec<&str> = actions.body["value"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Compose_greeting", "Response"]);
    assert_eq!(actions.body["value"][0]["outputs"], "Hello, Ada!");
    assert_eq!(actions.body["value"][1]["inputs"]["body"]["greeting"], "Hello, Ada!");
    for a in actions.body["value"].as_array().unwrap() {
        assert_eq!(a["status"], "Succeeded");
        assert_eq!(a["attempt"], 1);
        assert!(a["inputs"].is_object() || a["inputs"].is_string(), "inputs recorded: {a}");
        assert!(a["startTime"].is_string() && a["endTime"].is_string());
    }
    let first = actions.body["value"][0]["name"].as_str().unwrap().to_string();
    let one = call(&app, "GET", &format!("/api/workflows/hello/runs/{run_id}/actions/{}", first.to_lowercase()), None).await;
    assert_eq!(one.body["name"], first);

    let history = call(&app, "GET", "/api/workflows/hello/triggers/manual/histories", None).await;
    assert_eq!(history.body["value"][0]["fired"], true);
    assert_eq!(history.body["value"][0]["runId"], run_id);
}

fn no_response_workflow() -> Value {
    json!({
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "manual": { "type": "Request", "kind": "Http",
                "inputs": { "method": "POST", "relativePath": "items/{itemId}/notes/{noteId}" } } },
            "actions": {
                "Echo": { "type": "Compose", "runAfter": {},
                    "inputs": { "item": "@triggerOutputs()?['relativePathParameters']?['itemId']", "note": "@triggerOutputs()['relativePathParameters']['noteId']" } }
            },
            "outputs": { "item": { "type": "String", "value": "@outputs('Echo')['item']" } }
        },
        "kind": "Stateful"
    })
}

#[tokio::test]
async fn a_workflow_without_response_answers_202_with_the_runs_location() {
    let (app, _s, _d) = sqlite_app().await;
    deploy(&app, "notes", no_response_workflow()).await;
    let a = call(&app, "POST", "/api/workflows/notes/triggers/manual/invoke/items/42/notes/7", Some(json!({}))).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let location = a.headers["location"].to_str().unwrap().to_string();
    let run_id = a.body["runId"].as_str().unwrap().to_string();
    assert!(location.ends_with(&format!("/api/workflows/notes/runs/{run_id}")));
    let mut run = Value::Null;
    for _ in 0..200 {
        run = call(&app, "GET", &format!("/api/workflows/notes/runs/{run_id}"), None).await.body;
        if run["status"] == "Succeeded" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(run["status"], "Succeeded", "{run}");
    assert_eq!(run["outputs"]["item"]["value"], "42");
    let cb = call(&app, "POST", "/api/workflows/notes/triggers/manual/listCallbackUrl", None).await;
    assert_eq!(cb.body["method"], "POST");
    assert_eq!(cb.body["relativePathParameters"], json!(["itemId", "noteId"]));
    assert!(cb.body["value"].as_str().unwrap().ends_with("/triggers/manual/invoke/items/{itemId}/notes/{noteId}"));

    let wrong_path = call(&app, "POST", "/api/workflows/notes/triggers/manual/invoke/items/42", Some(json!({}))).await;
    assert_error(&wrong_path, StatusCode::NOT_FOUND, "TriggerRelativePathNotMatched");
    let wrong_method = call(&app, "GET", "/api/workflows/notes/triggers/manual/invoke/items/1/notes/2", None).await;
    assert_error(&wrong_method, StatusCode::METHOD_NOT_ALLOWED, "TriggerRequestMethodNotValid");
}

async fn runs_are_listed_newest_first_filtered_and_paged(TestApp { router: app, .. }: TestApp) {
    deploy(&app, "hello", hello()).await;
    for i in 0..7 {
        let a = call(&app, "POST", "/api/workflows/hello/triggers/manual/invoke", Some(json!({ "name": format!("n{i}") }))).await;
        assert_eq!(a.status, StatusCode::OK);
    }
    let manual = call(&app, "POST", "/api/workflows/hello/triggers/manual/run", Some(json!({ "name": "by hand" }))).await;
    assert_eq!(manual.status, StatusCode::ACCEPTED, "{}", manual.body);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let mut seen = Vec::new();
    let mut uri = "/api/workflows/hello/runs?top=3".to_string();
    loop {
        let page = call(&app, "GET", &uri, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let items = page.body["value"].as_array().unwrap();
        assert!(items.len() <= 3);
        seen.extend(items.iter().map(|r| (r["startTime"].as_str().unwrap().to_string(), r["id"].as_str().unwrap().to_string())));
        match page.body["nextLink"].as_str() {
            Some(next) => uri = next.trim_start_matches(|c| c != '/').splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 8);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first");

    let ok = call(&app, "GET", "/api/workflows/hello/runs?status=Succeeded", None).await;
    assert_eq!(ok.body["value"].as_array().unwrap().len(), 8);
    let failed = call(&app, "GET", "/api/workflows/hello/runs?status=Failed", None).await;
    assert_eq!(failed.body["value"].as_array().unwrap().len(), 0);
    let future = call(&app, "GET", "/api/workflows/hello/runs?from=2999-01-01T00:00:00Z", None).await;
    assert_eq!(future.body["value"].as_array().unwrap().len(), 0);
    let bad = call(&app, "GET", "/api/workflows/hello/runs?status=Done", None).await;
    assert_error(&bad, StatusCode::BAD_REQUEST, "InvalidParameter");
    let bad_time = call(&app, "GET", "/api/workflows/hello/runs?from=yesterday", None).await;
    assert_error(&bad_time, StatusCode::BAD_REQUEST, "InvalidParameter");
}

async fn bad_input_gets_json_errors_and_changes_nothing(TestApp { router: app, state }: TestApp) {
    deploy(&app, "hello", hello()).await;

    let malformed = send(&app, Request::put("/api/workflows/hello").body(Body::from("{\"definition\": {")).unwrap()).await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, "InvalidJson");
    assert!(malformed.body["details"]["line"].is_number());

    let mut broken = hello();
    definition_mut(&mut broken)["actions"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()["runAfter"] = json!({ "Nope": ["Succeeded"] });
    let invalid = call(&app, "PUT", "/api/workflows/hello", Some(broken)).await;
    assert_error(&invalid, StatusCode::BAD_REQUEST, "InvalidDefinition");
    let diags = invalid.body["details"]["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["code"] == "RunAfterUnknownAction" && d["path"].as_str().unwrap().contains("/runAfter")), "{diags:?}");

    let versions = state.store.list_versions("hello").await.unwrap();
    assert_eq!(versions.len(), 1, "a rejected save stores nothing");

    let huge = "x".repeat(17 * 1024 * 1024);
    let too_big = send(&app, Request::put("/api/workflows/hello").body(Body::from(format!("\"{huge}\""))).unwrap()).await;
    assert_error(&too_big, StatusCode::PAYLOAD_TOO_LARGE, "RequestBodyTooLarge");

    let bad_trigger_body = send(
        &app,
        Request::post("/api/workflows/hello/triggers/manual/invoke")
            .header("content-type", "application/json")
            .body(Body::from("{\"name\": "))
            .unwrap(),
    )
    .await;
    assert_error(&bad_trigger_body, StatusCode::BAD_REQUEST, "InvalidRequestContent");

    assert_error(&call(&app, "GET", "/api/workflows/nope", None).await, StatusCode::NOT_FOUND, "WorkflowNotFound");
    assert_error(&call(&app, "GET", "/api/workflows/hello/runs/NOPE", None).await, StatusCode::NOT_FOUND, "WorkflowRunNotFound");
    assert_error(&call(&app, "POST", "/api/workflows/hello/triggers/nope/invoke", Some(json!({}))).await, StatusCode::NOT_FOUND, "WorkflowTriggerNotFound");
    assert_error(&call(&app, "GET", "/api/workflows/hello/versions/9", None).await, StatusCode::NOT_FOUND, "WorkflowVersionNotFound");
    assert_error(&call(&app, "GET", "/api/nothing", None).await, StatusCode::NOT_FOUND, "NotFound");
    assert_error(&call(&app, "PUT", "/api/workflows/bad%20name!", Some(hello())).await, StatusCode::BAD_REQUEST, "InvalidWorkflowName");
    assert_error(&call(&app, "GET", "/api/workflows/hello/runs?top=0", None).await, StatusCode::BAD_REQUEST, "InvalidParameter");

    let still = call(&app, "GET", "/api/workflows/hello", None).await;
    assert_eq!(still.body["version"], 1);
    assert_eq!(still.body["definition"], hello());
}

#[tokio::test]
async fn validate_reports_diagnostics_without_saving() {
    let (app, state, _d) = sqlite_app().await;
    let mut doc = hello();
    definition_mut(&mut doc)["actions"]["Loop"] = json!({ "type": "Frobnicate", "runAfter": {} });
    let report = call(&app, "POST", "/api/workflows/validate", Some(doc)).await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(report.body["valid"], false);
    let d = report.body["diagnostics"].as_array().unwrap();
    let unknown = d.iter().find(|d| d["code"] == "UnknownActionType").expect("UnknownActionType reported");
    assert_eq!(unknown["path"], "/actions/Loop/type", "{d:?}");
    assert_eq!(unknown["severity"], "error");
    let ok = call(&app, "POST", "/api/workflows/validate", Some(hello())).await;
    assert_eq!(ok.body["valid"], true, "{}", ok.body);
    assert!(state.store.list_workflows().await.unwrap().is_empty());
}

#[tokio::test]
async fn disabled_workflows_refuse_trigger_calls_until_enabled() {
    let (app, _s, _d) = sqlite_app().await;
    deploy(&app, "hello", hello()).await;
    assert_eq!(call(&app, "POST", "/api/workflows/hello/disable", None).await.body["state"], "Disabled");
    let refused = call(&app, "POST", "/api/workflows/hello/triggers/manual/invoke", Some(json!({"name": "x"}))).await;
    assert_error(&refused, StatusCode::CONFLICT, "WorkflowDisabled");
    assert_eq!(call(&app, "POST", "/api/workflows/hello/enable", None).await.body["state"], "Enabled");
    let ok = call(&app, "POST", "/api/workflows/hello/triggers/manual/invoke", Some(json!({"name": "x"}))).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(call(&app, "DELETE", "/api/workflows/hello", None).await.status, StatusCode::NO_CONTENT);
    assert_error(&call(&app, "DELETE", "/api/workflows/hello", None).await, StatusCode::NOT_FOUND, "WorkflowNotFound");
}

#[tokio::test]
async fn openapi_document_lists_the_api_paths() {
    let (app, _s, _d) = sqlite_app().await;
    let doc = call(&app, "GET", "/api/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().unwrap();
    for p in [
        "/api/workflows/{name}",
        "/api/workflows/{name}/triggers/{trigger}/invoke",
        "/api/workflows/{name}/runs/{runId}/actions/{action}",
        "/api/workflows/{name}/runs/{runId}/actions/{action}/repetitions",
        "/api/workflows/validate",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    assert_eq!(call(&app, "GET", "/healthz", None).await.body["status"], "ok");
}

/// A Foreach whose Compose fails for the item 0; after it, a Scope holding nested Foreach loops
/// and an Until counting to 3.
fn loops_workflow() -> Value {
    json!({
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "method": "POST" } } },
            "actions": {
                "Each_item": { "type": "Foreach", "foreach": "@triggerBody()?['items']", "runAfter": {},
                    "actions": { "Divide": { "type": "Compose", "inputs": "@div(10, item())", "runAfter": {} } } },
                "Grid": { "type": "Scope", "runAfter": { "Each_item": ["Succeeded", "Failed"] },
                    "actions": {
                        "Each_row": { "type": "Foreach", "foreach": "@triggerBody()?['rows']", "runAfter": {},
                            "actions": { "Each_cell": { "type": "Foreach", "foreach": "@item()", "runAfter": {},
                                "actions": { "Cell": { "type": "Compose", "inputs": "@item()", "runAfter": {} } } } } }
                    } },
                "Init_n": { "type": "InitializeVariable", "runAfter": { "Grid": ["Succeeded"] },
                    "inputs": { "variables": [{ "name": "n", "type": "integer", "value": 0 }] } },
                "Count_to_3": { "type": "Until", "expression": "@greaterOrEquals(variables('n'), 3)",
                    "limit": { "count": 10, "timeout": "PT1M" }, "runAfter": { "Init_n": ["Succeeded"] },
                    "actions": { "Bump": { "type": "IncrementVariable", "inputs": { "name": "n", "value": 1 }, "runAfter": {} } } }
            },
            "outputs": {}
        },
        "kind": "Stateful"
    })
}

/// Starts a run of `workflow`'s `manual` trigger and waits until it is no longer running.
async fn finished_run(app: &axum::Router, workflow: &str, body: Value) -> String {
    let a = call(app, "POST", &format!("/api/workflows/{workflow}/triggers/manual/invoke"), Some(body)).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let run_id = a.body["runId"].as_str().unwrap().to_string();
    for _ in 0..250 {
        let run = call(app, "GET", &format!("/api/workflows/{workflow}/runs/{run_id}"), None).await.body;
        if run["status"] != "Running" {
            return run_id;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("run {run_id} did not finish");
}

fn item_indexes(x: &Value) -> Vec<u64> {
    x["repetitionIndexes"].as_array().unwrap().iter().map(|r| r["itemIndex"].as_u64().unwrap()).collect()
}

async fn loop_repetitions_are_listed_filtered_and_counted(TestApp { router: app, .. }: TestApp) {
    deploy(&app, "loops", loops_workflow()).await;
    let run_id = finished_run(&app, "loops", json!({ "items": [5, 0, 2], "rows": [[1, 2], [3]] })).await;
    let base = format!("/api/workflows/loops/runs/{run_id}/actions");

    let divide = call(&app, "GET", &format!("{base}/Divide/repetitions"), None).await;
    assert_eq!(divide.status, StatusCode::OK, "{}", divide.body);
    let reps = divide.body["value"].as_array().unwrap();
    assert_eq!(reps.len(), 3, "{reps:?}");
    assert_eq!(reps.iter().map(item_indexes).collect::<Vec<_>>(), [[0], [1], [2]]);
    assert_eq!(reps.iter().map(|r| r["name"].as_str().unwrap()).collect::<Vec<_>>(), ["000000", "000001", "000002"]);
    assert!(reps.iter().all(|r| r["repetitionIndexes"][0]["scopeName"] == "Each_item" && r["attempt"] == 1));
    assert_eq!(reps.iter().map(|r| r["status"].as_str().unwrap()).collect::<Vec<_>>(), ["Succeeded", "Failed", "Succeeded"]);
    assert_eq!((reps[0]["outputs"].clone(), reps[2]["outputs"].clone()), (json!(2), json!(5)));
    assert!(reps[1]["error"]["message"].is_string(), "{}", reps[1]);
    assert!(reps.iter().all(|r| r["startTime"].is_string() && r["endTime"].is_string() && r.get("inputs").is_some()));

    let failed = call(&app, "GET", &format!("{base}/divide/repetitions?status=failed"), None).await;
    let failed = failed.body["value"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(item_indexes(&failed[0]), [1]);
    assert_eq!(failed[0]["status"], "Failed");

    let cells = call(&app, "GET", &format!("{base}/Cell/repetitions"), None).await;
    let cells = cells.body["value"].as_array().unwrap();
    assert_eq!(cells.iter().map(item_indexes).collect::<Vec<_>>(), [vec![0, 0], vec![0, 1], vec![1, 0]]);
    assert_eq!(cells.iter().map(|c| c["outputs"].clone()).collect::<Vec<_>>(), [json!(1), json!(2), json!(3)]);
    assert_eq!(cells[2]["name"], "000001-000000");
    assert_eq!(cells[2]["repetitionIndexes"], json!([{ "scopeName": "Each_row", "itemIndex": 1 }, { "scopeName": "Each_cell", "itemIndex": 0 }]));
    let outside = call(&app, "GET", &format!("{base}/Grid/repetitions"), None).await;
    assert_eq!(outside.body["value"], json!([]), "an action outside loops has no repetitions");

    let actions = call(&app, "GET", &base, None).await.body;
    let of = |name: &str| -> Vec<Value> { actions["value"].as_array().unwrap().iter().filter(|a| a["name"] == name).cloned().collect() };
    assert_eq!(of("Each_item")[0]["repetitionCount"], 3);
    assert!(of("Divide").iter().all(|a| a["repetitionCount"] == 3));
    assert_eq!(of("Each_row")[0]["repetitionCount"], 2);
    let mut per_row: Vec<(Vec<u64>, Value)> = of("Each_cell").iter().map(|a| (item_indexes(a), a["repetitionCount"].clone())).collect();
    per_row.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(per_row, [(vec![0], json!(2)), (vec![1], json!(1))], "a nested loop counts per outer iteration");
    assert_eq!(of("Count_to_3")[0]["iterationCount"], 3);
    assert!(of("Count_to_3")[0].get("repetitionCount").is_none());
    assert!(of("Grid")[0].get("repetitionCount").is_none() && of("Grid")[0].get("iterationCount").is_none());
    let one = call(&app, "GET", &format!("{base}/each_item"), None).await;
    assert_eq!((one.body["name"].clone(), one.body["repetitionCount"].clone()), (json!("Each_item"), json!(3)));
    assert_eq!(call(&app, "GET", &format!("{base}/Divide"), None).await.body["repetitionCount"], 3);

    let bad = call(&app, "GET", &format!("{base}/Divide/repetitions?status=Broken"), None).await;
    assert_error(&bad, StatusCode::BAD_REQUEST, "InvalidParameter");
    let no_action = call(&app, "GET", &format!("{base}/Nope/repetitions"), None).await;
    assert_error(&no_action, StatusCode::NOT_FOUND, "WorkflowRunActionNotFound");
    let no_run = call(&app, "GET", "/api/workflows/loops/runs/NOPE/actions/Divide/repetitions", None).await;
    assert_error(&no_run, StatusCode::NOT_FOUND, "WorkflowRunNotFound");
}

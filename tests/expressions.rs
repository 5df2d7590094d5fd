//! The expression endpoints through `Router::oneshot`: `POST /api/expressions/evaluate` (one
//! request or a batch; values, errors with positions, bad input as JSON 400s),
//! `GET /api/expressions/functions` (the catalogue the designer completes from), their OpenAPI
//! entries, and `appsetting()` reading the engine's configured app settings during a run.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use flowline_engine::{Engine, EngineConfig};
use flowline_server::AppState;
use flowline_server::config::ApiConfig;
use serde_json::{Value, json};
use support::*;

const EVALUATE: &str = "/api/expressions/evaluate";

async fn evaluate(app: &axum::Router, body: Value) -> Answer {
    call(app, "POST", EVALUATE, Some(body)).await
}

fn assert_error(a: &Answer, status: StatusCode, code: &str, mentions: &str) {
    assert_eq!(a.status, status, "body: {}", a.body);
    assert_eq!(a.body["code"], code, "body: {}", a.body);
    let message = a.body["message"].as_str().unwrap_or_default();
    assert!(message.contains(mentions), "message '{message}' should mention '{mentions}'");
}

/// The context of the example: an order action, a variable and a fixed clock.
fn order_context() -> Value {
    json!({
        "parameters": {"env": "prod"},
        "variables": {"n": 41},
        "trigger": {"outputs": {"body": {"id": 7}}},
        "actions": {"Get_order": {"status": "Succeeded", "outputs": {"body": {"customer": {"name": "Contoso"}}}}},
        "items": {"Each_line": {"sku": "A-1"}},
        "utcNow": "2018-03-01T00:00:00Z"
    })
}

#[tokio::test]
async fn evaluating_one_expression_answers_its_value() {
    let (app, _s, _d) = sqlite_app().await;
    let typical = "@{concat(body('Get_order')?['customer']?['name'], ' - ', string(add(variables('n'), 1)))}";
    let a = evaluate(&app, json!({"expression": typical, "context": order_context()})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body, json!({"value": "Contoso - 42"}));

    let cases = [
        ("@add(1, 2)", json!(3)),
        ("add(1, 2)", json!(3)),
        ("@div(11, 5.0)", json!(2.2)),
        ("@range(1, 3)", json!([1, 2, 3])),
        ("@{true}", json!("True")),
        ("@triggerBody().id", json!(7)),
        ("@items('each_line').sku", json!("A-1")),
        ("@parameters('env')", json!("prod")),
        ("@utcNow('yyyy-MM-dd')", json!("2018-03-01")),
        ("@@literal", json!("@literal")),
        ("@mul(1e308, 10)", json!("Infinity")),
    ];
    for (expression, want) in cases {
        let a = evaluate(&app, json!({"expression": expression, "context": order_context()})).await;
        assert_eq!(a.body, json!({"value": want}), "{expression}");
    }
    let without_context = evaluate(&app, json!({"expression": "@max(createArray(3, 9, 4))"})).await;
    assert_eq!(without_context.body, json!({"value": 9}));
}

#[tokio::test]
async fn evaluation_failures_are_answers_with_code_message_and_position() {
    let (app, _s, _d) = sqlite_app().await;
    let a = evaluate(&app, json!({"expression": "x @{add(1, 'a')}"})).await;
    assert_eq!(a.status, StatusCode::OK, "the failure is the evaluation's result, not a bad request");
    assert_eq!(
        a.body,
        json!({"error": {
            "code": "InvalidTemplate",
            "message": "The template language function 'add' expects its second parameter to be an integer or a decimal number. The provided value is of type 'String'.",
            "position": 4
        }})
    );

    let syntax = evaluate(&app, json!({"expression": "@concat('a'"})).await;
    assert_eq!(syntax.body["error"]["code"], "InvalidExpression", "{}", syntax.body);
    assert_eq!(syntax.body["error"]["position"], 11);

    let missing = evaluate(&app, json!({"expression": "@variables('nope')", "context": {"variables": {"n": 1}}})).await;
    assert!(missing.body["error"]["message"].as_str().unwrap().contains("variable 'nope'"), "{}", missing.body);
    let typo = evaluate(&app, json!({"expression": "@concta('a')"})).await;
    assert!(typo.body["error"]["message"].as_str().unwrap().ends_with("Did you mean 'concat'?"), "{}", typo.body);
    let no_call = evaluate(&app, json!({"expression": "@range(0, 100001)"})).await;
    assert_eq!(no_call.body["error"]["position"], 1);
}

#[tokio::test]
async fn a_batch_is_answered_in_order() {
    let (app, _s, _d) = sqlite_app().await;
    let batch = json!([
        {"expression": "@add(1, 1)"},
        {"expression": "@div(1, 0)"},
        {"expression": "@variables('n')", "context": {"variables": {"n": "second context"}}},
        {"expression": "@length(range(0, 100000))"}
    ]);
    let a = evaluate(&app, batch).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let answers = a.body.as_array().expect("an array answer");
    assert_eq!(answers.len(), 4);
    assert_eq!(answers[0], json!({"value": 2}));
    assert!(answers[1]["error"]["message"].as_str().unwrap().contains("divide by zero"), "{}", answers[1]);
    assert_eq!(answers[2], json!({"value": "second context"}));
    assert_eq!(answers[3], json!({"value": 100000}));

    assert_eq!(evaluate(&app, json!([])).await.body, json!([]));
    let full: Vec<Value> = (0..1000).map(|i| json!({"expression": format!("@add({i}, 1)")})).collect();
    let a = evaluate(&app, Value::Array(full)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body[999], json!({"value": 1000}));
}

#[tokio::test]
async fn guid_and_rand_differ_between_requests() {
    let (app, _s, _d) = sqlite_app().await;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..5 {
        let a = evaluate(&app, json!({"expression": "@concat(guid(), '/', string(rand(0, 1000000000)))"})).await;
        assert!(seen.insert(a.body["value"].as_str().unwrap().to_string()), "{}", a.body);
    }
}

#[tokio::test]
async fn malformed_requests_are_json_400s() {
    let (app, _s, _d) = sqlite_app().await;
    let raw = Request::post(EVALUATE).header("content-type", "application/json").body(Body::from("{\"expression\": ")).unwrap();
    assert_error(&send(&app, raw).await, StatusCode::BAD_REQUEST, "InvalidJson", "not valid JSON");
    assert_error(&evaluate(&app, json!({"context": {}})).await, StatusCode::BAD_REQUEST, "InvalidRequest", "missing field `expression`");
    assert_error(&evaluate(&app, json!({"expression": 1})).await, StatusCode::BAD_REQUEST, "InvalidRequest", "expression");
    assert_error(&evaluate(&app, json!({"expression": "@1", "contxt": {}})).await, StatusCode::BAD_REQUEST, "InvalidRequest", "contxt");
    assert_error(&evaluate(&app, json!("@add(1, 2)")).await, StatusCode::BAD_REQUEST, "InvalidRequest", "an object");
    assert_error(
        &evaluate(&app, json!({"expression": "@1", "context": {"variables": [1]}})).await,
        StatusCode::BAD_REQUEST,
        "InvalidContext",
        "'variables' in the expression context must be an object",
    );
    assert_error(
        &evaluate(&app, json!({"expression": "@1", "context": {"utcNow": "tomorrow"}})).await,
        StatusCode::BAD_REQUEST,
        "InvalidContext",
        "utcNow",
    );
    let bad_item = json!([{"expression": "@1"}, {"expression": "@2", "context": []}]);
    assert_error(&evaluate(&app, bad_item).await, StatusCode::BAD_REQUEST, "InvalidContext", "request 1 of the batch");
    let too_many: Vec<Value> = (0..1001).map(|_| json!({"expression": "@1"})).collect();
    assert_error(&evaluate(&app, Value::Array(too_many)).await, StatusCode::BAD_REQUEST, "BatchTooLarge", "at most 1000");
    let get = call(&app, "GET", EVALUATE, None).await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_function_catalogue_describes_every_function() {
    let (app, _s, _d) = sqlite_app().await;
    let a = call(&app, "GET", "/api/expressions/functions", None).await;
    assert_eq!(a.status, StatusCode::OK);
    let functions = a.body["value"].as_array().expect("value array");
    let names: Vec<&str> = functions.iter().map(|f| f["name"].as_str().unwrap()).collect();
    for name in ["concat", "add", "max", "rand", "range", "equals", "if", "trigger", "body", "action", "iterationIndexes", "appsetting", "listCallbackUrl"] {
        assert!(names.contains(&name), "missing {name}");
    }
    let mut unique = names.clone();
    unique.sort_unstable_by_key(|n| n.to_lowercase());
    unique.dedup_by_key(|n| n.to_lowercase());
    assert_eq!(unique.len(), names.len(), "names are unique case-insensitively");
    assert!(functions.iter().all(|f| !f["examples"].as_array().unwrap().is_empty() && !f["description"].as_str().unwrap().is_empty()));

    let range = functions.iter().find(|f| f["name"] == "range").unwrap();
    assert_eq!(range["category"], "math");
    assert_eq!(range["signature"], "range(startIndex: integer, count: integer): array");
    assert_eq!(range["returns"], "array");
    assert_eq!((range["minArgs"].as_u64(), range["maxArgs"].as_u64()), (Some(2), Some(2)));
    assert_eq!(range["params"][1]["name"], "count");
    assert_eq!(range["params"][1]["type"], "integer");
    assert!(range["params"][1]["doc"].as_str().unwrap().contains("100,000"));
    assert!(range["examples"].as_array().unwrap().iter().any(|e| e["expression"] == "range(1, 4)" && e["result"] == json!([1, 2, 3, 4])));
    assert!(range["examples"].as_array().unwrap().iter().any(|e| e["error"].is_string()));

    let max = functions.iter().find(|f| f["name"] == "max").unwrap();
    assert_eq!(max["maxArgs"], Value::Null, "max is variadic");
    assert_eq!(max["params"][0]["repeats"], true);
    let categories: std::collections::BTreeSet<&str> = functions.iter().map(|f| f["category"].as_str().unwrap()).collect();
    for c in ["string", "collection", "logical", "conversion", "math", "datetime", "workflow"] {
        assert!(categories.contains(c), "category {c} is listed");
    }
}

#[tokio::test]
async fn openapi_describes_the_expression_endpoints() {
    let (app, _s, _d) = sqlite_app().await;
    let doc = call(&app, "GET", "/api/openapi.json", None).await;
    let paths = &doc.body["paths"];
    assert!(paths["/api/expressions/evaluate"]["post"].is_object(), "{}", paths);
    assert!(paths["/api/expressions/functions"]["get"].is_object(), "{}", paths);
    let schemas = &doc.body["components"]["schemas"];
    for s in ["EvaluateRequest", "EvaluateResponse", "ExpressionError", "FunctionList", "FunctionInfo"] {
        assert!(schemas[s].is_object(), "schema {s}");
    }
}

#[tokio::test]
async fn runs_read_app_settings_from_the_engine_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("flowline.db").display());
    let store = flowline_storage_sqlx::open(&url).await.unwrap();
    let mut config = EngineConfig::default();
    config.app_settings.insert("Region".into(), "westeurope".into());
    let engine = Engine::new(store.clone(), config);
    let app = flowline_server::router(AppState::new(store, engine, ApiConfig::default()));

    let doc = json!({
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {
            "Answer": {
                "type": "Response", "kind": "Http", "runAfter": {},
                "inputs": {"statusCode": 200, "body": {
                    "region": "@appsetting('Region')",
                    "n": "@rand(5, 6)",
                    "callback": "@{if(false, listCallbackUrl(), 'none')}"
                }}
            }
        }
    });
    let put = call(&app, "PUT", "/api/workflows/settings", Some(doc)).await;
    assert!(put.status.is_success(), "{}", put.body);
    let a = call(&app, "POST", "/api/workflows/settings/triggers/manual/invoke", Some(json!({}))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body, json!({"region": "westeurope", "n": 5, "callback": "none"}));
}

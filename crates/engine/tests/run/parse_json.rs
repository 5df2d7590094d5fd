//! ParseJson: text or value content, JSON Schema validation with pointers to the failures.

use crate::harness::*;
use crate::ops::*;
use flowline_storage::Status;
use serde_json::json;

fn person_schema() -> serde_json::Value {
    json!({
        "type": "object",
        "properties": {
            "name": { "type": "string" },
            "age": { "type": "integer", "minimum": 0 },
            "tags": { "type": "array", "items": { "type": "string" } }
        },
        "required": ["name", "age"]
    })
}

#[tokio::test]
async fn text_content_is_parsed_and_its_properties_are_usable_downstream() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Parse", "ParseJson", json!({ "content": "@triggerBody()?['payload']", "schema": person_schema() }))
        .op("Greeting", "Compose", json!("@{body('Parse')?['name']} is @{body('Parse')?['age']}"))
        .after("Parse");
    let done = run(&h, wf, json!({ "payload": "{\"name\": \"Ada\", \"age\": 36, \"tags\": [\"x\"]}" })).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.body("Parse"), json!({ "name": "Ada", "age": 36, "tags": ["x"] }));
    assert_eq!(done.action("Greeting").outputs, Some(json!("Ada is 36")));
    assert_eq!(done.action("Parse").inputs.as_ref().unwrap()["schema"], person_schema(), "inputs recorded");
}

#[tokio::test]
async fn an_object_content_is_validated_as_it_is() {
    let h = Harness::new().await;
    let wf = ops().op("Parse", "ParseJson", json!({ "content": "@triggerBody()", "schema": person_schema() }));
    let done = run(&h, wf, json!({ "name": "Grace", "age": 85 })).await;
    assert_eq!(done.status("Parse"), Status::Succeeded);
    assert_eq!(done.body("Parse"), json!({ "name": "Grace", "age": 85 }));
}

#[tokio::test]
async fn schema_violations_fail_with_json_pointers_to_each_problem() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Parse", "ParseJson", json!({ "content": "@triggerBody()", "schema": person_schema() }))
        .op("Handle", "Compose", json!("@actions('Parse')?['error']?['code']"))
        .after_status("Parse", &["Failed"]);
    let done = run(&h, wf, json!({ "age": -1, "tags": ["ok", 7] })).await;
    assert_eq!(done.status("Parse"), Status::Failed);
    assert_eq!(done.error_code("Parse"), "ValidationFailed");
    assert_eq!(done.action("Handle").outputs, Some(json!("ValidationFailed")));
    let error = done.action("Parse").error.clone().unwrap();
    let paths: Vec<&str> = error["details"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    for expected in ["", "/age", "/tags/1"] {
        assert!(paths.contains(&expected), "{expected:?} in {paths:?}");
    }
    let message = error["message"].as_str().unwrap();
    assert!(message.starts_with("The schema validation failed: "), "{message}");
    assert!(message.contains("'/tags/1'") && message.contains("'/age'") && message.contains("\"name\""), "{message}");
    assert!(done.action("Parse").outputs.is_none());
}

#[tokio::test]
async fn null_content_invalid_text_and_an_invalid_schema_have_their_own_codes() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Null_content", "ParseJson", json!({ "content": "@triggerBody()?['missing']", "schema": {} }))
        .op("Bad_text", "ParseJson", json!({ "content": "{\"name\": ", "schema": {} }))
        .op("Bad_schema", "ParseJson", json!({ "content": "{}", "schema": { "type": "no-such-type" } }));
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(done.error_code("Null_content"), "InvalidTemplate");
    assert_eq!(done.error_message("Null_content"), "Required property 'content' expects a value but got null.");
    assert_eq!(done.error_code("Bad_text"), "InvalidJSON");
    assert_eq!(done.error_code("Bad_schema"), "InvalidJsonSchema");
}

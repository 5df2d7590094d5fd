//! InitializeVariable and SetVariable type rules.

use crate::harness::*;
use flowline_storage::Status;
use serde_json::json;

#[tokio::test]
async fn initializing_a_variable_twice_fails_the_second_action() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Init", initialize_variable("count", "integer", json!(1)))
        .action("Init_again", initialize_variable("Count", "integer", json!(2)).after("Init"))
        .action("Read", compose(json!("@variables('count')")).after_status("Init_again", &["Failed"]));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.status("Init"), Status::Succeeded);
    assert_eq!(done.status("Init_again"), Status::Failed);
    assert_eq!(done.error_code("Init_again"), "InvalidOperation");
    assert_eq!(done.action("Read").outputs, Some(json!(1)), "the first value stays");
}

#[tokio::test]
async fn setting_an_integer_into_a_float_variable_widens_it() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Init", initialize_variable("ratio", "float", json!(0.5)))
        .action("Set", set_variable("ratio", json!(2)).after("Init"))
        .action("Read", compose(json!("@variables('ratio')")).after("Set"));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let read = done.action("Read").outputs.clone().unwrap();
    assert!(read.is_f64(), "stored as a float: {read}");
    assert_eq!(read.as_f64(), Some(2.0));
    assert_eq!(done.action("Set").outputs.as_ref().unwrap()["body"]["value"], json!(2.0));
}

#[tokio::test]
async fn setting_a_string_into_an_integer_variable_fails_and_keeps_the_value() {
    let h = Harness::new().await;
    let wf = workflow()
        .action("Init", initialize_variable("count", "integer", json!(7)))
        .action("Set", set_variable("count", json!("eight")).after("Init"))
        .action("Read", compose(json!("@variables('count')")).after_status("Set", &["Failed"]));
    let done = h.run(wf, json!({})).await;
    assert_eq!(done.status("Set"), Status::Failed);
    assert_eq!(done.error_code("Set"), "InvalidVariableValue");
    assert_eq!(done.action("Read").outputs, Some(json!(7)));
}

//! IncrementVariable, DecrementVariable, AppendToStringVariable, AppendToArrayVariable: type
//! rules, outputs and atomic updates from parallel branches.

use crate::harness::*;
use crate::ops::*;
use flowline_storage::Status;
use serde_json::{Value, json};

#[tokio::test]
async fn increments_and_decrements_integers_and_floats() {
    let h = Harness::new().await;
    let wf = ops()
        .init("Init_count", "count", "integer", json!(10))
        .init("Init_ratio", "ratio", "float", json!(0.5))
        .after("Init_count")
        .op("Plus_one", "IncrementVariable", json!({ "name": "count" }))
        .after("Init_ratio")
        .op("Plus_five", "IncrementVariable", json!({ "name": "Count", "value": 5 }))
        .after("Plus_one")
        .op("Minus_two", "DecrementVariable", json!({ "name": "count", "value": 2 }))
        .after("Plus_five")
        .op("Ratio_up", "IncrementVariable", json!({ "name": "ratio", "value": 2 }))
        .after("Minus_two")
        .op("Ratio_down", "DecrementVariable", json!({ "name": "ratio", "value": 0.25 }))
        .after("Ratio_up")
        .op("Read", "Compose", json!({ "count": "@variables('count')", "ratio": "@variables('ratio')" }))
        .after("Ratio_down");
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.body("Plus_one"), json!({ "name": "count", "value": 11 }));
    assert_eq!(done.body("Minus_two"), json!({ "name": "count", "value": 14 }));
    assert_eq!(done.action("Read").outputs, Some(json!({ "count": 14, "ratio": 2.25 })));
}

#[tokio::test]
async fn wrong_types_fail_and_leave_the_variable_unchanged() {
    let h = Harness::new().await;
    let wf = ops()
        .init("Init_count", "count", "integer", json!(1))
        .init("Init_text", "text", "string", json!("a"))
        .after("Init_count")
        .op("Float_step", "IncrementVariable", json!({ "name": "count", "value": 1.5 }))
        .after("Init_text")
        .op("Text_step", "IncrementVariable", json!({ "name": "count", "value": "2" }))
        .after("Init_text")
        .op("Increment_string", "IncrementVariable", json!({ "name": "text" }))
        .after("Init_text")
        .op("Append_to_integer", "AppendToStringVariable", json!({ "name": "count", "value": "x" }))
        .after("Init_text")
        .op("Unknown", "DecrementVariable", json!({ "name": "nope" }))
        .after("Init_text")
        .op("Read", "Compose", json!("@variables('count')"))
        .after_status("Float_step", &["Failed"]);
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.error_code("Float_step"), "InvalidVariableValue");
    assert_eq!(done.error_code("Text_step"), "InvalidTemplate");
    assert_eq!(done.error_code("Increment_string"), "InvalidOperation");
    assert_eq!(done.error_code("Append_to_integer"), "InvalidOperation");
    assert_eq!(done.error_code("Unknown"), "InvalidTemplate");
    assert!(done.error_message("Unknown").contains("'nope' has not been initialized"));
    assert_eq!(done.action("Read").outputs, Some(json!(1)));
}

#[tokio::test]
async fn appends_to_strings_and_arrays() {
    let h = Harness::new().await;
    let wf = ops()
        .init("Init_text", "text", "string", json!("ab"))
        .init("Init_list", "list", "array", json!([1]))
        .after("Init_text")
        .op("Append_text", "AppendToStringVariable", json!({ "name": "text", "value": "cd" }))
        .after("Init_list")
        .op("Append_number", "AppendToStringVariable", json!({ "name": "text", "value": 12 }))
        .after("Append_text")
        .op("Append_object", "AppendToArrayVariable", json!({ "name": "list", "value": { "k": "v" } }))
        .after("Append_number")
        .op("Append_array", "AppendToArrayVariable", json!({ "name": "list", "value": [2, 3] }))
        .after("Append_object")
        .op("Append_null", "AppendToArrayVariable", json!({ "name": "list", "value": "@null" }))
        .after_status("Append_array", &["Failed"])
        .op("Read", "Compose", json!({ "text": "@variables('text')", "list": "@variables('list')" }))
        .after_status("Append_null", &["Failed"]);
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.body("Append_number"), json!({ "name": "text", "value": "abcd12" }));
    assert_eq!(done.status("Append_array"), Status::Failed);
    assert_eq!(done.error_code("Append_array"), "InvalidVariableValue");
    assert_eq!(done.error_code("Append_null"), "InvalidTemplate");
    assert_eq!(done.action("Read").outputs, Some(json!({ "text": "abcd12", "list": [1, { "k": "v" }] })));
}

#[tokio::test]
async fn updates_from_many_parallel_branches_are_never_lost() {
    const BRANCHES: i64 = 40;
    let h = Harness::new().await;
    let mut wf = ops()
        .init("Init_count", "count", "integer", json!(0))
        .init("Init_seen", "seen", "array", json!([]))
        .after("Init_count")
        .init("Init_log", "log", "string", json!(""))
        .after("Init_seen");
    let mut join = Vec::new();
    for i in 0..BRANCHES {
        let (inc, dec, add, log) = (format!("Inc_{i}"), format!("Dec_{i}"), format!("Add_{i}"), format!("Log_{i}"));
        wf = wf
            .op(&inc, "IncrementVariable", json!({ "name": "count", "value": 3 }))
            .after("Init_log")
            .op(&dec, "DecrementVariable", json!({ "name": "count" }))
            .after("Init_log")
            .op(&add, "AppendToArrayVariable", json!({ "name": "seen", "value": i }))
            .after("Init_log")
            .op(&log, "AppendToStringVariable", json!({ "name": "log", "value": "x" }))
            .after("Init_log");
        join.extend([inc, dec, add, log]);
    }
    wf = wf.op("Read", "Compose", json!({ "count": "@variables('count')", "seen": "@variables('seen')", "log": "@length(variables('log'))" }));
    for name in &join {
        wf = wf.after(name);
    }
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let read = done.action("Read").outputs.clone().unwrap();
    assert_eq!(read["count"], json!(BRANCHES * 2));
    assert_eq!(read["log"], json!(BRANCHES));
    let mut seen: Vec<i64> = read["seen"].as_array().unwrap().iter().filter_map(Value::as_i64).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..BRANCHES).collect::<Vec<_>>());
}

#[tokio::test]
async fn updates_from_parallel_foreach_iterations_are_never_lost() {
    let h = Harness::new().await;
    let body = ops()
        .op("Count", "IncrementVariable", json!({ "name": "count", "value": "@item()" }))
        .op("Remember", "AppendToArrayVariable", json!({ "name": "seen", "value": "@item()" }));
    let wf = ops()
        .init("Init_count", "count", "integer", json!(0))
        .init("Init_seen", "seen", "array", json!([]))
        .after("Init_count")
        .foreach("Each", "@range(1, 50)", body)
        .after("Init_seen")
        .op("Read", "Compose", json!({ "count": "@variables('count')", "seen": "@variables('seen')" }))
        .after("Each");
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let read = done.action("Read").outputs.clone().unwrap();
    assert_eq!(read["count"], json!(50 * 51 / 2));
    let mut seen: Vec<i64> = read["seen"].as_array().unwrap().iter().filter_map(Value::as_i64).collect();
    seen.sort_unstable();
    assert_eq!(seen, (1..=50).collect::<Vec<_>>());
}

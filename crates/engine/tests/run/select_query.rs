//! Select and Query: per-item expressions with `item()`, object and text modes, filters.

use crate::harness::*;
use crate::ops::*;
use flowline_storage::Status;
use serde_json::{Value, json};

fn order_lines() -> Value {
    json!({ "lines": [
        { "sku": "A-1", "qty": 2, "price": 12.5 },
        { "sku": "B-2", "qty": 1, "price": 99.0, "gift": true },
        { "sku": "C-3", "qty": 5, "price": 1.0 }
    ] })
}

#[tokio::test]
async fn select_maps_each_item_through_an_object_map() {
    let h = Harness::new().await;
    let wf = ops()
        .init("Init", "currency", "string", json!("EUR"))
        .op("Map", "Select", json!({
            "from": "@triggerBody()?['lines']",
            "select": { "id": "@item()?['sku']", "total": "@mul(item()?['qty'], item()?['price'])",
                        "label": "@{item()?['sku']} x@{item()?['qty']} (@{variables('currency')})", "fixed": 1 }
        }))
        .after("Init");
    let done = run(&h, wf, order_lines()).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(
        done.body("Map"),
        json!([
            { "id": "A-1", "total": 25.0, "label": "A-1 x2 (EUR)", "fixed": 1 },
            { "id": "B-2", "total": 99.0, "label": "B-2 x1 (EUR)", "fixed": 1 },
            { "id": "C-3", "total": 5.0, "label": "C-3 x5 (EUR)", "fixed": 1 }
        ])
    );
    let inputs = done.action("Map").inputs.clone().unwrap();
    assert_eq!(inputs["from"], order_lines()["lines"], "from is recorded evaluated");
    assert_eq!(inputs["select"]["id"], "@item()?['sku']", "select is recorded as written");
}

#[tokio::test]
async fn select_in_text_mode_produces_one_value_per_item() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Skus", "Select", json!({ "from": "@triggerBody()?['lines']", "select": "@toLower(item()?['sku'])" }))
        .op("Squares", "Select", json!({ "from": "@range(1, 4)", "select": "@mul(item(), item())" }))
        .op("Empty", "Select", json!({ "from": [], "select": "@item()" }));
    let done = run(&h, wf, order_lines()).await;
    assert_eq!(done.body("Skus"), json!(["a-1", "b-2", "c-3"]));
    assert_eq!(done.body("Squares"), json!([1, 4, 9, 16]));
    assert_eq!(done.body("Empty"), json!([]));
}

#[tokio::test]
async fn query_keeps_the_items_whose_condition_holds_in_order() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Bulk", "Query", json!({ "from": "@triggerBody()?['lines']", "where": "@greater(item()?['qty'], 1)" }))
        .op("Gifts", "Query", json!({ "from": "@triggerBody()?['lines']", "where": "@equals(item()?['gift'], true)" }))
        .op("None", "Query", json!({ "from": "@triggerBody()?['lines']", "where": "@equals(item()?['sku'], 'Z-9')" }))
        .op("Count", "Compose", json!("@length(body('Bulk'))"))
        .after("Bulk");
    let done = run(&h, wf, order_lines()).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    let lines = order_lines()["lines"].clone();
    assert_eq!(done.body("Bulk"), json!([lines[0], lines[2]]));
    assert_eq!(done.body("Gifts"), json!([lines[1]]));
    assert_eq!(done.body("None"), json!([]));
    assert_eq!(done.action("Count").outputs, Some(json!(2)));
    assert_eq!(done.action("Bulk").inputs.as_ref().unwrap()["where"], "@greater(item()?['qty'], 1)");
}

#[tokio::test]
async fn bad_inputs_and_failing_item_expressions_fail_the_action() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Not_array", "Select", json!({ "from": "@triggerBody()", "select": "@item()" }))
        .op("Not_boolean", "Query", json!({ "from": [1, 2], "where": "@item()" }))
        .op("Item_fails", "Select", json!({ "from": [{ "a": 1 }, "text"], "select": "@item()['a']" }))
        .op("No_from", "Query", json!({ "from": "@triggerBody()?['nothing']", "where": "@true" }))
        .op("Item_outside", "Compose", json!("@item()"));
    let done = run(&h, wf, json!({ "k": 1 })).await;
    assert_eq!(done.outcome.status, Status::Failed);
    assert_eq!(done.error_code("Not_array"), "InvalidTemplate");
    assert_eq!(
        done.error_message("Not_array"),
        "The 'from' property value in the 'select' action inputs is of type 'Object'. The value must be an array."
    );
    assert_eq!(done.error_code("Not_boolean"), "InvalidTemplate");
    assert!(done.error_message("Not_boolean").contains("must evaluate to a boolean"), "{}", done.error_message("Not_boolean"));
    assert_eq!(done.error_code("Item_fails"), "InvalidTemplate");
    assert!(done.error_message("Item_fails").contains("item at index 1"), "{}", done.error_message("Item_fails"));
    assert_eq!(done.error_message("No_from"), "Required property 'from' expects a value but got null.");
    assert_eq!(done.status("Item_outside"), Status::Failed, "item() outside Select/Query/Foreach still fails");
}

#[tokio::test]
async fn inside_a_foreach_item_is_the_selected_element_and_items_names_the_loop() {
    let h = Harness::new().await;
    let body = ops().op("Shift", "Select", json!({ "from": [1, 2], "select": "@add(item(), items('Each'))" }));
    let wf = ops().foreach("Each", "@createArray(10, 20)", body);
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(done.iteration_outputs("Shift"), vec![json!({ "body": [11, 12] }), json!({ "body": [21, 22] })]);
}

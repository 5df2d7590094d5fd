//! Join and Table: text forms of items, CSV quoting, HTML escaping, automatic and explicit columns.

use crate::harness::*;
use crate::ops::*;
use flowline_storage::Status;
use serde_json::json;

#[tokio::test]
async fn join_writes_items_as_text_between_separators() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Numbers", "Join", json!({ "from": [1, 2, 3, 4], "joinWith": "," }))
        .op("Mixed", "Join", json!({ "from": ["a", null, true, 1.5, { "k": 1 }, [2]], "joinWith": " | " }))
        .op("Empty", "Join", json!({ "from": [], "joinWith": "," }))
        .op("Not_array", "Join", json!({ "from": "abc", "joinWith": "," }));
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.body("Numbers"), json!("1,2,3,4"));
    assert_eq!(done.body("Mixed"), json!("a |  | True | 1.5 | {\"k\":1} | [2]"));
    assert_eq!(done.body("Empty"), json!(""));
    assert_eq!(done.status("Not_array"), Status::Failed);
    assert_eq!(done.error_code("Not_array"), "InvalidTemplate");
}

#[tokio::test]
async fn csv_with_automatic_columns_quotes_fields_that_need_it() {
    let h = Harness::new().await;
    let wf = ops().op("Csv", "Table", json!({ "format": "CSV", "from": "@triggerBody()" }));
    let rows = json!([
        { "ID": 0, "Product_Name": "Apples, red" },
        { "ID": 1, "Product_Name": "say \"hi\"", "Note": "two\nlines" },
        { "ID": 2, "Product_Name": null, "Note": true }
    ]);
    let done = run(&h, wf, rows).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(
        done.body("Csv"),
        json!("ID,Product_Name,Note\n0,\"Apples, red\",\n1,\"say \"\"hi\"\"\",\"two\nlines\"\n2,,True\n")
    );
}

#[tokio::test]
async fn html_with_explicit_columns_evaluates_values_per_item_and_escapes_markup() {
    let h = Harness::new().await;
    let wf = ops().op("Html", "Table", json!({
        "format": "HTML",
        "from": "@triggerBody()?['people']",
        "columns": [
            { "header": "Name", "value": "@item()?['name']" },
            { "header": "@{toUpper('age')}", "value": "@add(item()?['age'], 1)" }
        ]
    }));
    let done = run(&h, wf, json!({ "people": [{ "name": "<b>Tom</b> & 'Jerry'", "age": 3 }, { "name": "Ann", "age": 40 }] })).await;
    assert_eq!(done.outcome.status, Status::Succeeded, "{:?}", done.outcome);
    assert_eq!(
        done.body("Html"),
        json!("<table><thead><tr><th>Name</th><th>AGE</th></tr></thead><tbody><tr><td>&lt;b&gt;Tom&lt;/b&gt; &amp; &#39;Jerry&#39;</td><td>4</td></tr><tr><td>Ann</td><td>41</td></tr></tbody></table>")
    );
    assert_eq!(done.action("Html").inputs.as_ref().unwrap()["columns"][0]["value"], "@item()?['name']");
}

#[tokio::test]
async fn table_rejects_an_unknown_format_and_non_objects_without_columns() {
    let h = Harness::new().await;
    let wf = ops()
        .op("Bad_format", "Table", json!({ "format": "XLSX", "from": [{ "a": 1 }] }))
        .op("Scalars", "Table", json!({ "format": "CSV", "from": [1, 2] }))
        .op("Scalars_with_columns", "Table", json!({ "format": "csv", "from": [1, 2], "columns": [{ "header": "n", "value": "@item()" }] }));
    let done = run(&h, wf, json!({})).await;
    assert_eq!(done.error_code("Bad_format"), "InvalidTemplate");
    assert!(done.error_message("Bad_format").contains("'XLSX'"));
    assert_eq!(done.error_code("Scalars"), "InvalidTemplate");
    assert!(done.error_message("Scalars").contains("index 0"), "{}", done.error_message("Scalars"));
    assert_eq!(done.body("Scalars_with_columns"), json!("n\n1\n2\n"));
}

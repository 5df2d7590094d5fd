//! Hostile input: deep nesting, huge names, many actions, garbage.

mod support;

use flowline_model::{AllTypes, DiagnosticCode as C, load, validate};
use serde_json::json;
use support::{Workflow, compose, compose_after, single};

#[test]
fn a_hundred_thousand_open_brackets_is_an_error_not_a_crash() {
    let err = load(&"[".repeat(100_000)).unwrap_err();
    assert!(err.message.contains("recursion limit"), "{err}");
    let err = load(&"{\"a\":".repeat(100_000)).unwrap_err();
    assert!(err.line >= 1);
}

#[test]
fn malformed_json_is_a_load_error_with_position() {
    let err = load("{\"definition\": {\n  \"actions\": {,}\n}}").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.to_string().contains("line 2"), "{err}");
    assert!(load("").is_err());
    assert!(load("\u{feff}").is_err());
}

#[test]
fn huge_name_is_reported_with_a_short_message() {
    let name = "x".repeat(100_000);
    let diags = Workflow::new().action(&name, compose()).diagnostics();
    let d = single(&diags, C::NameTooLong);
    assert!(
        d.message.len() < 200,
        "message should not echo the whole name"
    );
}

#[test]
fn six_hundred_chained_actions_validate_without_recursion_trouble() {
    let mut wf = Workflow::new().action("A0", compose());
    for i in 1..600 {
        wf = wf.action(&format!("A{i}"), compose_after(&format!("A{}", i - 1)));
    }
    let doc = wf.load();
    assert_eq!(doc.definition().unwrap().action_count(), 600);
    let diags = validate(&doc, &AllTypes);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, C::TooManyActions);
}

#[test]
fn long_run_after_cycle_is_found_iteratively() {
    let n = 20_000;
    let mut wf = Workflow::new();
    for i in 0..n {
        wf = wf.action(
            &format!("A{i}"),
            compose_after(&format!("A{}", (i + 1) % n)),
        );
    }
    let diags = wf.diagnostics();
    assert_eq!(
        diags.iter().filter(|d| d.code == C::RunAfterCycle).count(),
        1
    );
}

#[test]
fn wrong_json_types_everywhere_do_not_panic() {
    let junk = [
        json!(null),
        json!(1),
        json!("s"),
        json!([1, {"a": 2}]),
        json!({"type": 5}),
    ];
    for j in &junk {
        let doc = flowline_model::load_value(json!({"definition": {
            "triggers": {"t": j}, "actions": {"a": j, "b": {"type": "If", "expression": j, "actions": j, "else": j, "runAfter": j},
            "c": {"type": "Switch", "cases": j, "default": j}, "d": {"type": "Foreach", "foreach": j, "runAfter": {"a": j}},
            "e": {"type": "Until", "limit": j, "expression": {"equals": j}}},
            "parameters": j, "outputs": j}}));
        let _ = validate(&doc, &AllTypes);
        let _ = flowline_model::load_value(j.clone());
        let _ = flowline_model::load_value(json!({"definition": j}));
        let _ = flowline_model::load_value(
            json!({"resources": [j, {"type": "Microsoft.Logic/workflows", "properties": {"definition": j}}]}),
        );
    }
}

//! Fuzz target: parse arbitrary text as a template (and as a bare expression) and evaluate it
//! against a fixed [`JsonContext`]. Nothing may panic, hang or exhaust memory, and every error
//! position must point inside the input.
//!
//! Run: `cargo fuzz run parse_eval -- -max_len=4096 -dict=parse_eval.dict`
//! (stable toolchains: prefix with `RUSTC_BOOTSTRAP=1`).

#![no_main]

use flowline_expr::{JsonContext, JsonTemplate, Template, parse_expression};
use libfuzzer_sys::fuzz_target;

/// Inputs longer than this are skipped: the parser rejects anything over 8,192 characters
/// cheaply, and long inputs only slow the search down.
const MAX_INPUT_BYTES: usize = 4096;

thread_local! {
    static CONTEXT: JsonContext = context();
}

fn context() -> JsonContext {
    let doc = serde_json::json!({
        "parameters": {"env": "test", "limit": 10, "list": [1, 2.5, "x", null]},
        "variables": {"n": 2, "name": "Ada", "nothing": null, "big": 9223372036854775807_i64},
        "appsettings": {"Region": "westeurope"},
        "trigger": {
            "name": "manual",
            "outputs": {
                "headers": {"Content-Type": "application/json"},
                "body": {"order": {"id": 42, "lines": [{"sku": "A1", "qty": 2}]}, "tags": ["x", "y"]}
            }
        },
        "actions": {
            "Get_order": {
                "status": "Succeeded",
                "outputs": {"statusCode": 200, "body": {"customer": {"name": "Contoso"}}}
            }
        },
        "item": {"sku": "A1"},
        "items": {"Each": 1},
        "iterationIndexes": {"Until": 0},
        "result": {"Scope": [{"name": "Step", "status": "Failed"}]},
        "workflow": {"name": "wf", "run": {"name": "run-1"}},
        "utcNow": "2018-03-01T00:00:00Z"
    });
    JsonContext::from_json(&doc, chrono::DateTime::UNIX_EPOCH)
        .expect("the fixed context is valid")
        .with_random_seed(7)
}

fn check_template(text: &str, context: &JsonContext) {
    let chars = text.chars().count();
    match Template::parse(text) {
        Err(e) => assert!(
            e.offset <= chars,
            "parse offset {} beyond {chars}",
            e.offset
        ),
        Ok(template) => match template.evaluate(context) {
            Ok(value) => {
                let _ = value.to_text();
                let _ = value.into_json();
            }
            Err(e) => {
                if let Some(p) = e.position {
                    assert!(p <= chars, "error position {p} beyond {chars}: {e}");
                }
            }
        },
    }
}

fn check_expression(text: &str) {
    let chars = text.chars().count();
    match parse_expression(text) {
        Err(e) => assert!(
            e.offset <= chars,
            "parse offset {} beyond {chars}",
            e.offset
        ),
        // Printing a parsed expression (used in error messages) must not panic.
        Ok(expr) => drop(expr.to_string()),
    }
}

fn check_json_template(text: &str, context: &JsonContext) {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    if let Ok(compiled) = JsonTemplate::compile(&json) {
        let _ = compiled.evaluate(context);
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT_BYTES {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    CONTEXT.with(|context| {
        check_template(text, context);
        check_expression(text);
        check_json_template(text, context);
    });
});

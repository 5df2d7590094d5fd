//! Hostile input must fail fast with an error: never hang, overflow the stack or exhaust memory.

use std::time::{Duration, Instant};

use flowline_expr::testing::MapScope;
use flowline_expr::{JsonTemplate, MAX_STRING_CHARS, Template, parse_expression};

fn quickly<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    out
}

#[test]
fn ten_thousand_nested_calls_are_a_parse_error() {
    let src = format!("{}1{}", "add(".repeat(10_000), ")".repeat(10_000));
    let err = quickly(|| parse_expression(&src)).unwrap_err();
    assert!(
        err.message.contains("longer") || err.message.contains("nested"),
        "{err}"
    );
    let short = format!("{}1{}", "f(".repeat(1000), ")".repeat(1000));
    assert!(
        quickly(|| parse_expression(&short))
            .unwrap_err()
            .message
            .contains("nested")
    );
}

#[test]
fn ten_thousand_open_parentheses_are_a_parse_error() {
    let src = format!("@{}", "(".repeat(10_000));
    assert!(quickly(|| Template::parse(&src)).is_err());
    let interpolated = format!("a @{{{}}}", "f(".repeat(3000));
    assert!(quickly(|| Template::parse(&interpolated)).is_err());
}

#[test]
fn deep_index_nesting_is_bounded() {
    let src = format!(
        "triggerBody(){}",
        "[triggerBody()".repeat(500) + &"]".repeat(500)
    );
    assert!(
        quickly(|| parse_expression(&src))
            .unwrap_err()
            .message
            .contains("nested")
    );
}

#[test]
fn overlong_expression_is_rejected_with_its_limit() {
    let src = format!("concat('{}')", "a".repeat(9000));
    let err = parse_expression(&src).unwrap_err();
    assert!(err.message.contains("8192"), "{err}");
    let template = format!("@{src}");
    assert!(Template::parse(&template).is_err());
}

#[test]
fn long_member_chain_is_evaluated_without_deep_recursion() {
    let src = format!("@triggerBody(){}", "?.x".repeat(2000));
    let t = quickly(|| Template::parse(&src)).unwrap();
    assert_eq!(
        t.evaluate(&MapScope::example()).unwrap(),
        flowline_expr::Value::Null
    );
}

#[test]
fn unterminated_inputs_are_errors() {
    for src in [
        "@concat('abc",
        "@concat('a''",
        "x @{concat('}'",
        "@{",
        "@concat(",
        "@'",
        "@triggerBody()['x",
    ] {
        assert!(
            quickly(|| Template::parse(src)).is_err(),
            "{src} should not parse"
        );
    }
}

#[test]
fn huge_concat_is_an_evaluation_error() {
    let big = "a".repeat(100_000);
    let scope = MapScope::example().with_variable("big", serde_json::json!(big));
    let t = Template::parse("@concat(variables('big'), variables('big'))").unwrap();
    let err = quickly(|| t.evaluate(&scope)).unwrap_err();
    assert!(err.message.contains(&MAX_STRING_CHARS.to_string()), "{err}");
    let grow = Template::parse(&format!("@{}'x'{}", "base64(".repeat(60), ")".repeat(60))).unwrap();
    assert!(
        quickly(|| grow.evaluate(&scope))
            .unwrap_err()
            .message
            .contains("longer than the limit")
    );
    let ok = Template::parse("@concat(variables('big'))").unwrap();
    assert!(ok.evaluate(&scope).is_ok());
}

#[test]
fn many_expressions_in_one_document_compile_quickly() {
    let items: Vec<serde_json::Value> = (0..5000)
        .map(|i| serde_json::json!(format!("@add({i}, 1)")))
        .collect();
    let compiled = quickly(|| JsonTemplate::compile(&serde_json::Value::Array(items))).unwrap();
    let out = quickly(|| compiled.evaluate(&MapScope::example())).unwrap();
    assert_eq!(out[4999], serde_json::json!(5000));
}

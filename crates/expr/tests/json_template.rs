//! `JsonTemplate`: compile once, evaluate many times, report every bad string by pointer.

use flowline_expr::testing::MapScope;
use flowline_expr::{JsonTemplate, Template};
use serde_json::json;

#[test]
fn nested_strings_are_evaluated_and_key_order_kept() {
    let source = json!({
        "zeta": "@variables('counter')",
        "alpha": {"items": ["@triggerBody()?['tags']", "n=@{variables('counter')}", 7, null], "flag": true},
        "mid": "plain",
    });
    let compiled = JsonTemplate::compile(&source).unwrap();
    assert!(!compiled.is_literal());
    let out = compiled.evaluate(&MapScope::example()).unwrap();
    assert_eq!(
        out,
        json!({"zeta": 3, "alpha": {"items": [["x", "y"], "n=3", 7, null], "flag": true}, "mid": "plain"})
    );
    let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
}

#[test]
fn subtrees_without_expressions_collapse_to_literals() {
    let source =
        json!({"a": {"b": [1, "x", {"c": "mail@example.com"}]}, "d": "@{variables('name')}"});
    let JsonTemplate::Object(fields) = JsonTemplate::compile(&source).unwrap() else {
        panic!("object expected")
    };
    assert_eq!(fields[0].0, "a");
    assert_eq!(
        fields[0].1,
        JsonTemplate::Literal(json!({"b": [1, "x", {"c": "mail@example.com"}]}))
    );
    assert!(matches!(
        fields[1].1,
        JsonTemplate::String(Template::Interpolated(_))
    ));
}

#[test]
fn escapes_are_resolved_in_literals() {
    let compiled = JsonTemplate::compile(&json!(["@@not an expression", "a@@{b}"])).unwrap();
    assert_eq!(
        compiled,
        JsonTemplate::Literal(json!(["@not an expression", "a@{b}"]))
    );
    assert!(compiled.is_literal());
}

#[test]
fn object_keys_are_not_evaluated() {
    let compiled =
        JsonTemplate::compile(&json!({"@variables('name')": "@variables('name')"})).unwrap();
    assert_eq!(
        compiled.evaluate(&MapScope::example()).unwrap(),
        json!({"@variables('name')": "Ada"})
    );
}

#[test]
fn every_parse_error_is_reported_with_an_escaped_pointer() {
    let source = json!({
        "body": {"items": ["ok", "@add(1,"], "a/b": {"c~d": "@{'unterminated}"}},
        "fine": "@add(1, 2)",
    });
    let errors = JsonTemplate::compile(&source).unwrap_err();
    let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(pointers, ["/body/items/1", "/body/a~1b/c~0d"]);
    assert_eq!(errors[0].text, "@add(1,");
    assert!(
        errors[1].error.message.contains("Unterminated"),
        "{}",
        errors[1].error
    );
}

#[test]
fn root_string_error_has_empty_pointer() {
    let errors = JsonTemplate::compile(&json!("@\"quoted\"")).unwrap_err();
    assert_eq!(errors[0].pointer, "");
    assert_eq!(errors[0].error.offset, 1);
}

#[test]
fn typed_values_become_json_of_their_type() {
    let compiled = JsonTemplate::compile(
        &json!({"f": "@float('5.0')", "i": "@int('5')", "s": "@{float('5.0')}"}),
    )
    .unwrap();
    let out = compiled.evaluate(&MapScope::example()).unwrap();
    assert_eq!(out.to_string(), r#"{"f":5.0,"i":5,"s":"5"}"#);
}

#[test]
fn evaluation_errors_propagate() {
    let compiled = JsonTemplate::compile(&json!({"x": ["@body('Get_user').nope"]})).unwrap();
    let err = compiled.evaluate(&MapScope::example()).unwrap_err();
    assert_eq!(err.code, "InvalidTemplate");
    assert!(
        err.message.contains("property 'nope' doesn't exist"),
        "{err}"
    );
}

#[test]
fn referenced_actions_are_collected_once_in_order() {
    let source = json!({
        "a": "@body('Fetch')?['x']",
        "b": ["@{outputs('Parse').statusCode} @{actions('Fetch').status}", "@result(variables('dynamic'))"],
        "c": {"d": "@if(true, actionBody('Alias'), ACTIONOUTPUTS('Upper'))", "e": "@result('Try_scope')"},
        "f": "body('NotAnExpression')",
    });
    let compiled = JsonTemplate::compile(&source).unwrap();
    assert_eq!(
        compiled.referenced_actions(),
        ["Fetch", "Parse", "Alias", "Upper", "Try_scope"]
    );
}

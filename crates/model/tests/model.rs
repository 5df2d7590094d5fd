//! The typed view: shapes, leniency, control-flow bodies, conditions, triggers, round trip.

mod support;

use chrono::{DateTime, Utc};
use flowline_expr::{EvalError, Scope, Value};
use flowline_model::{
    ActionBody, ActionType, AllTypes, Condition, Definition, RunAfterStatus, Shape, TriggerType,
    load, load_value, validate,
};
use serde_json::json;
use support::{Workflow, compose};

#[test]
fn bare_standard_arm_and_gallery_shapes_are_detected() {
    let def = json!({"triggers": {"manual": {"type": "Request"}}, "actions": {}});
    let bare = load_value(def.clone());
    assert_eq!(
        (bare.shape, bare.workflows[0].pointer.as_str()),
        (Shape::Bare, "")
    );

    let standard = load_value(json!({"definition": def, "kind": "Stateless"}));
    assert_eq!(
        (standard.shape, standard.workflows[0].pointer.as_str()),
        (Shape::Standard, "/definition")
    );
    assert_eq!(standard.workflows[0].kind.as_deref(), Some("Stateless"));

    let arm = load_value(
        json!({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "resources": [
            {"type": "Microsoft.Web/connections", "name": "c"},
            {"type": "microsoft.logic/WORKFLOWS", "name": "one", "properties": {"definition": def}},
            {"type": "Microsoft.Logic/workflows", "name": "two", "properties": {"definition": def}}
        ]}),
    );
    assert_eq!(arm.shape, Shape::Arm);
    let pointers: Vec<&str> = arm.workflows.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/resources/1/properties/definition",
            "/resources/2/properties/definition"
        ]
    );
    assert_eq!(arm.workflows[1].name.as_deref(), Some("two"));

    let gallery = load_value(
        json!({"id": "x", "type": "Microsoft.Logic/galleries/templates", "name": "g", "properties": {"definition": def}}),
    );
    assert_eq!(
        (gallery.shape, gallery.workflows[0].pointer.as_str()),
        (Shape::Gallery, "/properties/definition")
    );
}

#[test]
fn bom_and_crlf_load_and_round_trip() {
    let text = "\u{feff}{\r\n  \"definition\": {\r\n    \"triggers\": {\"manual\": {\"type\": \"Request\"}},\r\n    \"actions\": {}\r\n  }\r\n}\r\n";
    let doc = load(text).unwrap();
    assert_eq!(doc.shape, Shape::Standard);
    let expected: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
    assert_eq!(
        serde_json::to_string(doc.to_json()).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
}

#[test]
fn unknown_keys_and_key_order_survive_a_save() {
    let text = r#"{"zeta":1,"definition":{"actions":{"B":{"x-custom":{"k":[1,2]},"type":"Compose","inputs":"@{1}"},"A":{"type":"Compose"}},"triggers":{}},"alpha":true}"#;
    let doc = load(text).unwrap();
    assert_eq!(serde_json::to_string(doc.to_json()).unwrap(), text);
    assert!(doc.to_string_pretty().starts_with("{\n  \"zeta\": 1"));
    let names: Vec<&str> = doc.definition().unwrap().actions.names().collect();
    assert_eq!(names, ["B", "A"]);
}

#[test]
fn type_names_statuses_and_variable_types_are_case_insensitive() {
    let doc = Workflow::new()
        .trigger("sched", json!({"type": "recurrence", "recurrence": {"frequency": "Day", "interval": 1}}))
        .action("Init", json!({"type": "initializevariable", "inputs": {"variables": [{"name": "v", "type": "INTEGER", "value": 1}]}}))
        .action("Loop", json!({"type": "foreach", "foreach": "@createArray(1)", "actions": {"C": {"type": "compose", "inputs": 1}},
            "runAfter": {"Init": ["SUCCEEDED", "failed", "TimedOut", "skipped"]}}))
        .load();
    let diags = validate(&doc, &AllTypes);
    assert!(diags.is_empty(), "{diags:#?}");
    let def = doc.definition().unwrap();
    assert_eq!(
        def.trigger("sched").unwrap().trigger_type,
        TriggerType::Recurrence
    );
    let looped = def.actions.get("Loop").unwrap();
    assert_eq!(
        (looped.action_type.clone(), looped.type_name.as_str()),
        (ActionType::Foreach, "foreach")
    );
    assert_eq!(
        looped.run_after[0].statuses,
        [
            RunAfterStatus::Succeeded,
            RunAfterStatus::Failed,
            RunAfterStatus::TimedOut,
            RunAfterStatus::Skipped
        ]
    );
    assert!(
        matches!(&looped.body, ActionBody::Foreach { actions, .. } if actions.get("C").unwrap().action_type == ActionType::Compose)
    );
}

#[test]
fn control_bodies_expose_their_containers() {
    let doc = Workflow::new()
        .action("If", json!({"type": "If", "expression": "@equals(1, 1)", "actions": {"T": compose()}, "else": {"actions": {"E": compose()}}}))
        .action("Sw", json!({"type": "Switch", "expression": "@triggerBody()", "cases": {"c1": {"case": 200, "actions": {"C1": compose()}}},
            "default": {"actions": {"D": compose()}}}))
        .action("Loop", json!({"type": "Foreach", "foreach": "@body('x')", "operationOptions": "Sequential", "actions": {},
            "runtimeConfiguration": {"concurrency": {"repetitions": 5}}}))
        .action("Wait", json!({"type": "Until", "expression": "@equals(1, 1)", "limit": {"count": 60, "timeout": "PT1H"}, "actions": {"U": compose()}}))
        .action("Agent", json!({"type": "Agent", "tools": {"tool1": {"actions": {"Tool_action": compose()}}}}))
        .load();
    let def = doc.definition().unwrap();
    assert_eq!(def.action_count(), 11);
    match &def.actions.get("If").unwrap().body {
        ActionBody::If {
            actions,
            else_actions,
            ..
        } => {
            assert_eq!(
                actions.get("T").unwrap().pointer,
                "/definition/actions/If/actions/T"
            );
            assert_eq!(
                else_actions.get("E").unwrap().pointer,
                "/definition/actions/If/else/actions/E"
            );
        }
        other => panic!("{other:?}"),
    }
    match &def.actions.get("Sw").unwrap().body {
        ActionBody::Switch { cases, default, .. } => {
            assert_eq!(
                (cases[0].name.as_str(), &cases[0].value),
                ("c1", &json!(200))
            );
            assert_eq!(
                cases[0].actions.get("C1").unwrap().pointer,
                "/definition/actions/Sw/cases/c1/actions/C1"
            );
            assert!(default.get("D").is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        def.actions.get("Loop").unwrap().body,
        ActionBody::Foreach {
            sequential: true,
            concurrency: Some(5),
            ..
        }
    ));
    match &def.actions.get("Wait").unwrap().body {
        ActionBody::Until { count, timeout, .. } => assert_eq!(
            (count, timeout.as_deref()),
            (&Some(json!(60)), Some("PT1H"))
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        def.actions.find("Tool_action").unwrap().pointer,
        "/definition/actions/Agent/tools/tool1/actions/Tool_action"
    );
}

#[test]
fn request_trigger_helpers_read_method_path_and_correlation() {
    let doc = Workflow::new()
        .without_triggers()
        .trigger("manual", json!({"type": "Request", "kind": "Http",
            "inputs": {"method": "post", "relativePath": "/orders/{id}", "schema": {"type": "object"}},
            "correlation": {"clientTrackingId": "@triggerBody()?['id']"}}))
        .load();
    let t = &doc.definition().unwrap().triggers[0];
    assert_eq!(t.request_method().as_deref(), Some("POST"));
    assert_eq!(t.relative_path().as_deref(), Some("orders/{id}"));
    assert_eq!(t.request_schema(), Some(&json!({"type": "object"})));
    assert!(
        t.client_tracking_id
            .as_ref()
            .is_some_and(|c| !c.is_literal())
    );
    assert_eq!(t.kind.as_deref(), Some("Http"));
}

#[test]
fn parameters_and_outputs_are_typed() {
    let (def, diags) = Definition::from_json(
        &json!({"parameters": {"p": {"type": "Int", "defaultValue": 3, "allowedValues": [1, 3]}},
                "outputs": {"o": {"type": "String", "value": "@parameters('p')"}}, "triggers": {}, "actions": {}}),
        "",
    );
    assert!(diags.is_empty(), "{diags:#?}");
    let p = &def.parameters["p"];
    assert_eq!(
        (p.default_value.clone(), p.allowed_values.clone()),
        (Some(json!(3)), Some(vec![json!(1), json!(3)]))
    );
    assert!(!def.outputs["o"].value.is_literal());
}

/// A scope with no data: conditions in these tests use literals only.
struct EmptyScope;

impl Scope for EmptyScope {
    fn trigger(&self) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn action(&self, _: &str) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn variable(&self, _: &str) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn parameter(&self, _: &str) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn workflow(&self) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn item(&self) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn items(&self, _: &str) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn result(&self, _: &str) -> Result<Value, EvalError> {
        Ok(Value::Null)
    }
    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH
    }
}

fn condition_of(expression: serde_json::Value) -> Condition {
    let doc = Workflow::new()
        .action(
            "If",
            json!({"type": "If", "expression": expression, "actions": {}}),
        )
        .load();
    assert!(doc.diagnostics.is_empty(), "{:#?}", doc.diagnostics);
    match &doc.definition().unwrap().actions.get("If").unwrap().body {
        ActionBody::If { condition, .. } => condition.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn object_form_conditions_evaluate_with_nesting_and_case_insensitive_names() {
    let c = condition_of(
        json!({"and": [{"equals": [1, 1]}, {"not": {"equals": [1, 2]}}, {"EQUALS": [{"lENgth": ["ab"]}, 2]}]}),
    );
    assert!(matches!(&c, Condition::Call { name, args } if name == "and" && args.len() == 3));
    assert_eq!(c.evaluate(&EmptyScope).unwrap(), Value::Bool(true));
    let c = condition_of(json!({"or": [{"equals": [1, 2]}, {"equals": ["a", "b"]}]}));
    assert_eq!(c.evaluate(&EmptyScope).unwrap(), Value::Bool(false));
}

#[test]
fn and_or_short_circuit() {
    // The second argument would fail (unknown function) if it were evaluated.
    let c = condition_of(json!({"and": [{"equals": [1, 2]}, {"noSuchFunction": [1]}]}));
    assert_eq!(c.evaluate(&EmptyScope).unwrap(), Value::Bool(false));
    let c = condition_of(json!({"or": [{"equals": [1, 1]}, {"noSuchFunction": [1]}]}));
    assert_eq!(c.evaluate(&EmptyScope).unwrap(), Value::Bool(true));
}

#[test]
fn string_and_literal_conditions_evaluate() {
    assert_eq!(
        condition_of(json!(true)).evaluate(&EmptyScope).unwrap(),
        Value::Bool(true)
    );
    assert_eq!(
        condition_of(json!("@equals(1, 1)"))
            .evaluate(&EmptyScope)
            .unwrap(),
        Value::Bool(true)
    );
}

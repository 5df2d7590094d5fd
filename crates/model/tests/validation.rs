//! One test per diagnostic code: code, severity and exact path.

mod support;

use flowline_model::{
    ActionType, AllTypes, Capabilities, DiagnosticCode as C, Severity, TriggerType, load,
    load_value, validate,
};
use serde_json::json;
use support::{Workflow, compose, compose_after, scope, single, with_code};

#[test]
fn duplicate_action_key_in_one_container_is_reported() {
    let text = r#"{"definition": {"triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {"A": {"type": "Compose", "inputs": 1}, "A": {"type": "Compose", "inputs": 2}}}}"#;
    let doc = load(text).unwrap();
    let d = single(&doc.diagnostics, C::DuplicateKey);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/A")
    );
    assert!(
        d.message.contains("two actions are named `A`"),
        "{}",
        d.message
    );
}

#[test]
fn document_without_definition_is_reported_at_root() {
    let doc = load_value(json!({"hello": "world"}));
    let d = single(&doc.diagnostics, C::NoDefinition);
    assert_eq!((d.severity, d.path.as_str()), (Severity::Error, ""));
    assert!(doc.workflows.is_empty());
}

#[test]
fn same_action_name_in_two_containers_is_reported() {
    let diags = Workflow::new()
        .action("A", compose())
        .action("S", scope(json!({"A": compose()})))
        .diagnostics();
    let d = single(&diags, C::DuplicateActionName);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/S/actions/A")
    );
    assert!(d.message.contains("/definition/actions/A"));
}

#[test]
fn action_names_differing_only_in_case_are_duplicates() {
    let diags = Workflow::new()
        .action("Compose", compose())
        .action("S", scope(json!({"compose": compose()})))
        .diagnostics();
    let d = single(&diags, C::DuplicateActionName);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/S/actions/compose")
    );
    assert!(d.message.contains("differs only in case"), "{}", d.message);
}

#[test]
fn initialize_variable_inside_a_scope_is_reported() {
    let init = json!({"type": "InitializeVariable", "inputs": {"variables": [{"name": "v", "type": "integer", "value": 1}]}});
    let diags = Workflow::new()
        .action("Top", init.clone())
        .action("S", scope(json!({"Inner": init})))
        .diagnostics();
    let d = single(&diags, C::VariableNotTopLevel);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/S/actions/Inner/type")
    );
}

#[test]
fn run_after_unknown_action_suggests_close_sibling() {
    let diags = Workflow::new()
        .action("Compose", compose())
        .action("B", compose_after("Compse"))
        .diagnostics();
    let d = single(&diags, C::RunAfterUnknownAction);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/B/runAfter/Compse")
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `Compose`?"));
}

#[test]
fn run_after_action_in_other_container_is_not_sibling() {
    let diags = Workflow::new()
        .action("Top", compose())
        .action("S", scope(json!({"Inner": compose_after("Top")})))
        .diagnostics();
    let d = single(&diags, C::RunAfterNotSibling);
    assert_eq!(d.path, "/definition/actions/S/actions/Inner/runAfter/Top");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn run_after_self_is_reported() {
    let diags = Workflow::new()
        .action("A", compose_after("A"))
        .diagnostics();
    let d = single(&diags, C::RunAfterSelf);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/A/runAfter/A")
    );
    assert!(with_code(&diags, C::RunAfterCycle).is_empty());
}

#[test]
fn run_after_cycle_names_the_cycle() {
    let diags = Workflow::new()
        .action("A", compose_after("C"))
        .action("B", compose_after("A"))
        .action("C", compose_after("B"))
        .diagnostics();
    let d = single(&diags, C::RunAfterCycle);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.path, "/definition/actions/A/runAfter/C");
    assert!(d.message.contains("A → C → B → A"), "{}", d.message);
}

#[test]
fn invalid_run_after_status_points_at_the_status() {
    let action = json!({"type": "Compose", "runAfter": {"A": ["Succeeded", "Done"]}});
    let diags = Workflow::new()
        .action("A", compose())
        .action("B", action)
        .diagnostics();
    let d = single(&diags, C::RunAfterInvalidStatus);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/B/runAfter/A/1")
    );
}

#[test]
fn unknown_action_type_is_reported_and_kept() {
    let doc = Workflow::new()
        .action("A", json!({"type": "Compse"}))
        .load();
    let d = single(&doc.diagnostics, C::UnknownActionType);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/A/type")
    );
    assert!(d.hint.as_deref().unwrap().contains("`Compose`"));
    let kept = doc.definition().unwrap().actions.get("A").unwrap();
    assert_eq!(kept.action_type, ActionType::Unknown("Compse".into()));
}

#[test]
fn unknown_trigger_type_is_reported() {
    let diags = Workflow::new()
        .without_triggers()
        .trigger("t", json!({"type": "Reqest"}))
        .diagnostics();
    let d = single(&diags, C::UnknownTriggerType);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/triggers/t/type")
    );
    assert!(d.hint.as_deref().unwrap().contains("`Request`"));
}

struct NoHttp;

impl Capabilities for NoHttp {
    fn supports_action(&self, t: &ActionType) -> bool {
        *t != ActionType::Http
    }

    fn supports_trigger(&self, t: &TriggerType) -> bool {
        *t != TriggerType::Http
    }
}

#[test]
fn unsupported_action_type_is_reported_by_capabilities() {
    let doc = Workflow::new()
        .action("S", scope(json!({"Call": {"type": "Http", "inputs": {}}})))
        .load();
    let diags = validate(&doc, &NoHttp);
    let d = single(&diags, C::UnsupportedActionType);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/S/actions/Call/type")
    );
    assert!(with_code(&validate(&doc, &AllTypes), C::UnsupportedActionType).is_empty());
}

#[test]
fn unsupported_trigger_type_is_reported_by_capabilities() {
    let doc = Workflow::new()
        .without_triggers()
        .trigger("poll", json!({"type": "Http"}))
        .load();
    let d = single(&validate(&doc, &NoHttp), C::UnsupportedTriggerType).clone();
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/triggers/poll/type")
    );
}

#[test]
fn action_without_type_is_reported_and_kept() {
    let doc = Workflow::new().action("A", json!({"inputs": 1})).load();
    let d = single(&doc.diagnostics, C::MissingType);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/A")
    );
    assert!(doc.definition().unwrap().actions.get("A").is_some());
}

#[test]
fn invalid_expression_has_full_pointer() {
    let action = json!({"type": "Compose", "inputs": {"list": ["ok", "@concat('a', "]}});
    let doc = Workflow::new()
        .action("S", scope(json!({"A": action})))
        .load();
    let d = single(&doc.diagnostics, C::InvalidExpression);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (
            Severity::Error,
            "/definition/actions/S/actions/A/inputs/list/1"
        )
    );
    assert!(d.message.contains("at position"), "{}", d.message);
    assert!(d.hint.is_some());
}

#[test]
fn arm_template_expression_inside_definition_is_reported() {
    let action = json!({"type": "Compose", "inputs": {"id": "[parameters('x')]", "escaped": "[[literal]", "list": "[1,2]"}});
    let doc = Workflow::new().action("A", action).load();
    let d = single(&doc.diagnostics, C::ArmTemplateExpression);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/A/inputs/id")
    );
    assert!(d.message.contains("ARM"));
    assert!(d.hint.as_deref().unwrap().contains("@parameters('x')"));
}

#[test]
fn more_than_500_actions_is_too_many() {
    let mut wf = Workflow::new();
    for i in 0..501 {
        wf = wf.action(&format!("A{i}"), compose());
    }
    let d = single(&wf.diagnostics(), C::TooManyActions).clone();
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions")
    );
    assert!(d.message.contains("501"));
}

fn nested_scopes(levels: usize) -> serde_json::Value {
    let mut inner = json!({"Leaf": compose()});
    for i in (1..levels).rev() {
        inner = json!({ format!("S{i}"): scope(inner) });
    }
    inner
}

#[test]
fn nesting_deeper_than_8_is_reported_at_the_deepest_action() {
    let mut wf = Workflow::new();
    for (name, action) in nested_scopes(9).as_object().unwrap() {
        wf = wf.action(name, action.clone());
    }
    let d = single(&wf.diagnostics(), C::NestingTooDeep).clone();
    let expected = "/definition/actions/S1/actions/S2/actions/S3/actions/S4/actions/S5/actions/S6/actions/S7/actions/S8/actions/Leaf";
    assert_eq!((d.severity, d.path.as_str()), (Severity::Error, expected));
}

#[test]
fn nesting_of_exactly_8_is_allowed() {
    let mut wf = Workflow::new();
    for (name, action) in nested_scopes(8).as_object().unwrap() {
        wf = wf.action(name, action.clone());
    }
    let doc = wf.load();
    assert_eq!(doc.definition().unwrap().nesting_depth(), 8);
    assert!(validate(&doc, &AllTypes).is_empty());
}

#[test]
fn names_longer_than_80_characters_are_reported() {
    let long = "é".repeat(81);
    let diags = Workflow::new()
        .action(&long, compose())
        .action(&"b".repeat(80), compose())
        .diagnostics();
    let d = single(&diags, C::NameTooLong);
    assert_eq!(
        (d.severity, d.path.clone()),
        (Severity::Error, format!("/definition/actions/{long}"))
    );
}

#[test]
fn empty_names_are_invalid() {
    let diags = Workflow::new().action("", compose()).diagnostics();
    let d = single(&diags, C::InvalidName);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/")
    );
}

#[test]
fn more_than_10_triggers_is_too_many() {
    let mut wf = Workflow::new().without_triggers();
    for i in 0..11 {
        wf = wf.trigger(&format!("t{i}"), json!({"type": "Request", "kind": "Http"}));
    }
    let d = single(&wf.diagnostics(), C::TooManyTriggers).clone();
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/triggers")
    );
}

#[test]
fn workflow_without_trigger_is_a_warning() {
    let diags = Workflow::new()
        .without_triggers()
        .action("A", compose())
        .diagnostics();
    let d = single(&diags, C::NoTrigger);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Warning, "/definition/triggers")
    );
}

#[test]
fn actions_that_are_not_objects_are_invalid_shape() {
    let doc = load_value(json!({"definition": {"triggers": {}, "actions": [1, 2]}}));
    let d = single(&doc.diagnostics, C::InvalidDefinitionShape);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions")
    );
    let doc = Workflow::new().action("A", json!("not an action")).load();
    assert_eq!(
        single(&doc.diagnostics, C::InvalidDefinitionShape).path,
        "/definition/actions/A"
    );
}

#[test]
fn unknown_parameter_type_is_reported() {
    let doc = load_value(json!({"definition": {
        "parameters": {"p": {"type": "strng", "defaultValue": ""}, "ok": {"type": "SecureString"}},
        "triggers": {"manual": {"type": "Request"}}, "actions": {}}}));
    let d = single(&doc.diagnostics, C::InvalidParameter);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/parameters/p/type")
    );
    assert!(d.hint.as_deref().unwrap().contains("`String`"));
}

#[test]
fn unknown_variable_type_is_reported() {
    let init = json!({"type": "InitializeVariable", "inputs": {"variables": [{"name": "v", "type": "integr", "value": 1}]}});
    let doc = Workflow::new().action("Init", init).load();
    let d = single(&doc.diagnostics, C::InvalidVariableType);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (
            Severity::Error,
            "/definition/actions/Init/inputs/variables/0/type"
        )
    );
}

fn foreach(extra: serde_json::Value) -> serde_json::Value {
    let mut action =
        json!({"type": "Foreach", "foreach": "@triggerBody()", "actions": {"Each": compose()}});
    action
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    action
}

#[test]
fn concurrency_outside_its_range_is_reported() {
    let diags = Workflow::new()
        .without_triggers()
        .trigger(
            "manual",
            json!({"type": "Request", "kind": "Http",
            "runtimeConfiguration": {"concurrency": {"runs": 100, "maximumWaitingRuns": 200}}}),
        )
        .action(
            "Ok",
            foreach(json!({"runtimeConfiguration": {"concurrency": {"repetitions": 50}}})),
        )
        .action(
            "Loop",
            foreach(json!({"runtimeConfiguration": {"concurrency": {"repetitions": 51}}})),
        )
        .diagnostics();
    let d = single(&diags, C::ConcurrencyOutOfRange);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (
            Severity::Error,
            "/definition/actions/Loop/runtimeConfiguration/concurrency/repetitions"
        )
    );
    assert!(d.message.contains("foreach `Loop`"), "{}", d.message);
}

#[test]
fn single_instance_trigger_with_concurrency_runs_conflicts() {
    let trigger = json!({"type": "Recurrence", "recurrence": {"frequency": "Hour", "interval": 1},
        "operationOptions": "SingleInstance", "runtimeConfiguration": {"concurrency": {"runs": 1}}});
    let diags = Workflow::new()
        .without_triggers()
        .trigger("tick", trigger)
        .diagnostics();
    let d = single(&diags, C::ConflictingConcurrencySettings);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (
            Severity::Error,
            "/definition/triggers/tick/runtimeConfiguration/concurrency/runs"
        )
    );
    assert!(d.hint.as_deref().unwrap().contains("not both"));
}

#[test]
fn switch_with_more_than_25_cases_is_reported() {
    let cases: serde_json::Map<String, serde_json::Value> = (0..26)
        .map(|i| (format!("C{i}"), json!({"case": i, "actions": {}})))
        .collect();
    let switch = json!({"type": "Switch", "expression": "@triggerBody()", "cases": cases});
    let diags = Workflow::new().action("Route", switch).diagnostics();
    let d = single(&diags, C::TooManySwitchCases);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/Route/cases")
    );
    assert!(d.message.contains("26"), "{}", d.message);
}

#[test]
fn terminate_anywhere_inside_a_loop_is_reported() {
    let terminate = json!({"type": "Terminate", "inputs": {"runStatus": "Failed"}});
    let diags = Workflow::new()
        .action("Stop", terminate.clone())
        .action(
            "Loop",
            foreach(json!({"actions": {"S": scope(json!({"Stop2": terminate}))}})),
        )
        .diagnostics();
    let d = single(&diags, C::TerminateInLoop);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (
            Severity::Error,
            "/definition/actions/Loop/actions/S/actions/Stop2/type"
        )
    );
    assert!(d.message.contains("`Loop`"), "{}", d.message);
}

#[test]
fn until_limit_literals_are_checked_but_expressions_are_not() {
    let until = |limit: serde_json::Value| json!({"type": "Until", "expression": "@equals(1, 1)", "actions": {}, "limit": limit});
    let diags = Workflow::new()
        .action("Ok", until(json!({"count": 5000, "timeout": "P1DT0.5S"})))
        .action(
            "Expr",
            until(json!({"count": "@parameters('n')", "timeout": "@parameters('t')"})),
        )
        .action("Poll", until(json!({"count": 5001, "timeout": "PT1H"})))
        .diagnostics();
    let d = single(&diags, C::UntilLimitOutOfRange);
    assert_eq!(
        (d.severity, d.path.as_str()),
        (Severity::Error, "/definition/actions/Poll/limit/count")
    );
    let diags = Workflow::new()
        .action("Poll", until(json!({"timeout": "1 hour"})))
        .diagnostics();
    assert_eq!(
        single(&diags, C::UntilLimitOutOfRange).path,
        "/definition/actions/Poll/limit/timeout"
    );
}

#[test]
fn every_code_has_a_distinct_stable_string() {
    let mut names: Vec<&str> = C::ALL.iter().map(|c| c.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), C::ALL.len());
    assert_eq!(C::RunAfterCycle.as_str(), "RunAfterCycle");
}

#[test]
fn valid_workflow_has_no_diagnostics() {
    let diags = Workflow::new()
        .action("A", compose())
        .action("B", compose_after("A"))
        .action("S", json!({"type": "Scope", "actions": {"In": compose()}, "runAfter": {"B": ["Failed", "TimedOut"]}}))
        .diagnostics();
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn top_level_actions_may_run_after_the_trigger_but_nested_ones_may_not() {
    let diags = Workflow::new()
        .action("A", compose_after("manual"))
        .action("S", scope(json!({"Inner": compose_after("manual")})))
        .diagnostics();
    let d = single(&diags, C::RunAfterUnknownAction);
    assert_eq!(
        d.path,
        "/definition/actions/S/actions/Inner/runAfter/manual"
    );
}

#[test]
fn arm_template_without_workflow_resources_has_no_definition() {
    let doc =
        load_value(json!({"resources": [{"type": "Microsoft.Web/connections", "name": "c"}]}));
    assert_eq!(doc.shape, flowline_model::Shape::Unknown);
    assert_eq!(single(&doc.diagnostics, C::NoDefinition).path, "");
}

#[test]
fn invalid_retry_policies_are_reported_at_the_offending_member() {
    let http = |policy: serde_json::Value| json!({"type": "Http", "inputs": {"method": "GET", "uri": "http://example.com", "retryPolicy": policy}});
    let path = |action: &str, member: &str| format!("/definition/actions/{action}/inputs/retryPolicy{member}");
    let diags = Workflow::new()
        .action("Fixed", http(json!({"type": "Fixed", "count": 3, "interval": "PT10S"})))
        .action("Exp", http(json!({"type": "exponential", "count": "4", "interval": "PT7S", "minimumInterval": "PT5S", "maximumInterval": "PT1H"})))
        .action("None", http(json!({"type": "none"})))
        .action("Expr", http(json!({"type": "fixed", "count": "@parameters('n')", "interval": "@parameters('i')"})))
        .action("Whole", http(json!("@parameters('policy')")))
        .diagnostics();
    assert!(with_code(&diags, C::InvalidRetryPolicy).is_empty(), "{diags:#?}");

    let cases = [
        (json!({"type": "sometimes"}), "/type"),
        (json!({"type": "fixed", "count": 0, "interval": "PT10S"}), "/count"),
        (json!({"type": "fixed", "count": 91, "interval": "PT10S"}), "/count"),
        (json!({"type": "exponential", "count": 2, "interval": "10 seconds"}), "/interval"),
        (json!({"type": "fixed", "count": 2, "interval": "P2D"}), "/interval"),
        (json!({"type": "exponential", "count": 2, "interval": "PT10S", "minimumInterval": "PT1M", "maximumInterval": "PT30S"}), "/minimumInterval"),
        (json!({"type": "fixed", "count": 2}), ""),
        (json!("fixed"), ""),
    ];
    for (policy, member) in cases {
        let diags = Workflow::new().action("Call", http(policy.clone())).diagnostics();
        let d = single(&diags, C::InvalidRetryPolicy);
        assert_eq!((d.severity, d.path.as_str()), (Severity::Error, path("Call", member).as_str()), "{policy}");
        assert!(d.message.contains("`Call`"), "{}", d.message);
    }
    let diags = Workflow::new().action("Call", http(json!({"type": "exponentail", "count": 2, "interval": "PT5S"}))).diagnostics();
    assert_eq!(single(&diags, C::InvalidRetryPolicy).hint.as_deref(), Some("did you mean `exponential`?"));
}

//! Workflow and reference functions: `trigger`, `actions`, `action`, `body`, `variables`, `item`,
//! `iterationIndexes`, `appsetting`, `listCallbackUrl`, …
//! Each reads the run context through [`crate::Scope`].

crate::functions::category! {
    trigger: [TRIGGER, TRIGGER_BODY, TRIGGER_OUTPUTS],
    actions: [ACTIONS, OUTPUTS, ACTION_OUTPUTS, BODY, ACTION_BODY],
    result: [RESULT],
    variables: [VARIABLES],
    parameters: [PARAMETERS],
    workflow_info: [WORKFLOW],
    items: [ITEM, ITEMS],
    iteration_indexes: [ITERATION_INDEXES],
    action: [ACTION],
    appsetting: [APPSETTING],
    list_callback_url: [LIST_CALLBACK_URL],
}

use crate::value::{Value, eq_ignore_case};

/// `value.a.b…` leniently (a missing step gives `Null`), moving the selected part out instead of
/// cloning it: `body()` and `triggerBody()` get their scope values by value already.
fn take_path(mut value: Value, names: &[&str]) -> Value {
    for name in names {
        let Value::Object(mut map) = value else {
            return Value::Null;
        };
        let index = map
            .get_index_of(*name)
            .or_else(|| map.keys().position(|k| eq_ignore_case(k, name)));
        value = match index {
            Some(i) => map.swap_remove_index(i).map(|(_, v)| v).unwrap_or_default(),
            None => Value::Null,
        };
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn take_path_prefers_the_exact_key_and_is_lenient() {
        let v = Value::from(serde_json::json!({"Outputs": 1, "outputs": {"BODY": [2]}}));
        assert_eq!(
            take_path(v.clone(), &["outputs", "body"]),
            Value::from(serde_json::json!([2]))
        );
        assert_eq!(take_path(v.clone(), &["OUTPUTS"]), Value::Int(1));
        assert_eq!(take_path(v.clone(), &["outputs", "body", "x"]), Value::Null);
        assert_eq!(take_path(v, &["missing"]), Value::Null);
    }
}

//! Static results: mock results for testing a workflow without calling out.
//!
//! The definition's `staticResults` holds named results `{status, outputs, error?}`; an action
//! whose `runtimeConfiguration.staticResult` is `{"name": "<one of them>", "staticResultOptions":
//! "Enabled"}` is not executed (an Http action makes no call, no retry) and is recorded with that
//! result instead: `status` (`Succeeded` when absent; `Failed`, `TimedOut` or `Skipped` as written),
//! `outputs` as written, and `error` as written or, for a failed result, built from the first of
//! the Logic Apps `outputs.errors` messages. The code is the result's HTTP status name when its
//! outputs carry a `statusCode` (`200` → `OK`; a name such as `"NotFound"` stays), else
//! `NotSpecified`. `"Disabled"` (or no option) runs the action normally.
//!
//! Results are resolved once per prepared workflow ([`StaticResults::of`]); an enabled action that
//! names no defined result fails with `InvalidTemplate` when it runs.

use crate::outcome::{Outcome, error};
use crate::run::Ctx;
use flowline_model::{Action, Definition};
use flowline_storage::Status;
use serde_json::Value;
use std::collections::HashMap;

/// The static result of every action that has one enabled, by action name.
#[derive(Debug, Default, Clone)]
pub struct StaticResults {
    by_action: HashMap<String, Result<Outcome, String>>,
}

impl StaticResults {
    /// Resolves the enabled static results of `definition`; `document` is the definition object
    /// it was built from (which holds `staticResults`).
    pub fn of(document: Option<&Value>, definition: &Definition) -> Self {
        let defined = document
            .and_then(|d| d.get("staticResults"))
            .and_then(Value::as_object);
        let mut by_action = HashMap::new();
        for (_, action) in definition.actions.walk() {
            let Some(config) = action.raw.pointer("/runtimeConfiguration/staticResult") else {
                continue;
            };
            let enabled = config
                .get("staticResultOptions")
                .and_then(Value::as_str)
                .is_some_and(|o| o.eq_ignore_ascii_case("Enabled"));
            if !enabled {
                continue;
            }
            let name = config
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let result = defined.and_then(|d| d.get(name)).map(outcome_of).ok_or_else(|| {
                format!("The static result '{name}' that action '{}' uses is not defined in the definition's 'staticResults'.", action.name)
            });
            by_action.insert(action.name.clone(), result);
        }
        StaticResults { by_action }
    }

    /// Whether `action` returns a static result instead of executing.
    pub fn is_enabled(&self, action: &str) -> bool {
        self.by_action.contains_key(action)
    }
}

impl crate::PreparedWorkflow {
    /// Whether the action `name` returns a static result instead of executing (run history
    /// shows it with `executionMode: StaticResults`).
    pub fn uses_static_result(&self, name: &str) -> bool {
        self.static_results.is_enabled(name)
    }
}

/// The static result of `action`, if it has one enabled: the outcome to record instead of
/// executing it.
pub(crate) fn outcome(ctx: &Ctx<'_>, action: &Action) -> Option<Outcome> {
    let found = ctx.workflow().static_results.by_action.get(&action.name)?;
    Some(match found {
        Ok(outcome) => outcome.clone(),
        Err(message) => Outcome::failed("InvalidTemplate", message.clone()),
    })
}

/// The outcome a static result definition stands for.
fn outcome_of(result: &Value) -> Outcome {
    let status = match result.get("status").and_then(Value::as_str) {
        Some(s) => s.parse::<Status>().unwrap_or(Status::Failed),
        None => Status::Succeeded,
    };
    let outputs = result.get("outputs").cloned();
    let code = match outputs.as_ref().and_then(|o| o.get("statusCode")) {
        Some(Value::Number(n)) => n
            .as_u64()
            .map(|n| crate::actions::http::reason_code(n as u16)),
        Some(Value::String(s)) => Some(match s.parse::<u16>() {
            Ok(n) => crate::actions::http::reason_code(n),
            Err(_) => s.clone(),
        }),
        _ => None,
    }
    .unwrap_or_else(|| "NotSpecified".to_string());
    let error = match (status, result.get("error")) {
        (_, Some(e)) if !e.is_null() => Some(e.clone()),
        (Status::Succeeded | Status::Skipped, _) => None,
        _ => {
            let message = outputs
                .as_ref()
                .and_then(|o| o.pointer("/errors/0/message"))
                .and_then(Value::as_str)
                .unwrap_or("The action returned a failed static result.");
            Some(error(&code, message))
        }
    };
    Outcome {
        status,
        code,
        outputs,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_static_result_keeps_its_status_outputs_and_error() {
        let ok = outcome_of(
            &json!({ "status": "Succeeded", "outputs": { "statusCode": 200, "body": { "id": 7 } } }),
        );
        assert_eq!(
            (ok.status, ok.code.as_str(), ok.error),
            (Status::Succeeded, "OK", None)
        );
        assert_eq!(
            ok.outputs,
            Some(json!({ "statusCode": 200, "body": { "id": 7 } }))
        );

        let failed = outcome_of(
            &json!({ "status": "Failed", "outputs": { "statusCode": "NotFound", "errors": [{ "message": "no such order" }] } }),
        );
        assert_eq!(
            (failed.status, failed.code.as_str()),
            (Status::Failed, "NotFound")
        );
        assert_eq!(
            failed.error,
            Some(json!({ "code": "NotFound", "message": "no such order" }))
        );

        let plain = outcome_of(&json!({ "outputs": 5 }));
        assert_eq!(
            (plain.status, plain.code.as_str()),
            (Status::Succeeded, "NotSpecified")
        );
    }

    #[test]
    fn only_enabled_actions_get_their_result_and_unknown_names_are_errors() {
        let doc = json!({
            "staticResults": { "Mock0": { "status": "Succeeded", "outputs": { "body": "mocked" } } },
            "triggers": {},
            "actions": {
                "On": { "type": "Compose", "inputs": 1, "runtimeConfiguration": { "staticResult": { "name": "Mock0", "staticResultOptions": "Enabled" } } },
                "Off": { "type": "Compose", "inputs": 1, "runtimeConfiguration": { "staticResult": { "name": "Mock0", "staticResultOptions": "Disabled" } } },
                "Missing": { "type": "Compose", "inputs": 1, "runtimeConfiguration": { "staticResult": { "name": "Nope", "staticResultOptions": "enabled" } } }
            }
        });
        let (def, _) = Definition::from_json(&doc, "");
        let results = StaticResults::of(Some(&doc), &def);
        assert!(results.is_enabled("On") && !results.is_enabled("Off"));
        assert_eq!(
            results.by_action["On"].as_ref().unwrap().outputs,
            Some(json!({ "body": "mocked" }))
        );
        assert!(
            results.by_action["Missing"]
                .as_ref()
                .unwrap_err()
                .contains("'Nope'")
        );
    }
}

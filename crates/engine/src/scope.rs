//! What an expression sees while a run executes: the trigger, earlier actions' results, variables,
//! parameters and the workflow, read from the run's [`RunState`]; app settings from the engine's
//! configuration; randomness from the operating system. Inside loops it also knows the enclosing
//! iterations: `item()`, `items('Loop')`, `iterationIndexes('Until')`, and action results of the
//! current iteration (see [`crate::state`]).

use crate::engine::EngineConfig;
use crate::state::{LoopFrame, RunState};
use chrono::{DateTime, Utc};
use flowline_expr::{EvalError, Scope, Value};
use flowline_storage::RepetitionIndex;
use serde_json::json;
use std::collections::HashMap;

/// Expression scope of one action evaluation.
pub struct RunScope<'a> {
    /// The run.
    pub state: &'a RunState,
    /// Evaluation time.
    pub now: DateTime<Utc>,
    /// The engine's application settings (`appsetting('name')`).
    pub app_settings: &'a HashMap<String, String>,
    /// Enclosing loop iterations, outermost first (empty outside loops).
    pub loops: &'a [LoopFrame],
    /// The same iterations as journal repetition indexes.
    pub repetition: &'a [RepetitionIndex],
    /// The action `action()` refers to (while evaluating its `trackedProperties`).
    pub current: Option<&'a str>,
}

impl<'a> RunScope<'a> {
    /// The scope of `state` at `now`, with the engine's settings, outside any loop.
    pub fn new(state: &'a RunState, now: DateTime<Utc>, config: &'a EngineConfig) -> Self {
        RunScope { state, now, app_settings: &config.app_settings, loops: &[], repetition: &[], current: None }
    }

    /// The same scope inside the loop iterations `loops` (outermost first).
    pub fn in_loops(self, loops: &'a [LoopFrame], repetition: &'a [RepetitionIndex]) -> Self {
        RunScope { loops, repetition, ..self }
    }

    /// Runs `f` on an action's result as this scope sees it (name matched case-insensitively).
    fn lookup<T>(&self, name: &str, f: impl FnOnce(&str, &crate::state::ActionResult) -> T) -> Option<T> {
        let canonical = self.state.workflow.canonical_action_name(name).unwrap_or(name);
        self.state.with_result(canonical, self.repetition, |r| f(canonical, r))
    }

    /// The innermost enclosing loop named `name` (case-insensitive).
    fn frame(&self, name: &str) -> Option<&LoopFrame> {
        self.loops.iter().rev().find(|f| f.name.eq_ignore_ascii_case(name))
    }
}

fn not_found(kind: &str, name: &str) -> EvalError {
    EvalError::invalid_template(format!(
        "The template language expression references {kind} '{name}', which does not exist or has not run yet in this workflow run."
    ))
}

impl Scope for RunScope<'_> {
    fn trigger(&self) -> Result<Value, EvalError> {
        Ok(Value::from(&self.state.trigger))
    }

    fn current_action(&self) -> Result<Value, EvalError> {
        match self.current {
            Some(name) => self.action(name),
            None => Err(EvalError::invalid_template(
                "The template language function 'action' is not available here: it can only be used in an action's trackedProperties.",
            )),
        }
    }

    fn action(&self, name: &str) -> Result<Value, EvalError> {
        let ctid = &self.state.client_tracking_id;
        if let Some(v) = self.lookup(name, |c, r| Value::from(r.to_object(c, ctid))) {
            return Ok(v);
        }
        match self.state.workflow.canonical_action_name(name) {
            Some(_) => Err(EvalError::invalid_template(format!(
                "The action '{name}' has not completed yet, so its results cannot be referenced here."
            ))),
            None => Err(not_found("action", name)),
        }
    }

    fn item(&self) -> Result<Value, EvalError> {
        self.loops
            .iter()
            .rev()
            .find_map(|f| f.item.as_deref())
            .map(Value::from)
            .ok_or_else(|| {
                EvalError::invalid_template(
                    "The template language function 'item' can only be used inside a Foreach loop (or in Select, Query and Table).",
                )
            })
    }

    fn items(&self, loop_name: &str) -> Result<Value, EvalError> {
        self.frame(loop_name).and_then(|f| f.item.as_deref()).map(Value::from).ok_or_else(|| {
            EvalError::invalid_template(format!(
                "The template language function 'items' cannot be evaluated: '{loop_name}' is not a Foreach loop that contains this action."
            ))
        })
    }

    fn variable(&self, name: &str) -> Result<Value, EvalError> {
        self.state.with_variables(|vars| {
            vars.get(name)
                .or_else(|| vars.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
                .map(|slot| Value::from(slot.get("value").unwrap_or(&serde_json::Value::Null)))
                .ok_or_else(|| {
                    EvalError::invalid_template(format!(
                        "The workflow does not have a variable named '{name}'. Initialize it with an InitializeVariable action that runs before this one."
                    ))
                })
        })
    }

    fn parameter(&self, name: &str) -> Result<Value, EvalError> {
        let params = &self.state.parameters;
        params
            .get(name)
            .or_else(|| params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
            .map(Value::from)
            .ok_or_else(|| {
                EvalError::invalid_template(format!(
                    "The workflow parameter '{name}' is not found. Declare it under the definition's 'parameters'."
                ))
            })
    }

    fn workflow(&self) -> Result<Value, EvalError> {
        let wf = &self.state.workflow;
        let run_id = &self.state.run_id;
        Ok(Value::from(&json!({
            "id": format!("/workflows/{}", wf.name),
            "name": wf.name,
            "type": "Flowline/workflows",
            "version": wf.version,
            "run": {
                "id": format!("/workflows/{}/runs/{run_id}", wf.name),
                "name": run_id,
                "type": "Flowline/workflows/runs"
            },
            "tags": {}
        })))
    }

    fn result(&self, scope_name: &str) -> Result<Value, EvalError> {
        let wf = &self.state.workflow;
        let Some(children) = wf.scope_children(scope_name) else {
            return Err(EvalError::invalid_template(format!(
                "The template language function 'result' expects the name of a Scope, If, Switch, Foreach or Until action; '{scope_name}' is not one."
            )));
        };
        if let Some(Some(items)) = self.lookup(scope_name, |_, r| r.loop_result.clone()) {
            return Ok(Value::from(items.as_ref()));
        }
        let ctid = &self.state.client_tracking_id;
        let items = children.iter().filter_map(|c| self.lookup(c, |c, r| r.to_object(c, ctid))).collect();
        Ok(Value::from(serde_json::Value::Array(items)))
    }

    fn iteration_indexes(&self, loop_name: &str) -> Result<Value, EvalError> {
        match self.frame(loop_name) {
            Some(f) if f.item.is_none() => Ok(Value::Int(f.index as i64)),
            _ => Err(EvalError::invalid_template(format!(
                "The template language function 'iterationIndexes' cannot be evaluated: '{loop_name}' is not an Until loop that contains this action."
            ))),
        }
    }

    fn app_setting(&self, name: &str) -> Result<Value, EvalError> {
        self.app_settings.get(name).map(|v| Value::from(v.as_str())).ok_or_else(|| {
            EvalError::invalid_template(format!(
                "The template language function 'appsetting' cannot find the app setting '{name}'. Configure it in the server's app settings."
            ))
        })
    }

    fn list_callback_url(&self) -> Result<Value, EvalError> {
        Err(EvalError::invalid_template(
            "The template language function 'listCallbackUrl' is only available in webhook triggers and actions (HttpWebhook, ApiConnectionWebhook).",
        ))
    }

    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Real randomness for `guid()` and `rand()`. A version-4 UUID has 122 random bits; two of
    /// them, one rotated, leave no bit position fixed.
    fn random_u128(&self) -> u128 {
        let (a, b) = (uuid::Uuid::new_v4().as_u128(), uuid::Uuid::new_v4().as_u128());
        a ^ b.rotate_left(7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::PreparedWorkflow;
    use flowline_expr::Template;
    use std::sync::Arc;

    fn eval(text: &str, config: &EngineConfig) -> Result<Value, EvalError> {
        let doc = json!({
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {}
        });
        let (workflow, _) = PreparedWorkflow::prepare("wf", 1, &doc).expect("valid definition");
        let workflow = Arc::new(workflow);
        let params = workflow.parameters.clone();
        let state = RunState::new(workflow, "run-1".into(), "run-1".into(), json!({}), params, None);
        let scope = RunScope::new(&state, DateTime::UNIX_EPOCH, config);
        Template::parse(text).expect("template parses").evaluate(&scope)
    }

    #[test]
    fn app_settings_come_from_the_engine_configuration() {
        let mut config = EngineConfig::default();
        config.app_settings.insert("Region".into(), "westeurope".into());
        assert_eq!(eval("@appsetting('Region')", &config).unwrap(), Value::from("westeurope"));
        let err = eval("@appsetting('region')", &config).unwrap_err();
        assert!(err.message.contains("cannot find the app setting 'region'"), "{err}");
    }

    #[test]
    fn webhook_and_loop_functions_explain_why_they_are_unavailable() {
        let config = EngineConfig::default();
        let err = eval("@listCallbackUrl()", &config).unwrap_err();
        assert!(err.message.contains("only available in webhook triggers and actions"), "{err}");
        let err = eval("@iterationIndexes('Until')", &config).unwrap_err();
        assert!(err.message.contains("'Until' is not an Until loop"), "{err}");
        let err = eval("@action()", &config).unwrap_err();
        assert!(err.message.contains("'action' is not available"), "{err}");
    }

    #[test]
    fn randomness_is_real() {
        let config = EngineConfig::default();
        let draws: std::collections::HashSet<String> =
            (0..8).map(|_| eval("@guid()", &config).unwrap().to_text()).collect();
        assert_eq!(draws.len(), 8, "eight guid() calls in separate evaluations differ");
        let r = eval("@rand(0, 1000000000)", &config).unwrap();
        assert!(matches!(r, Value::Int(0..1_000_000_000)), "{r:?}");
    }
}

//! What an expression sees while a run executes: the trigger, earlier actions' results, variables,
//! parameters and the workflow, read from the run's [`RunState`].

use crate::state::RunState;
use chrono::{DateTime, Utc};
use flowline_expr::{EvalError, Scope, Value};
use serde_json::json;

/// Expression scope of one action evaluation.
pub struct RunScope<'a> {
    /// The run.
    pub state: &'a RunState,
    /// Evaluation time.
    pub now: DateTime<Utc>,
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

    fn action(&self, name: &str) -> Result<Value, EvalError> {
        let ctid = &self.state.client_tracking_id;
        let exact = self.state.with_result(name, |r| Value::from(r.to_object(name, ctid)));
        if let Some(v) = exact {
            return Ok(v);
        }
        // Action names are matched case-insensitively, as Logic Apps does.
        let canonical = self.state.workflow.canonical_action_name(name);
        match canonical {
            Some(c) if c != name => self
                .state
                .with_result(c, |r| Value::from(r.to_object(c, ctid)))
                .ok_or_else(|| not_found("action", name)),
            Some(_) => Err(EvalError::invalid_template(format!(
                "The action '{name}' has not completed yet, so its results cannot be referenced here."
            ))),
            None => Err(not_found("action", name)),
        }
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
        let ctid = &self.state.client_tracking_id;
        let items = children
            .iter()
            .filter_map(|c| self.state.with_result(c, |r| r.to_object(c, ctid)))
            .collect();
        Ok(Value::from(serde_json::Value::Array(items)))
    }

    fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

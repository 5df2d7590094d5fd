//! Per-item evaluation for Select, Query and Table: their `select`, `where` and `columns[].value`
//! are evaluated once per element of `from`, with `item()` answering that element.
//!
//! The model compiled the whole `inputs` tree when the definition loaded, so no expression is
//! parsed here: the per-item member is picked out of the compiled [`JsonTemplate`] and evaluated
//! against an [`ItemScope`] that delegates everything else to the run's scope.

use crate::outcome::Outcome;
use chrono::{DateTime, Utc};
use flowline_expr::{EvalError, JsonTemplate, Scope, Value};
use flowline_model::Action;
use serde_json::{Map, Value as Json};
use std::borrow::Cow;

/// The run's scope with `item()` bound to one element of an array.
pub(crate) struct ItemScope<'a> {
    outer: &'a dyn Scope,
    item: Value,
}

impl<'a> ItemScope<'a> {
    /// `outer` with `item()` = `item`.
    pub fn new(outer: &'a dyn Scope, item: &Json) -> Self {
        ItemScope { outer, item: Value::from(item) }
    }
}

impl Scope for ItemScope<'_> {
    fn trigger(&self) -> Result<Value, EvalError> {
        self.outer.trigger()
    }

    fn action(&self, name: &str) -> Result<Value, EvalError> {
        self.outer.action(name)
    }

    fn current_action(&self) -> Result<Value, EvalError> {
        self.outer.current_action()
    }

    fn variable(&self, name: &str) -> Result<Value, EvalError> {
        self.outer.variable(name)
    }

    fn parameter(&self, name: &str) -> Result<Value, EvalError> {
        self.outer.parameter(name)
    }

    fn workflow(&self) -> Result<Value, EvalError> {
        self.outer.workflow()
    }

    fn item(&self) -> Result<Value, EvalError> {
        Ok(self.item.clone())
    }

    /// `items('Loop')` still names an enclosing Foreach.
    fn items(&self, loop_name: &str) -> Result<Value, EvalError> {
        self.outer.items(loop_name)
    }

    fn result(&self, scope_name: &str) -> Result<Value, EvalError> {
        self.outer.result(scope_name)
    }

    fn iteration_indexes(&self, loop_name: &str) -> Result<Value, EvalError> {
        self.outer.iteration_indexes(loop_name)
    }

    fn app_setting(&self, name: &str) -> Result<Value, EvalError> {
        self.outer.app_setting(name)
    }

    fn list_callback_url(&self) -> Result<Value, EvalError> {
        self.outer.list_callback_url()
    }

    fn now(&self) -> DateTime<Utc> {
        self.outer.now()
    }

    fn random_u128(&self) -> u128 {
        self.outer.random_u128()
    }
}

/// Evaluates `action`'s inputs except `member`, which is recorded as written in the definition.
pub(crate) fn evaluate_except(action: &Action, member: &str, scope: &dyn Scope) -> Result<Json, EvalError> {
    let JsonTemplate::Object(fields) = &action.inputs else {
        // A literal (nothing to evaluate) or a whole-value expression: evaluated as usual.
        return action.inputs.evaluate(scope);
    };
    let written = action.raw.get("inputs");
    let mut out = Map::new();
    for (key, template) in fields {
        let value = if key == member {
            written.and_then(|w| w.get(key)).cloned().unwrap_or(Json::Null)
        } else {
            template.evaluate(scope)?
        };
        out.insert(key.clone(), value);
    }
    Ok(Json::Object(out))
}

/// The compiled per-item member `key` of `action`'s inputs. When the inputs were one whole-value
/// expression, the member of its evaluated result is used as a literal.
pub(crate) fn member<'a>(action: &'a Action, inputs: &Json, key: &str) -> Option<Cow<'a, JsonTemplate>> {
    match &action.inputs {
        JsonTemplate::Object(_) | JsonTemplate::Literal(Json::Object(_)) => child(&action.inputs, key),
        _ => inputs.get(key).map(|v| Cow::Owned(JsonTemplate::Literal(v.clone()))),
    }
}

/// The member `key` of an object template.
pub(crate) fn child<'a>(t: &'a JsonTemplate, key: &str) -> Option<Cow<'a, JsonTemplate>> {
    match t {
        JsonTemplate::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| Cow::Borrowed(v)),
        JsonTemplate::Literal(Json::Object(m)) => m.get(key).map(|v| Cow::Owned(JsonTemplate::Literal(v.clone()))),
        _ => None,
    }
}

/// The elements of an array template (`None` if it is not an array).
pub(crate) fn elements(t: &JsonTemplate) -> Option<Vec<Cow<'_, JsonTemplate>>> {
    match t {
        JsonTemplate::Array(items) => Some(items.iter().map(Cow::Borrowed).collect()),
        JsonTemplate::Literal(Json::Array(items)) => {
            Some(items.iter().map(|v| Cow::Owned(JsonTemplate::Literal(v.clone()))).collect())
        }
        _ => None,
    }
}

/// Evaluates `template` with `item()` = `item`; a failure names the action and the item's index.
pub(crate) fn evaluate_for(
    action: &Action,
    template: &JsonTemplate,
    outer: &dyn Scope,
    (index, item): (usize, &Json),
) -> Result<Json, Outcome> {
    template.evaluate(&ItemScope::new(outer, item)).map_err(|e| {
        Outcome::failed(
            "InvalidTemplate",
            format!(
                "Unable to process template language expressions in action '{}' inputs for the item at index {index}: {}",
                action.name, e.message
            ),
        )
    })
}

/// A JSON value's type in Logic Apps' words.
pub(crate) fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "Null",
        Json::Bool(_) => "Boolean",
        Json::Number(n) if n.is_f64() => "Float",
        Json::Number(_) => "Integer",
        Json::String(_) => "String",
        Json::Array(_) => "Array",
        Json::Object(_) => "Object",
    }
}

//! A ready-made [`Scope`] for tests, here and in other crates.
//!
//! ```
//! use flowline_expr::{Template, Value, testing::MapScope};
//! let scope = MapScope::new(serde_json::json!({
//!     "trigger": {"outputs": {"body": {"name": "Ada"}}},
//!     "variables": {"n": 2}
//! }));
//! let t = Template::parse("Hi @{triggerBody().name} x@{variables('n')}").unwrap();
//! assert_eq!(t.evaluate(&scope).unwrap(), Value::from("Hi Ada x2"));
//! ```

use std::cell::Cell;

use chrono::{DateTime, Utc};
use indexmap::IndexMap;

use crate::error::EvalError;
use crate::scope::Scope;
use crate::value::Value;

/// The fixed "now" of a [`MapScope`] unless the JSON gives `"now"`.
pub const DEFAULT_NOW: &str = "2024-01-02T03:04:05.1234567Z";

/// A [`Scope`] backed by plain maps, built from a JSON object with the optional keys
/// `trigger`, `actions` (name → action object), `variables`, `parameters`, `workflow`, `item`,
/// `items` (loop name → item), `results` (scope name → array) and `now` (RFC 3339).
///
/// Names are matched exactly, except actions, which match case-insensitively like Logic Apps.
/// `random_u128` is a deterministic counter-based sequence so `guid()` is reproducible.
#[derive(Debug, Default)]
pub struct MapScope {
    trigger: Option<Value>,
    actions: IndexMap<String, Value>,
    variables: IndexMap<String, Value>,
    parameters: IndexMap<String, Value>,
    workflow: Option<Value>,
    item: Option<Value>,
    items: IndexMap<String, Value>,
    results: IndexMap<String, Value>,
    now: Option<DateTime<Utc>>,
    random_state: Cell<u64>,
}

impl MapScope {
    /// Builds a scope from a JSON object (see the type docs for the keys). Panics on a bad `now`.
    pub fn new(spec: serde_json::Value) -> Self {
        let spec = Value::from(spec);
        let map = |key: &str| match spec.get_property(key) {
            Some(Value::Object(m)) => m.clone(),
            _ => IndexMap::new(),
        };
        let now = spec.get_property("now").and_then(Value::as_str).map(|s| {
            DateTime::parse_from_rfc3339(s)
                .expect("MapScope: `now` must be RFC 3339")
                .with_timezone(&Utc)
        });
        Self {
            trigger: spec.get_property("trigger").cloned(),
            actions: map("actions"),
            variables: map("variables"),
            parameters: map("parameters"),
            workflow: spec.get_property("workflow").cloned(),
            item: spec.get_property("item").cloned(),
            items: map("items"),
            results: map("results"),
            now,
            random_state: Cell::new(0),
        }
    }

    /// The fixture the function examples run against.
    pub fn example() -> Self {
        Self::new(serde_json::json!({
            "trigger": {
                "name": "manual",
                "outputs": {
                    "headers": {"Content-Type": "application/json"},
                    "body": {"order": {"id": 42, "Lines": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 1}]},
                             "customer": null, "tags": ["x", "y"]}
                }
            },
            "actions": {
                "Get_user": {"name": "Get_user", "status": "Succeeded",
                             "outputs": {"statusCode": 200, "body": {"name": "Ada", "tags": []}}}
            },
            "variables": {"counter": 3, "name": "Ada", "list": [1, 2, 3], "nothing": null},
            "parameters": {"env": "test", "limit": 10},
            "workflow": {"name": "wf", "run": {"name": "run-1"}},
            "item": "apple",
            "items": {"Outer": {"n": 1}},
            "results": {"Scope": [{"name": "Step", "status": "Failed"}]}
        }))
    }

    /// Sets a variable (builder style).
    pub fn with_variable(mut self, name: &str, value: serde_json::Value) -> Self {
        self.variables.insert(name.to_owned(), value.into());
        self
    }

    /// Sets an action's whole result object (builder style).
    pub fn with_action(mut self, name: &str, action: serde_json::Value) -> Self {
        self.actions.insert(name.to_owned(), action.into());
        self
    }

    /// Sets the current Foreach item (builder style).
    pub fn with_item(mut self, item: serde_json::Value) -> Self {
        self.item = Some(item.into());
        self
    }

    /// Sets "now" (builder style).
    pub fn with_now(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }
}

fn missing(function: &str, what: &str, name: &str) -> EvalError {
    EvalError::function(function, format_args!("cannot find {what} '{name}'."))
}

impl Scope for MapScope {
    fn trigger(&self) -> Result<Value, EvalError> {
        self.trigger
            .clone()
            .ok_or_else(|| EvalError::function("trigger", "is not available: there is no trigger."))
    }

    fn action(&self, name: &str) -> Result<Value, EvalError> {
        let found = self.actions.get(name).or_else(|| {
            self.actions
                .iter()
                .find(|(k, _)| crate::value::eq_ignore_case(k, name))
                .map(|(_, v)| v)
        });
        found
            .cloned()
            .ok_or_else(|| missing("actions", "action", name))
    }

    fn variable(&self, name: &str) -> Result<Value, EvalError> {
        self.variables
            .get(name)
            .cloned()
            .ok_or_else(|| missing("variables", "variable", name))
    }

    fn parameter(&self, name: &str) -> Result<Value, EvalError> {
        self.parameters
            .get(name)
            .cloned()
            .ok_or_else(|| missing("parameters", "parameter", name))
    }

    fn workflow(&self) -> Result<Value, EvalError> {
        Ok(self.workflow.clone().unwrap_or_default())
    }

    fn item(&self) -> Result<Value, EvalError> {
        self.item
            .clone()
            .ok_or_else(|| EvalError::function("item", "can only be used inside a Foreach loop."))
    }

    fn items(&self, loop_name: &str) -> Result<Value, EvalError> {
        self.items
            .get(loop_name)
            .cloned()
            .ok_or_else(|| missing("items", "loop", loop_name))
    }

    fn result(&self, scope_name: &str) -> Result<Value, EvalError> {
        self.results
            .get(scope_name)
            .cloned()
            .ok_or_else(|| missing("result", "scope", scope_name))
    }

    fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(|| {
            DateTime::parse_from_rfc3339(DEFAULT_NOW)
                .expect("valid default")
                .with_timezone(&Utc)
        })
    }

    fn random_u128(&self) -> u128 {
        let n = self.random_state.get().wrapping_add(1);
        self.random_state.set(n);
        let high = crate::scope::splitmix64(n);
        (u128::from(high) << 64) | u128::from(crate::scope::splitmix64(high))
    }
}

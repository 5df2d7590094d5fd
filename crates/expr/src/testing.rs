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

use chrono::{DateTime, Utc};

use crate::context::JsonContext;
use crate::error::EvalError;
use crate::scope::Scope;
use crate::value::Value;

/// The fixed "now" of a [`MapScope`] unless the JSON gives `"now"`.
pub const DEFAULT_NOW: &str = "2024-01-02T03:04:05.1234567Z";

/// A [`Scope`] for tests: a [`JsonContext`] with a fixed default clock ([`DEFAULT_NOW`]) and a
/// deterministic `random_u128`, so `guid()` is reproducible.
///
/// Built from a JSON object with the keys of [`JsonContext`]; `now` and `results` are accepted
/// as older spellings of `utcNow` and `result`.
#[derive(Debug)]
pub struct MapScope(JsonContext);

impl Default for MapScope {
    fn default() -> Self {
        Self::new(serde_json::json!({}))
    }
}

impl MapScope {
    /// Builds a scope from a JSON object (see the type docs for the keys). Panics on a
    /// malformed document — this is test code.
    pub fn new(spec: serde_json::Value) -> Self {
        let mut spec = spec;
        if let Some(map) = spec.as_object_mut() {
            for (old, new) in [("now", "utcNow"), ("results", "result")] {
                if let Some(v) = map.remove(old) {
                    map.entry(new).or_insert(v);
                }
            }
        }
        let default_now = DateTime::parse_from_rfc3339(DEFAULT_NOW)
            .expect("valid default")
            .with_timezone(&Utc);
        let context =
            JsonContext::from_json(&spec, default_now).unwrap_or_else(|e| panic!("MapScope: {e}"));
        Self(context.with_random_seed(0))
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
            "action": {"name": "Until", "status": "Running", "outputs": {"body": {"done": false}}},
            "iterationIndexes": {"Until": 2},
            "appsettings": {"Region": "westeurope"},
            "result": {"Scope": [{"name": "Step", "status": "Failed"}]}
        }))
    }

    /// Sets a variable (builder style).
    pub fn with_variable(self, name: &str, value: serde_json::Value) -> Self {
        Self(self.0.with_variable(name, value.into()))
    }

    /// Sets an action's whole result object (builder style).
    pub fn with_action(self, name: &str, action: serde_json::Value) -> Self {
        Self(self.0.with_action(name, action.into()))
    }

    /// Sets the current Foreach item (builder style).
    pub fn with_item(self, item: serde_json::Value) -> Self {
        Self(self.0.with_item(item.into()))
    }

    /// Sets "now" (builder style).
    pub fn with_now(self, now: DateTime<Utc>) -> Self {
        Self(self.0.with_now(now))
    }
}

impl Scope for MapScope {
    fn trigger(&self) -> Result<Value, EvalError> {
        self.0.trigger()
    }
    fn action(&self, name: &str) -> Result<Value, EvalError> {
        self.0.action(name)
    }
    fn current_action(&self) -> Result<Value, EvalError> {
        self.0.current_action()
    }
    fn variable(&self, name: &str) -> Result<Value, EvalError> {
        self.0.variable(name)
    }
    fn parameter(&self, name: &str) -> Result<Value, EvalError> {
        self.0.parameter(name)
    }
    fn workflow(&self) -> Result<Value, EvalError> {
        self.0.workflow()
    }
    fn item(&self) -> Result<Value, EvalError> {
        self.0.item()
    }
    fn items(&self, loop_name: &str) -> Result<Value, EvalError> {
        self.0.items(loop_name)
    }
    fn result(&self, scope_name: &str) -> Result<Value, EvalError> {
        self.0.result(scope_name)
    }
    fn iteration_indexes(&self, loop_name: &str) -> Result<Value, EvalError> {
        self.0.iteration_indexes(loop_name)
    }
    fn app_setting(&self, name: &str) -> Result<Value, EvalError> {
        self.0.app_setting(name)
    }
    fn list_callback_url(&self) -> Result<Value, EvalError> {
        self.0.list_callback_url()
    }
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
    fn random_u128(&self) -> u128 {
        self.0.random_u128()
    }
}

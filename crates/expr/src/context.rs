//! [`JsonContext`]: a [`Scope`] described by one JSON object, for `flowline expr eval --context`,
//! `POST /api/expressions/evaluate` and tests.
//!
//! ```
//! use flowline_expr::{JsonContext, Template, Value};
//! let now = chrono::DateTime::UNIX_EPOCH; // a CLI passes the real clock here
//! let context = JsonContext::from_json(&serde_json::json!({
//!     "variables": {"n": 2},
//!     "actions": {"Get_order": {"status": "Succeeded", "outputs": {"body": {"id": 7}}}},
//!     "utcNow": "2018-03-01T00:00:00Z"
//! }), now).unwrap();
//! let t = Template::parse("@{body('get_order').id}-@{variables('n')}-@{utcNow('yyyy')}").unwrap();
//! assert_eq!(t.evaluate(&context).unwrap(), Value::from("7-2-2018"));
//! ```

use std::cell::Cell;

use chrono::{DateTime, Utc};
use indexmap::IndexMap;

use crate::error::EvalError;
use crate::scope::{Scope, random_from_instant, splitmix64};
use crate::value::{Value, eq_ignore_case};

/// Why a context document was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    /// The document is not a JSON object.
    #[error("the expression context must be a JSON object")]
    NotAnObject,
    /// A section that maps names to values is not an object.
    #[error("'{0}' in the expression context must be an object mapping names to values")]
    NotAMap(&'static str),
    /// `utcNow` is not an RFC 3339 timestamp.
    #[error("'utcNow' in the expression context must be an RFC 3339 timestamp, got '{0}'")]
    BadClock(String),
}

/// A [`Scope`] read from a JSON object with these optional keys:
///
/// | key | used by |
/// |-----|---------|
/// | `parameters`, `variables`, `appsettings` (name → value) | `parameters()`, `variables()`, `appsetting()` |
/// | `trigger` (`{"outputs": {…}, …}`) | `trigger()`, `triggerBody()`, `triggerOutputs()` |
/// | `actions` (name → `{"outputs", "status", "inputs", …}`) | `actions()`, `body()`, `outputs()` |
/// | `action` (the current action's `{"outputs", "status", …}`) | `action()` |
/// | `items` (loop → value), `item` | `items()`, `item()` |
/// | `iterationIndexes` (until loop → integer) | `iterationIndexes()` |
/// | `result` (scope → array) | `result()` |
/// | `workflow`, `listCallbackUrl` | `workflow()`, `listCallbackUrl()` |
/// | `utcNow` (RFC 3339) | the clock of `utcNow()` and the other date functions |
///
/// Variable, parameter and app-setting names match exactly; action, loop and scope names
/// match case-insensitively (an exact match first), as Logic Apps matches action names.
#[derive(Debug, Default)]
pub struct JsonContext {
    trigger: Option<Value>,
    actions: IndexMap<String, Value>,
    current_action: Option<Value>,
    variables: IndexMap<String, Value>,
    parameters: IndexMap<String, Value>,
    app_settings: IndexMap<String, Value>,
    items: IndexMap<String, Value>,
    item: Option<Value>,
    iteration_indexes: IndexMap<String, Value>,
    results: IndexMap<String, Value>,
    workflow: Option<Value>,
    callback_url: Option<Value>,
    now: DateTime<Utc>,
    seed: Option<u64>,
    draws: Cell<u64>,
}

impl JsonContext {
    /// Reads a context document. `now` is the clock unless the document has `utcNow`.
    pub fn from_json(doc: &serde_json::Value, now: DateTime<Utc>) -> Result<Self, ContextError> {
        let doc = Value::from(doc);
        let Value::Object(root) = &doc else {
            return Err(ContextError::NotAnObject);
        };
        let map = |key: &'static str| match root.get(key) {
            None | Some(Value::Null) => Ok(IndexMap::new()),
            Some(Value::Object(m)) => Ok(m.clone()),
            Some(_) => Err(ContextError::NotAMap(key)),
        };
        let now = match root.get("utcNow") {
            None | Some(Value::Null) => now,
            Some(v) => DateTime::parse_from_rfc3339(&v.to_text())
                .map_err(|_| ContextError::BadClock(v.to_text()))?
                .with_timezone(&Utc),
        };
        Ok(Self {
            trigger: root.get("trigger").cloned(),
            actions: map("actions")?,
            current_action: root.get("action").cloned(),
            variables: map("variables")?,
            parameters: map("parameters")?,
            app_settings: map("appsettings")?,
            items: map("items")?,
            item: root.get("item").cloned(),
            iteration_indexes: map("iterationIndexes")?,
            results: map("result")?,
            workflow: root.get("workflow").cloned(),
            callback_url: root.get("listCallbackUrl").cloned(),
            now,
            seed: None,
            draws: Cell::new(0),
        })
    }

    /// Makes `guid()` (via [`Scope::random_u128`]) a reproducible sequence from `seed`.
    /// Without a seed the bits are hashed from the clock (see [`Scope::random_u128`]); a CLI or
    /// server should pass a seed from a real random source.
    pub fn with_random_seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Sets a variable (builder style).
    pub fn with_variable(mut self, name: &str, value: Value) -> Self {
        self.variables.insert(name.to_owned(), value);
        self
    }

    /// Sets an action's whole result object (builder style).
    pub fn with_action(mut self, name: &str, action: Value) -> Self {
        self.actions.insert(name.to_owned(), action);
        self
    }

    /// Sets the current Foreach item (builder style).
    pub fn with_item(mut self, item: Value) -> Self {
        self.item = Some(item);
        self
    }

    /// Sets the clock (builder style).
    pub fn with_now(mut self, now: DateTime<Utc>) -> Self {
        self.now = now;
        self
    }
}

fn missing(function: &str, what: &str, name: &str) -> EvalError {
    EvalError::function(function, format_args!("cannot find {what} '{name}'."))
}

/// Exact key first, then the first case-insensitive match.
fn by_action_name<'a>(map: &'a IndexMap<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| eq_ignore_case(k, name))
            .map(|(_, v)| v)
    })
}

fn named(
    map: &IndexMap<String, Value>,
    name: &str,
    (function, what): (&str, &str),
) -> Result<Value, EvalError> {
    map.get(name)
        .cloned()
        .ok_or_else(|| missing(function, what, name))
}

fn action_named(
    map: &IndexMap<String, Value>,
    name: &str,
    (function, what): (&str, &str),
) -> Result<Value, EvalError> {
    by_action_name(map, name)
        .cloned()
        .ok_or_else(|| missing(function, what, name))
}

impl Scope for JsonContext {
    fn trigger(&self) -> Result<Value, EvalError> {
        self.trigger
            .clone()
            .ok_or_else(|| EvalError::function("trigger", "is not available: there is no trigger."))
    }

    fn action(&self, name: &str) -> Result<Value, EvalError> {
        action_named(&self.actions, name, ("actions", "action"))
    }

    fn current_action(&self) -> Result<Value, EvalError> {
        self.current_action.clone().ok_or_else(|| {
            EvalError::function("action", "is not available: there is no current action.")
        })
    }

    fn variable(&self, name: &str) -> Result<Value, EvalError> {
        named(&self.variables, name, ("variables", "variable"))
    }

    fn parameter(&self, name: &str) -> Result<Value, EvalError> {
        named(&self.parameters, name, ("parameters", "parameter"))
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
        action_named(&self.items, loop_name, ("items", "loop"))
    }

    fn result(&self, scope_name: &str) -> Result<Value, EvalError> {
        action_named(&self.results, scope_name, ("result", "scope"))
    }

    fn iteration_indexes(&self, loop_name: &str) -> Result<Value, EvalError> {
        action_named(
            &self.iteration_indexes,
            loop_name,
            ("iterationIndexes", "Until loop"),
        )
    }

    fn app_setting(&self, name: &str) -> Result<Value, EvalError> {
        named(&self.app_settings, name, ("appsetting", "app setting"))
    }

    fn list_callback_url(&self) -> Result<Value, EvalError> {
        self.callback_url.clone().ok_or_else(|| {
            EvalError::function(
                "listCallbackUrl",
                "is not available: there is no callback URL in this context.",
            )
        })
    }

    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn random_u128(&self) -> u128 {
        let Some(seed) = self.seed else {
            return random_from_instant(self.now);
        };
        let n = self.draws.get().wrapping_add(1);
        self.draws.set(n);
        let high = splitmix64(seed.wrapping_add(n));
        (u128::from(high) << 64) | u128::from(splitmix64(high))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Template;
    use serde_json::json;

    fn eval(context: &JsonContext, text: &str) -> Result<Value, EvalError> {
        Template::parse(text).unwrap().evaluate(context)
    }

    fn context(doc: serde_json::Value) -> JsonContext {
        JsonContext::from_json(&doc, DateTime::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn reads_every_section() {
        let c = context(json!({
            "parameters": {"env": "prod"},
            "appsettings": {"Region": "westeurope"},
            "iterationIndexes": {"Until_done": 3},
            "result": {"My_scope": [{"status": "Failed"}]},
            "items": {"Each_order": {"id": 1}},
            "utcNow": "2018-03-01T00:00:00Z"
        }));
        assert_eq!(c.parameter("env").unwrap(), Value::from("prod"));
        assert_eq!(c.app_setting("Region").unwrap(), Value::from("westeurope"));
        assert_eq!(c.iteration_indexes("until_DONE").unwrap(), Value::Int(3));
        assert_eq!(
            c.result("my_scope").unwrap().to_text(),
            r#"[{"status":"Failed"}]"#
        );
        assert_eq!(eval(&c, "@items('Each_order').id").unwrap(), Value::Int(1));
        assert_eq!(
            eval(&c, "@utcNow()").unwrap(),
            Value::from("2018-03-01T00:00:00.0000000Z")
        );
        let err = c.list_callback_url().unwrap_err();
        assert!(err.message.contains("no callback URL"), "{err}");
    }

    #[test]
    fn without_utc_now_the_given_clock_is_used() {
        let c = context(json!({}));
        assert_eq!(c.now(), DateTime::UNIX_EPOCH);
    }

    #[test]
    fn rejects_malformed_documents() {
        let bad = |doc| JsonContext::from_json(&doc, DateTime::UNIX_EPOCH).unwrap_err();
        assert_eq!(bad(json!([])), ContextError::NotAnObject);
        assert_eq!(
            bad(json!({"variables": [1]})),
            ContextError::NotAMap("variables")
        );
        assert!(matches!(
            bad(json!({"utcNow": "yesterday"})),
            ContextError::BadClock(_)
        ));
    }

    #[test]
    fn seeded_randomness_is_reproducible() {
        let a = context(json!({})).with_random_seed(7);
        let b = context(json!({})).with_random_seed(7);
        assert_eq!(a.random_u128(), b.random_u128());
        assert_ne!(a.random_u128(), a.random_u128());
    }
}

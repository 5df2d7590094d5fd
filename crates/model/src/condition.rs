//! Conditions of `If`/`Until` (and the object form written by the designer).
//!
//! A condition is either an expression string (`"@equals(1, 1)"`), a literal, or the object
//! form `{"and": [{"equals": [l, r]}, {"not": {"equals": [l, r]}}]}` — a JSON-encoded
//! expression tree in which any function may appear, names are case-insensitive, arguments may
//! nest (`{"equals": [{"lENgth": ["a"]}, 1]}`) and a single argument need not be wrapped in an
//! array.

use crate::build::Builder;
use crate::diagnostics::{Diagnostic, DiagnosticCode, push_pointer};
use flowline_expr::{EvalError, JsonTemplate, Scope, Value, call_function, is_function};
use serde_json::Value as Json;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Top-level expression string or literal (`"@equals(...)"`, `true`).
    Expr(JsonTemplate),
    /// Object form: a function call whose arguments are conditions.
    Call {
        /// Function name as written (matched case-insensitively).
        name: String,
        /// Arguments, in order.
        args: Vec<Condition>,
    },
    /// A plain argument value inside the object form.
    Value(JsonTemplate),
}

impl Condition {
    /// Parses the `expression` member found at `pointer`.
    pub(crate) fn parse(value: &Json, pointer: &str, b: &mut Builder) -> Condition {
        match value {
            Json::Object(o) if o.len() == 1 => Self::parse_arg(value, pointer, true, b),
            Json::Object(_) => {
                b.push(
                    Diagnostic::error(
                        DiagnosticCode::InvalidDefinitionShape,
                        pointer,
                        format!(
                            "condition object must have exactly one key (the function), found {}",
                            value.as_object().map_or(0, |o| o.len())
                        ),
                    )
                    .with_hint("write e.g. {\"and\": [{\"equals\": [\"@variables('x')\", 1]}]}"),
                );
                Condition::Value(b.compile(value, pointer))
            }
            other => Condition::Expr(b.compile(other, pointer)),
        }
    }

    /// `top` forces a single-key object to be a call even if the function is unknown
    /// (evaluation then reports it); nested single-key objects are calls only when the key
    /// names a function, so literal objects survive as values.
    fn parse_arg(value: &Json, pointer: &str, top: bool, b: &mut Builder) -> Condition {
        let call = value
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.iter().next());
        let Some((name, args)) = call.filter(|(name, _)| top || is_call_name(name)) else {
            return Condition::Value(b.compile(value, pointer));
        };
        let call_pointer = push_pointer(pointer, name);
        let args = match args {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, a)| Self::parse_arg(a, &format!("{call_pointer}/{i}"), false, b))
                .collect(),
            single => vec![Self::parse_arg(single, &call_pointer, false, b)],
        };
        Condition::Call {
            name: name.clone(),
            args,
        }
    }

    /// Evaluates the condition. `and`/`or` short-circuit; other calls go through
    /// [`flowline_expr::call_function`].
    pub fn evaluate(&self, scope: &dyn Scope) -> Result<Value, EvalError> {
        match self {
            Condition::Expr(t) | Condition::Value(t) => Ok(Value::from(&t.evaluate(scope)?)),
            Condition::Call { name, args } if name.eq_ignore_ascii_case("and") => {
                short_circuit(name, args, false, scope)
            }
            Condition::Call { name, args } if name.eq_ignore_ascii_case("or") => {
                short_circuit(name, args, true, scope)
            }
            Condition::Call { name, args } => {
                let values = args
                    .iter()
                    .map(|a| a.evaluate(scope))
                    .collect::<Result<Vec<_>, _>>()?;
                call_function(name, values, scope)
            }
        }
    }
}

fn is_call_name(name: &str) -> bool {
    ["and", "or", "not"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
        || is_function(name)
        || is_function(&name.to_ascii_lowercase())
}

/// `and` stops at the first `false`, `or` at the first `true`; `stop_on` is that value.
fn short_circuit(
    name: &str,
    args: &[Condition],
    stop_on: bool,
    scope: &dyn Scope,
) -> Result<Value, EvalError> {
    for arg in args {
        match arg.evaluate(scope)? {
            Value::Bool(b) if b == stop_on => return Ok(Value::Bool(stop_on)),
            Value::Bool(_) => {}
            other => {
                return Err(EvalError::invalid_template(format!(
                    "The template language function '{name}' expects its parameters to be of type boolean. The provided value is {}.",
                    kind_of(&other)
                )));
            }
        }
    }
    Ok(Value::Bool(!stop_on))
}

fn kind_of(v: &Value) -> String {
    format!("of type '{}'", v.type_name())
}

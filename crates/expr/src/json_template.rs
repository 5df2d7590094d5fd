//! Templates over whole JSON values: every nested string is pre-parsed once, then evaluated
//! many times.

use crate::error::{EvalError, TemplateError};
use crate::scope::Scope;
use crate::template::Template;

/// A JSON value whose strings may contain expressions. Object keys are never evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonTemplate {
    /// A subtree without expressions (escapes already resolved); evaluation is a clone.
    Literal(serde_json::Value),
    /// A string containing an expression.
    String(Template),
    /// An array with at least one expression inside.
    Array(Vec<JsonTemplate>),
    /// An object with at least one expression inside; key order is kept.
    Object(Vec<(String, JsonTemplate)>),
}

impl JsonTemplate {
    /// Pre-parses every string value nested anywhere in `v`. All parse failures are reported,
    /// each with the JSON pointer of its string. Subtrees without expressions collapse to
    /// [`JsonTemplate::Literal`].
    pub fn compile(v: &serde_json::Value) -> Result<JsonTemplate, Vec<TemplateError>> {
        let mut errors = Vec::new();
        let mut pointer = String::new();
        let compiled = compile_at(v, &mut pointer, &mut errors);
        if errors.is_empty() {
            Ok(compiled)
        } else {
            Err(errors)
        }
    }

    /// Evaluates every expression, producing plain JSON.
    pub fn evaluate(&self, scope: &dyn Scope) -> Result<serde_json::Value, EvalError> {
        Ok(match self {
            JsonTemplate::Literal(v) => v.clone(),
            JsonTemplate::String(t) => t.evaluate(scope)?.into_json(),
            JsonTemplate::Array(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(|i| i.evaluate(scope))
                    .collect::<Result<_, _>>()?,
            ),
            JsonTemplate::Object(fields) => serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), v.evaluate(scope)?)))
                    .collect::<Result<_, EvalError>>()?,
            ),
        })
    }

    /// True if evaluation cannot depend on the scope.
    pub fn is_literal(&self) -> bool {
        matches!(self, JsonTemplate::Literal(_))
    }

    /// Names of actions referenced with `actions()`/`body()`/`outputs()`/`result()` (and the
    /// `actionBody`/`actionOutputs` aliases) with a literal string argument, first-seen order,
    /// without duplicates.
    pub fn referenced_actions(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        self.visit(&mut |t| {
            for name in t.referenced_actions() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        });
        names
    }

    fn visit(&self, f: &mut dyn FnMut(&Template)) {
        match self {
            JsonTemplate::Literal(_) => {}
            JsonTemplate::String(t) => f(t),
            JsonTemplate::Array(items) => items.iter().for_each(|i| i.visit(f)),
            JsonTemplate::Object(fields) => fields.iter().for_each(|(_, v)| v.visit(f)),
        }
    }

    fn literal_value(&self) -> Option<&serde_json::Value> {
        match self {
            JsonTemplate::Literal(v) => Some(v),
            _ => None,
        }
    }
}

fn compile_at(
    v: &serde_json::Value,
    pointer: &mut String,
    errors: &mut Vec<TemplateError>,
) -> JsonTemplate {
    use serde_json::Value as J;
    match v {
        J::String(s) => match Template::parse(s) {
            Ok(Template::Literal(text)) => JsonTemplate::Literal(J::String(text)),
            Ok(t) => JsonTemplate::String(t),
            Err(error) => {
                errors.push(TemplateError {
                    pointer: pointer.clone(),
                    text: s.clone(),
                    error,
                });
                JsonTemplate::Literal(v.clone())
            }
        },
        J::Array(items) => {
            let parts: Vec<JsonTemplate> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    with_segment(pointer, &i.to_string(), |p| compile_at(item, p, errors))
                })
                .collect();
            match parts
                .iter()
                .map(JsonTemplate::literal_value)
                .collect::<Option<Vec<_>>>()
            {
                Some(values) => {
                    JsonTemplate::Literal(J::Array(values.into_iter().cloned().collect()))
                }
                None => JsonTemplate::Array(parts),
            }
        }
        J::Object(map) => {
            let fields: Vec<(String, JsonTemplate)> = map
                .iter()
                .map(|(k, item)| {
                    (
                        k.clone(),
                        with_segment(pointer, k, |p| compile_at(item, p, errors)),
                    )
                })
                .collect();
            if fields.iter().all(|(_, t)| t.is_literal()) {
                let literal = fields
                    .into_iter()
                    .map(|(k, t)| (k, t.literal_value().cloned().unwrap_or_default()));
                JsonTemplate::Literal(J::Object(literal.collect()))
            } else {
                JsonTemplate::Object(fields)
            }
        }
        other => JsonTemplate::Literal(other.clone()),
    }
}

/// Runs `f` with `/segment` (RFC 6901 escaped) appended to the pointer, then restores it.
fn with_segment<T>(pointer: &mut String, segment: &str, f: impl FnOnce(&mut String) -> T) -> T {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    let result = f(pointer);
    pointer.truncate(len);
    result
}

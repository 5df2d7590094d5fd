//! Shared helpers for building the typed view: expression compilation with diagnostics and
//! JSON shape checks.

use crate::diagnostics::{Diagnostic, DiagnosticCode};
use flowline_expr::{JsonTemplate, Template};
use serde_json::{Map, Value};

const EXPRESSION_HINT: &str = "WDL expressions start with `@` or use `@{...}` inside text; \
strings inside expressions use single quotes; write `@@` for a literal leading `@`";

/// Collects diagnostics while the typed view is built.
#[derive(Default)]
pub(crate) struct Builder {
    pub diagnostics: Vec<Diagnostic>,
}

impl Builder {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Compiles every string nested in `value`; parse failures become `InvalidExpression`
    /// diagnostics and the value is kept as a literal.
    pub fn compile(&mut self, value: &Value, pointer: &str) -> JsonTemplate {
        match JsonTemplate::compile(value) {
            Ok(t) => t,
            Err(errors) => {
                // ARM expressions are reported once, as ArmTemplateExpression; their text is
                // not WDL, so a WDL parse error on them would only be noise.
                for e in errors
                    .into_iter()
                    .filter(|e| !crate::definition::is_arm_expression(&e.text))
                {
                    let path = format!("{pointer}{}", e.pointer);
                    self.push(invalid_expression(
                        &path,
                        &e.text,
                        &e.error.message,
                        e.error.offset,
                    ));
                }
                JsonTemplate::Literal(value.clone())
            }
        }
    }

    /// Compiles an optional member; absent → `Literal(Null)`.
    pub fn compile_member(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> JsonTemplate {
        match object.get(key) {
            Some(v) => self.compile(v, &crate::diagnostics::push_pointer(pointer, key)),
            None => JsonTemplate::Literal(Value::Null),
        }
    }

    /// Parses one string template; failure → diagnostic and `None`.
    pub fn template(&mut self, text: &str, pointer: &str) -> Option<Template> {
        match Template::parse(text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.push(invalid_expression(pointer, text, &e.message, e.offset));
                None
            }
        }
    }

    /// Returns `value` as an object, or reports `InvalidDefinitionShape` naming `what`.
    pub fn object<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(o) => Some(o),
            other => {
                self.push(
                    Diagnostic::error(
                        DiagnosticCode::InvalidDefinitionShape,
                        pointer,
                        format!("{what} must be a JSON object, found {}", json_kind(other)),
                    )
                    .with_hint(format!("write {what} as {{ ... }}")),
                );
                None
            }
        }
    }
}

fn invalid_expression(path: &str, text: &str, message: &str, offset: usize) -> Diagnostic {
    let shown: String = text.chars().take(120).collect();
    let ellipsis = if text.chars().count() > 120 {
        "…"
    } else {
        ""
    };
    Diagnostic::error(
        DiagnosticCode::InvalidExpression,
        path,
        format!("invalid expression `{shown}{ellipsis}` at position {offset}: {message}"),
    )
    .with_hint(EXPRESSION_HINT)
}

/// "an array", "a string", … for messages.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

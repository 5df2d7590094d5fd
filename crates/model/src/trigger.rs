//! Triggers: type, compiled inputs, correlation, conditions and `splitOn`.

use crate::build::Builder;
use crate::diagnostics::{Diagnostic, DiagnosticCode, did_you_mean, push_pointer};
use crate::types::TriggerType;
use flowline_expr::{JsonTemplate, Template};
use serde_json::{Map, Value};

/// One trigger. The typed fields are a view; `raw` is the object as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// Name (the key in `triggers`).
    pub name: String,
    /// JSON pointer of the trigger object from the document root.
    pub pointer: String,
    /// Parsed `type` (`Unknown("")` when missing).
    pub trigger_type: TriggerType,
    /// `type` as written.
    pub type_name: String,
    /// `kind` if present (`Http` for Request triggers).
    pub kind: Option<String>,
    /// Compiled `inputs` (`Literal(Null)` when absent).
    pub inputs: JsonTemplate,
    /// The trigger object as written.
    pub raw: Value,
    /// `correlation.clientTrackingId`.
    pub client_tracking_id: Option<Template>,
    /// `conditions[*].expression`, in order.
    pub conditions: Vec<Template>,
    /// `splitOn`.
    pub split_on: Option<Template>,
}

impl Trigger {
    pub(crate) fn parse(
        name: &str,
        raw: &Value,
        pointer: &str,
        b: &mut Builder,
    ) -> Option<Trigger> {
        let object = b.object(raw, pointer, &format!("trigger `{name}`"))?;
        let (trigger_type, type_name) = parse_trigger_type(name, object, pointer, b);
        let inputs = b.compile_member(object, "inputs", pointer);
        let client_tracking_id = object
            .get("correlation")
            .and_then(|c| c.get("clientTrackingId"))
            .and_then(Value::as_str)
            .and_then(|s| b.template(s, &format!("{pointer}/correlation/clientTrackingId")));
        let split_on = object
            .get("splitOn")
            .and_then(Value::as_str)
            .and_then(|s| b.template(s, &push_pointer(pointer, "splitOn")));
        let conditions = parse_conditions(object, pointer, b);
        Some(Trigger {
            name: name.to_string(),
            pointer: pointer.to_string(),
            trigger_type,
            type_name,
            kind: object
                .get("kind")
                .and_then(Value::as_str)
                .map(str::to_string),
            inputs,
            raw: raw.clone(),
            client_tracking_id,
            conditions,
            split_on,
        })
    }

    /// For Request triggers: `inputs.method` (upper-cased), if restricted.
    pub fn request_method(&self) -> Option<String> {
        self.input_str("method").map(|m| m.to_ascii_uppercase())
    }

    /// For Request triggers: `inputs.relativePath` without leading `/`.
    pub fn relative_path(&self) -> Option<String> {
        self.input_str("relativePath")
            .map(|p| p.trim_start_matches('/').to_string())
    }

    /// For Request triggers: `inputs.schema` (JSON schema of the body).
    pub fn request_schema(&self) -> Option<&Value> {
        self.raw.get("inputs").and_then(|i| i.get("schema"))
    }

    /// The `recurrence` object (Recurrence, SlidingWindow and polling triggers).
    pub fn recurrence(&self) -> Option<&Value> {
        self.raw.get("recurrence")
    }

    fn input_str(&self, key: &str) -> Option<&str> {
        self.raw
            .get("inputs")
            .and_then(|i| i.get(key))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
}

fn parse_trigger_type(
    name: &str,
    object: &Map<String, Value>,
    pointer: &str,
    b: &mut Builder,
) -> (TriggerType, String) {
    let Some(type_name) = object.get("type").and_then(Value::as_str) else {
        b.push(missing_type(name, object, pointer));
        return (TriggerType::Unknown(String::new()), String::new());
    };
    let trigger_type = TriggerType::parse(type_name);
    if !trigger_type.is_known() {
        let hint =
            did_you_mean(type_name, TriggerType::KNOWN.iter().copied()).unwrap_or_else(|| {
                "use a Logic Apps trigger type such as Request, Recurrence or Http".into()
            });
        b.push(
            Diagnostic::error(
                DiagnosticCode::UnknownTriggerType,
                push_pointer(pointer, "type"),
                format!("trigger `{name}` has unknown type `{type_name}`"),
            )
            .with_hint(hint),
        );
    }
    (trigger_type, type_name.to_string())
}

/// A typeless trigger; when it wraps objects that look like triggers (a nested `triggers`
/// map, as in a known malformed sample), the hint says so.
fn missing_type(name: &str, object: &Map<String, Value>, pointer: &str) -> Diagnostic {
    let wrapped: Vec<&str> = object
        .iter()
        .filter(|(_, v)| v.get("type").is_some_and(Value::is_string))
        .map(|(k, _)| k.as_str())
        .collect();
    let hint = if wrapped.is_empty() {
        "every trigger needs a string `type`, e.g. \"Request\" or \"Recurrence\"".to_string()
    } else {
        format!(
            "this object wraps what look like triggers ({}); move them directly under `triggers`",
            wrapped
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Diagnostic::error(
        DiagnosticCode::MissingType,
        pointer,
        format!("trigger `{name}` has no `type`"),
    )
    .with_hint(hint)
}

fn parse_conditions(object: &Map<String, Value>, pointer: &str, b: &mut Builder) -> Vec<Template> {
    let Some(list) = object.get("conditions").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let text = c.get("expression").and_then(Value::as_str)?;
            b.template(text, &format!("{pointer}/conditions/{i}/expression"))
        })
        .collect()
}

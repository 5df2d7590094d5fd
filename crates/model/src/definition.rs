//! The typed view of one workflow definition (`triggers`, `actions`, `parameters`,
//! `outputs`) and the checks that need the raw JSON (ARM template expressions).

use crate::actions::Actions;
use crate::build::Builder;
use crate::diagnostics::{Diagnostic, DiagnosticCode, did_you_mean, push_pointer};
use crate::trigger::Trigger;
use crate::types::ParamType;
use flowline_expr::JsonTemplate;
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// One declared workflow parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDef {
    /// Parsed `type` (`NotSpecified` when absent).
    pub type_name: ParamType,
    /// `defaultValue`.
    pub default_value: Option<Value>,
    /// `allowedValues`.
    pub allowed_values: Option<Vec<Value>>,
}

/// One declared workflow output.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputDef {
    /// Parsed `type`.
    pub type_name: ParamType,
    /// Compiled `value`.
    pub value: JsonTemplate,
}

/// A workflow definition: a typed, read-only view over the JSON it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// `parameters`, in document order.
    pub parameters: IndexMap<String, ParameterDef>,
    /// `triggers`, in document order.
    pub triggers: Vec<Trigger>,
    /// Top-level `actions`.
    pub actions: Actions,
    /// `outputs`, in document order.
    pub outputs: IndexMap<String, OutputDef>,
    /// JSON pointer of the definition object from the document root.
    pub pointer: String,
}

impl Definition {
    /// Builds the typed view of the definition object `value` found at `pointer` (from the
    /// document root), with the diagnostics found on the way: shape errors, missing/unknown
    /// types, invalid expressions, invalid runAfter statuses, parameter and variable types,
    /// and ARM template expressions. Never fails: problems are reported, parts are kept.
    pub fn from_json(value: &Value, pointer: &str) -> (Definition, Vec<Diagnostic>) {
        let mut b = Builder::default();
        let mut def = Definition {
            parameters: IndexMap::new(),
            triggers: Vec::new(),
            actions: Actions::default(),
            outputs: IndexMap::new(),
            pointer: pointer.to_string(),
        };
        let Some(object) = b.object(value, pointer, "the workflow definition") else {
            return (def, b.diagnostics);
        };
        def.parameters = parse_parameters(object, pointer, &mut b);
        def.triggers = parse_triggers(object, pointer, &mut b);
        def.actions = Actions::parse(
            object.get("actions"),
            &push_pointer(pointer, "actions"),
            &mut b,
        );
        def.outputs = parse_outputs(object, pointer, &mut b);
        scan_arm_expressions(value, pointer, &mut b);
        (def, b.diagnostics)
    }

    /// The trigger named `name`.
    pub fn trigger(&self, name: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.name == name)
    }

    /// Total number of actions, counted recursively.
    pub fn action_count(&self) -> usize {
        self.actions.walk().len()
    }

    /// Deepest action nesting level (1 = top-level actions only; 0 = no actions).
    pub fn nesting_depth(&self) -> usize {
        self.actions
            .walk()
            .into_iter()
            .map(|(d, _)| d)
            .max()
            .unwrap_or(0)
    }
}

fn parse_parameters(
    object: &Map<String, Value>,
    pointer: &str,
    b: &mut Builder,
) -> IndexMap<String, ParameterDef> {
    let params_pointer = push_pointer(pointer, "parameters");
    let Some(params) = object
        .get("parameters")
        .and_then(|p| b.object(p, &params_pointer, "`parameters`"))
    else {
        return IndexMap::new();
    };
    let mut out = IndexMap::with_capacity(params.len());
    for (name, p) in params {
        let p_pointer = push_pointer(&params_pointer, name);
        let Some(p) = p.as_object() else {
            b.push(
                Diagnostic::error(
                    DiagnosticCode::InvalidParameter,
                    &p_pointer,
                    format!("parameter `{name}` must be an object"),
                )
                .with_hint("write { \"type\": \"string\", \"defaultValue\": ... }"),
            );
            continue;
        };
        let type_name = parse_type(p, &p_pointer, &format!("parameter `{name}`"), b);
        out.insert(
            name.clone(),
            ParameterDef {
                type_name,
                default_value: p.get("defaultValue").cloned(),
                allowed_values: p.get("allowedValues").and_then(Value::as_array).cloned(),
            },
        );
    }
    out
}

fn parse_outputs(
    object: &Map<String, Value>,
    pointer: &str,
    b: &mut Builder,
) -> IndexMap<String, OutputDef> {
    let outputs_pointer = push_pointer(pointer, "outputs");
    let Some(outputs) = object
        .get("outputs")
        .and_then(|o| b.object(o, &outputs_pointer, "`outputs`"))
    else {
        return IndexMap::new();
    };
    let mut out = IndexMap::with_capacity(outputs.len());
    for (name, o) in outputs {
        let o_pointer = push_pointer(&outputs_pointer, name);
        let Some(o) = b.object(o, &o_pointer, &format!("output `{name}`")) else {
            continue;
        };
        let type_name = parse_type(o, &o_pointer, &format!("output `{name}`"), b);
        let value = b.compile_member(o, "value", &o_pointer);
        out.insert(name.clone(), OutputDef { type_name, value });
    }
    out
}

/// Parameter/output `type`: absent → `NotSpecified`; unknown → `InvalidParameter`.
fn parse_type(
    object: &Map<String, Value>,
    pointer: &str,
    what: &str,
    b: &mut Builder,
) -> ParamType {
    let Some(t) = object.get("type").and_then(Value::as_str) else {
        return ParamType::NotSpecified;
    };
    let parsed = ParamType::parse(t);
    if !parsed.is_known() {
        b.push(
            Diagnostic::error(
                DiagnosticCode::InvalidParameter,
                push_pointer(pointer, "type"),
                format!("{what} has unknown type `{t}`"),
            )
            .with_hint(
                did_you_mean(t, ParamType::KNOWN.iter().copied()).unwrap_or_else(|| {
                    "use string, securestring, int, float, bool, array, object or secureobject"
                        .into()
                }),
            ),
        );
    }
    parsed
}

fn parse_triggers(object: &Map<String, Value>, pointer: &str, b: &mut Builder) -> Vec<Trigger> {
    let triggers_pointer = push_pointer(pointer, "triggers");
    let Some(triggers) = object
        .get("triggers")
        .and_then(|t| b.object(t, &triggers_pointer, "`triggers`"))
    else {
        return Vec::new();
    };
    triggers
        .iter()
        .filter_map(|(name, t)| Trigger::parse(name, t, &push_pointer(&triggers_pointer, name), b))
        .collect()
}

/// Whether `s` is an ARM template expression: `[fn(...)...]`, not the `[[` escape. ARM
/// expressions always start with a function call, so literal strings such as `"[]"` or
/// `"[1,2]"` (legal WDL values) are not flagged.
pub fn is_arm_expression(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    let inner = inner.trim_start();
    let ident_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(inner.len());
    !s.starts_with("[[")
        && inner.starts_with(|c: char| c.is_ascii_alphabetic())
        && inner[ident_len..].trim_start().starts_with('(')
}

/// Reports every string value inside the definition that is an ARM template expression.
fn scan_arm_expressions(value: &Value, pointer: &str, b: &mut Builder) {
    match value {
        Value::String(s) if is_arm_expression(s) => {
            let shown: String = s.chars().take(120).collect();
            b.push(
                Diagnostic::error(
                    DiagnosticCode::ArmTemplateExpression,
                    pointer,
                    format!("ARM template expression `{shown}` inside the definition: ARM resolves these at deployment time and Flowline does not"),
                )
                .with_hint("resolve ARM expressions before deploying to Flowline, or use WDL parameters (`@parameters('x')`)"),
            );
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                scan_arm_expressions(item, &format!("{pointer}/{i}"), b);
            }
        }
        Value::Object(o) => {
            for (k, v) in o {
                scan_arm_expressions(v, &push_pointer(pointer, k), b);
            }
        }
        _ => {}
    }
}

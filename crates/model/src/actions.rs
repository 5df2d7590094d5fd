//! Actions: the ordered `actions` collection, one action's common fields and `runAfter`.

use crate::body::ActionBody;
use crate::build::{Builder, json_kind};
use crate::diagnostics::{Diagnostic, DiagnosticCode, did_you_mean, push_pointer};
use crate::types::{ActionType, RunAfterStatus, VariableType};
use flowline_expr::JsonTemplate;
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// An ordered (document order) collection of actions: one `actions` object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Actions {
    /// JSON pointer of the `actions` object from the document root ("" when absent).
    pub pointer: String,
    map: IndexMap<String, Action>,
}

impl Actions {
    /// The action named `name` in this container (not nested ones).
    pub fn get(&self, name: &str) -> Option<&Action> {
        self.map.get(name)
    }

    /// Actions in document order.
    pub fn iter(&self) -> impl Iterator<Item = &Action> {
        self.map.values()
    }

    /// Number of actions in this container (not counting nested ones).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the container is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Action names in document order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// Every action in this container and below, depth-first in document order, with its
    /// nesting depth (1 for the actions of this container).
    pub fn walk(&self) -> Vec<(usize, &Action)> {
        let mut out = Vec::new();
        self.walk_into(1, &mut out);
        out
    }

    fn walk_into<'a>(&'a self, depth: usize, out: &mut Vec<(usize, &'a Action)>) {
        for action in self.iter() {
            out.push((depth, action));
            for child in action.body.containers() {
                child.walk_into(depth + 1, out);
            }
        }
    }

    /// Finds an action by name anywhere below this container.
    pub fn find(&self, name: &str) -> Option<&Action> {
        self.get(name).or_else(|| {
            self.iter()
                .flat_map(|a| a.body.containers())
                .find_map(|c| c.find(name))
        })
    }

    /// Parses an optional `actions` member at `pointer`.
    pub(crate) fn parse(value: Option<&Value>, pointer: &str, b: &mut Builder) -> Actions {
        let mut actions = Actions {
            pointer: pointer.to_string(),
            map: IndexMap::new(),
        };
        let Some(value) = value else { return actions };
        let Some(object) = b.object(value, pointer, "`actions`") else {
            return actions;
        };
        for (name, raw) in object {
            let action_pointer = push_pointer(pointer, name);
            if let Some(action) = Action::parse(name, raw, &action_pointer, b) {
                actions.map.insert(name.clone(), action);
            }
        }
        actions
    }
}

impl<'a> IntoIterator for &'a Actions {
    type Item = &'a Action;
    type IntoIter = indexmap::map::Values<'a, String, Action>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.values()
    }
}

/// One `runAfter` edge: run after `action` ended in one of `statuses`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunAfter {
    /// Predecessor name (a sibling in the same container when valid).
    pub action: String,
    /// Accepted predecessor statuses (unknown ones are dropped and reported).
    pub statuses: Vec<RunAfterStatus>,
}

/// One action. The typed fields are a view; `raw` is the object as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Name (the key in its `actions` object).
    pub name: String,
    /// JSON pointer of the action object from the document root.
    pub pointer: String,
    /// Parsed `type`.
    pub action_type: ActionType,
    /// `type` as written ("" when missing).
    pub type_name: String,
    /// `kind` if present.
    pub kind: Option<String>,
    /// `runAfter` edges in document order.
    pub run_after: Vec<RunAfter>,
    /// Compiled `inputs` (`Literal(Null)` when absent).
    pub inputs: JsonTemplate,
    /// Control-flow body (nested containers) or `Operation`.
    pub body: ActionBody,
    /// The action object as written.
    pub raw: Value,
}

impl Action {
    pub(crate) fn parse(name: &str, raw: &Value, pointer: &str, b: &mut Builder) -> Option<Action> {
        let object = b.object(raw, pointer, &format!("action `{name}`"))?;
        let (action_type, type_name) = parse_action_type(name, object, pointer, b);
        let run_after = parse_run_after(
            object.get("runAfter"),
            &push_pointer(pointer, "runAfter"),
            b,
        );
        let inputs = b.compile_member(object, "inputs", pointer);
        if action_type == ActionType::InitializeVariable {
            check_variable_types(object, pointer, b);
        }
        let body = ActionBody::parse(&action_type, object, pointer, b);
        Some(Action {
            name: name.to_string(),
            pointer: pointer.to_string(),
            action_type,
            type_name,
            kind: object
                .get("kind")
                .and_then(Value::as_str)
                .map(str::to_string),
            run_after,
            inputs,
            body,
            raw: raw.clone(),
        })
    }

    /// `operationOptions` contains `option` (comma-separated, case-insensitive).
    pub fn has_operation_option(&self, option: &str) -> bool {
        has_operation_option(self.raw.get("operationOptions"), option)
    }
}

/// Whether an `operationOptions` value lists `option` (comma-separated, case-insensitive).
pub(crate) fn has_operation_option(options: Option<&Value>, option: &str) -> bool {
    options
        .and_then(Value::as_str)
        .is_some_and(|s| s.split(',').any(|o| o.trim().eq_ignore_ascii_case(option)))
}

/// Reads `type`, reporting `MissingType` / `UnknownActionType`. Unknown types are kept.
fn parse_action_type(
    name: &str,
    object: &Map<String, Value>,
    pointer: &str,
    b: &mut Builder,
) -> (ActionType, String) {
    let Some(type_name) = object.get("type").and_then(Value::as_str) else {
        b.push(
            Diagnostic::error(
                DiagnosticCode::MissingType,
                pointer,
                format!("action `{name}` has no `type`"),
            )
            .with_hint(
                "every action needs a string `type`, e.g. \"Compose\", \"Http\" or \"Scope\"",
            ),
        );
        return (ActionType::Unknown(String::new()), String::new());
    };
    let action_type = ActionType::parse(type_name);
    if !action_type.is_known() {
        let hint =
            did_you_mean(type_name, ActionType::KNOWN.iter().copied()).unwrap_or_else(|| {
                "see the Logic Apps workflow definition language for the list of action types"
                    .into()
            });
        b.push(
            Diagnostic::error(
                DiagnosticCode::UnknownActionType,
                push_pointer(pointer, "type"),
                format!("action `{name}` has unknown type `{type_name}`"),
            )
            .with_hint(hint),
        );
    }
    (action_type, type_name.to_string())
}

fn parse_run_after(value: Option<&Value>, pointer: &str, b: &mut Builder) -> Vec<RunAfter> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(object) = b.object(value, pointer, "`runAfter`") else {
        return Vec::new();
    };
    let mut edges = Vec::with_capacity(object.len());
    for (pred, statuses) in object {
        let edge_pointer = push_pointer(pointer, pred);
        let Value::Array(items) = statuses else {
            b.push(
                Diagnostic::error(
                    DiagnosticCode::InvalidDefinitionShape,
                    &edge_pointer,
                    format!(
                        "runAfter statuses for `{pred}` must be an array, found {}",
                        json_kind(statuses)
                    ),
                )
                .with_hint("write e.g. [\"Succeeded\"]"),
            );
            continue;
        };
        let mut parsed = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str().and_then(RunAfterStatus::parse) {
                Some(st) => parsed.push(st),
                None => b.push(
                    Diagnostic::error(
                        DiagnosticCode::RunAfterInvalidStatus,
                        format!("{edge_pointer}/{i}"),
                        format!("invalid runAfter status {item} for `{pred}`"),
                    )
                    .with_hint("use one of Succeeded, Failed, Skipped, TimedOut"),
                ),
            }
        }
        edges.push(RunAfter {
            action: pred.clone(),
            statuses: parsed,
        });
    }
    edges
}

/// `InitializeVariable` declares `inputs.variables[*].type`; unknown literal types are errors.
fn check_variable_types(object: &Map<String, Value>, pointer: &str, b: &mut Builder) {
    let Some(vars) = object
        .get("inputs")
        .and_then(|i| i.get("variables"))
        .and_then(Value::as_array)
    else {
        return;
    };
    for (i, var) in vars.iter().enumerate() {
        let Some(t) = var.get("type").and_then(Value::as_str) else {
            continue;
        };
        if t.starts_with('@') || VariableType::parse(t).is_known() {
            continue;
        }
        b.push(
            Diagnostic::error(
                DiagnosticCode::InvalidVariableType,
                format!("{pointer}/inputs/variables/{i}/type"),
                format!("unknown variable type `{t}`"),
            )
            .with_hint(
                did_you_mean(t, VariableType::KNOWN.iter().copied()).unwrap_or_else(|| {
                    "use boolean, integer, float, string, object or array".into()
                }),
            ),
        );
    }
}

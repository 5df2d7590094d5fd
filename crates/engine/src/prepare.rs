//! Turning a stored definition document into a [`PreparedWorkflow`]: loaded, validated against what
//! this engine can execute, parameters resolved, and each container's runAfter graph built once —
//! so a run only executes, it never re-parses.

use crate::graph::ContainerGraph;
use flowline_model::{
    ActionBody, ActionType, Actions, Capabilities, Definition, Diagnostic, DiagnosticCode, Severity, Trigger,
    TriggerType,
};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// What this engine can execute. Validation reports anything else as unsupported.
#[derive(Debug, Default, Clone, Copy)]
pub struct EngineCapabilities;

impl Capabilities for EngineCapabilities {
    fn supports_action(&self, t: &ActionType) -> bool {
        matches!(
            t,
            ActionType::Compose
                | ActionType::Response
                | ActionType::InitializeVariable
                | ActionType::SetVariable
                | ActionType::IncrementVariable
                | ActionType::DecrementVariable
                | ActionType::AppendToStringVariable
                | ActionType::AppendToArrayVariable
                | ActionType::ParseJson
                | ActionType::Select
                | ActionType::Query
                | ActionType::Join
                | ActionType::Table
                | ActionType::Wait
                | ActionType::If
                | ActionType::Scope
                | ActionType::Foreach
                | ActionType::Until
                | ActionType::Switch
                | ActionType::Terminate
                | ActionType::Http
                | ActionType::HttpWebhook
                | ActionType::Workflow
        )
    }

    fn supports_trigger(&self, t: &TriggerType) -> bool {
        matches!(t, TriggerType::Request | TriggerType::HttpWebhook | TriggerType::Recurrence | TriggerType::Http)
    }
}

/// Why a document cannot be prepared: its error diagnostics.
#[derive(Debug, thiserror::Error)]
#[error("the workflow definition has {} error(s); first: {}", .0.len(), .0.first().map(|d| d.message.as_str()).unwrap_or(""))]
pub struct PrepareError(pub Vec<Diagnostic>);

/// Identifies a container inside a workflow: the top level, or a branch of a control action.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContainerKey {
    /// The definition's `actions`.
    Top,
    /// The `actions` of a Scope, or the true branch of an If.
    Actions(String),
    /// The `else` branch of an If.
    Else(String),
    /// The body of a Foreach or Until, run once per iteration.
    Loop(String),
    /// A case of a Switch: (Switch name, case name).
    Case(String, String),
    /// The `default` branch of a Switch.
    Default(String),
}

/// A workflow version ready to run.
pub struct PreparedWorkflow {
    /// Workflow name.
    pub name: String,
    /// Version number.
    pub version: i64,
    /// The definition.
    pub definition: Definition,
    /// `Stateful` (default) or `Stateless`.
    pub stateless: bool,
    /// Resolved parameter values (defaults overridden by values stored beside the definition).
    pub parameters: Arc<Map<String, Value>>,
    graphs: HashMap<ContainerKey, ContainerGraph>,
    names: HashMap<String, String>,
    children: HashMap<String, Vec<String>>,
    loops: HashMap<String, Vec<String>>,
    has_response: bool,
    uses_result: bool,
    /// Which actions' inputs and outputs run history hides (`secureData`).
    pub(crate) secure: crate::secure::SecureData,
    /// The enabled static results, by action.
    pub(crate) static_results: crate::static_result::StaticResults,
}

impl std::fmt::Debug for PreparedWorkflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedWorkflow").field("name", &self.name).field("version", &self.version).finish()
    }
}

impl PreparedWorkflow {
    /// Loads and validates `document` (any of the three shapes) for execution. Warnings are
    /// returned beside it; any error diagnostic rejects the document.
    pub fn prepare(name: &str, version: i64, document: &Value) -> Result<(Self, Vec<Diagnostic>), PrepareError> {
        let doc = flowline_model::load_value(document.clone());
        let mut diagnostics = flowline_model::validate(&doc, &EngineCapabilities);
        for w in &doc.workflows {
            diagnostics.extend(crate::triggers::check_recurrences(&w.definition));
        }
        let mut errors: Vec<Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        if doc.workflows.len() > 1 && errors.is_empty() {
            errors.push(
                Diagnostic::error(
                    DiagnosticCode::InvalidDefinitionShape,
                    "",
                    format!("The document holds {} workflow definitions; a Flowline workflow has exactly one.", doc.workflows.len()),
                )
                .with_hint("Deploy each Microsoft.Logic/workflows resource of the ARM template as its own workflow."),
            );
        }
        if !errors.is_empty() {
            return Err(PrepareError(errors));
        }
        let Some(entry) = doc.workflows.into_iter().next() else {
            return Err(PrepareError(vec![Diagnostic::error(
                DiagnosticCode::NoDefinition,
                "",
                "The document holds no workflow definition.",
            )]));
        };
        let stateless = entry.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("Stateless"));
        let parameters = resolve_parameters(document, &entry.pointer, &entry.definition);
        let mut index = Index::default();
        index.add(ContainerKey::Top, &entry.definition.actions, &[]);
        let warnings = diagnostics.into_iter().filter(|d| d.severity != Severity::Error).collect();
        let secure = crate::secure::SecureData::of(&entry.definition);
        let static_results = crate::static_result::StaticResults::of(document.pointer(&entry.pointer), &entry.definition);
        let prepared = PreparedWorkflow {
            name: name.to_string(),
            version,
            definition: entry.definition,
            stateless,
            parameters: Arc::new(parameters),
            graphs: index.graphs,
            names: index.names,
            children: index.children,
            loops: index.loops,
            has_response: index.has_response,
            uses_result: mentions_result(document),
            secure,
            static_results,
        };
        Ok((prepared, warnings))
    }

    /// The runAfter graph of a container.
    pub fn graph(&self, key: &ContainerKey) -> &ContainerGraph {
        &self.graphs[key]
    }

    /// The spelling an action name has in the definition, matched case-insensitively.
    pub fn canonical_action_name(&self, name: &str) -> Option<&str> {
        self.names.get(&name.to_lowercase()).map(String::as_str)
    }

    /// First-level actions of a Scope, If, Switch, Foreach or Until (for `result()`).
    pub fn scope_children(&self, name: &str) -> Option<&[String]> {
        let canonical = self.canonical_action_name(name)?;
        self.children.get(canonical).map(Vec::as_slice)
    }

    /// The loops (Foreach, Until) enclosing an action, outermost first, by canonical name; empty
    /// for an action outside loops or not in the workflow.
    pub fn enclosing_loops(&self, canonical: &str) -> &[String] {
        self.loops.get(canonical).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether some expression may call `result()`: loops then keep their per-iteration results
    /// for it (otherwise they are not held in memory).
    pub fn uses_result(&self) -> bool {
        self.uses_result
    }

    /// Whether a Response action exists anywhere (the Request trigger then answers synchronously).
    pub fn has_response(&self) -> bool {
        self.has_response
    }

    /// A trigger by name (case-insensitive).
    pub fn trigger(&self, name: &str) -> Option<&Trigger> {
        self.definition.triggers.iter().find(|t| t.name.eq_ignore_ascii_case(name))
    }
}

/// Lookup tables built once per prepared workflow.
#[derive(Default)]
struct Index {
    graphs: HashMap<ContainerKey, ContainerGraph>,
    names: HashMap<String, String>,
    children: HashMap<String, Vec<String>>,
    loops: HashMap<String, Vec<String>>,
    has_response: bool,
}

impl Index {
    /// Indexes a container whose actions sit inside the loops `loops` (outermost first).
    fn add(&mut self, key: ContainerKey, actions: &Actions, loops: &[String]) {
        self.graphs.insert(key, ContainerGraph::new(actions));
        for action in actions.iter() {
            let name = action.name.clone();
            self.names.insert(name.to_lowercase(), name.clone());
            self.has_response |= action.action_type == ActionType::Response;
            if !loops.is_empty() {
                self.loops.insert(name.clone(), loops.to_vec());
            }
            let containers = action.body.containers();
            if !containers.is_empty() {
                let names = containers.iter().flat_map(|c| c.names()).map(str::to_string).collect();
                self.children.insert(name.clone(), names);
            }
            match &action.body {
                ActionBody::Scope { actions } => self.add(ContainerKey::Actions(name), actions, loops),
                ActionBody::If { actions, else_actions, .. } => {
                    self.add(ContainerKey::Actions(name.clone()), actions, loops);
                    self.add(ContainerKey::Else(name), else_actions, loops);
                }
                ActionBody::Foreach { actions, .. } | ActionBody::Until { actions, .. } => {
                    let inner: Vec<String> = loops.iter().cloned().chain([name.clone()]).collect();
                    self.add(ContainerKey::Loop(name), actions, &inner);
                }
                ActionBody::Switch { cases, default, .. } => {
                    for case in cases {
                        self.add(ContainerKey::Case(name.clone(), case.name.clone()), &case.actions, loops);
                    }
                    self.add(ContainerKey::Default(name), default, loops);
                }
                ActionBody::Operation | ActionBody::Agent { .. } => {}
            }
        }
    }
}

/// Whether any string in the document mentions `result(` (case-insensitive) — a cheap,
/// conservative test for expressions that call `result()`.
fn mentions_result(v: &Value) -> bool {
    match v {
        Value::String(s) => s.to_ascii_lowercase().contains("result("),
        Value::Array(a) => a.iter().any(mentions_result),
        Value::Object(o) => o.values().any(mentions_result),
        _ => false,
    }
}

/// Parameter values: each declared parameter's `defaultValue`, overridden by a value stored beside
/// the definition — ARM's `properties.parameters.<name>.value`, or Standard's top-level
/// `parameters.<name>.value` (a Flowline extension kept losslessly in the document).
fn resolve_parameters(document: &Value, definition_pointer: &str, definition: &Definition) -> Map<String, Value> {
    let mut values = Map::new();
    for (name, p) in &definition.parameters {
        if let Some(v) = &p.default_value {
            values.insert(name.clone(), v.clone());
        }
    }
    let container_pointer = definition_pointer.strip_suffix("/definition").unwrap_or("");
    if !definition_pointer.is_empty()
        && let Some(Value::Object(given)) = document.pointer(&format!("{container_pointer}/parameters"))
    {
        for (name, v) in given {
            if let Some(value) = v.get("value") {
                values.insert(name.clone(), value.clone());
            }
        }
    }
    values
}

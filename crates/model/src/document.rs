//! Documents: shape detection (bare / Standard / ARM / gallery), the lossless JSON and the
//! workflows found inside.

use crate::definition::Definition;
use crate::diagnostics::{Diagnostic, DiagnosticCode, push_pointer};
use crate::parse::{LoadError, parse_with_duplicates};
use serde_json::Value;

/// The container a definition was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Shape {
    /// The document is the definition itself (`triggers`, `actions`, `$schema`…).
    Bare,
    /// Logic Apps Standard `workflow.json`: `{ "definition": {...}, "kind": "Stateful" }`.
    Standard,
    /// ARM deployment template with `Microsoft.Logic/workflows` resources.
    Arm,
    /// A single resource object with `properties.definition` (templates gallery).
    Gallery,
    /// Nothing recognisable (a `NoDefinition` diagnostic says so).
    Unknown,
}

/// One workflow found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowEntry {
    /// JSON pointer of the definition object: `""` (bare), `"/definition"` (Standard),
    /// `"/resources/3/properties/definition"` (ARM), `"/properties/definition"` (gallery).
    pub pointer: String,
    /// Resource name (ARM/gallery) as written, possibly an ARM expression.
    pub name: Option<String>,
    /// Standard `kind` (`Stateful`/`Stateless`/`Agent`) or the resource `kind`.
    pub kind: Option<String>,
    /// The typed view.
    pub definition: Definition,
}

/// A loaded document. `json` is the source of truth and is never rebuilt from the typed
/// view, so saving it returns exactly what was loaded (keys, order, values, unknown keys).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document as parsed (duplicate keys collapsed to the last value).
    pub json: Value,
    /// Where the definitions were found.
    pub shape: Shape,
    /// The workflows, in document order.
    pub workflows: Vec<WorkflowEntry>,
    /// Load and model-building diagnostics (duplicate keys, shapes, types, expressions…).
    /// [`crate::validate`] adds the graph, limit and capability checks.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads a document from text: strips a UTF-8 BOM, parses JSON (reporting duplicate keys),
/// detects the shape and builds each workflow's typed view. Only malformed JSON is an `Err`;
/// a JSON document without a definition loads with a `NoDefinition` diagnostic at path "".
pub fn load(text: &str) -> Result<Document, LoadError> {
    let (json, duplicates) = parse_with_duplicates(text)?;
    let mut diagnostics: Vec<Diagnostic> = duplicates.iter().map(|p| duplicate_key(p)).collect();
    let mut doc = load_value(json);
    diagnostics.append(&mut doc.diagnostics);
    doc.diagnostics = diagnostics;
    Ok(doc)
}

/// Builds a document from already-parsed JSON (e.g. an HTTP request body). Duplicate keys
/// cannot be detected here: the JSON parser already dropped them.
pub fn load_value(json: Value) -> Document {
    let (shape, found) = detect(&json);
    let mut diagnostics = Vec::new();
    if found.is_empty() {
        diagnostics.push(
            Diagnostic::error(DiagnosticCode::NoDefinition, "", "the document holds no workflow definition")
                .with_hint("expected a definition (with `triggers`/`actions`), a Standard `{\"definition\": ...}` workflow, or an ARM template with a Microsoft.Logic/workflows resource"),
        );
    }
    let workflows = found
        .into_iter()
        .map(|f| {
            let value = json.pointer(&f.pointer).unwrap_or(&Value::Null);
            let (definition, mut diags) = Definition::from_json(value, &f.pointer);
            diagnostics.append(&mut diags);
            WorkflowEntry {
                pointer: f.pointer,
                name: f.name,
                kind: f.kind,
                definition,
            }
        })
        .collect();
    Document {
        json,
        shape,
        workflows,
        diagnostics,
    }
}

impl Document {
    /// The document JSON, exactly as loaded.
    pub fn to_json(&self) -> &Value {
        &self.json
    }

    /// Consumes the document, returning its JSON.
    pub fn into_json(self) -> Value {
        self.json
    }

    /// Pretty-printed JSON (key order preserved).
    pub fn to_string_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.json).unwrap_or_default()
    }

    /// The first workflow's definition (most documents hold exactly one).
    pub fn definition(&self) -> Option<&Definition> {
        self.workflows.first().map(|w| &w.definition)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn duplicate_key(pointer: &str) -> Diagnostic {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let key = key.replace("~1", "/").replace("~0", "~");
    if parent.ends_with("/actions") || parent == "/actions" {
        Diagnostic::error(
            DiagnosticCode::DuplicateKey,
            pointer,
            format!("two actions are named `{key}` in the same `actions` object; only the last one is kept"),
        )
        .with_hint("rename one of the actions (action names are unique per workflow)")
    } else {
        Diagnostic::error(
            DiagnosticCode::DuplicateKey,
            pointer,
            format!("duplicate key `{key}`; only the last value is kept"),
        )
        .with_hint("remove or rename one of the duplicated keys")
    }
}

struct Found {
    pointer: String,
    name: Option<String>,
    kind: Option<String>,
}

fn detect(json: &Value) -> (Shape, Vec<Found>) {
    let Some(object) = json.as_object() else {
        return (Shape::Unknown, Vec::new());
    };
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let schema_is_definition = str_of(json, "$schema")
        .is_some_and(|s| s.to_ascii_lowercase().contains("workflowdefinition"));
    if object.contains_key("triggers") || object.contains_key("actions") || schema_is_definition {
        return (
            Shape::Bare,
            vec![Found {
                pointer: String::new(),
                name: None,
                kind: None,
            }],
        );
    }
    if object.contains_key("definition") {
        return (
            Shape::Standard,
            vec![Found {
                pointer: "/definition".into(),
                name: None,
                kind: str_of(json, "kind"),
            }],
        );
    }
    if let Some(resources) = object.get("resources").and_then(Value::as_array) {
        let mut found = Vec::new();
        arm_workflows(resources, "/resources", &mut found);
        return (
            if found.is_empty() {
                Shape::Unknown
            } else {
                Shape::Arm
            },
            found,
        );
    }
    if json
        .get("properties")
        .and_then(|p| p.get("definition"))
        .is_some()
    {
        let found = Found {
            pointer: "/properties/definition".into(),
            name: str_of(json, "name"),
            kind: str_of(json, "kind"),
        };
        return (Shape::Gallery, vec![found]);
    }
    (Shape::Unknown, Vec::new())
}

const WORKFLOW_RESOURCE_TYPES: [&str; 2] = [
    "Microsoft.Logic/workflows",
    "Microsoft.Logic/galleries/templates",
];

/// Collects workflow resources, descending into nested `resources` arrays and nested
/// deployment templates.
fn arm_workflows(resources: &[Value], pointer: &str, found: &mut Vec<Found>) {
    for (i, r) in resources.iter().enumerate() {
        let r_pointer = format!("{pointer}/{i}");
        let is_workflow = r.get("type").and_then(Value::as_str).is_some_and(|t| {
            WORKFLOW_RESOURCE_TYPES
                .iter()
                .any(|w| w.eq_ignore_ascii_case(t))
        });
        if is_workflow
            && r.get("properties")
                .and_then(|p| p.get("definition"))
                .is_some()
        {
            found.push(Found {
                pointer: format!("{r_pointer}/properties/definition"),
                name: r.get("name").and_then(Value::as_str).map(str::to_string),
                kind: r.get("kind").and_then(Value::as_str).map(str::to_string),
            });
        }
        if let Some(nested) = r.get("resources").and_then(Value::as_array) {
            arm_workflows(nested, &push_pointer(&r_pointer, "resources"), found);
        }
        // Nested deployments (`Microsoft.Resources/deployments`) carry a whole template.
        let nested_template = r
            .get("properties")
            .and_then(|p| p.get("template"))
            .and_then(|t| t.get("resources"));
        if let Some(nested) = nested_template.and_then(Value::as_array) {
            arm_workflows(
                nested,
                &format!("{r_pointer}/properties/template/resources"),
                found,
            );
        }
    }
}

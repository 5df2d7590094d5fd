//! Test builders: small Standard workflows assembled action by action, corpus access.
#![allow(dead_code)]

use flowline_model::{AllTypes, Diagnostic, DiagnosticCode, Document, load_value, validate};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Builds a Standard `{definition, kind}` workflow with a Request trigger named `manual`.
pub struct Workflow {
    triggers: Map<String, Value>,
    actions: Map<String, Value>,
}

impl Workflow {
    pub fn new() -> Self {
        let mut triggers = Map::new();
        triggers.insert("manual".into(), json!({"type": "Request", "kind": "Http"}));
        Workflow {
            triggers,
            actions: Map::new(),
        }
    }

    pub fn without_triggers(mut self) -> Self {
        self.triggers.clear();
        self
    }

    pub fn trigger(mut self, name: &str, trigger: Value) -> Self {
        self.triggers.insert(name.into(), trigger);
        self
    }

    pub fn action(mut self, name: &str, action: Value) -> Self {
        self.actions.insert(name.into(), action);
        self
    }

    pub fn json(self) -> Value {
        json!({"definition": {"triggers": self.triggers, "actions": self.actions}, "kind": "Stateful"})
    }

    pub fn load(self) -> Document {
        load_value(self.json())
    }

    /// All diagnostics with every type supported.
    pub fn diagnostics(self) -> Vec<Diagnostic> {
        validate(&self.load(), &AllTypes)
    }
}

pub fn compose() -> Value {
    json!({"type": "Compose", "inputs": "x"})
}

pub fn compose_after(pred: &str) -> Value {
    json!({"type": "Compose", "inputs": "x", "runAfter": {pred: ["Succeeded"]}})
}

pub fn scope(actions: Value) -> Value {
    json!({"type": "Scope", "actions": actions})
}

/// The diagnostics with `code`.
pub fn with_code(diags: &[Diagnostic], code: DiagnosticCode) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| d.code == code).collect()
}

/// Asserts exactly one diagnostic with `code` and returns it.
pub fn single(diags: &[Diagnostic], code: DiagnosticCode) -> &Diagnostic {
    let found = with_code(diags, code);
    assert_eq!(found.len(), 1, "expected one {code}, got {diags:#?}");
    found[0]
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// Every `*.json` file under the corpus, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("corpus directory") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&corpus_dir(), &mut out);
    out.sort();
    out
}

/// Reads a corpus file by (unique) file-name fragment.
pub fn corpus_file(fragment: &str) -> String {
    let matches: Vec<PathBuf> = corpus_files()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(fragment))
        .collect();
    assert_eq!(matches.len(), 1, "fragment {fragment} matched {matches:?}");
    std::fs::read_to_string(&matches[0]).expect("readable corpus file")
}

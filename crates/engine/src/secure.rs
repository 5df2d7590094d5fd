//! Secured inputs and outputs (`runtimeConfiguration.secureData.properties`: `inputs`,
//! `outputs`).
//!
//! Expressions see the real values while the run executes; run history never does. Every
//! attempt the engine journals (Running markers and retries included) has a hidden member
//! replaced by [`marker`] before it leaves the engine, so the secret is never written to the
//! database and the API has nothing to return.
//!
//! Which members are hidden is worked out once per prepared workflow ([`SecureData::of`]):
//! - an action's own secured `inputs` / `outputs`;
//! - as in Logic Apps, the *inputs* of any action whose inputs reference (`body('X')`,
//!   `outputs('X')`, `actions('X')`, `result('X')`…) an action with hidden outputs;
//! - beyond Logic Apps (which documents this as a leak), a Compose's outputs are its inputs, so a
//!   Compose with hidden inputs has hidden outputs too, and the rule above applies to what
//!   references it in turn.

use flowline_model::{Action, ActionType, Definition};
use flowline_storage::ActionAttemptRecord;
use serde_json::{Value, json};
use std::collections::HashSet;

/// What run history holds instead of a secured value: `{"$secureData": {"properties":
/// ["inputs"]}}` (or `outputs`), after Logic Apps' `secureData` marker on content links.
pub fn marker(property: &str) -> Value {
    json!({ "$secureData": { "properties": [property] } })
}

/// The actions whose inputs or outputs run history must hide (lower-cased names).
#[derive(Debug, Default, Clone)]
pub struct SecureData {
    hidden_inputs: HashSet<String>,
    hidden_outputs: HashSet<String>,
}

impl SecureData {
    /// Works out the hidden members of every action of `definition`.
    pub fn of(definition: &Definition) -> Self {
        let all: Vec<&Action> = definition
            .actions
            .walk()
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let mut data = SecureData::default();
        for a in &all {
            let key = a.name.to_lowercase();
            if secures(a, "inputs") {
                data.hidden_inputs.insert(key.clone());
                if a.action_type == ActionType::Compose {
                    data.hidden_outputs.insert(key.clone());
                }
            }
            if secures(a, "outputs") {
                data.hidden_outputs.insert(key);
            }
        }
        if data.hidden_outputs.is_empty() {
            return data;
        }
        let references: Vec<(String, bool, Vec<String>)> = all
            .iter()
            .map(|a| {
                let names = a
                    .inputs
                    .referenced_actions()
                    .iter()
                    .map(|n| n.to_lowercase())
                    .collect();
                (
                    a.name.to_lowercase(),
                    a.action_type == ActionType::Compose,
                    names,
                )
            })
            .collect();
        // Taint spreads along references until nothing changes (each pass hides at least one
        // more action, so this ends after at most one pass per action).
        loop {
            let mut changed = false;
            for (name, is_compose, names) in &references {
                if data.hidden_inputs.contains(name)
                    || !names.iter().any(|n| data.hidden_outputs.contains(n))
                {
                    continue;
                }
                data.hidden_inputs.insert(name.clone());
                if *is_compose {
                    data.hidden_outputs.insert(name.clone());
                }
                changed = true;
            }
            if !changed {
                return data;
            }
        }
    }

    /// Whether run history hides the inputs of the action `name`.
    pub fn hides_inputs(&self, name: &str) -> bool {
        !self.hidden_inputs.is_empty() && self.hidden_inputs.contains(&name.to_lowercase())
    }

    /// Whether run history hides the outputs of the action `name`.
    pub fn hides_outputs(&self, name: &str) -> bool {
        !self.hidden_outputs.is_empty() && self.hidden_outputs.contains(&name.to_lowercase())
    }

    /// Replaces the hidden members of an attempt record with [`marker`]s.
    pub fn redact(&self, record: &mut ActionAttemptRecord) {
        if record.inputs.is_some() && self.hides_inputs(&record.action) {
            record.inputs = Some(marker("inputs"));
        }
        if record.outputs.is_some() && self.hides_outputs(&record.action) {
            record.outputs = Some(marker("outputs"));
        }
    }
}

impl crate::PreparedWorkflow {
    /// Whether run history hides the inputs of the action `name` (see [`SecureData`]).
    pub fn hides_inputs(&self, name: &str) -> bool {
        self.secure.hides_inputs(name)
    }

    /// Whether run history hides the outputs of the action `name` (see [`SecureData`]).
    pub fn hides_outputs(&self, name: &str) -> bool {
        self.secure.hides_outputs(name)
    }
}

/// Whether `runtimeConfiguration.secureData.properties` of `action` lists `property`
/// (case-insensitive).
fn secures(action: &Action, property: &str) -> bool {
    action
        .raw
        .pointer("/runtimeConfiguration/secureData/properties")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .any(|p| p.as_str().is_some_and(|p| p.eq_ignore_ascii_case(property)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(actions: Value) -> Definition {
        let (def, diagnostics) =
            Definition::from_json(&json!({ "triggers": {}, "actions": actions }), "");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        def
    }

    fn secure(properties: &[&str]) -> Value {
        json!({ "secureData": { "properties": properties } })
    }

    #[test]
    fn secured_outputs_hide_the_inputs_that_use_them() {
        let def = definition(json!({
            "Secret": { "type": "Http", "inputs": { "method": "GET", "uri": "http://x" }, "runtimeConfiguration": secure(&["outputs"]) },
            "Uses": { "type": "Http", "inputs": { "method": "POST", "uri": "http://y", "body": "@body('secret')" }, "runAfter": { "Secret": ["Succeeded"] } },
            "Other": { "type": "Compose", "inputs": "plain", "runAfter": { "Uses": ["Succeeded"] } }
        }));
        let data = SecureData::of(&def);
        assert!(data.hides_outputs("Secret") && !data.hides_inputs("Secret"));
        assert!(data.hides_inputs("Uses") && !data.hides_outputs("Uses"));
        assert!(!data.hides_inputs("Other") && !data.hides_outputs("Other"));
    }

    #[test]
    fn a_compose_passes_the_taint_on() {
        let def = definition(json!({
            "Key": { "type": "Compose", "inputs": "s3cret", "runtimeConfiguration": secure(&["Inputs"]) },
            "Copy": { "type": "Compose", "inputs": "@outputs('Key')", "runAfter": { "Key": ["Succeeded"] } },
            "Send": { "type": "Http", "inputs": { "method": "POST", "uri": "http://y", "body": "@{outputs('Copy')}" }, "runAfter": { "Copy": ["Succeeded"] } }
        }));
        let data = SecureData::of(&def);
        assert!(data.hides_inputs("Key") && data.hides_outputs("Key"));
        assert!(data.hides_inputs("Copy") && data.hides_outputs("Copy"));
        assert!(data.hides_inputs("Send") && !data.hides_outputs("Send"));
    }

    #[test]
    fn redaction_replaces_only_hidden_members_that_are_present() {
        let def = definition(json!({
            "Secret": { "type": "Compose", "inputs": "x", "runtimeConfiguration": secure(&["inputs"]) }
        }));
        let mut record = ActionAttemptRecord {
            run_id: "r".into(),
            action: "Secret".into(),
            repetition: Vec::new(),
            attempt: 1,
            status: flowline_storage::Status::Running,
            code: None,
            inputs: Some(json!("x")),
            outputs: None,
            error: None,
            start_time: chrono::Utc::now(),
            end_time: None,
        };
        SecureData::of(&def).redact(&mut record);
        assert_eq!(record.inputs, Some(marker("inputs")));
        assert_eq!(record.outputs, None);
    }
}

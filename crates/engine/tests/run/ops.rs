//! Builders for the actions the shared harness has no helper for (data operations, variable
//! updates, Wait) and for running such workflows on a [`Harness`].

use crate::harness::*;
use flowline_engine::{PreparedWorkflow, StartedRun, TriggerInvocation};
use flowline_storage::NewWorkflowVersion;
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Actions in document order, each `{type, inputs, runAfter}`.
#[derive(Default)]
pub struct Ops {
    actions: Map<String, Value>,
    last: String,
}

pub fn ops() -> Ops {
    Ops::default()
}

impl Ops {
    /// Adds an action of type `kind` with `inputs`.
    pub fn op(mut self, name: &str, kind: &str, inputs: Value) -> Self {
        self.actions.insert(name.to_string(), json!({ "type": kind, "inputs": inputs, "runAfter": {} }));
        self.last = name.to_string();
        self
    }

    /// Adds a Foreach over `items` whose body is `body`'s actions.
    pub fn foreach(mut self, name: &str, items: &str, body: Ops) -> Self {
        let action = json!({ "type": "Foreach", "foreach": items, "actions": body.actions, "runAfter": {} });
        self.actions.insert(name.to_string(), action);
        self.last = name.to_string();
        self
    }

    /// Adds `InitializeVariable` of one variable.
    pub fn init(self, name: &str, variable: &str, ty: &str, value: Value) -> Self {
        let inputs = json!({ "variables": [{ "name": variable, "type": ty, "value": value }] });
        self.op(name, "InitializeVariable", inputs)
    }

    /// The last added action runs after `pred` Succeeded.
    pub fn after(self, pred: &str) -> Self {
        self.after_status(pred, &["Succeeded"])
    }

    /// The last added action runs after `pred` ended with one of `statuses`.
    pub fn after_status(mut self, pred: &str, statuses: &[&str]) -> Self {
        self.actions[&self.last]["runAfter"][pred] = json!(statuses);
        self
    }

    fn document(self) -> Value {
        json!({ "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "manual": { "type": "Request", "kind": "Http" } },
            "actions": self.actions,
        }, "kind": "Stateful" })
    }
}

/// Saves and prepares `ops` as the workflow `test`.
pub async fn deploy(h: &Harness, ops: Ops) -> Arc<PreparedWorkflow> {
    let document = ops.document();
    let new = NewWorkflowVersion { name: "test".into(), document: document.clone(), at: chrono::Utc::now() };
    let (_, version) = h.store.save_workflow(new).await.expect("save the test workflow");
    let (prepared, _) = PreparedWorkflow::prepare("test", version.version, &document)
        .unwrap_or_else(|e| panic!("test workflow does not prepare: {:?}", e.0));
    Arc::new(prepared)
}

/// Starts a run of `ops` with `body` as the trigger body.
pub async fn start(h: &Harness, ops: Ops, body: Value) -> StartedRun {
    let workflow = deploy(h, ops).await;
    let invocation = TriggerInvocation {
        trigger: "manual".into(),
        inputs: json!({ "method": "POST" }),
        outputs: json!({ "headers": { "Content-Type": "application/json" }, "body": body }),
        ..TriggerInvocation::default()
    };
    h.engine.start_run(workflow, invocation).expect("run starts")
}

/// Runs `ops` to its end with `body` as the trigger body.
pub async fn run(h: &Harness, ops: Ops, body: Value) -> Finished {
    let started = start(h, ops, body).await;
    h.finish(started).await
}

impl Finished {
    /// The outputs of every attempt of `name` (one per loop iteration), in iteration order.
    pub fn iteration_outputs(&self, name: &str) -> Vec<Value> {
        let mut found: Vec<_> = self.attempts.iter().filter(|a| a.action == name).collect();
        found.sort_by_key(|a| a.repetition.iter().map(|r| r.item_index).collect::<Vec<_>>());
        found.iter().map(|a| a.outputs.clone().unwrap_or(Value::Null)).collect()
    }

    /// The `outputs.body` of an action.
    pub fn body(&self, name: &str) -> Value {
        self.action(name).outputs.as_ref().map(|o| o["body"].clone()).unwrap_or(Value::Null)
    }

    /// The `error.message` recorded on an action.
    pub fn error_message(&self, name: &str) -> String {
        self.action(name).error.as_ref().and_then(|e| e["message"].as_str()).unwrap_or_default().to_string()
    }
}

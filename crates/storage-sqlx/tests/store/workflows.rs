//! Workflows and their immutable versions.

use crate::build::{at, started, version};
use crate::harness::{TestDb, on_both_backends};
use flowline_storage::{NewWorkflowVersion, StorageError, Store};
use serde_json::json;
use std::sync::Arc;

on_both_backends!(
    saves_numbered_versions_and_keeps_document_text,
    lists_and_enables_workflows,
    deleting_a_workflow_removes_its_history_but_keeps_its_meters,
    concurrent_saves_number_versions_without_gaps,
);

async fn saves_numbered_versions_and_keeps_document_text(db: TestDb) {
    let store = db.store;
    // Keys deliberately out of alphabetical order: JSONB would reorder them.
    let document = json!({"definition": {"triggers": {}, "actions": {"z": 1, "b": {"y": [3, 1], "a": null}}},
                          "kind": "Stateful", "$schema": "x"});
    for (expected, at_micros) in [(1, 10), (2, 20), (3, 30)] {
        let new = NewWorkflowVersion {
            at: at(at_micros),
            ..version("orders", document.clone())
        };
        let (workflow, saved) = store.save_workflow(new).await.unwrap();
        assert_eq!(
            (workflow.current_version, saved.version),
            (expected, expected)
        );
        assert_eq!(
            workflow.created_at,
            at(10),
            "created_at stays the first save time"
        );
        assert_eq!(workflow.updated_at, at(at_micros));
    }
    let v2 = store
        .get_version("orders", 2)
        .await
        .unwrap()
        .expect("version 2");
    assert_eq!(
        v2.document.to_string(),
        document.to_string(),
        "document text byte-for-byte"
    );
    assert_eq!(v2.created_at, at(20));
    let versions: Vec<i64> = store
        .list_versions("orders")
        .await
        .unwrap()
        .iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(versions, vec![3, 2, 1]);
    assert!(store.get_version("orders", 4).await.unwrap().is_none());
    assert!(store.get_version("missing", 1).await.unwrap().is_none());
}

async fn lists_and_enables_workflows(db: TestDb) {
    let store = db.store;
    for name in ["zeta", "alpha", "mid"] {
        store.save_workflow(version(name, json!({}))).await.unwrap();
    }
    let names: Vec<String> = store
        .list_workflows()
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, ["alpha", "mid", "zeta"]);
    assert!(store.get_workflow("alpha").await.unwrap().unwrap().enabled);
    let disabled = store.set_workflow_enabled("alpha", false).await.unwrap();
    assert!(!disabled.enabled);
    assert!(!store.get_workflow("alpha").await.unwrap().unwrap().enabled);
    store
        .save_workflow(version("alpha", json!({"v": 2})))
        .await
        .unwrap();
    assert!(
        !store.get_workflow("alpha").await.unwrap().unwrap().enabled,
        "a save keeps the enabled flag"
    );
    let missing = store.set_workflow_enabled("nope", true).await;
    assert!(
        matches!(missing, Err(StorageError::NotFound(_))),
        "{missing:?}"
    );
    assert!(store.get_workflow("nope").await.unwrap().is_none());
}

async fn deleting_a_workflow_removes_its_history_but_keeps_its_meters(db: TestDb) {
    let store = db.store;
    for name in ["doomed", "kept"] {
        store.save_workflow(version(name, json!({}))).await.unwrap();
        store
            .save_workflow(version(name, json!({"v": 2})))
            .await
            .unwrap();
        let run_id = format!("{name}-run");
        let attempt = crate::build::finished(
            crate::build::marker(&run_id, "http", 1, at(5)),
            flowline_storage::Status::Succeeded,
        );
        let entries = vec![
            started(name, &run_id, at(1)),
            crate::build::fired(name, &format!("{name}-poll"), at(2), None),
            crate::build::attempt_entry(name, attempt),
        ];
        store.journal().submit(entries).await.unwrap();
    }
    assert!(store.delete_workflow("doomed").await.unwrap());
    assert!(
        !store.delete_workflow("doomed").await.unwrap(),
        "second delete finds nothing"
    );
    assert!(store.get_workflow("doomed").await.unwrap().is_none());
    assert!(store.list_versions("doomed").await.unwrap().is_empty());
    assert!(
        store
            .get_run("doomed", "doomed-run")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .list_action_attempts("doomed-run")
            .await
            .unwrap()
            .is_empty()
    );
    // Meters are billing history and outlive the workflow.
    assert_eq!(
        store.list_run_meters("doomed-run").await.unwrap().len(),
        2,
        "a deleted workflow's meters are kept"
    );
    let history = store
        .list_trigger_history("doomed", "manual", &Default::default())
        .await
        .unwrap();
    assert!(history.items.is_empty());
    // The other workflow is untouched.
    assert_eq!(store.list_versions("kept").await.unwrap().len(), 2);
    assert!(store.get_run("kept", "kept-run").await.unwrap().is_some());
    assert_eq!(
        store.list_action_attempts("kept-run").await.unwrap().len(),
        1
    );
    assert_eq!(store.list_run_meters("kept-run").await.unwrap().len(), 2);
    let history = store
        .list_trigger_history("kept", "manual", &Default::default())
        .await
        .unwrap();
    assert_eq!(history.items.len(), 2);
}

async fn concurrent_saves_number_versions_without_gaps(db: TestDb) {
    let store: Arc<dyn Store> = db.store;
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.save_workflow(version("busy", json!({"i": i}))).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap().unwrap().1.version);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=12).collect::<Vec<i64>>());
    assert_eq!(
        store
            .get_workflow("busy")
            .await
            .unwrap()
            .unwrap()
            .current_version,
        12
    );
}

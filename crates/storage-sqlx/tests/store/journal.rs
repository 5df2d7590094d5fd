//! The journal: group commit, ordering, idempotent meters, attempt upserts, run updates, shutdown.

use crate::build::{at, attempt_entry, finished, in_loop, marker, run_finished, started, version};
use crate::harness::{TestDb, on_both_backends};
use flowline_storage::{JournalEntry, Status, StorageError};
use serde_json::json;

on_both_backends!(
    concurrent_submitters_all_commit_in_their_own_order,
    replayed_meter_counts_once,
    running_marker_is_replaced_by_the_finished_attempt,
    run_finished_and_response_update_the_run,
    bad_entry_fails_only_its_own_submission,
    close_commits_queued_entries_and_reopen_keeps_them,
);

const TASKS: usize = 50;
const ACTIONS: usize = 9;

/// 50 tasks × 20 entries (trigger, 9 × marker + finished attempt, run finished), each entry its own
/// submission, none awaited until the end: a later entry references rows an earlier one wrote, so
/// any reordering fails on a foreign key or leaves a `Running` attempt behind.
async fn concurrent_submitters_all_commit_in_their_own_order(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let journal = store.journal().clone();
            tokio::spawn(async move {
                let run_id = format!("run-{t:02}");
                let mut entries = vec![started("wf", &run_id, at(t as i64))];
                for a in 0..ACTIONS {
                    let attempt = marker(&run_id, &format!("action{a}"), 1, at(1_000 + a as i64));
                    entries.push(attempt_entry("wf", attempt.clone()));
                    entries.push(attempt_entry("wf", finished(attempt, Status::Succeeded)));
                }
                entries.push(run_finished(&run_id, Status::Succeeded, at(5_000)));
                assert_eq!(entries.len(), 20);
                let commits: Vec<_> = entries
                    .into_iter()
                    .map(|e| journal.submit(vec![e]))
                    .collect();
                for commit in commits {
                    commit.await.expect("committed");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    for t in 0..TASKS {
        let run_id = format!("run-{t:02}");
        let run = store.get_run("wf", &run_id).await.unwrap().expect("run");
        assert_eq!(run.status, Status::Succeeded);
        let attempts = store.list_action_attempts(&run_id).await.unwrap();
        assert_eq!(attempts.len(), ACTIONS);
        assert!(
            attempts
                .iter()
                .all(|a| a.status == Status::Succeeded && a.end_time.is_some())
        );
        let actions: Vec<&str> = attempts.iter().map(|a| a.action.as_str()).collect();
        let expected: Vec<String> = (0..ACTIONS).map(|a| format!("action{a}")).collect();
        assert_eq!(actions, expected, "attempts listed in start order");
        let meters = store.list_run_meters(&run_id).await.unwrap();
        assert_eq!(
            meters.len(),
            1 + ACTIONS,
            "trigger meter and one per finished attempt"
        );
        assert_eq!(
            meters[0].key,
            format!("trigger/{run_id}"),
            "meters in write order"
        );
    }
    assert!(store.list_unfinished_runs().await.unwrap().is_empty());
}

async fn replayed_meter_counts_once(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let journal = store.journal();
    journal
        .submit(vec![started("wf", "r1", at(0))])
        .await
        .unwrap();
    let done = finished(marker("r1", "compose", 1, at(10)), Status::Succeeded);
    journal
        .submit(vec![attempt_entry("wf", done.clone())])
        .await
        .unwrap();
    // A replay after an ambiguous failure, alone and inside a larger batch.
    journal
        .submit(vec![attempt_entry("wf", done.clone())])
        .await
        .unwrap();
    journal
        .submit(vec![
            started("wf", "r1", at(0)),
            attempt_entry("wf", done.clone()),
        ])
        .await
        .unwrap();
    let meters = store.list_run_meters("r1").await.unwrap();
    let keys: Vec<&str> = meters.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["trigger/r1", "r1/compose/1"]);
    assert_eq!(
        meters[1].category,
        flowline_storage::MeterCategory::BuiltInAction
    );
    assert_eq!(meters[1].at, done.end_time.unwrap());
    let history = store
        .list_trigger_history("wf", "manual", &Default::default())
        .await
        .unwrap();
    assert_eq!(
        history.items.len(),
        1,
        "replayed trigger history is recorded once"
    );
}

async fn running_marker_is_replaced_by_the_finished_attempt(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let journal = store.journal();
    journal
        .submit(vec![started("wf", "r1", at(0))])
        .await
        .unwrap();
    let first = marker("r1", "http", 1, at(10));
    journal
        .submit(vec![attempt_entry("wf", first.clone())])
        .await
        .unwrap();
    let running = store.list_action_attempts("r1").await.unwrap();
    assert_eq!(running, vec![first.clone()]);
    assert!(
        store.list_run_meters("r1").await.unwrap().len() == 1,
        "a marker is not billed"
    );

    let failed = finished(first, Status::Failed);
    let retry = finished(marker("r1", "http", 2, at(20)), Status::Succeeded);
    let looped = in_loop(
        finished(marker("r1", "step", 1, at(30)), Status::Succeeded),
        &[("each", 0)],
    );
    let looped_again = in_loop(looped.clone(), &[("each", 1)]);
    let entries = [&failed, &retry, &looped, &looped_again].map(|a| attempt_entry("wf", a.clone()));
    journal.submit(entries.to_vec()).await.unwrap();

    let attempts = store.list_action_attempts("r1").await.unwrap();
    assert_eq!(
        attempts,
        vec![failed, retry, looped, looped_again],
        "one row per attempt, in start order"
    );
    assert_eq!(
        attempts[0].outputs.as_ref().unwrap().to_string(),
        r#"{"statusCode":200,"body":{"zeta":true,"alpha":[1,2]}}"#
    );
    assert_eq!(store.list_run_meters("r1").await.unwrap().len(), 5);
}

async fn run_finished_and_response_update_the_run(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let journal = store.journal();
    journal
        .submit(vec![started("wf", "r1", at(0))])
        .await
        .unwrap();
    let before = store.get_run("wf", "r1").await.unwrap().unwrap();
    assert_eq!(
        before,
        crate::build::run("wf", "r1", at(0)),
        "the run reads back as written"
    );
    let response = json!({"statusCode": 202, "headers": {"X-B": "2", "X-A": "1"}, "body": "ok"});
    journal
        .submit(vec![
            JournalEntry::RunResponse {
                run_id: "r1".into(),
                response: response.clone(),
            },
            run_finished("r1", Status::Failed, at(99)),
        ])
        .await
        .unwrap();
    let after = store.get_run("wf", "r1").await.unwrap().unwrap();
    assert_eq!(after.status, Status::Failed);
    assert_eq!(after.code.as_deref(), Some("ActionFailed"));
    assert_eq!(
        after.error,
        Some(json!({"code": "ActionFailed", "message": "an action failed"}))
    );
    assert_eq!(
        after.outputs.unwrap().to_string(),
        r#"{"result":{"z":"last","a":"first"}}"#
    );
    assert_eq!(after.end_time, Some(at(99)));
    assert_eq!(after.response.unwrap().to_string(), response.to_string());
    assert!(
        store.get_run("other", "r1").await.unwrap().is_none(),
        "runs are read within their workflow"
    );
}

async fn bad_entry_fails_only_its_own_submission(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let journal = store.journal();
    let mut commits = Vec::new();
    for i in 0..30 {
        commits.push(journal.submit(vec![started("wf", &format!("ok-{i}"), at(i))]));
        if i == 15 {
            commits.push(journal.submit(vec![run_finished("ghost", Status::Succeeded, at(1))]));
            commits.push(journal.submit(vec![attempt_entry("wf", marker("ghost", "x", 1, at(1)))]));
        }
    }
    let mut failures = Vec::new();
    for commit in commits {
        if let Err(err) = commit.await {
            failures.push(err);
        }
    }
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(
        failures
            .iter()
            .all(|e| matches!(e, StorageError::NotFound(_))),
        "{failures:?}"
    );
    let page = store.list_runs("wf", &Default::default()).await.unwrap();
    assert_eq!(page.items.len(), 30);
}

async fn close_commits_queued_entries_and_reopen_keeps_them(mut db: TestDb) {
    db.store
        .save_workflow(version("wf", json!({"kept": true})))
        .await
        .unwrap();
    let journal = db.store.journal().clone();
    let commits: Vec<_> = (0..200)
        .map(|i| journal.submit(vec![started("wf", &format!("r{i:03}"), at(i))]))
        .collect();
    db.reopen().await;
    for commit in commits {
        commit.await.expect("queued before close, so committed");
    }
    let late = journal.submit(vec![started("wf", "late", at(0))]).await;
    assert!(matches!(late, Err(StorageError::WriterStopped)), "{late:?}");

    let store = &db.store;
    let page = store
        .list_runs(
            "wf",
            &flowline_storage::RunQuery {
                top: 1000,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.items.len(), 200);
    assert_eq!(store.list_unfinished_runs().await.unwrap().len(), 200);
    let version = store.get_version("wf", 1).await.unwrap().unwrap();
    assert_eq!(version.document, json!({"kept": true}));
    store
        .journal()
        .submit(vec![run_finished("r000", Status::Succeeded, at(7))])
        .await
        .unwrap();
    assert_eq!(
        store.get_run("wf", "r000").await.unwrap().unwrap().status,
        Status::Succeeded
    );
    store.close().await.unwrap();
}

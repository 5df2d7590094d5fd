//! Entries that share one transaction: the writer writes a batch table by table in multi-row
//! statements, and the outcome must equal applying its entries one by one, in order. Each test
//! puts its entries in one submission, so they are certainly in the same batch.

use crate::build::{at, attempt_entry, finished, in_loop, marker, run_finished, started, version};
use crate::harness::{TestDb, on_both_backends};
use flowline_storage::{JournalEntry, Status, StorageError};
use serde_json::json;

on_both_backends!(
    marker_and_its_finished_attempt_in_one_batch_keep_the_finished_form,
    duplicate_meter_keys_in_one_batch_count_once_in_first_form,
    batch_larger_than_one_statement_writes_every_row_in_order,
    run_finish_after_its_attempts_in_one_batch,
    entry_before_the_trigger_that_creates_its_run_fails_as_one_by_one,
);

async fn marker_and_its_finished_attempt_in_one_batch_keep_the_finished_form(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let http = marker("r1", "http", 1, at(10));
    let slow = marker("r1", "slow", 1, at(11));
    let done = finished(http.clone(), Status::Succeeded);
    store
        .journal()
        .submit(vec![
            started("wf", "r1", at(0)),
            attempt_entry("wf", http.clone()),
            attempt_entry("wf", slow.clone()),
            attempt_entry("wf", done.clone()),
        ])
        .await
        .unwrap();
    let attempts = store.list_action_attempts("r1").await.unwrap();
    assert_eq!(
        attempts,
        vec![done.clone(), slow],
        "the marker's last form wins"
    );

    // The reverse order within one batch: a stale marker written after the finished attempt
    // replaces it, exactly as it would one entry at a time.
    store
        .journal()
        .submit(vec![
            attempt_entry("wf", done.clone()),
            attempt_entry("wf", http.clone()),
        ])
        .await
        .unwrap();
    let attempts = store.list_action_attempts("r1").await.unwrap();
    assert_eq!(attempts[0], http);
    let meters = store.list_run_meters("r1").await.unwrap();
    assert_eq!(
        meters.len(),
        2,
        "trigger and the finished attempt: {meters:?}"
    );
}

async fn duplicate_meter_keys_in_one_batch_count_once_in_first_form(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let done = finished(marker("r1", "compose", 1, at(10)), Status::Succeeded);
    let mut replay = attempt_entry("wf", done.clone());
    if let JournalEntry::ActionAttempt {
        meter: Some(meter), ..
    } = &mut replay
    {
        meter.at = at(999);
    }
    store
        .journal()
        .submit(vec![
            started("wf", "r1", at(0)),
            attempt_entry("wf", done.clone()),
            started("wf", "r1", at(0)),
            replay,
        ])
        .await
        .unwrap();
    let meters = store.list_run_meters("r1").await.unwrap();
    let keys: Vec<&str> = meters.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["trigger/r1", "r1/compose/1"]);
    assert_eq!(
        meters[1].at,
        done.end_time.unwrap(),
        "the first write is kept"
    );
    let history = store
        .list_trigger_history("wf", "manual", &Default::default())
        .await
        .unwrap();
    assert_eq!(history.items.len(), 1);
}

/// More rows per table than one statement carries (and not a power of two).
async fn batch_larger_than_one_statement_writes_every_row_in_order(db: TestDb) {
    const ITERATIONS: u64 = 300;
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let mut entries = vec![started("wf", "r1", at(0))];
    let mut expected = Vec::new();
    for i in 0..ITERATIONS {
        let step = marker("r1", "step", 1, at(10 + i as i64));
        let step = in_loop(finished(step, Status::Succeeded), &[("each", i)]);
        entries.push(attempt_entry("wf", step.clone()));
        expected.push(step);
    }
    entries.push(run_finished("r1", Status::Succeeded, at(5_000)));
    store.journal().submit(entries).await.unwrap();

    let attempts = store.list_action_attempts("r1").await.unwrap();
    assert_eq!(attempts, expected);
    let meters = store.list_run_meters("r1").await.unwrap();
    assert_eq!(meters.len(), 1 + ITERATIONS as usize);
    let in_write_order = meters[1..]
        .iter()
        .enumerate()
        .all(|(i, m)| m.key == format!("r1/step/each:{i}/1"));
    assert!(in_write_order, "meters keep the order they were written in");
    let run = store.get_run("wf", "r1").await.unwrap().unwrap();
    assert_eq!(run.status, Status::Succeeded);
}

async fn run_finish_after_its_attempts_in_one_batch(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let mut entries = Vec::new();
    for r in 0..3 {
        let run_id = format!("r{r}");
        entries.push(started("wf", &run_id, at(r)));
        let step = finished(marker(&run_id, "step", 1, at(10 + r)), Status::Failed);
        entries.push(attempt_entry("wf", step));
        entries.push(run_finished(&run_id, Status::Running, at(50)));
        entries.push(JournalEntry::RunResponse {
            run_id: run_id.clone(),
            response: json!({"statusCode": 200, "body": "first"}),
        });
        entries.push(run_finished(&run_id, Status::Failed, at(90 + r)));
        entries.push(JournalEntry::RunResponse {
            run_id,
            response: json!({"statusCode": 500, "body": "last"}),
        });
    }
    store.journal().submit(entries).await.unwrap();
    for r in 0..3 {
        let run = store
            .get_run("wf", &format!("r{r}"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(run.status, Status::Failed, "the last end wins");
        assert_eq!(run.end_time, Some(at(90 + r)));
        assert_eq!(
            run.response,
            Some(json!({"statusCode": 500, "body": "last"}))
        );
        let attempts = store.list_action_attempts(&run.id).await.unwrap();
        assert_eq!(attempts.len(), 1);
    }
    assert!(store.list_unfinished_runs().await.unwrap().is_empty());
}

/// One by one, an entry naming a run that does not exist yet fails, even when a later entry of
/// the same batch creates the run; batching must not make it succeed.
async fn entry_before_the_trigger_that_creates_its_run_fails_as_one_by_one(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let journal = store.journal();
    let early = journal.submit(vec![
        started("wf", "r0", at(0)),
        run_finished("r1", Status::Succeeded, at(1)),
        started("wf", "r1", at(0)),
    ]);
    assert!(
        matches!(early.await, Err(StorageError::NotFound(ref what)) if what.contains("r1")),
        "a run ended before it started"
    );
    assert!(
        store.get_run("wf", "r0").await.unwrap().is_none(),
        "the submission is atomic"
    );

    let early_attempt = journal.submit(vec![
        attempt_entry("wf", marker("r2", "x", 1, at(1))),
        started("wf", "r2", at(0)),
    ]);
    assert!(matches!(
        early_attempt.await,
        Err(StorageError::NotFound(_))
    ));
    assert!(store.get_run("wf", "r2").await.unwrap().is_none());

    // In order, the same entries commit.
    journal
        .submit(vec![
            started("wf", "r1", at(0)),
            attempt_entry("wf", marker("r1", "x", 1, at(1))),
            run_finished("r1", Status::Succeeded, at(1)),
        ])
        .await
        .unwrap();
    let run = store.get_run("wf", "r1").await.unwrap().unwrap();
    assert_eq!(run.status, Status::Succeeded);
}

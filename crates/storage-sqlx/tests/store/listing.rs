//! Listing: keyset paging of runs and trigger history, filters, unfinished runs, bad tokens.

use crate::build::{at, fired, run_finished, started, version};
use crate::harness::{TestDb, on_both_backends};
use flowline_storage::{JournalEntry, Page, RunQuery, RunRecord, Status, StorageError, Store};
use serde_json::json;
use std::collections::HashSet;

on_both_backends!(
    pages_runs_newest_first_without_gaps_or_duplicates,
    filters_runs_by_status_and_start_time,
    pages_trigger_history_of_one_trigger,
    lists_only_unfinished_runs,
    rejects_an_invalid_continuation_token,
);

const RUNS: i64 = 120;

/// Runs `r000`..`r119`, started one second apart except `r050`..`r052`, which share a start time
/// (the id breaks the tie). Every third run failed, every third is still running.
async fn seed_runs(store: &dyn Store) {
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    store
        .save_workflow(version("other", json!({})))
        .await
        .unwrap();
    let mut entries = vec![started("other", "other-run", at(500_000_000))];
    for i in 0..RUNS {
        let id = format!("r{i:03}");
        let start = at(if (50..=52).contains(&i) {
            50_000_000
        } else {
            i * 1_000_000
        });
        entries.push(started("wf", &id, start));
        match i % 3 {
            0 => entries.push(run_finished(&id, Status::Failed, start)),
            1 => entries.push(run_finished(&id, Status::Succeeded, start)),
            _ => {}
        }
    }
    store.journal().submit(entries).await.unwrap();
}

async fn all_pages(store: &dyn Store, mut query: RunQuery) -> (Vec<RunRecord>, Vec<usize>) {
    let (mut runs, mut sizes) = (Vec::new(), Vec::new());
    loop {
        let Page {
            items,
            continuation,
        } = store.list_runs("wf", &query).await.unwrap();
        sizes.push(items.len());
        runs.extend(items);
        match continuation {
            Some(token) => query.continuation = Some(token),
            None => return (runs, sizes),
        }
    }
}

fn assert_newest_first(runs: &[RunRecord]) {
    for pair in runs.windows(2) {
        let key = |r: &RunRecord| (r.start_time, r.id.clone());
        assert!(
            key(&pair[0]) > key(&pair[1]),
            "{} before {}",
            pair[0].id,
            pair[1].id
        );
    }
    let ids: HashSet<&str> = runs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), runs.len(), "no duplicates");
}

async fn pages_runs_newest_first_without_gaps_or_duplicates(db: TestDb) {
    let store = db.store.as_ref();
    seed_runs(store).await;
    let (runs, sizes) = all_pages(
        store,
        RunQuery {
            top: 50,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(sizes, [50, 50, 20]);
    assert_eq!(runs.len() as i64, RUNS);
    assert_newest_first(&runs);
    assert_eq!(runs[0].id, "r119");
    assert_eq!(runs.last().unwrap().id, "r000");
    let tied: Vec<&str> = runs
        .iter()
        .filter(|r| r.start_time == at(50_000_000))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(tied, ["r052", "r051", "r050"]);

    let default_page = store.list_runs("wf", &RunQuery::default()).await.unwrap();
    assert_eq!(
        default_page.items.len(),
        flowline_storage_sqlx::DEFAULT_TOP as usize
    );
    let capped = store
        .list_runs(
            "wf",
            &RunQuery {
                top: 5_000,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (capped.items.len() as i64, capped.continuation),
        (RUNS, None)
    );
    // Page through in steps of 7 across the tie.
    let (small, _) = all_pages(
        store,
        RunQuery {
            top: 7,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        small.iter().map(|r| &r.id).collect::<Vec<_>>(),
        runs.iter().map(|r| &r.id).collect::<Vec<_>>()
    );
}

async fn filters_runs_by_status_and_start_time(db: TestDb) {
    let store = db.store.as_ref();
    seed_runs(store).await;
    let failed = RunQuery {
        status: Some(Status::Failed),
        top: 10,
        ..Default::default()
    };
    let (runs, sizes) = all_pages(store, failed).await;
    assert_eq!(sizes, [10, 10, 10, 10]);
    assert!(runs.iter().all(|r| r.status == Status::Failed));
    assert_newest_first(&runs);

    // [20 s, 80 s): r020..r079, of which every third (i % 3 == 2) is still running.
    let window = RunQuery {
        from: Some(at(20_000_000)),
        to: Some(at(80_000_000)),
        top: 25,
        ..Default::default()
    };
    let (runs, _) = all_pages(store, window.clone()).await;
    assert_eq!(runs.len(), 60);
    assert_eq!(
        (runs[0].id.as_str(), runs[59].id.as_str()),
        ("r079", "r020")
    );
    let running = RunQuery {
        status: Some(Status::Running),
        ..window
    };
    let (runs, _) = all_pages(store, running).await;
    assert_eq!(runs.len(), 20);
    assert!(
        runs.iter()
            .all(|r| r.status == Status::Running && r.workflow == "wf")
    );
}

async fn pages_trigger_history_of_one_trigger(db: TestDb) {
    let store = db.store.as_ref();
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let mut entries: Vec<JournalEntry> = (0..45)
        .map(|i| match i % 2 {
            0 => started("wf", &format!("h{i:02}"), at(i * 10)),
            _ => fired("wf", &format!("h{i:02}"), at(i * 10), None),
        })
        .collect();
    if let JournalEntry::TriggerFired { history, .. } = &mut fired("wf", "poll-1", at(5), None) {
        history.trigger = "poll".to_string();
        let meter = flowline_storage::MeterRecord {
            key: "trigger/poll-1".into(),
            ..meter_of(&entries[1])
        };
        entries.push(JournalEntry::TriggerFired {
            history: history.clone(),
            run: None,
            meter,
        });
    }
    store.journal().submit(entries).await.unwrap();

    let mut query = RunQuery {
        top: 20,
        ..Default::default()
    };
    let mut seen = Vec::new();
    loop {
        let page = store
            .list_trigger_history("wf", "manual", &query)
            .await
            .unwrap();
        seen.extend(page.items);
        match page.continuation {
            Some(token) => query.continuation = Some(token),
            None => break,
        }
    }
    let ids: Vec<String> = seen.iter().map(|h| h.id.clone()).collect();
    let expected: Vec<String> = (0..45).rev().map(|i| format!("h{i:02}")).collect();
    assert_eq!(ids, expected);
    assert!(
        seen.iter()
            .all(|h| h.fired == h.run_id.is_some() && h.trigger == "manual")
    );
    let skipped = RunQuery {
        status: Some(Status::Skipped),
        top: 100,
        ..Default::default()
    };
    let page = store
        .list_trigger_history("wf", "manual", &skipped)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 22);
    let poll = store
        .list_trigger_history("wf", "poll", &Default::default())
        .await
        .unwrap();
    assert_eq!(poll.items.len(), 1);
}

fn meter_of(entry: &JournalEntry) -> flowline_storage::MeterRecord {
    match entry {
        JournalEntry::TriggerFired { meter, .. } => meter.clone(),
        other => panic!("not a trigger entry: {other:?}"),
    }
}

async fn lists_only_unfinished_runs(db: TestDb) {
    let store = db.store.as_ref();
    seed_runs(store).await;
    let unfinished = store.list_unfinished_runs().await.unwrap();
    assert_eq!(
        unfinished.len(),
        41,
        "40 running in wf plus the run of 'other'"
    );
    assert!(unfinished.iter().all(|r| !r.status.is_terminal()));
    assert!(unfinished.iter().any(|r| r.workflow == "other"));
}

async fn rejects_an_invalid_continuation_token(db: TestDb) {
    let store = db.store.as_ref();
    seed_runs(store).await;
    for token in ["garbage", "12.zz", ""] {
        let query = RunQuery {
            continuation: Some(token.to_string()),
            ..Default::default()
        };
        let runs = store.list_runs("wf", &query).await;
        assert!(
            matches!(runs, Err(StorageError::InvalidInput(_))),
            "{token:?}: {runs:?}"
        );
        let history = store.list_trigger_history("wf", "manual", &query).await;
        assert!(
            matches!(history, Err(StorageError::InvalidInput(_))),
            "{token:?}: {history:?}"
        );
    }
}

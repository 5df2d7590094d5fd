//! Run leases: claims of lapsed runs, renewal, cancel requests, release, fenced writes and stored
//! variables — what durable execution relies on.

use crate::build::{at, attempt_entry, finished, marker, run_finished, started, version};
use crate::harness::{TestDb, on_both_backends};
use chrono::{DateTime, Duration, Utc};
use flowline_storage::{Claim, Fence, JournalEntry, Status, StorageError, Store};
use serde_json::json;

on_both_backends!(
    lapsed_runs_are_claimed_once_and_renewed_by_their_owner,
    a_stale_lease_cannot_write,
    cancel_requests_reach_the_owner_and_release_frees_runs,
    variables_keep_the_last_value_written,
    concurrent_claimers_split_the_runs,
);

fn lease(run_id: &str, owner: &str, version: i64, expires: DateTime<Utc>) -> JournalEntry {
    JournalEntry::RunLeased {
        run_id: run_id.into(),
        owner: owner.into(),
        lease_version: version,
        expires_at: expires,
    }
}

fn claim(owner: &str, now: DateTime<Utc>) -> Claim {
    Claim {
        owner: owner.into(),
        expired_before: now,
        expires_at: now + Duration::seconds(30),
        limit: 100,
    }
}

async fn start_leased(store: &dyn Store, run_id: &str, owner: &str, expires: DateTime<Utc>) {
    store
        .journal()
        .submit(vec![
            started("wf", run_id, at(1)),
            lease(run_id, owner, 1, expires),
        ])
        .await
        .unwrap();
}

async fn lapsed_runs_are_claimed_once_and_renewed_by_their_owner(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let t0 = at(1_000_000);
    start_leased(&*store, "a", "node-1", t0).await;
    start_leased(&*store, "b", "node-1", t0 + Duration::seconds(60)).await;
    start_leased(&*store, "done", "node-1", t0).await;
    store
        .journal()
        .submit(vec![run_finished("done", Status::Succeeded, at(2))])
        .await
        .unwrap();

    // Before anything lapsed, nothing is claimable.
    let none = store.claim_runs(&claim("node-2", t0)).await.unwrap();
    assert!(none.is_empty(), "{none:?}");
    // After a's lease lapsed, node-2 takes it (version 2); b is still held; done is finished.
    let later = t0 + Duration::seconds(1);
    let claimed = store.claim_runs(&claim("node-2", later)).await.unwrap();
    let ids: Vec<&str> = claimed.iter().map(|c| c.run.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    assert_eq!(claimed[0].lease_version, 2);
    assert!(!claimed[0].cancel_requested);
    assert_eq!(claimed[0].run.status, Status::Running);
    assert!(store.claim_runs(&claim("node-3", later)).await.unwrap().is_empty(), "claimed once");

    // Renewal reports which of the runs a node drives it still holds.
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let all = ids(&["a", "b", "done"]);
    let held_1 = store.renew_leases("node-1", &all, later + Duration::seconds(30)).await.unwrap();
    assert_eq!(held_1.iter().map(|l| l.run_id.as_str()).collect::<Vec<_>>(), ["b"]);
    let held_2 = store.renew_leases("node-2", &all, later + Duration::seconds(30)).await.unwrap();
    assert_eq!(held_2.iter().map(|l| l.run_id.as_str()).collect::<Vec<_>>(), ["a"]);
    // Only the runs named are renewed, and none at all is fine.
    assert!(store.renew_leases("node-1", &ids(&["a"]), later).await.unwrap().is_empty());
    assert!(store.renew_leases("node-1", &[], later).await.unwrap().is_empty());
}

async fn a_stale_lease_cannot_write(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let t0 = at(1_000_000);
    start_leased(&*store, "r", "node-1", t0).await;
    let taken = store.claim_runs(&claim("node-2", t0 + Duration::seconds(1))).await.unwrap();
    assert_eq!(taken[0].lease_version, 2);

    let stale = Fence { run_id: "r".into(), lease_version: 1 };
    let attempt = marker("r", "Call", 1, at(10));
    let refused = store
        .journal()
        .submit_fenced(stale, vec![attempt_entry("wf", finished(attempt.clone(), Status::Succeeded))])
        .await;
    assert!(matches!(&refused, Err(StorageError::Fenced(run)) if run == "r"), "{refused:?}");
    assert!(store.list_action_attempts("r").await.unwrap().is_empty(), "nothing of it was written");
    assert!(store.list_run_meters("r").await.unwrap().iter().all(|m| m.key.starts_with("trigger/")));

    let current = Fence { run_id: "r".into(), lease_version: 2 };
    store
        .journal()
        .submit_fenced(current, vec![attempt_entry("wf", finished(attempt, Status::Succeeded))])
        .await
        .expect("the current lease writes");
    assert_eq!(store.list_action_attempts("r").await.unwrap().len(), 1);
}

async fn cancel_requests_reach_the_owner_and_release_frees_runs(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let far = at(1_000_000) + Duration::days(1);
    start_leased(&*store, "r", "node-1", far).await;
    assert!(store.request_cancel("r").await.unwrap());
    assert!(!store.request_cancel("missing").await.unwrap());
    let held = store.renew_leases("node-1", &["r".to_string()], far).await.unwrap();
    assert!(held[0].cancel_requested);

    // Released leases are claimable at once, whatever their expiry was.
    assert_eq!(store.release_leases("node-1").await.unwrap(), 1);
    let claimed = store.claim_runs(&claim("node-2", at(1_000_000))).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(claimed[0].cancel_requested, "the request survives the takeover");
}

async fn variables_keep_the_last_value_written(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    start_leased(&*store, "r", "node-1", at(1_000_000)).await;
    let set = |v: i64| JournalEntry::VariableSet {
        run_id: "r".into(),
        name: "Counter".into(),
        value: json!({ "type": "Integer", "value": v }),
    };
    // In one batch and across batches, the last write wins.
    store.journal().submit(vec![set(1), set(2)]).await.unwrap();
    store.journal().submit(vec![set(3)]).await.unwrap();
    let vars = store.list_run_variables("r").await.unwrap();
    assert_eq!(vars, vec![("Counter".to_string(), json!({ "type": "Integer", "value": 3 }))]);
}

/// Two claimers race for 40 lapsed runs: each run goes to exactly one of them.
async fn concurrent_claimers_split_the_runs(db: TestDb) {
    let store = db.store;
    store.save_workflow(version("wf", json!({}))).await.unwrap();
    let t0 = at(1_000_000);
    for i in 0..40 {
        start_leased(&*store, &format!("r{i:02}"), "dead", t0).await;
    }
    let later = t0 + Duration::seconds(1);
    let mut tasks = Vec::new();
    for node in ["n1", "n2"] {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let mut c = claim(node, later);
                c.limit = 3;
                let got = store.claim_runs(&c).await.unwrap();
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|c| c.run.id));
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let expected: Vec<String> = (0..40).map(|i| format!("r{i:02}")).collect();
    assert_eq!(all, expected, "every run claimed exactly once");
}

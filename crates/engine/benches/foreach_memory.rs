//! A big Foreach through the real engine: `range(0, N)` items, a Compose per item, every
//! iteration's attempt and meter journaled to a real database. Prints wall time, iterations/s and
//! the peak resident memory (`VmHWM`) of each size, so growth with history shows as growth of the
//! peak from one size to the next.
//!
//! `cargo bench -p flowline-engine --bench foreach_memory` — env: `SIZES` (comma-separated item
//! counts, default `10000,50000,100000`), `CONCURRENCY` (`repetitions`, default 20),
//! `DATABASE_URL` (default: a fresh SQLite file in a temporary directory per size; a
//! `postgres://` URL is shared, each size deploying its own workflow).
//!
//! Each size runs in a child process of its own (this binary, re-run with `FOREACH_MEMORY_SIZE`),
//! so one size's peak never includes what an earlier one left in the allocator; `peak_rss` is
//! `VmHWM` (Linux) of the run alone, `base_rss` the process's resident memory just before the
//! run started (store open, workflow deployed). The items are held once as the `foreach` array
//! (`range()`'s result, about 7 MB for 100,000 integers), so that much growth is the input itself;
//! history (attempts, results, queued journal entries) must not add to it.

use flowline_engine::{Engine, EngineConfig, PreparedWorkflow, TriggerInvocation};
use flowline_storage::{NewWorkflowVersion, Status, Store};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    if let Ok(size) = std::env::var(CHILD_ENV) {
        let size = size.parse().expect("size is a number");
        return one_size_process(size);
    }
    let sizes = env_text("SIZES", "10000,50000,100000");
    for size in sizes.split(',') {
        let size: u64 = size
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("SIZES: '{size}' is not a number"));
        let exe = std::env::current_exe().expect("the bench binary's path");
        let status = std::process::Command::new(exe)
            .arg("--bench")
            .env(CHILD_ENV, size.to_string())
            .status()
            .expect("run one size in a child process");
        assert!(status.success(), "the run of {size} items failed");
    }
}

/// Set (to the item count) in the child process that measures one size.
const CHILD_ENV: &str = "FOREACH_MEMORY_SIZE";

fn one_size_process(size: u64) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(bench(size));
}

fn env_text(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// The benchmarked workflow: a Foreach over `range(0, triggerBody().count)` composing each item.
fn workflow(concurrency: u64) -> Value {
    json!({
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "method": "POST" } } },
            "actions": {
                "For_each_number": {
                    "type": "Foreach",
                    "foreach": "@range(0, triggerBody()['count'])",
                    "runtimeConfiguration": { "concurrency": { "repetitions": concurrency } },
                    "actions": {
                        "Double": { "type": "Compose", "inputs": { "n": "@item()", "twice": "@mul(item(), 2)" }, "runAfter": {} }
                    },
                    "runAfter": {}
                }
            }
        },
        "kind": "Stateful"
    })
}

async fn bench(size: u64) {
    let concurrency: u64 = env_text("CONCURRENCY", "20")
        .parse()
        .expect("CONCURRENCY is a number");
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let figures = one_size(&url, size, concurrency).await;
    println!(
        "backend={} items={size} concurrency={concurrency} wall={:.2}s iterations/s={:.0} base_rss={} MiB \
         peak_rss={} MiB attempts={} status={}",
        url.split(':').next().unwrap_or("?"),
        figures.wall,
        size as f64 / figures.wall,
        mib(figures.base_kib),
        mib(figures.peak_kib),
        figures.attempts,
        figures.status,
    );
}

/// What one size measured.
struct Figures {
    wall: f64,
    base_kib: u64,
    peak_kib: u64,
    attempts: usize,
    status: Status,
}

/// Opens the store, deploys the workflow, runs it once with `size` items and checks the history.
async fn one_size(url: &str, size: u64, concurrency: u64) -> Figures {
    let store = flowline_storage_sqlx::open(url).await.expect("open store");
    let name = format!("foreach-{size}-{}", uuid::Uuid::new_v4().simple());
    let document = workflow(concurrency);
    let new = NewWorkflowVersion {
        name: name.clone(),
        document: document.clone(),
        at: chrono::Utc::now(),
    };
    let (_, version) = store.save_workflow(new).await.expect("save workflow");
    let (prepared, _) =
        PreparedWorkflow::prepare(&name, version.version, &document).expect("workflow prepares");
    let engine = Engine::new(store.clone(), EngineConfig::default());

    let base_kib = memory_kib("VmRSS:");
    reset_peak();
    let start = Instant::now();
    let invocation = TriggerInvocation {
        trigger: "manual".into(),
        inputs: json!({ "method": "POST" }),
        outputs: json!({ "headers": {}, "body": { "count": size } }),
        ..TriggerInvocation::default()
    };
    let started = engine
        .start_run(Arc::new(prepared), invocation)
        .expect("run starts");
    // Resolves once `RunFinished` (and so every earlier entry of the run) is committed.
    let outcome = started.finished.await.expect("run finishes");
    let wall = start.elapsed().as_secs_f64();
    let peak_kib = memory_kib("VmHWM:");

    let attempts = count_attempts(store.as_ref(), &started.id).await;
    assert_eq!(
        outcome.status,
        Status::Succeeded,
        "the run failed: {outcome:?}"
    );
    assert_eq!(
        attempts,
        size as usize + 1,
        "one Compose attempt per item plus the Foreach"
    );
    store.close().await.expect("close store");
    Figures {
        wall,
        base_kib,
        peak_kib,
        attempts,
        status: outcome.status,
    }
}

/// Action attempts recorded for the run (read after the peak was taken).
async fn count_attempts(store: &dyn Store, run_id: &str) -> usize {
    store
        .list_action_attempts(run_id)
        .await
        .expect("list attempts")
        .len()
}

/// A `/proc/self/status` figure in KiB (0 where unavailable).
fn memory_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

/// Resets `VmHWM` to the current RSS (Linux `clear_refs` value 5), so the peak is the run's.
fn reset_peak() {
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        eprintln!("note: /proc/self/clear_refs not writable; peak_rss includes the set-up");
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

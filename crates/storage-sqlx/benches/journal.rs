//! Journal write throughput, driven the way the engine drives it: many concurrent runs, each
//! journaling `TriggerFired`, then one `ActionAttempt` (with its meter) per action without waiting,
//! a `RunResponse` it waits for before its last action, and `RunFinished`.
//!
//! `cargo bench -p flowline-storage-sqlx --bench journal` — env: `CLIENTS` (concurrent runs,
//! default 8), `ACTIONS` (attempts per run, default 7; the reference workload has 21), `MARKERS`
//! (`1`: every attempt is preceded by a `Running` marker, as Http actions are), `SECONDS`
//! (default 5), `DATABASE_URL` (default: a SQLite file in a temporary directory). Pin it like the
//! server bench (`taskset -c 1`) to compare figures. Prints runs/s, attempts/s and the CPU time per attempt (steadier on a shared machine).

use chrono::Utc;
use flowline_storage::{
    ActionAttemptRecord, Commit, Journal, JournalEntry, MeterCategory, MeterRecord,
    NewWorkflowVersion, RepetitionIndex, RunRecord, Status, TriggerHistoryRecord,
};
use serde_json::json;
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(bench());
}

struct Shape {
    actions: usize,
    markers: bool,
}

async fn bench() {
    let clients = env_num("CLIENTS", 8) as usize;
    let seconds = env_num("SECONDS", 5);
    let shape = Shape {
        actions: env_num("ACTIONS", 7).max(1) as usize,
        markers: env_num("MARKERS", 0) == 1,
    };
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let store = flowline_storage_sqlx::open(&url).await.expect("open store");
    let workflow = format!("bench-{}", uuid::Uuid::new_v4().simple());
    store
        .save_workflow(NewWorkflowVersion {
            name: workflow.clone(),
            document: json!({"definition": {}}),
            at: Utc::now(),
        })
        .await
        .unwrap();

    // Warm-up, then the measured window.
    run_clients(
        store.journal(),
        &workflow,
        &shape,
        clients,
        Duration::from_secs(1),
    )
    .await;
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    let runs = run_clients(
        store.journal(),
        &workflow,
        &shape,
        clients,
        Duration::from_secs(seconds),
    )
    .await;
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_start;
    store.close().await.unwrap();
    let attempts = (runs * shape.actions) as f64;
    println!(
        "backend={} clients={clients} actions={} markers={} runs={runs} runs/s={:.0} attempts/s={:.0} \
         cpu/attempt={:.2}us attempts/cpu-s={:.0}",
        url.split(':').next().unwrap_or("?"),
        shape.actions,
        shape.markers,
        runs as f64 / elapsed,
        attempts / elapsed,
        cpu * 1e6 / attempts,
        attempts / cpu,
    );
}

/// CPU time (user + system) this process has used, from `/proc/self/stat` (Linux; 0 elsewhere).
/// On a shared machine it is steadier than wall time: other load slows the run, not its cost.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Runs `clients` loops of back-to-back runs until `duration` passes; returns the runs completed.
async fn run_clients(
    journal: &Journal,
    workflow: &str,
    shape: &Shape,
    clients: usize,
    duration: Duration,
) -> usize {
    let deadline = Instant::now() + duration;
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let journal = journal.clone();
            let workflow = workflow.to_string();
            let shape = Shape { ..*shape };
            tokio::spawn(async move {
                let mut runs = 0;
                let mut finishing: Option<Commit> = None;
                while Instant::now() < deadline {
                    finishing = Some(one_run(&journal, &workflow, &shape).await);
                    runs += 1;
                }
                if let Some(commit) = finishing {
                    commit.await.expect("run finished");
                }
                runs
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    total
}

/// Journals one run like the engine: returns once its response is durable, with the commit of
/// its `RunFinished` still in flight (the caller already has its answer).
async fn one_run(journal: &Journal, workflow: &str, shape: &Shape) -> Commit {
    let run_id = uuid::Uuid::now_v7().simple().to_string().to_uppercase();
    drop(journal.submit(vec![trigger_fired(workflow, &run_id)]));
    for a in 0..shape.actions - 1 {
        record(journal, workflow, &run_id, a, shape.markers);
    }
    journal
        .submit(vec![JournalEntry::RunResponse {
            run_id: run_id.clone(),
            response: json!({"statusCode": 200, "headers": {}, "body": {"orderId": "o-1", "total": 124.5}}),
        }])
        .await
        .expect("response committed");
    record(journal, workflow, &run_id, shape.actions - 1, shape.markers);
    journal.submit(vec![JournalEntry::RunFinished {
        run_id,
        status: Status::Succeeded,
        code: None,
        error: None,
        outputs: None,
        end_time: Utc::now(),
    }])
}

fn record(journal: &Journal, workflow: &str, run_id: &str, index: usize, marker: bool) {
    let now = Utc::now();
    // The reference workload runs most of its actions inside a 10-iteration loop.
    let repetition = if (2..12).contains(&index) {
        vec![RepetitionIndex {
            scope_name: "For_each_line".into(),
            item_index: (index - 2) as u64,
        }]
    } else {
        Vec::new()
    };
    let mut attempt = ActionAttemptRecord {
        run_id: run_id.to_string(),
        action: format!("Action_{index}"),
        repetition,
        attempt: 1,
        status: Status::Running,
        code: None,
        inputs: Some(json!({"name": "total", "value": {"qty": 3, "price": 41.5, "sku": "A-100"}})),
        outputs: None,
        error: None,
        start_time: now,
        end_time: None,
    };
    if marker {
        drop(journal.submit(vec![JournalEntry::ActionAttempt {
            attempt: attempt.clone(),
            meter: None,
        }]));
    }
    attempt.status = Status::Succeeded;
    attempt.code = Some("OK".into());
    attempt.outputs = Some(json!({"body": {"name": "total", "value": 124.5}}));
    attempt.end_time = Some(now);
    let meter = MeterRecord {
        key: attempt.key(),
        workflow: workflow.to_string(),
        run_id: Some(run_id.to_string()),
        operation: attempt.action.clone(),
        category: MeterCategory::BuiltInAction,
        units: 1,
        at: now,
    };
    drop(journal.submit(vec![JournalEntry::ActionAttempt {
        attempt,
        meter: Some(meter),
    }]));
}

fn trigger_fired(workflow: &str, run_id: &str) -> JournalEntry {
    let now = Utc::now();
    let outputs = json!({"headers": {"Content-Type": "application/json"}, "body": {"orderId": "o-1", "lines": 10}});
    JournalEntry::TriggerFired {
        history: TriggerHistoryRecord {
            id: run_id.to_string(),
            workflow: workflow.to_string(),
            trigger: "manual".into(),
            status: Status::Succeeded,
            code: Some("OK".into()),
            fired: true,
            run_id: Some(run_id.to_string()),
            inputs: Some(json!({"method": "POST", "relativePath": ""})),
            outputs: Some(outputs.clone()),
            error: None,
            start_time: now,
            end_time: Some(now),
        },
        run: Some(RunRecord {
            id: run_id.to_string(),
            workflow: workflow.to_string(),
            version: 1,
            status: Status::Running,
            code: None,
            error: None,
            start_time: now,
            end_time: None,
            correlation_id: run_id.to_string(),
            client_tracking_id: run_id.to_string(),
            trigger: json!({"name": "manual", "outputs": outputs}),
            outputs: None,
            response: None,
        }),
        meter: MeterRecord {
            key: format!("trigger/{run_id}"),
            workflow: workflow.to_string(),
            run_id: Some(run_id.to_string()),
            operation: "manual".into(),
            category: MeterCategory::Trigger,
            units: 1,
            at: now,
        },
    }
}

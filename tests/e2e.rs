//! End-to-end: the real `flowline` binary, started on a free loopback port with its own data
//! directory, driven over HTTP — the README walk-through (deploy `workflows/hello.json`, call its
//! trigger, read the run's history), restart on the same database, and the `validate` and `run`
//! commands.

mod support;

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_flowline");

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start(data_dir: &std::path::Path) -> Server {
    let port = free_port();
    let child = Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data_dir)
        .env_remove("FLOWLINE_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start flowline");
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status().is_success() {
                return server;
            }
        }
        assert!(Instant::now() < deadline, "flowline did not become healthy within 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_readme_walkthrough_works_against_the_real_binary_and_survives_a_restart() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let data = tempfile::tempdir().unwrap();
    let client = reqwest::Client::new();
    let server = start(data.path()).await;
    let base = server.base.clone();

    let put = client
        .put(format!("{base}/api/workflows/hello"))
        .body(std::fs::read_to_string(support::repo_root().join("workflows/hello.json")).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);

    let cb: Value = client
        .post(format!("{base}/api/workflows/hello/triggers/manual/listCallbackUrl"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = cb["value"].as_str().unwrap().to_string();
    assert!(url.starts_with(&base), "callback {url} is on this server");

    let answer = client.post(&url).json(&json!({ "name": "Flowline" })).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let run_id = answer.headers()["x-ms-workflow-run-id"].to_str().unwrap().to_string();
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["greeting"], "Hello, Flowline!");

    let run: Value = client.get(format!("{base}/api/workflows/hello/runs/{run_id}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(run["status"], "Succeeded", "{run}");
    let actions: Value =
        client.get(format!("{base}/api/workflows/hello/runs/{run_id}/actions")).send().await.unwrap().json().await.unwrap();
    assert!(actions["value"].as_array().unwrap().len() >= 2, "{actions}");

    drop(server);
    let server = start(data.path()).await;
    let runs: Value =
        client.get(format!("{}/api/workflows/hello/runs", server.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(runs["value"][0]["id"], run_id, "history survives a restart: {runs}");
    let again = client
        .post(format!("{}/api/workflows/hello/triggers/manual/invoke", server.base))
        .json(&json!({ "name": "again" }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
}

#[test]
fn validate_command_prints_diagnostics_and_exits_non_zero_on_errors() {
    let good = Command::new(BIN).arg("validate").arg(support::repo_root().join("workflows/hello.json")).output().unwrap();
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stdout));
    assert!(String::from_utf8_lossy(&good.stdout).contains("0 error(s)"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {"A": {"type": "Compose", "inputs": "@concat('x'", "runAfter": {"Missing": ["Succeeded"]}}}}"#,
    )
    .unwrap();
    let out = Command::new(BIN).arg("validate").arg(&bad).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("RunAfterUnknownAction") && text.contains("/actions/A/runAfter"), "{text}");
    assert!(text.contains("InvalidExpression") && text.contains("/actions/A/inputs"), "{text}");

    std::fs::write(&bad, "{ not json").unwrap();
    let out = Command::new(BIN).arg("validate").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("line 1"));
}

#[test]
fn run_command_executes_a_definition_locally_and_prints_each_action() {
    let out = Command::new(BIN)
        .args(["run", "--json", "--trigger-body", r#"{"name":"CLI"}"#])
        .arg(support::repo_root().join("workflows/hello.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(doc["status"], "Succeeded");
    assert_eq!(doc["response"]["body"]["greeting"], "Hello, CLI!");
    let actions = doc["actions"].as_array().unwrap();
    assert!(actions.iter().all(|a| a["status"] == "Succeeded" && a.get("inputs").is_some()), "{actions:?}");
}

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
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await
            && r.status().is_success()
        {
            return server;
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

    // The caller is answered when the Response action runs; the run records its end just after.
    let mut run = Value::Null;
    for _ in 0..200 {
        run = client.get(format!("{base}/api/workflows/hello/runs/{run_id}")).send().await.unwrap().json().await.unwrap();
        if run["status"] != "Running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
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

/// Runs `flowline expr eval` with `args`, feeding `stdin`; returns (exit code, stdout, stderr).
fn expr_eval(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["expr", "eval"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start flowline expr eval");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn expr_eval_command_prints_values_and_errors_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("context.json");
    std::fs::write(
        &context,
        json!({
            "variables": {"n": 41},
            "actions": {"Get_order": {"status": "Succeeded", "outputs": {"body": {"customer": {"name": "Contoso"}}}}},
            "utcNow": "2018-03-01T00:00:00Z"
        })
        .to_string(),
    )
    .unwrap();
    let ctx = context.to_str().unwrap();
    let typical = "@{concat(body('Get_order')?['customer']?['name'], ' - ', string(add(variables('n'), 1)))}";

    // The expression as an argument, and on standard input (a trailing newline is dropped).
    assert_eq!(expr_eval(&["--context", ctx, "--json", typical], ""), (Some(0), "{\"value\":\"Contoso - 42\"}\n".into(), String::new()));
    let (code, out, _) = expr_eval(&["--context", ctx, "--json"], &format!("{typical}\n"));
    assert_eq!((code, out.as_str()), (Some(0), "{\"value\":\"Contoso - 42\"}\n"));

    // Human form: the value as JSON.
    assert_eq!(expr_eval(&["@add(1, 2)"], "").1, "3\n");
    assert_eq!(expr_eval(&["--context", ctx, "@utcNow()"], "").1, "\"2018-03-01T00:00:00.0000000Z\"\n");
    assert_eq!(expr_eval(&["range(1, 2)"], "").1, "[\n  1,\n  2\n]\n");

    // An evaluation error: exit 1, with code, message and position.
    let (code, out, _) = expr_eval(&["--json", "@add(1, add('x', 1))"], "");
    assert_eq!(code, Some(1));
    let doc: Value = serde_json::from_str(&out).expect("JSON error");
    assert_eq!(doc["error"]["code"], "InvalidTemplate");
    assert_eq!(doc["error"]["position"], 8);
    assert!(doc["error"]["message"].as_str().unwrap().contains("'add' expects its first parameter"), "{doc}");
    let (code, out, err) = expr_eval(&["@div(1, 0)"], "");
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.starts_with("error[InvalidTemplate] at position 1: The template language function 'div' cannot divide by zero"), "{err}");
    assert!(err.ends_with("  @div(1, 0)\n   ^\n"), "{err}");
    let (code, out, _) = expr_eval(&["--json", "@concat('a'"], "");
    assert_eq!(code, Some(1));
    assert!(out.contains("\"code\":\"InvalidExpression\"") && out.contains("\"position\":11"), "{out}");

    // Bad input: exit 2.
    let (code, _, err) = expr_eval(&["--context", dir.path().join("missing.json").to_str().unwrap(), "@1"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read the context file"), "{err}");
    std::fs::write(&context, "{\"variables\": []}").unwrap();
    let (code, out, _) = expr_eval(&["--context", ctx, "--json", "@1"], "");
    assert_eq!(code, Some(2));
    assert!(out.contains("\"code\":\"InvalidInput\"") && out.contains("'variables'"), "{out}");
    let (code, _, err) = expr_eval(&[], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("no expression"), "{err}");
}

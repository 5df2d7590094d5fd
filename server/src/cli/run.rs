//! `flowline run FILE --trigger-body JSON`: runs a definition locally — no server, a throw-away
//! SQLite database — and prints each action's status, inputs and outputs. Http actions really
//! call out; a Response action's answer is printed.

use clap::Args;
use anyhow::{Context, bail};
use flowline_engine::{Engine, EngineConfig, PreparedWorkflow, TriggerInvocation};
use flowline_model::Severity;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Arguments of `flowline run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The definition file.
    file: PathBuf,
    /// Trigger body as JSON text (or `@file.json` to read it from a file).
    #[arg(long)]
    trigger_body: Option<String>,
    /// Trigger headers as a JSON object.
    #[arg(long)]
    trigger_headers: Option<String>,
    /// Trigger to fire (default: the definition's first trigger).
    #[arg(long)]
    trigger: Option<String>,
    /// Print the result as one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

fn json_arg(what: &str, text: &str) -> anyhow::Result<Value> {
    let text = match text.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {what} from {path}"))?,
        None => text.to_string(),
    };
    serde_json::from_str(&text).with_context(|| format!("{what} is not valid JSON"))
}

/// Runs the file and prints the result; exit code 0 when the run Succeeded.
pub async fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    crate::cli::install_crypto();
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let doc = flowline_model::load(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let (prepared, _) = match PreparedWorkflow::prepare("local", 1, &doc.json) {
        Ok(p) => p,
        Err(e) => {
            for d in e.0.iter().filter(|d| d.severity == Severity::Error) {
                eprintln!("error[{}] at {}: {}", d.code.as_str(), d.path, d.message);
            }
            bail!("{} is not a valid workflow definition", args.file.display());
        }
    };
    let trigger = match &args.trigger {
        Some(t) => t.clone(),
        None => prepared.definition.triggers.first().map(|t| t.name.clone()).context("the definition has no trigger")?,
    };
    let mut outputs = json!({ "headers": {} });
    if let Some(h) = &args.trigger_headers {
        outputs["headers"] = json_arg("--trigger-headers", h)?;
    }
    if let Some(b) = &args.trigger_body {
        outputs["body"] = json_arg("--trigger-body", b)?;
    }

    let dir = tempfile::tempdir().context("creating a scratch directory")?;
    let url = format!("sqlite://{}", dir.path().join("run.db").display());
    let store = flowline_storage_sqlx::open(&url).await.context("opening a scratch database")?;
    let saved = store
        .save_workflow(flowline_storage::NewWorkflowVersion { name: "local".into(), document: doc.json.clone(), at: chrono::Utc::now() })
        .await?;
    let engine = Engine::new(store.clone(), EngineConfig::default());
    let caller_waits = prepared.has_response();
    let prepared = Arc::new(prepared);
    let started = engine.start_run(
        prepared,
        TriggerInvocation { trigger, inputs: json!({ "local": true }), outputs, caller_waits, ..Default::default() },
    )?;
    let run_id = started.id.clone();
    let mut response_rx = started.response;
    let outcome = started.finished.await.context("the run stopped unexpectedly")?;
    let response = response_rx.try_recv().ok();
    let attempts = store.list_action_attempts(&run_id).await?;
    let _ = saved;

    if args.json {
        let doc = json!({
            "runId": run_id,
            "status": outcome.status.as_str(),
            "code": outcome.code,
            "error": outcome.error,
            "outputs": outcome.outputs,
            "response": response.as_ref().map(|r| json!({ "statusCode": r.status_code, "headers": r.headers, "body": r.body })),
            "actions": attempts.iter().map(crate::api::convert_action).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!("run {run_id}: {}{}", outcome.status, outcome.code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default());
        for a in &attempts {
            println!("\n== {} : {}{}", a.action, a.status, a.code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default());
            if let Some(i) = &a.inputs {
                println!("   inputs:  {}", serde_json::to_string(i)?);
            }
            if let Some(o) = &a.outputs {
                println!("   outputs: {}", serde_json::to_string(o)?);
            }
            if let Some(e) = &a.error {
                println!("   error:   {}", serde_json::to_string(e)?);
            }
        }
        if let Some(r) = &response {
            println!("\nresponse {}: {}", r.status_code, r.body.as_ref().map(|b| b.to_string()).unwrap_or_default());
        }
        if let Some(o) = &outcome.outputs {
            println!("\noutputs: {}", serde_json::to_string(o)?);
        }
        if let Some(e) = &outcome.error {
            println!("\nerror: {}", serde_json::to_string(e)?);
        }
    }
    Ok(if outcome.status == flowline_storage::Status::Succeeded { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

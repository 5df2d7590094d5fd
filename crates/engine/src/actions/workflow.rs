//! Workflow (child workflow): calls another Flowline workflow's Request trigger, in-process.
//!
//! Inputs `{host: {workflow: {id}, triggerName?}, headers?, body?}`. `workflow.id` is a plain
//! name or a Logic Apps resource id whose last segment is the name
//! (`/subscriptions/…/providers/Microsoft.Logic/workflows/child`). The child run gets its own id;
//! its trigger outputs carry the parent link (`x-ms-workflow-name`, `x-ms-workflow-run-id`,
//! `x-ms-workflow-operation-name`, `x-ms-correlation-id`, `x-ms-client-tracking-id`) and the call
//! chain ([`CALL_CHAIN_HEADER`]).
//!
//! - The child has a Response action: the outputs are that response `{statusCode, headers, body}`
//!   and the action fails on a 4xx/5xx status (code: the status's name, as for Http).
//! - Without a Response the child runs on its own: outputs `{statusCode: 202, headers, body:
//!   {runId}}`.
//! - A call into a workflow already in the call chain (the workflow itself, or any caller above
//!   it) fails with `WorkflowRecursionNotAllowed` before anything starts.
//!
//! `limit.timeout` bounds the wait; the parent waits for the child's Response otherwise without
//! limit, as Logic Apps does.

use super::text_of;
use crate::actions::http::reason_code;
use crate::host::{CALL_CHAIN_HEADER, ChildAnswer, ChildCall};
use crate::outcome::{Outcome, error};
use crate::run::Ctx;
use flowline_model::Action;
use flowline_storage::Status;
use serde_json::{Map, Value, json};

/// The workflow name in `host.workflow.id`: the last non-empty `/` segment.
pub(crate) fn target_name(id: &str) -> Option<&str> {
    id.trim().rsplit('/').find(|s| !s.is_empty())
}

/// The workflows of the call chain a run belongs to, outermost first (from its trigger outputs).
pub(crate) fn call_chain(trigger: &Value) -> Vec<String> {
    let headers = trigger
        .get("outputs")
        .and_then(|o| o.get("headers"))
        .and_then(Value::as_object);
    let chain = headers.and_then(|h| {
        h.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(CALL_CHAIN_HEADER))
    });
    chain
        .and_then(|(_, v)| v.as_str())
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Calls the child workflow.
pub(crate) async fn execute(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Outcome {
    let Some(host) = ctx.inner.hooks.host().cloned() else {
        return Outcome::failed(
            "WorkflowCallFailed",
            "Workflow actions need a host that runs workflows; this engine has none.",
        );
    };
    let call = match prepare_call(ctx, action, inputs) {
        Ok(c) => c,
        Err(o) => return *o,
    };
    let workflow = call.workflow.clone();
    // `limit.timeout` and cancellation are applied around this by the driver.
    match host.call_workflow(call).await {
        Ok(ChildAnswer::Response { run_id, response }) => {
            let mut headers = response.headers;
            headers.insert("x-ms-workflow-run-id".into(), json!(run_id));
            let mut outputs = json!({ "statusCode": response.status_code, "headers": headers });
            if let Some(body) = response.body {
                outputs["body"] = body;
            }
            let code = reason_code(response.status_code);
            if response.status_code >= 400 {
                let message = format!(
                    "The child workflow '{workflow}' (run '{run_id}') answered with status {} ({code}).",
                    response.status_code
                );
                return Outcome {
                    status: Status::Failed,
                    error: Some(error(&code, message)),
                    code,
                    outputs: Some(outputs),
                };
            }
            Outcome {
                code,
                ..Outcome::succeeded(Some(outputs))
            }
        }
        Ok(ChildAnswer::Accepted { run_id }) => Outcome {
            code: "Accepted".into(),
            ..Outcome::succeeded(Some(json!({
                "statusCode": 202,
                "headers": { "x-ms-workflow-run-id": run_id },
                "body": { "runId": run_id },
            })))
        },
        Err(e) => Outcome::failed(
            e.code(),
            format!(
                "The action '{}' could not call workflow '{workflow}': {e}.",
                action.name
            ),
        ),
    }
}

/// Reads the inputs into a call, refusing recursion.
fn prepare_call(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Result<ChildCall, Box<Outcome>> {
    let host = inputs.get("host");
    let id = host
        .and_then(|h| h.get("workflow"))
        .and_then(|w| w.get("id"));
    let Some(workflow) = id.and_then(Value::as_str).and_then(target_name) else {
        return Err(Box::new(Outcome::failed(
            "InvalidTemplate",
            format!(
                "The Workflow action '{}' needs 'host.workflow.id': the name or resource id of the workflow to call.",
                action.name
            ),
        )));
    };
    let me = &ctx.workflow().name;
    let mut chain = call_chain(&ctx.state.trigger);
    chain.push(me.clone());
    if chain.iter().any(|w| w.eq_ignore_ascii_case(workflow)) {
        return Err(Box::new(Outcome::failed(
            "WorkflowRecursionNotAllowed",
            format!(
                "The action '{}' calls workflow '{workflow}', which is already running in this call chain ({} → {workflow}); a workflow cannot call itself, directly or through other workflows.",
                action.name,
                chain.join(" → ")
            ),
        )));
    }
    let trigger = host
        .and_then(|h| h.get("triggerName"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty());
    let mut headers = Map::new();
    if let Some(Value::Object(given)) = inputs.get("headers") {
        for (k, v) in given {
            headers.insert(k.clone(), Value::String(text_of(v)));
        }
    }
    let link = [
        ("x-ms-workflow-name", me.clone()),
        ("x-ms-workflow-run-id", ctx.state.run_id.clone()),
        ("x-ms-workflow-operation-name", action.name.clone()),
        (
            "x-ms-client-tracking-id",
            ctx.state.client_tracking_id.clone(),
        ),
        (CALL_CHAIN_HEADER, chain.join(",")),
    ];
    for (k, v) in link {
        headers.insert(k.to_string(), Value::String(v));
    }
    if let Some(tracking) = ctx.state.trigger.get("trackingId").and_then(Value::as_str) {
        headers.insert("x-ms-correlation-id".into(), json!(tracking));
    }
    Ok(ChildCall {
        workflow: workflow.to_string(),
        trigger: trigger.map(str::to_string),
        headers,
        body: inputs.get("body").cloned(),
        idempotency_key: ctx.idempotency_key(&action.name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_the_last_segment_of_a_resource_id_or_a_plain_name() {
        let id =
            "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Logic/workflows/child-flow";
        assert_eq!(target_name(id), Some("child-flow"));
        assert_eq!(target_name("child-flow"), Some("child-flow"));
        assert_eq!(target_name("child/"), Some("child"));
        assert_eq!(target_name("  "), None);
    }

    #[test]
    fn the_call_chain_comes_from_the_trigger_headers() {
        let trigger =
            json!({ "outputs": { "headers": { "X-Flowline-Workflow-Call-Chain": "a, b" } } });
        assert_eq!(call_chain(&trigger), vec!["a".to_string(), "b".to_string()]);
        assert!(call_chain(&json!({ "outputs": { "headers": {} } })).is_empty());
    }
}

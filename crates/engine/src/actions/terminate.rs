//! Terminate: stop the run with a status and an optional error; in-flight actions are cancelled
//! and actions not yet started are skipped.

use super::required;
use crate::outcome::{Outcome, error};
use crate::run::Ctx;
use crate::state::Stop;
use flowline_storage::Status;
use serde_json::Value;

pub(crate) fn execute(ctx: &Ctx<'_>, inputs: &Value) -> Outcome {
    let status = match required(inputs, "runStatus") {
        Err(o) => return o,
        Ok(v) => v.as_str().unwrap_or_default(),
    };
    let status = match status.to_ascii_lowercase().as_str() {
        "succeeded" => Status::Succeeded,
        "failed" => Status::Failed,
        "cancelled" => Status::Cancelled,
        other => {
            return Outcome::failed(
                "InvalidTemplate",
                format!("The Terminate runStatus '{other}' is not valid; use 'Succeeded', 'Failed' or 'Cancelled'."),
            );
        }
    };
    let run_error = inputs.get("runError").filter(|e| !e.is_null());
    let code = run_error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| "Terminated".to_string());
    let err = match status {
        Status::Succeeded => None,
        _ => Some(error(
            &code,
            run_error
                .and_then(|e| e.get("message"))
                .and_then(Value::as_str)
                .unwrap_or("The run was terminated by a Terminate action."),
        )),
    };
    ctx.state.stop(Stop::Terminated { status, code, error: err });
    Outcome::succeeded(None)
}

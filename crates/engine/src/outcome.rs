//! What one action execution produced, and the error shapes Logic Apps uses.

use flowline_storage::Status;
use serde_json::{Value, json};

/// The result of executing one action attempt.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Final status of the attempt.
    pub status: Status,
    /// Result code (`OK`, `NotSpecified`, `InvalidTemplate`, ...).
    pub code: String,
    /// Outputs, if any.
    pub outputs: Option<Value>,
    /// Error `{code, message}`, if any.
    pub error: Option<Value>,
}

impl Outcome {
    /// Succeeded with outputs and the generic code.
    pub fn succeeded(outputs: Option<Value>) -> Self {
        Outcome { status: Status::Succeeded, code: "NotSpecified".into(), outputs, error: None }
    }

    /// Failed with a code and message.
    pub fn failed(code: &str, message: impl Into<String>) -> Self {
        Outcome { status: Status::Failed, code: code.to_string(), outputs: None, error: Some(error(code, message)) }
    }

    /// Cancelled because the run stopped while the action was in flight.
    pub fn cancelled() -> Self {
        Outcome {
            status: Status::Cancelled,
            code: "Cancelled".into(),
            outputs: None,
            error: Some(error("Cancelled", "The action was cancelled because its run stopped.")),
        }
    }
}

/// An error object `{code, message}`.
pub fn error(code: &str, message: impl Into<String>) -> Value {
    json!({ "code": code, "message": message.into() })
}

/// Why an action was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A predecessor ended with a status its runAfter does not accept.
    DependencyFailed,
    /// It sits in the branch of an If that was not taken.
    BranchNotTaken,
    /// Its run was terminated by a Terminate action before it started.
    Terminated,
    /// Its run was cancelled before it started.
    Cancelled,
}

impl SkipReason {
    /// The error object recorded on the skipped action.
    pub fn error(self) -> Value {
        match self {
            SkipReason::DependencyFailed => error(
                "ActionDependencyFailed",
                "An action failed. No dependent actions succeeded.",
            ),
            SkipReason::BranchNotTaken => error(
                "ActionBranchingConditionNotSatisfied",
                "The execution of template action was skipped: the branching condition for this action is not satisfied.",
            ),
            SkipReason::Terminated => error("Terminated", "The action was skipped because its run was terminated."),
            SkipReason::Cancelled => error("Cancelled", "The action was skipped because its run was cancelled."),
        }
    }
}

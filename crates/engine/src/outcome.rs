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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A predecessor ended with a status the action's runAfter does not accept.
    DependencyFailed {
        /// The predecessor.
        predecessor: String,
        /// Statuses runAfter accepts from it.
        expected: Vec<Status>,
        /// The status it ended with.
        actual: Status,
    },
    /// It sits in the branch of an If that was not taken.
    BranchNotTaken,
    /// Its run was terminated by a Terminate action before it started.
    Terminated,
    /// Its run was cancelled before it started.
    Cancelled,
    /// The time limit of the enclosing `container` lapsed before it started.
    TimedOut {
        /// The container action whose `limit.timeout` lapsed.
        container: String,
    },
}

impl SkipReason {
    /// The code recorded on the skipped action.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::Terminated => "Terminated",
            _ => "ActionSkipped",
        }
    }

    /// The error object recorded on the skipped action `action`.
    pub fn error(&self, action: &str) -> Value {
        match self {
            SkipReason::DependencyFailed { predecessor, expected, actual } => {
                let expected: Vec<&str> = expected.iter().map(|s| s.as_str()).collect();
                error(
                    "ActionDependencyFailed",
                    format!(
                        "The execution of template action '{action}' is skipped: the 'runAfter' condition for action '{predecessor}' is not satisfied. Expected status values '{}' and actual value '{actual}'.",
                        expected.join("', '")
                    ),
                )
            }
            SkipReason::BranchNotTaken => error(
                "ActionBranchingConditionNotSatisfied",
                format!("The execution of template action '{action}' is skipped: the branching condition for this action is not satisfied."),
            ),
            SkipReason::Terminated => error("Terminated", format!("The action '{action}' was skipped because its run was terminated.")),
            SkipReason::Cancelled => error("Cancelled", format!("The action '{action}' was skipped because its run was cancelled.")),
            SkipReason::TimedOut { container } => error(
                "ActionTimedOut",
                format!("The action '{action}' was skipped because the time limit of '{container}' lapsed before it started."),
            ),
        }
    }
}

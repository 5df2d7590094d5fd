//! Statuses of runs, actions and trigger executions, and meter categories, with the stable string
//! forms stored in the database and shown in the API (`WorkflowStatus` of Logic Apps).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Status of a run, an action attempt or a trigger execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Accepted, not started.
    Waiting,
    /// In progress.
    Running,
    /// Finished successfully.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Did not run (runAfter not satisfied, branch not taken, run terminated, trigger did not fire).
    Skipped,
    /// Exceeded its time limit.
    TimedOut,
    /// Cancelled by a user, a Terminate action or shutdown of its run.
    Cancelled,
}

impl Status {
    /// Every status, for parsing and tests.
    pub const ALL: [Status; 7] = [
        Status::Waiting,
        Status::Running,
        Status::Succeeded,
        Status::Failed,
        Status::Skipped,
        Status::TimedOut,
        Status::Cancelled,
    ];

    /// The stable string form (`"Succeeded"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "Waiting",
            Status::Running => "Running",
            Status::Succeeded => "Succeeded",
            Status::Failed => "Failed",
            Status::Skipped => "Skipped",
            Status::TimedOut => "TimedOut",
            Status::Cancelled => "Cancelled",
        }
    }

    /// Whether the status is final.
    pub fn is_terminal(self) -> bool {
        !matches!(self, Status::Waiting | Status::Running)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown status string.
#[derive(Debug, thiserror::Error)]
#[error("unknown status '{0}'")]
pub struct UnknownStatus(pub String);

impl FromStr for Status {
    type Err = UnknownStatus;
    /// Case-insensitive, as Logic Apps accepts `"SUCCEEDED"` and `"succeeded"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

/// What a meter record bills (Logic Apps Consumption categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeterCategory {
    /// A trigger execution: every request, poll or event, fired or not.
    Trigger,
    /// A built-in action execution (control flow, data operations, variables, HTTP, Response).
    BuiltInAction,
    /// A standard-tier connector operation.
    StandardConnector,
    /// An enterprise-tier connector operation.
    EnterpriseConnector,
}

impl MeterCategory {
    /// The stable string form.
    pub fn as_str(self) -> &'static str {
        match self {
            MeterCategory::Trigger => "Trigger",
            MeterCategory::BuiltInAction => "BuiltInAction",
            MeterCategory::StandardConnector => "StandardConnector",
            MeterCategory::EnterpriseConnector => "EnterpriseConnector",
        }
    }
}

impl FromStr for MeterCategory {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            MeterCategory::Trigger,
            MeterCategory::BuiltInAction,
            MeterCategory::StandardConnector,
            MeterCategory::EnterpriseConnector,
        ]
        .into_iter()
        .find(|c| c.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_parses_case_insensitively_and_round_trips() {
        for st in Status::ALL {
            assert_eq!(st.as_str().to_uppercase().parse::<Status>().unwrap(), st);
            assert_eq!(st.to_string().parse::<Status>().unwrap(), st);
        }
        assert!("Done".parse::<Status>().is_err());
    }
}

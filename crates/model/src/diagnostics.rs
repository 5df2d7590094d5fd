//! Diagnostics: stable codes, severities, JSON-pointer paths, messages and hints.

use serde::{Serialize, Serializer};
use std::fmt;

/// How bad a diagnostic is. An `Error` makes a definition non-executable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The definition cannot be run as written.
    Error,
    /// Suspicious but runnable.
    Warning,
}

macro_rules! diagnostic_codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// Stable diagnostic codes. `as_str()` is the wire form and never changes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DiagnosticCode { $($(#[$doc])* $variant,)* }

        impl DiagnosticCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant,)*];

            /// The stable string form, e.g. `"RunAfterCycle"`.
            pub fn as_str(self) -> &'static str {
                match self { $(DiagnosticCode::$variant => $code,)* }
            }
        }
    };
}

diagnostic_codes! {
    /// An object in the document has the same key twice (JSON keeps only the last).
    DuplicateKey => "DuplicateKey",
    /// The document holds no recognisable workflow definition.
    NoDefinition => "NoDefinition",
    /// Two actions (in different containers) share a name; names are unique per workflow.
    DuplicateActionName => "DuplicateActionName",
    /// `runAfter` names an action that does not exist.
    RunAfterUnknownAction => "RunAfterUnknownAction",
    /// `runAfter` names an action that exists but is not in the same container.
    RunAfterNotSibling => "RunAfterNotSibling",
    /// An action runs after itself.
    RunAfterSelf => "RunAfterSelf",
    /// `runAfter` edges form a cycle.
    RunAfterCycle => "RunAfterCycle",
    /// A `runAfter` status is not Succeeded/Failed/Skipped/TimedOut.
    RunAfterInvalidStatus => "RunAfterInvalidStatus",
    /// An action `type` that Logic Apps does not define.
    UnknownActionType => "UnknownActionType",
    /// A trigger `type` that Logic Apps does not define.
    UnknownTriggerType => "UnknownTriggerType",
    /// A known action type this host cannot execute.
    UnsupportedActionType => "UnsupportedActionType",
    /// A known trigger type this host cannot execute.
    UnsupportedTriggerType => "UnsupportedTriggerType",
    /// An action or trigger without a `type`.
    MissingType => "MissingType",
    /// A string that does not parse as a WDL expression.
    InvalidExpression => "InvalidExpression",
    /// An ARM template expression (`[parameters('x')]`) inside a definition.
    ArmTemplateExpression => "ArmTemplateExpression",
    /// An InitializeVariable action inside a Scope, If, Switch or loop (Logic Apps allows them
    /// only at the top level).
    VariableNotTopLevel => "VariableNotTopLevel",
    /// More than 500 actions in one workflow.
    TooManyActions => "TooManyActions",
    /// Actions nested more than 8 levels deep.
    NestingTooDeep => "NestingTooDeep",
    /// An action or trigger name longer than 80 characters.
    NameTooLong => "NameTooLong",
    /// An empty action or trigger name.
    InvalidName => "InvalidName",
    /// More than 10 triggers.
    TooManyTriggers => "TooManyTriggers",
    /// No trigger at all (the workflow can only be started manually).
    NoTrigger => "NoTrigger",
    /// A part of the definition has the wrong JSON shape.
    InvalidDefinitionShape => "InvalidDefinitionShape",
    /// A workflow parameter declaration is invalid (unknown type, not an object).
    InvalidParameter => "InvalidParameter",
    /// An `InitializeVariable` declares an unknown variable type.
    InvalidVariableType => "InvalidVariableType",
    /// A concurrency setting outside its range: Foreach `repetitions` 1–50, trigger `runs`
    /// 1–100, trigger `maximumWaitingRuns` 1–200.
    ConcurrencyOutOfRange => "ConcurrencyOutOfRange",
    /// Both an operation option and the concurrency setting it stands for: Foreach
    /// `Sequential` with `repetitions`, or a trigger's `SingleInstance` with `runs`.
    ConflictingConcurrencySettings => "ConflictingConcurrencySettings",
    /// A Switch with more than 25 cases.
    TooManySwitchCases => "TooManySwitchCases",
    /// A Terminate action inside a Foreach or Until loop (at any depth).
    TerminateInLoop => "TerminateInLoop",
    /// An Until `limit.count` outside 1–5,000 or a `limit.timeout` that is not an ISO 8601
    /// duration (expressions are not checked).
    UntilLimitOutOfRange => "UntilLimitOutOfRange",
    /// An `inputs.retryPolicy` that cannot be applied: not an object, an unknown `type`, a
    /// `count` outside 1–90, an interval that is not an ISO 8601 duration (or is zero or longer
    /// than a day), a missing `count`/`interval` on a fixed or exponential policy, or a
    /// `minimumInterval` longer than the `maximumInterval`.
    InvalidRetryPolicy => "InvalidRetryPolicy",
    /// A Workflow action calls its own workflow, directly or through other workflows whose
    /// definitions name the next one literally (found when saving; the host checks it, since it
    /// needs the other workflows).
    WorkflowSelfReference => "WorkflowSelfReference",
    /// A Recurrence or Http polling trigger's `recurrence` cannot be scheduled: missing, an
    /// unknown frequency, an interval out of range, an unknown time zone, an unreadable start
    /// time or schedule (checked by the engine, which owns the schedule rules).
    InvalidRecurrence => "InvalidRecurrence",
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding about a document, located by a JSON pointer from the document root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code.
    pub code: DiagnosticCode,
    /// Error or warning.
    pub severity: Severity,
    /// JSON pointer from the document root, e.g. `/definition/actions/A/runAfter/B`.
    pub path: String,
    /// Human message naming the offending thing.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(
        code: DiagnosticCode,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning diagnostic.
    pub fn warning(
        code: DiagnosticCode,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Attaches a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}] {}: {}", self.code, self.path, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Levenshtein distance over characters, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Candidates close to `wanted` (edit distance ≤ max(2, len/3)), best first, at most 3.
pub fn suggestions<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b`?" or `None` when nothing is close.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let close = suggestions(wanted, candidates);
    if close.is_empty() {
        return None;
    }
    let list: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
    Some(format!("did you mean {}?", list.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(push_pointer("/actions", "a/b~c"), "/actions/a~1b~0c");
    }

    #[test]
    fn close_names_are_suggested() {
        assert_eq!(edit_distance("Compose", "compse"), 1);
        assert_eq!(
            did_you_mean("Compse", ["Compose", "Http"]).as_deref(),
            Some("did you mean `Compose`?")
        );
        assert_eq!(did_you_mean("Zzzzzz", ["Compose"]), None);
    }

    #[test]
    fn diagnostics_serialize_with_stable_codes() {
        let d = Diagnostic::warning(DiagnosticCode::NoTrigger, "/triggers", "no trigger")
            .with_hint("add one");
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "NoTrigger");
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["hint"], "add one");
    }
}

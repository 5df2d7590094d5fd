//! `flowline expr eval [--context FILE] [--json] [EXPR]`: evaluates one expression against a JSON
//! context, as `POST /api/expressions/evaluate` does.
//!
//! Exit codes: 0 when the expression evaluated, 1 when it failed to parse or evaluate, 2 for bad
//! input (no expression, an unreadable or malformed context file).

use crate::api::expressions::{self, EvaluateResponse, ExpressionError};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// `flowline expr …`.
#[derive(Debug, Subcommand)]
pub enum ExprCommand {
    /// Evaluate an expression and print its value or its error.
    Eval(EvalArgs),
}

/// Arguments of `flowline expr eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The expression: a template (`@add(1, 2)`, `Total: @{variables('n')}`) or a bare expression
    /// as typed in the designer (`add(1, 2)`). Read from standard input when left out.
    expression: Option<String>,
    /// A JSON file with what the expression sees: `{"parameters", "variables", "trigger",
    /// "actions", "items", "utcNow", …}`.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// Print `{"value": …}` or `{"error": {"code", "message", "position"}}`.
    #[arg(long)]
    json: bool,
}

impl ExprCommand {
    /// Runs the command; returns the exit code.
    pub fn run(self) -> ExitCode {
        match self {
            ExprCommand::Eval(args) => eval(&args),
        }
    }
}

fn eval(args: &EvalArgs) -> ExitCode {
    let outcome = read_input(args).and_then(|(expression, context)| {
        let now = chrono::Utc::now();
        expressions::evaluate(&expression, context.as_ref(), now, expressions::random_seed())
            .map(|answer| (expression, answer))
            .map_err(|e| format!("the context is not valid: {e}"))
    });
    match outcome {
        Err(problem) => bad_input(args.json, &problem),
        Ok((expression, answer)) => {
            let failed = matches!(answer, EvaluateResponse::Error { .. });
            if args.json {
                println!("{}", serde_json::to_string(&answer).unwrap_or_default());
            } else {
                print_human(&expression, &answer);
            }
            ExitCode::from(if failed { 1 } else { 0 })
        }
    }
}

/// The expression (argument or standard input) and the context document.
fn read_input(args: &EvalArgs) -> Result<(String, Option<Value>), String> {
    let expression = match &args.expression {
        Some(text) => text.clone(),
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read the expression from standard input: {e}"))?;
            let trimmed = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
            trimmed.to_owned()
        }
    };
    if expression.trim().is_empty() {
        return Err("no expression: give it as an argument or on standard input".into());
    }
    let context = match &args.context {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the context file {}: {e}", path.display()))?;
            let doc = serde_json::from_str(&text).map_err(|e| format!("the context file {} is not valid JSON: {e}", path.display()))?;
            Some(doc)
        }
    };
    Ok((expression, context))
}

fn bad_input(as_json: bool, problem: &str) -> ExitCode {
    if as_json {
        println!("{}", json!({ "error": { "code": "InvalidInput", "message": problem, "position": null } }));
    } else {
        eprintln!("error: {problem}");
    }
    ExitCode::from(2)
}

/// The value as JSON (indented when it is an array or object), or the error with a caret under
/// the failing position.
fn print_human(expression: &str, answer: &EvaluateResponse) {
    match answer {
        EvaluateResponse::Value { value } => {
            let text = match value {
                Value::Array(_) | Value::Object(_) => serde_json::to_string_pretty(value),
                _ => serde_json::to_string(value),
            };
            println!("{}", text.unwrap_or_default());
        }
        EvaluateResponse::Error { error } => eprint!("{}", describe(expression, error)),
    }
}

/// `error[CODE] at position N: message`, then the expression with a caret when it is one line.
fn describe(expression: &str, error: &ExpressionError) -> String {
    let ExpressionError { code, message, position } = error;
    let Some(position) = position else {
        return format!("error[{code}]: {message}\n");
    };
    let mut text = format!("error[{code}] at position {position}: {message}\n");
    if !expression.contains('\n') {
        text.push_str(&format!("  {expression}\n  {}^\n", " ".repeat(*position)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_at_the_failing_call() {
        let error = ExpressionError { code: "InvalidTemplate".into(), message: "boom".into(), position: Some(4) };
        assert_eq!(describe("@add(1, 'a')", &error), "error[InvalidTemplate] at position 4: boom\n  @add(1, 'a')\n      ^\n");
        let nowhere = ExpressionError { position: None, ..error };
        assert_eq!(describe("x", &nowhere), "error[InvalidTemplate]: boom\n");
    }
}

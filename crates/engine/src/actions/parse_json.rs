//! ParseJson: `content` (JSON text, or an already-parsed value) validated against `schema` with a
//! real JSON Schema implementation; outputs `{"body": <parsed>}`.
//!
//! Codes: `InvalidJSON` when text content does not parse, `InvalidJsonSchema` when the schema is
//! not a valid JSON Schema, `ValidationFailed` (Logic Apps' code, message "The schema validation
//! failed.") when the content does not match. The validation error lists the first
//! [`MAX_REPORTED`] problems in its message and in `details` (`{path, schemaPath, message}`, paths
//! as JSON pointers). Remote `$ref`s are not fetched.

use super::required;
use crate::outcome::Outcome;
use serde_json::{Value, json};

/// How many schema violations an error lists.
const MAX_REPORTED: usize = 5;

pub(crate) fn execute(inputs: &Value) -> Outcome {
    let content = match required(inputs, "content") {
        Ok(v) => v,
        Err(o) => return o,
    };
    let schema = match required(inputs, "schema") {
        Ok(v) => v,
        Err(o) => return o,
    };
    let parsed = match content {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(v) => v,
            Err(e) => {
                return Outcome::failed("InvalidJSON", format!("The 'content' of a ParseJson action is not valid JSON: {e}."));
            }
        },
        other => other.clone(),
    };
    let validator = match jsonschema::validator_for(schema) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::failed(
                "InvalidJsonSchema",
                format!("The 'schema' of a ParseJson action is not a valid JSON Schema: {e} (at '{}').", e.schema_path()),
            );
        }
    };
    let problems: Vec<Value> = validator
        .iter_errors(&parsed)
        .take(MAX_REPORTED + 1)
        .map(|e| json!({ "path": e.instance_path().to_string(), "schemaPath": e.schema_path().to_string(), "message": e.to_string() }))
        .collect();
    if problems.is_empty() {
        return Outcome::succeeded(Some(json!({ "body": parsed })));
    }
    validation_failed(problems)
}

fn validation_failed(mut problems: Vec<Value>) -> Outcome {
    let more = problems.len() > MAX_REPORTED;
    problems.truncate(MAX_REPORTED);
    let listed: Vec<String> = problems
        .iter()
        .map(|p| {
            let path = p["path"].as_str().unwrap_or_default();
            format!("'{}': {}", if path.is_empty() { "/" } else { path }, p["message"].as_str().unwrap_or_default())
        })
        .collect();
    let message =
        format!("The schema validation failed: {}{}", listed.join("; "), if more { "; and more." } else { "." });
    let mut outcome = Outcome::failed("ValidationFailed", message);
    if let Some(error) = outcome.error.as_mut() {
        error["details"] = Value::Array(problems);
    }
    outcome
}

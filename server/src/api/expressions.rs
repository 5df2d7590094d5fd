//! Expressions as a service: evaluate templates against a JSON context (one request or a batch),
//! and the function catalogue for the designer's completion and signature help. The CLI's
//! `flowline expr eval` shares [`evaluate`].

use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use chrono::{DateTime, Utc};
use flowline_expr::{ContextError, FunctionSignature, JsonContext, ParseError, Template, parse_expression};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// Most requests one batch may hold.
pub const MAX_BATCH: usize = 1000;

/// One evaluation request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    /// A template (`@add(1, 2)`, `Total: @{variables('n')}`) or a bare expression as typed in
    /// the designer's expression editor (`add(1, 2)`).
    pub expression: String,
    /// What the expression sees: `{"parameters", "variables", "appsettings", "trigger",
    /// "actions", "action", "item", "items", "iterationIndexes", "result", "workflow",
    /// "listCallbackUrl", "utcNow"}` (all optional).
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub context: Option<Value>,
}

/// The answer to one evaluation: exactly one of `value` and `error`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EvaluateResponse {
    /// The expression's value.
    Value {
        /// The value as JSON (non-finite floats as the strings `Infinity`, `-Infinity`, `NaN`).
        #[schema(value_type = Object)]
        value: Value,
    },
    /// Why it could not be evaluated.
    Error {
        /// The failure.
        error: ExpressionError,
    },
}

/// A parse or evaluation failure.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ExpressionError {
    /// `InvalidExpression` for syntax errors; the evaluator's code (`InvalidTemplate`, …)
    /// otherwise.
    pub code: String,
    /// Logic Apps style message naming the function, the argument and the types.
    pub message: String,
    /// Character offset into `expression` of the syntax error or of the failing call; null when
    /// there is nothing to point at.
    pub position: Option<usize>,
}

/// Parses `text` as a template when it starts with `@` or contains `@{`, else as a bare
/// expression.
fn parse(text: &str) -> Result<Template, ParseError> {
    if text.starts_with('@') || text.contains("@{") {
        Template::parse(text)
    } else {
        parse_expression(text).map(Template::Typed)
    }
}

/// Evaluates `expression` against the context document (none: an empty context). `now` is the
/// clock unless the context has `utcNow`; `seed` drives `guid()` and `rand()`. Only a malformed
/// context is an `Err`: parse and evaluation failures are answers.
pub fn evaluate(expression: &str, context: Option<&Value>, now: DateTime<Utc>, seed: u64) -> Result<EvaluateResponse, ContextError> {
    let empty = Value::Object(Default::default());
    let scope = JsonContext::from_json(context.unwrap_or(&empty), now)?.with_random_seed(seed);
    let answer = match parse(expression) {
        Err(e) => EvaluateResponse::Error {
            error: ExpressionError { code: "InvalidExpression".into(), message: e.message, position: Some(e.offset) },
        },
        Ok(template) => match template.evaluate(&scope) {
            Ok(value) => EvaluateResponse::Value { value: value.into_json() },
            Err(e) => EvaluateResponse::Error { error: ExpressionError { code: e.code, message: e.message, position: e.position } },
        },
    };
    Ok(answer)
}

/// A fresh random seed per request, so `guid()` and `rand()` differ between calls.
pub fn random_seed() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0
}

/// `POST /api/expressions/evaluate`: one request answers one result; an array of requests (at
/// most 1,000) answers an array of results in the same order. Evaluation failures are answers
/// (200); a malformed request or context is a 400.
#[utoipa::path(post, path = "/api/expressions/evaluate", tag = "expressions",
    request_body(content = EvaluateRequest, description = "One request, or a JSON array of at most 1,000 requests"),
    responses(
        (status = 200, description = "The value or the error of each expression (an array for a batch)", body = EvaluateResponse),
        (status = 400, description = "Malformed request, malformed context or batch too large", body = flowline_api_types::ApiErrorBody),
    ))]
pub async fn evaluate_handler(body: Result<Bytes, BytesRejection>) -> ApiResult<Json<Value>> {
    let body = super::body_bytes(body)?;
    let json: Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request("InvalidJson", format!("The request body is not valid JSON: {e}."))
    })?;
    let now = Utc::now();
    tokio::task::spawn_blocking(move || answer(json, now))
        .await
        .map_err(|_| ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "The evaluation stopped unexpectedly."))?
        .map(Json)
}

/// Answers a single request or a batch. A malformed request or context anywhere in a batch fails
/// the whole batch with a 400 naming its index (no partial answers).
fn answer(json: Value, now: DateTime<Utc>) -> ApiResult<Value> {
    let Value::Array(items) = json else {
        return run(&request(json, None)?, None, now);
    };
    if items.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "BatchTooLarge",
            format!("A batch may hold at most {MAX_BATCH} requests; this one has {}.", items.len()),
        ));
    }
    let requests: Vec<EvaluateRequest> =
        items.into_iter().enumerate().map(|(i, item)| request(item, Some(i))).collect::<ApiResult<_>>()?;
    let answers = requests.iter().enumerate().map(|(i, r)| run(r, Some(i), now)).collect::<ApiResult<_>>()?;
    Ok(Value::Array(answers))
}

fn at(index: Option<usize>) -> String {
    index.map(|i| format!(" (request {i} of the batch)")).unwrap_or_default()
}

fn request(json: Value, index: Option<usize>) -> ApiResult<EvaluateRequest> {
    serde_json::from_value(json).map_err(|e| {
        ApiError::bad_request(
            "InvalidRequest",
            format!("An evaluation request is an object {{\"expression\": string, \"context\": object}}{}: {e}.", at(index)),
        )
    })
}

fn run(request: &EvaluateRequest, index: Option<usize>, now: DateTime<Utc>) -> ApiResult<Value> {
    let answer = evaluate(&request.expression, request.context.as_ref(), now, random_seed())
        .map_err(|e| ApiError::bad_request("InvalidContext", format!("The evaluation context is not valid{}: {e}.", at(index))))?;
    Ok(serde_json::to_value(answer).unwrap_or_default())
}

/// One catalogue entry as JSON.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FunctionInfo {
    /// Canonical spelling (calls are case-insensitive).
    pub name: String,
    /// `string`, `collection`, `logical`, `conversion`, `math`, `datetime`, `uri`,
    /// `manipulation` or `workflow`.
    pub category: String,
    /// One line: what it returns.
    pub description: String,
    /// The signature as text: `substring(text: string, startIndex: integer, length?: integer): string`.
    pub signature: String,
    /// Parameters in order.
    pub params: Vec<ParamInfo>,
    /// Return type (`string`, `integer`, `array|string`, `any`, …).
    pub returns: String,
    /// Fewest arguments.
    pub min_args: usize,
    /// Most arguments; null when the last parameter repeats.
    pub max_args: Option<usize>,
    /// Examples that hold (each runs as a test).
    pub examples: Vec<ExampleInfo>,
}

/// A parameter of a catalogue function.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParamInfo {
    /// Name shown in signature help.
    pub name: String,
    /// Accepted type (`string`, `number`, `array|string`, …).
    #[serde(rename = "type")]
    pub ty: String,
    /// One line of documentation.
    pub doc: String,
    /// May be left out.
    pub optional: bool,
    /// May be given any number of times.
    pub repeats: bool,
}

/// An example call and its outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExampleInfo {
    /// The expression (without `@`).
    pub expression: String,
    /// Its value, when it succeeds.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
    /// Part of its error message, when it fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The function catalogue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FunctionList {
    /// Every function, in catalogue order (by category).
    pub value: Vec<FunctionInfo>,
}

impl From<&FunctionSignature> for FunctionInfo {
    fn from(f: &FunctionSignature) -> Self {
        let params = f
            .params
            .iter()
            .map(|p| ParamInfo { name: p.name.into(), ty: p.ty.to_string(), doc: p.doc.into(), optional: p.optional, repeats: p.repeats })
            .collect();
        let examples = f
            .examples
            .iter()
            .map(|e| match e.want {
                Ok(json) => ExampleInfo { expression: e.expr.into(), result: serde_json::from_str(json).ok(), error: None },
                Err(message) => ExampleInfo { expression: e.expr.into(), result: None, error: Some(message.into()) },
            })
            .collect();
        FunctionInfo {
            name: f.name.into(),
            category: f.category.name().into(),
            description: f.description.into(),
            signature: f.to_string(),
            params,
            returns: f.returns.to_string(),
            min_args: f.min_args,
            max_args: f.max_args,
            examples,
        }
    }
}

/// `GET /api/expressions/functions`: every expression function with its parameters, types,
/// return type, description and examples.
#[utoipa::path(get, path = "/api/expressions/functions", tag = "expressions",
    responses((status = 200, description = "The function catalogue", body = FunctionList)))]
pub async fn functions() -> Json<FunctionList> {
    Json(FunctionList { value: flowline_expr::catalogue().iter().map(FunctionInfo::from).collect() })
}

//! The two HTTP calls of a webhook — `subscribe` and `unsubscribe` — and the expression scope
//! their inputs are evaluated in.
//!
//! Both requests take the Http action's shape (`{method, uri, headers, queries, body}`; an
//! unsubscribe may spell its address `url`) and carry `x-flowline-idempotency-key`, so a
//! subscriber can recognise a call repeated after a restart. A 2xx answer succeeds; anything else
//! fails with the status's name as code, like the Http action.

use crate::actions::http::{
    body_value, build_request, error_chain, headers_object, read_body, reason_code,
};
use crate::actions::item_scope::child;
use crate::outcome::{Outcome, error};
use chrono::{DateTime, Utc};
use flowline_expr::{EvalError, JsonTemplate, Scope, Value as ExprValue};
use flowline_storage::Status;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::{Map, Value, json};

/// The header that carries a call's idempotency key.
pub(crate) const IDEMPOTENCY_HEADER: &str = "x-flowline-idempotency-key";

/// Which of the two calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    Subscribe,
    Unsubscribe,
}

impl Call {
    fn name(self) -> &'static str {
        match self {
            Call::Subscribe => "subscribe",
            Call::Unsubscribe => "unsubscribe",
        }
    }
}

/// Makes a subscribe or unsubscribe call described by `request` (evaluated inputs). Returns the
/// answer `{statusCode, headers, body}` when it is 2xx, else a failed outcome carrying it.
pub(crate) async fn send(
    client: &reqwest::Client,
    call: Call,
    request: &Value,
    key: &str,
    max_bytes: usize,
) -> Result<Value, Outcome> {
    let mut request = request.clone();
    // An unsubscribe request may name its address `url` (as some Logic Apps samples do).
    if request.get("uri").is_none()
        && let Some(url) = request.get("url").cloned()
    {
        request["uri"] = url;
    }
    let builder = build_request(client, &request).map_err(|o| in_call(call, o))?;
    let builder = builder.header(
        HeaderName::from_static(IDEMPOTENCY_HEADER),
        HeaderValue::from_str(key).unwrap_or(HeaderValue::from_static("")),
    );
    let response = builder.send().await.map_err(|e| {
        let code = if e.is_timeout() {
            "GatewayTimeout"
        } else {
            "BadGateway"
        };
        Outcome::failed(
            code,
            format!(
                "The webhook {} request failed: {}.",
                call.name(),
                error_chain(&e)
            ),
        )
    })?;
    let status = response.status().as_u16();
    let headers = headers_object(response.headers());
    let content_type = headers
        .get("content-type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let bytes = read_body(response, max_bytes).await?;
    let mut outputs = json!({ "statusCode": status, "headers": headers });
    if let Some(body) = body_value(&content_type, &bytes) {
        outputs["body"] = body;
    }
    if (200..300).contains(&status) {
        return Ok(outputs);
    }
    let code = reason_code(status);
    let message = format!(
        "The webhook {} request returned status {status} ({code}).",
        call.name()
    );
    Err(Outcome {
        status: Status::Failed,
        error: Some(error(&code, message)),
        code,
        outputs: Some(outputs),
    })
}

fn in_call(call: Call, outcome: Outcome) -> Outcome {
    let message = outcome
        .error
        .as_ref()
        .and_then(|e| e["message"].as_str())
        .unwrap_or_default()
        .to_string();
    Outcome::failed(
        &outcome.code,
        format!(
            "The webhook {} request is not valid: {message}",
            call.name()
        ),
    )
}

/// A scope in which `listCallbackUrl()` answers the subscription's callback URL and, for the
/// unsubscribe inputs, `action()` answers the webhook so far (`outputs` = the subscribe answer).
pub(crate) struct WebhookScope<'a> {
    outer: &'a dyn Scope,
    callback_url: &'a str,
    current: Option<ExprValue>,
}

impl<'a> WebhookScope<'a> {
    /// `outer` with `listCallbackUrl()` = `callback_url`.
    pub fn new(outer: &'a dyn Scope, callback_url: &'a str) -> Self {
        WebhookScope {
            outer,
            callback_url,
            current: None,
        }
    }

    /// The same scope with `action()` = `current`.
    pub fn with_current_action(self, current: &Value) -> Self {
        WebhookScope {
            current: Some(ExprValue::from(current)),
            ..self
        }
    }
}

impl Scope for WebhookScope<'_> {
    fn trigger(&self) -> Result<ExprValue, EvalError> {
        self.outer.trigger()
    }

    fn action(&self, name: &str) -> Result<ExprValue, EvalError> {
        self.outer.action(name)
    }

    fn current_action(&self) -> Result<ExprValue, EvalError> {
        match &self.current {
            Some(v) => Ok(v.clone()),
            None => self.outer.current_action(),
        }
    }

    fn variable(&self, name: &str) -> Result<ExprValue, EvalError> {
        self.outer.variable(name)
    }

    fn parameter(&self, name: &str) -> Result<ExprValue, EvalError> {
        self.outer.parameter(name)
    }

    fn workflow(&self) -> Result<ExprValue, EvalError> {
        self.outer.workflow()
    }

    fn item(&self) -> Result<ExprValue, EvalError> {
        self.outer.item()
    }

    fn items(&self, loop_name: &str) -> Result<ExprValue, EvalError> {
        self.outer.items(loop_name)
    }

    fn result(&self, scope_name: &str) -> Result<ExprValue, EvalError> {
        self.outer.result(scope_name)
    }

    fn iteration_indexes(&self, loop_name: &str) -> Result<ExprValue, EvalError> {
        self.outer.iteration_indexes(loop_name)
    }

    fn app_setting(&self, name: &str) -> Result<ExprValue, EvalError> {
        self.outer.app_setting(name)
    }

    fn list_callback_url(&self) -> Result<ExprValue, EvalError> {
        Ok(ExprValue::from(self.callback_url))
    }

    fn now(&self) -> DateTime<Utc> {
        self.outer.now()
    }

    fn random_u128(&self) -> u128 {
        self.outer.random_u128()
    }
}

/// The `action()` object the unsubscribe inputs see: the webhook's name, its evaluated inputs and,
/// as `outputs`, the subscribe answer.
pub(crate) fn current_action(name: &str, inputs: &Value, subscribe_answer: &Value) -> Value {
    json!({ "name": name, "inputs": inputs, "outputs": subscribe_answer, "status": "Running" })
}

/// Evaluates a webhook's inputs for subscribing: everything except `unsubscribe`, which is kept as
/// written (it may use `action()`, known only once the subscribe call has answered).
pub(crate) fn evaluate_subscribe(
    inputs: &JsonTemplate,
    written: Option<&Value>,
    scope: &WebhookScope<'_>,
) -> Result<Value, EvalError> {
    let JsonTemplate::Object(fields) = inputs else {
        return inputs.evaluate(scope);
    };
    let mut out = Map::new();
    for (key, template) in fields {
        let value = match key.as_str() {
            "unsubscribe" => written
                .and_then(|w| w.get(key))
                .cloned()
                .unwrap_or(Value::Null),
            _ => template.evaluate(scope)?,
        };
        out.insert(key.clone(), value);
    }
    Ok(Value::Object(out))
}

/// Evaluates the `unsubscribe` member of a webhook's inputs after a successful subscribe (with
/// `action()` available in `scope`); `None` when there is none.
pub(crate) fn evaluate_unsubscribe(
    inputs: &JsonTemplate,
    scope: &WebhookScope<'_>,
) -> Result<Option<Value>, EvalError> {
    let Some(template) = child(inputs, "unsubscribe") else {
        return Ok(None);
    };
    let value = template.evaluate(scope)?;
    Ok(value.is_object().then_some(value))
}

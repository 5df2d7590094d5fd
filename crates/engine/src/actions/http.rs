//! Http: call an HTTP endpoint. Inputs `{method, uri, headers, queries, body}`; outputs
//! `{statusCode, headers, body}`. A 2xx answer succeeds; any other status fails the action with the
//! status's name as code (`InternalServerError`); a connection failure is `BadGateway`, a timeout
//! `GatewayTimeout`. JSON answers are parsed; other text stays text; binary content becomes the
//! `{"$content-type", "$content"}` envelope (base64).
//!
//! One call is one attempt: [`call`] also says whether the failure may be retried (408, 429, 5xx,
//! connection failures and timeouts) and the `Retry-After` the server asked for; the retry policy
//! itself is applied by [`crate::retry`]. A `202 Accepted` answer also carries its polling
//! instructions ([`Accepted`]); the async pattern that follows them is [`super::http_poll`].

use super::{required, text_of};
use crate::outcome::{Outcome, error};
use crate::run::Ctx;
use base64::Engine as _;
use flowline_model::Action;
use chrono::{DateTime, Utc};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};
use std::time::Duration;

/// The Logic Apps code for an HTTP status: its reason phrase without spaces (`OK`, `NotFound`).
pub(crate) fn reason_code(status: u16) -> String {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| r.split(|c: char| !c.is_ascii_alphanumeric()).collect::<String>())
        .unwrap_or_else(|| status.to_string())
}

pub(crate) fn build_request(client: &reqwest::Client, inputs: &Value) -> Result<reqwest::RequestBuilder, Outcome> {
    let method_text = required(inputs, "method")?.as_str().unwrap_or_default().to_ascii_uppercase();
    let method = Method::from_bytes(method_text.as_bytes())
        .map_err(|_| Outcome::failed("InvalidTemplate", format!("'{method_text}' is not an HTTP method.")))?;
    let uri = text_of(required(inputs, "uri")?);
    let mut url = reqwest::Url::parse(&uri)
        .map_err(|e| Outcome::failed("InvalidTemplate", format!("The uri '{uri}' is not a valid absolute URL: {e}.")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Outcome::failed("InvalidTemplate", format!("The uri '{uri}' must use http or https.")));
    }
    if let Some(Value::Object(q)) = inputs.get("queries") {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in q {
            pairs.append_pair(k, &text_of(v));
        }
    }
    let mut headers = HeaderMap::new();
    if let Some(Value::Object(h)) = inputs.get("headers") {
        for (k, v) in h {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| Outcome::failed("InvalidTemplate", format!("'{k}' is not a valid header name.")))?;
            let value = HeaderValue::from_str(&text_of(v))
                .map_err(|_| Outcome::failed("InvalidTemplate", format!("The value of header '{k}' is not valid.")))?;
            headers.insert(name, value);
        }
    }
    let mut request = client.request(method, url);
    match inputs.get("body") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            if !headers.contains_key(CONTENT_TYPE) {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
            }
            request = request.body(s.clone());
        }
        Some(body) => match envelope_bytes(body) {
            Some((content_type, bytes)) => {
                if let Ok(v) = HeaderValue::from_str(&content_type) {
                    headers.entry(CONTENT_TYPE).or_insert(v);
                }
                request = request.body(bytes);
            }
            None => {
                headers.entry(CONTENT_TYPE).or_insert(HeaderValue::from_static("application/json"));
                request = request.body(serde_json::to_vec(body).unwrap_or_default());
            }
        },
    }
    Ok(request.headers(headers))
}

/// Decodes a `{"$content-type", "$content"}` envelope.
fn envelope_bytes(v: &Value) -> Option<(String, Vec<u8>)> {
    let ct = v.get("$content-type")?.as_str()?;
    let content = v.get("$content")?.as_str()?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(content).ok()?;
    Some((ct.to_string(), bytes))
}

pub(crate) fn body_value(content_type: &str, bytes: &[u8]) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("json")
        && let Ok(v) = serde_json::from_slice(bytes)
    {
        return Some(v);
    }
    let textual = ct.starts_with("text/") || ct.contains("xml") || ct.contains("json") || ct.is_empty();
    match std::str::from_utf8(bytes) {
        Ok(s) if textual => Some(Value::String(s.to_string())),
        _ => Some(json!({
            "$content-type": if ct.is_empty() { "application/octet-stream" } else { content_type },
            "$content": base64::engine::general_purpose::STANDARD.encode(bytes),
        })),
    }
}

/// Whether a failed call may be retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Retry {
    /// Succeeded, or failed in a way another attempt would not change (4xx other than 408/429,
    /// invalid inputs, a response too large).
    No,
    /// A transient failure; `after` is the wait the server asked for with `Retry-After`.
    Transient { after: Option<Duration> },
}

/// One Http call: its outcome and whether it may be retried.
pub(crate) struct Called {
    pub outcome: Outcome,
    pub retry: Retry,
    /// Set when the answer was `202 Accepted`: where and when to poll (the async pattern,
    /// [`super::http_poll`]).
    pub accepted: Option<Accepted>,
}

/// A `202 Accepted` answer's polling instructions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Accepted {
    /// Its `Location` header, resolved against the request URL.
    pub location: Option<reqwest::Url>,
    /// Its `Retry-After` header.
    pub after: Option<Duration>,
}

impl From<Outcome> for Called {
    fn from(outcome: Outcome) -> Self {
        Called { outcome, retry: Retry::No, accepted: None }
    }
}

fn transient(outcome: Outcome) -> Called {
    Called { outcome, retry: Retry::Transient { after: None }, accepted: None }
}

/// Whether an answer with this status may be retried: 408, 429 and 5xx.
fn is_transient(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

/// `Retry-After`: delay seconds, or an HTTP date (measured from `now`; a past date means no wait).
pub(crate) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(text).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// The header carrying an action execution's idempotency key.
pub(crate) const IDEMPOTENCY_KEY: &str = "x-flowline-idempotency-key";

fn has_header(inputs: &Value, name: &str) -> bool {
    inputs.get("headers").and_then(Value::as_object).is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case(name)))
}

/// Makes one call.
pub(crate) async fn call(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Called {
    let request = match build_request(&ctx.inner.http, inputs) {
        // The same key on every attempt, and on the attempt re-run after a restart, so the
        // receiver can tell a repeat from a new call. A key given in the inputs wins.
        Ok(r) if has_header(inputs, IDEMPOTENCY_KEY) => r,
        Ok(r) => r.header(IDEMPOTENCY_KEY, ctx.idempotency_key(&action.name)),
        Err(o) => return o.into(),
    };
    exchange(ctx, action, request).await
}

/// Sends one request of an Http action (its call, or a poll of its async pattern) and reads the
/// answer.
pub(crate) async fn exchange(ctx: &Ctx<'_>, action: &Action, request: reqwest::RequestBuilder) -> Called {
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return transient(Outcome::failed(
                "GatewayTimeout",
                format!("Http request of action '{}' failed: the server did not respond within the timeout limit.", action.name),
            ));
        }
        Err(e) => {
            return transient(Outcome::failed(
                "BadGateway",
                format!("Http request of action '{}' failed as there is an error: '{}'.", action.name, error_chain(&e)),
            ));
        }
    };
    let status = response.status().as_u16();
    let retry = match is_transient(status) {
        true => Retry::Transient { after: retry_after(response.headers(), ctx.inner.clock.now()) },
        false => Retry::No,
    };
    let accepted = (status == 202).then(|| Accepted {
        location: response.headers().get(LOCATION).and_then(|l| l.to_str().ok()).and_then(|l| response.url().join(l).ok()),
        after: retry_after(response.headers(), ctx.inner.clock.now()),
    });
    let headers = headers_object(response.headers());
    let content_type = headers.get("content-type").and_then(Value::as_str).unwrap_or_default().to_string();
    let bytes = match read_body(response, ctx.inner.config.max_response_bytes).await {
        Ok(b) => b,
        Err(o) if o.code == "BadGateway" => return transient(o),
        Err(o) => return o.into(),
    };
    let mut outputs = json!({ "statusCode": status, "headers": headers });
    if let Some(body) = body_value(&content_type, &bytes) {
        outputs["body"] = body;
    }
    let code = reason_code(status);
    let outcome = if (200..300).contains(&status) {
        Outcome { code, ..Outcome::succeeded(Some(outputs)) }
    } else {
        let message = format!("The Http request returned status {status} ({code}).");
        Outcome { status: flowline_storage::Status::Failed, error: Some(error(&code, message)), code, outputs: Some(outputs) }
    };
    Called { outcome, retry, accepted }
}

/// Response headers as an object; a header sent several times has its values joined with ", ".
pub(crate) fn headers_object(headers: &HeaderMap) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in headers {
        let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
        match out.get_mut(k.as_str()) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(&value);
            }
            _ => {
                out.insert(k.as_str().to_string(), Value::String(value));
            }
        }
    }
    out
}

/// Reads the response body, refusing more than `limit` bytes.
pub(crate) async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Outcome> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    return Err(Outcome::failed(
                        "ResponseTooLarge",
                        format!("The Http response is larger than {limit} bytes, the most an action output may hold."),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => return Err(Outcome::failed("BadGateway", format!("Reading the Http response failed: {}.", error_chain(&e)))),
        }
    }
}

pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retries_only_timeouts_throttling_and_server_errors() {
        for status in [408, 429, 500, 502, 503, 599] {
            assert!(is_transient(status), "{status}");
        }
        for status in [200, 400, 401, 404, 409, 499] {
            assert!(!is_transient(status), "{status}");
        }
    }

    #[test]
    fn reads_retry_after_as_seconds_or_an_http_date() {
        let now = Utc.with_ymd_and_hms(2015, 10, 21, 7, 28, 0).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:10 GMT"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(10)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT"));
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }
}

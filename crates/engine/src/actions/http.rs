//! Http: call an HTTP endpoint. Inputs `{method, uri, headers, queries, body}`; outputs
//! `{statusCode, headers, body}`. A 2xx answer succeeds; any other status fails the action with the
//! status's name as code (`InternalServerError`); a connection failure is `BadGateway`, a timeout
//! `GatewayTimeout`. JSON answers are parsed; other text stays text; binary content becomes the
//! `{"$content-type", "$content"}` envelope (base64).

use super::{required, text_of};
use crate::outcome::{Outcome, error};
use crate::run::Ctx;
use base64::Engine as _;
use flowline_model::Action;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};

/// The Logic Apps code for an HTTP status: its reason phrase without spaces (`OK`, `NotFound`).
pub(crate) fn reason_code(status: u16) -> String {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| r.split(|c: char| !c.is_ascii_alphanumeric()).collect::<String>())
        .unwrap_or_else(|| status.to_string())
}

fn build_request(ctx: &Ctx<'_>, inputs: &Value) -> Result<reqwest::RequestBuilder, Outcome> {
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
    let mut request = ctx.inner.http.request(method, url);
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

fn body_value(content_type: &str, bytes: &[u8]) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("json") {
        if let Ok(v) = serde_json::from_slice(bytes) {
            return Some(v);
        }
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

pub(crate) async fn execute(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Outcome {
    let request = match build_request(ctx, inputs) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return Outcome::failed(
                "GatewayTimeout",
                format!("Http request of action '{}' failed: the server did not respond within the timeout limit.", action.name),
            );
        }
        Err(e) => {
            return Outcome::failed(
                "BadGateway",
                format!("Http request of action '{}' failed as there is an error: '{}'.", action.name, error_chain(&e)),
            );
        }
    };
    let status = response.status().as_u16();
    let headers = headers_object(response.headers());
    let content_type = headers.get("content-type").and_then(Value::as_str).unwrap_or_default().to_string();
    let bytes = match read_body(response, ctx.inner.config.max_response_bytes).await {
        Ok(b) => b,
        Err(o) => return o,
    };
    let mut outputs = json!({ "statusCode": status, "headers": headers });
    if let Some(body) = body_value(&content_type, &bytes) {
        outputs["body"] = body;
    }
    let code = reason_code(status);
    if (200..300).contains(&status) {
        Outcome { code, ..Outcome::succeeded(Some(outputs)) }
    } else {
        let message = format!("The Http request returned status {status} ({code}).");
        Outcome { status: flowline_storage::Status::Failed, error: Some(error(&code, message)), code, outputs: Some(outputs) }
    }
}

/// Response headers as an object; a header sent several times has its values joined with ", ".
fn headers_object(headers: &HeaderMap) -> Map<String, Value> {
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
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Outcome> {
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

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

//! Encodings shared by both backends: JSON payloads as text (key order preserved), statuses as
//! their stable strings, a repetition as its JSON array, timestamps as microseconds.

use chrono::{DateTime, Utc};
use flowline_storage::{MeterCategory, RepetitionIndex, Status, StorageError, StorageResult};
use serde_json::Value;

/// A JSON payload as stored: compact text in the value's own key order.
pub(crate) fn json_text(value: &Value) -> String {
    value.to_string()
}

/// An optional JSON payload as stored.
pub(crate) fn opt_json_text(value: &Option<Value>) -> Option<String> {
    value.as_ref().map(json_text)
}

/// Parses a stored JSON payload.
pub(crate) fn parse_json(text: &str, column: &'static str) -> StorageResult<Value> {
    serde_json::from_str(text).map_err(|err| corrupt(column, &err))
}

/// Parses an optional stored JSON payload.
pub(crate) fn parse_opt_json(
    text: Option<String>,
    column: &'static str,
) -> StorageResult<Option<Value>> {
    text.map(|t| parse_json(&t, column)).transpose()
}

/// Parses a stored status.
pub(crate) fn parse_status(text: &str) -> StorageResult<Status> {
    text.parse().map_err(|err| corrupt("status", &err))
}

/// Parses a stored meter category.
pub(crate) fn parse_category(text: &str) -> StorageResult<MeterCategory> {
    text.parse().map_err(|err| corrupt("category", &err))
}

/// The stored key of a repetition: its JSON array (`[]` outside loops). Deterministic, because
/// [`RepetitionIndex`] serializes its fields in declaration order.
pub(crate) fn repetition_key(repetition: &[RepetitionIndex]) -> String {
    serde_json::to_string(repetition).unwrap_or_else(|_| "[]".to_string())
}

/// Parses a stored repetition key.
pub(crate) fn parse_repetition(text: &str) -> StorageResult<Vec<RepetitionIndex>> {
    serde_json::from_str(text).map_err(|err| corrupt("repetition", &err))
}

/// Microseconds since the Unix epoch (the SQLite timestamp form and the token form).
pub(crate) fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// The inverse of [`micros`].
pub(crate) fn from_micros(value: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(value)
}

/// A timestamp column as a backend decodes it.
pub(crate) trait DbTime {
    /// Converts to UTC time.
    fn into_utc(self) -> StorageResult<DateTime<Utc>>;
}

impl DbTime for i64 {
    fn into_utc(self) -> StorageResult<DateTime<Utc>> {
        from_micros(self).ok_or_else(|| corrupt("timestamp", &self))
    }
}

impl DbTime for DateTime<Utc> {
    fn into_utc(self) -> StorageResult<DateTime<Utc>> {
        Ok(self)
    }
}

/// Converts an optional timestamp column.
pub(crate) fn opt_utc<T: DbTime>(value: Option<T>) -> StorageResult<Option<DateTime<Utc>>> {
    value.map(DbTime::into_utc).transpose()
}

fn corrupt(column: &'static str, detail: &dyn std::fmt::Display) -> StorageError {
    tracing::error!(column, %detail, "unreadable stored value");
    StorageError::Backend(format!("unreadable stored {column}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetition_key_round_trips_and_is_stable() {
        let rep = vec![
            RepetitionIndex {
                scope_name: "outer".into(),
                item_index: 2,
            },
            RepetitionIndex {
                scope_name: "inner".into(),
                item_index: 0,
            },
        ];
        let key = repetition_key(&rep);
        assert_eq!(
            key,
            r#"[{"scopeName":"outer","itemIndex":2},{"scopeName":"inner","itemIndex":0}]"#
        );
        assert_eq!(parse_repetition(&key).unwrap(), rep);
        assert_eq!(repetition_key(&[]), "[]");
    }
}

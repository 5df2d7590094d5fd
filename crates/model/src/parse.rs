//! Lossless JSON parsing that also reports duplicate object keys.
//!
//! `serde_json` silently keeps the last of two equal keys. This module drives the same
//! deserializer with a custom [`DeserializeSeed`] that builds the identical
//! [`serde_json::Value`] (so a save round-trips) while recording the JSON pointer of every
//! duplicated key. Nesting stays bounded by `serde_json`'s recursion limit (128), which is
//! enforced inside `deserialize_any`, so hostile input returns an error instead of
//! overflowing the stack.

use crate::diagnostics::push_pointer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Malformed JSON: the document could not be parsed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed JSON at line {line}, column {column}: {message}")]
pub struct LoadError {
    /// What went wrong (from the JSON parser).
    pub message: String,
    /// 1-based line of the error (0 when unknown).
    pub line: usize,
    /// 1-based column of the error (0 when unknown).
    pub column: usize,
}

impl From<serde_json::Error> for LoadError {
    fn from(e: serde_json::Error) -> Self {
        let full = e.to_string();
        // serde_json appends " at line L column C"; keep the message without it.
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        LoadError {
            message,
            line: e.line(),
            column: e.column(),
        }
    }
}

/// Parses `text` (a leading UTF-8 BOM is skipped) into a value plus the JSON pointers of
/// duplicated keys, in document order.
pub fn parse_with_duplicates(text: &str) -> Result<(Value, Vec<String>), LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let duplicates = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed {
        pointer: String::new(),
        duplicates: &duplicates,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((value, duplicates.into_inner()))
}

struct ValueSeed<'a> {
    pointer: String,
    duplicates: &'a RefCell<Vec<String>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = ValueSeed {
                pointer: format!("{}/{}", self.pointer, items.len()),
                duplicates: self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let pointer = push_pointer(&self.pointer, &key);
            let value = map.next_value_seed(ValueSeed {
                pointer: pointer.clone(),
                duplicates: self.duplicates,
            })?;
            if object.insert(key, value).is_some() {
                self.duplicates.borrow_mut().push(pointer);
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_same_value_as_serde_json() {
        let text = r#"{"b":1,"a":[1.5,-2,18446744073709551615,null,true,"x"],"c":{"z":{},"y":[]}}"#;
        let (v, dups) = parse_with_duplicates(text).unwrap();
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        assert!(dups.is_empty());
    }

    #[test]
    fn duplicate_keys_are_reported_with_their_pointer_and_last_wins() {
        let (v, dups) =
            parse_with_duplicates(r#"{"a":{"x/y":1,"x/y":2},"a":{"k":[{"n":1,"n":2}]}}"#).unwrap();
        assert_eq!(dups, vec!["/a/x~1y", "/a/k/0/n", "/a"]);
        assert_eq!(v["a"]["k"][0]["n"], 2);
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let err = parse_with_duplicates("{\n  \"a\": ,\n}").unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
        assert!(err.to_string().contains("line 2, column 8"), "{err}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        let err = parse_with_duplicates(&text).unwrap_err();
        assert!(err.message.contains("recursion limit"), "{}", err.message);
    }

    #[test]
    fn bom_is_skipped_and_trailing_garbage_rejected() {
        assert!(parse_with_duplicates("\u{feff}{}").is_ok());
        assert!(parse_with_duplicates("{} x").is_err());
    }
}

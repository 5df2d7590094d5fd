//! The runtime value model shared by the evaluator and every function.

use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::codec::{base64_decode, base64_encode};
use crate::number::{format_decimal, format_float};
use crate::numeric::decimal_to_json;

/// Key of the content type in a content envelope.
pub const CONTENT_TYPE_KEY: &str = "$content-type";
/// Key of the base64 content in a content envelope.
pub const CONTENT_KEY: &str = "$content";

/// A value produced or consumed by an expression.
///
/// This mirrors JSON, but keeps integers, floats and decimals apart the way Logic Apps does
/// (`div(11, 5)` is `2`, `div(11, 5.0)` is `2.2`, `decimal('5.0000')` prints `5.0000`).
///
/// Non-JSON content (text, binary, form data) travels as a *content envelope*, an object
/// `{"$content-type": "<mime>", "$content": "<base64>"}` (see [`Value::content_envelope`] and
/// [`Value::as_content`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// JSON `null`.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A 64-bit signed integer.
    Int(i64),
    /// A double-precision float (may be non-finite).
    Float(f64),
    /// A .NET `System.Decimal`: 96-bit mantissa, scale 0–28, made by `decimal()`. Arithmetic
    /// with a decimal operand stays decimal (see the `numeric` module).
    Decimal(Decimal),
    /// A string.
    String(String),
    /// An ordered list.
    Array(Vec<Value>),
    /// An object; key order is preserved.
    Object(IndexMap<String, Value>),
}

impl Value {
    /// Converts to JSON. Integral floats stay floats (`5.0`); non-finite floats become the strings
    /// `"Infinity"`, `"-Infinity"` and `"NaN"`.
    pub fn to_json(&self) -> serde_json::Value {
        self.clone().into_json()
    }

    /// Like [`Value::to_json`] but consumes the value, avoiding string and map copies.
    pub fn into_json(self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(b),
            Value::Int(i) => J::from(i),
            Value::Float(f) => match serde_json::Number::from_f64(f) {
                Some(n) => J::Number(n),
                None => J::String(format_float(f)),
            },
            Value::Decimal(d) => decimal_to_json(d),
            Value::String(s) => J::String(s),
            Value::Array(items) => J::Array(items.into_iter().map(Value::into_json).collect()),
            Value::Object(map) => {
                J::Object(map.into_iter().map(|(k, v)| (k, v.into_json())).collect())
            }
        }
    }

    /// Logic Apps stringification, as used by `@{...}` and `string()`.
    ///
    /// `null` is empty, booleans are `True`/`False`, floats use .NET formatting (`5`, `2.5`,
    /// `9.223372036854776E+18`), decimals keep their scale (`5.0000`), a content envelope is its
    /// content decoded as UTF-8 (lossily), other arrays and objects are compact JSON.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(true) => "True".to_owned(),
            Value::Bool(false) => "False".to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Decimal(d) => format_decimal(*d),
            Value::String(s) => s.clone(),
            Value::Object(_) => match self.as_content() {
                Some((_, bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
                None => self.json_text(),
            },
            Value::Array(_) => self.json_text(),
        }
    }

    /// Compact JSON text, as Logic Apps writes a value inside text: like [`Value::to_json`]
    /// serialized, except that decimals keep their scale (`[5.0000]`, not `[5.0]`).
    fn json_text(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Value::Decimal(d) => out.push_str(&format_decimal(*d)),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::from(k.as_str()).to_string());
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
            scalar => out.push_str(&scalar.to_json().to_string()),
        }
    }

    /// The bytes a value stands for where binary content is expected (`base64()` and friends):
    /// a content envelope's decoded content, otherwise the UTF-8 of [`Value::to_text`].
    pub fn to_bytes(&self) -> Vec<u8> {
        match self.as_content() {
            Some((_, bytes)) => bytes,
            None => self.to_text().into_bytes(),
        }
    }

    /// A content envelope `{"$content-type": content_type, "$content": base64(bytes)}`, the
    /// form Logic Apps gives non-JSON content (`binary()`, `base64ToBinary()`, `xml()`).
    pub fn content_envelope(content_type: &str, bytes: &[u8]) -> Value {
        let mut map = IndexMap::with_capacity(2);
        map.insert(CONTENT_TYPE_KEY.to_owned(), Value::from(content_type));
        map.insert(CONTENT_KEY.to_owned(), Value::String(base64_encode(bytes)));
        Value::Object(map)
    }

    /// The content type and decoded bytes if this is a content envelope: an object with a
    /// string `$content-type` and a base64 string `$content` (other keys, such as `$formdata`
    /// or `$multipart`, may be present too). `None` otherwise, or if `$content` is not base64.
    pub fn as_content(&self) -> Option<(&str, Vec<u8>)> {
        let Value::Object(map) = self else {
            return None;
        };
        let content_type = map.get(CONTENT_TYPE_KEY)?.as_str()?;
        let bytes = base64_decode(map.get(CONTENT_KEY)?.as_str()?)?;
        Some((content_type, bytes))
    }

    /// The `$formdata` list (`[{"key", "value"}]`) of a form-urlencoded envelope.
    pub fn form_data(&self) -> Option<&[Value]> {
        self.envelope_list("$formdata")
    }

    /// The `$multipart` list (`[{"headers", "body"}]`) of a multipart envelope.
    pub fn multipart(&self) -> Option<&[Value]> {
        self.envelope_list("$multipart")
    }

    fn envelope_list(&self, key: &str) -> Option<&[Value]> {
        let Value::Object(map) = self else {
            return None;
        };
        map.get(CONTENT_TYPE_KEY)?.as_str()?;
        match map.get(key)? {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The Logic Apps name of this value's type, as used in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::Decimal(_) => "Decimal",
            Value::String(_) => "String",
            Value::Array(_) => "Array",
            Value::Object(_) => "Object",
        }
    }

    /// Case-insensitive property lookup on objects: an exact-case key wins, otherwise the first
    /// case-insensitive match in key order. `None` for missing keys and non-objects.
    pub fn get_property(&self, name: &str) -> Option<&Value> {
        let Value::Object(map) = self else {
            return None;
        };
        map.get(name).or_else(|| {
            map.iter()
                .find(|(k, _)| eq_ignore_case(k, name))
                .map(|(_, v)| v)
        })
    }

    /// Walks a chain of property names leniently: any missing step yields `Null`.
    pub(crate) fn path(&self, names: &[&str]) -> Value {
        let mut current = self;
        for name in names {
            match current.get_property(name) {
                Some(next) => current = next,
                None => return Value::Null,
            }
        }
        current.clone()
    }

    /// True for `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string slice if this is a `String`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Unicode-aware case-insensitive equality without allocating.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // The common case (function and property names): no Unicode folding needed.
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

impl From<&serde_json::Value> for Value {
    fn from(v: &serde_json::Value) -> Self {
        use serde_json::Value as J;
        match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => number_to_value(n),
            J::String(s) => Value::String(s.clone()),
            J::Array(items) => Value::Array(items.iter().map(Value::from).collect()),
            J::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        use serde_json::Value as J;
        match v {
            J::String(s) => Value::String(s),
            J::Array(items) => Value::Array(items.into_iter().map(Value::from).collect()),
            J::Object(map) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
            other => Value::from(&other),
        }
    }
}

fn number_to_value(n: &serde_json::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Int(i)
    } else if let Some(u) = n.as_u64() {
        Value::Float(u as f64)
    } else {
        Value::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Self {
        Value::Decimal(d)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_numbers_map_to_int_or_float() {
        assert_eq!(Value::from(json!(5)), Value::Int(5));
        assert_eq!(Value::from(json!(5.0)), Value::Float(5.0));
        assert_eq!(Value::from(json!(u64::MAX)), Value::Float(u64::MAX as f64));
    }

    #[test]
    fn integral_float_stays_float_in_json() {
        assert_eq!(Value::Float(5.0).to_json().to_string(), "5.0");
        assert_eq!(Value::Float(f64::INFINITY).to_json(), json!("Infinity"));
        assert_eq!(Value::Float(f64::NAN).to_json(), json!("NaN"));
    }

    #[test]
    fn text_uses_logic_apps_spelling() {
        assert_eq!(Value::Null.to_text(), "");
        assert_eq!(Value::Bool(true).to_text(), "True");
        assert_eq!(Value::Float(5.0).to_text(), "5");
        let obj = Value::from(json!({"b": 1, "a": [true, null]}));
        assert_eq!(obj.to_text(), r#"{"b":1,"a":[true,null]}"#);
    }

    #[test]
    fn decimals_print_with_scale_and_serialize_as_numbers() {
        let d = Value::Decimal("5.0000".parse().unwrap());
        assert_eq!(d.to_text(), "5.0000");
        assert_eq!(d.type_name(), "Decimal");
        assert_eq!(d.to_json(), json!(5.0));
        let big = Value::Decimal("18446744065119617025".parse().unwrap());
        assert_eq!(big.to_json().to_string(), "18446744065119617025");
    }

    #[test]
    fn content_envelopes_round_trip() {
        let v = Value::content_envelope("text/plain", b"hello");
        assert_eq!(
            v.to_json(),
            json!({"$content-type": "text/plain", "$content": "aGVsbG8="})
        );
        assert_eq!(v.as_content(), Some(("text/plain", b"hello".to_vec())));
        assert_eq!(v.to_text(), "hello");
        assert_eq!(v.to_bytes(), b"hello");
        assert_eq!(Value::from("hi").to_bytes(), b"hi");
        let not_base64 = Value::from(json!({"$content-type": "a/b", "$content": "***"}));
        assert_eq!(not_base64.as_content(), None);
        let form = Value::from(json!({
            "$content-type": "application/x-www-form-urlencoded",
            "$content": "YT0x",
            "$formdata": [{"key": "a", "value": "1"}]
        }));
        assert_eq!(form.form_data().map(<[Value]>::len), Some(1));
        assert_eq!(form.multipart(), None);
        assert_eq!(Value::from(json!({"$formdata": []})).form_data(), None);
    }

    #[test]
    fn property_lookup_prefers_exact_case_then_first_match() {
        let obj = Value::from(json!({"aAa": 1, "AaA": 2}));
        assert_eq!(obj.get_property("AaA"), Some(&Value::Int(2)));
        assert_eq!(obj.get_property("AAA"), Some(&Value::Int(1)));
        assert_eq!(obj.get_property("b"), None);
        assert_eq!(Value::Int(1).get_property("a"), None);
    }

    #[test]
    fn key_order_survives_round_trip() {
        let v = json!({"z": 1, "a": 2, "m": {"y": 1, "b": 2}});
        assert_eq!(Value::from(&v).into_json().to_string(), v.to_string());
    }
}

//! Item identity for `union` and `intersection`: deep JSON equality, where numbers compare by
//! value across integer, float and decimal (`1` and `1.0` are the same item) but nothing else
//! is coerced (`1`, `true` and `'1'` are three items), strings compare ordinally and object key
//! order does not matter.
//!
//! Each value maps to a canonical key string so that de-duplication is a hash lookup, keeping
//! `union` and `intersection` linear on large arrays.

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::value::Value;

/// A string that is equal for two values exactly when they are the same item.
pub(crate) fn identity(value: &Value) -> String {
    let mut key = String::new();
    write_key(value, &mut key);
    key
}

fn write_key(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push('n'),
        Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Value::Int(i) => {
            let _ = write!(out, "#{i}");
        }
        Value::Float(f) => write_float(*f, out),
        Value::Decimal(d) => write_decimal(*d, out),
        Value::String(s) => {
            out.push('s');
            out.push_str(&serde_json::Value::from(s.as_str()).to_string());
        }
        Value::Array(items) => {
            out.push('[');
            for item in items {
                write_key(item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (k, v) in entries {
                out.push_str(&serde_json::Value::from(k.as_str()).to_string());
                out.push(':');
                write_key(v, out);
                out.push(',');
            }
            out.push('}');
        }
    }
}

/// Integral floats in the 64-bit range share the integer key; others use the shortest
/// round-trip text (`0.1`), which is also what a decimal of the same value prints.
fn write_float(f: f64, out: &mut String) {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f) {
        let _ = write!(out, "#{}", f as i64);
    } else {
        let _ = write!(out, "#{f:?}");
    }
}

fn write_decimal(d: Decimal, out: &mut String) {
    let d = d.normalize();
    match i64::try_from(d) {
        Ok(i) if d.fract().is_zero() => {
            let _ = write!(out, "#{i}");
        }
        _ => {
            let _ = write!(out, "#{d}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(v: serde_json::Value) -> String {
        identity(&Value::from(v))
    }

    #[test]
    fn numbers_match_across_kinds_but_nothing_else_is_coerced() {
        assert_eq!(key(json!(1)), key(json!(1.0)));
        assert_eq!(
            identity(&Value::Decimal("2.50".parse().unwrap())),
            key(json!(2.5))
        );
        assert_eq!(
            identity(&Value::Decimal("3.000".parse().unwrap())),
            key(json!(3))
        );
        assert_ne!(key(json!(1)), key(json!(true)));
        assert_ne!(key(json!(1)), key(json!("1")));
        assert_ne!(key(json!(null)), key(json!("")));
        assert_ne!(key(json!("a")), key(json!("A")));
    }

    #[test]
    fn objects_ignore_key_order_but_not_key_case() {
        assert_eq!(
            key(json!({"a": 1, "b": [2]})),
            key(json!({"b": [2.0], "a": 1}))
        );
        assert_ne!(key(json!({"a": 1})), key(json!({"A": 1})));
        assert_ne!(key(json!([1, 2])), key(json!([2, 1])));
        assert_ne!(key(json!(["a,b"])), key(json!(["a", "b"])));
    }
}

//! Logic Apps equality and ordering of values, shared by `equals`, `contains`, `greater`, …

use std::cmp::Ordering;

use crate::numeric::{self, Number};
use crate::value::Value;

/// Logic Apps equality: numbers compare across int/float/decimal, booleans equal 1/0, null
/// equals `''`, strings are ordinal, arrays and objects compare deeply (object key order is
/// ignored).
pub(crate) fn loose_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    if let (Some(x), Some(y)) = (Number::from_value(a), Number::from_value(b)) {
        return numeric::compare(x, y) == Some(Ordering::Equal);
    }
    match (a, b) {
        (Null, Null) => true,
        (Null, String(s)) | (String(s), Null) => s.is_empty(),
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), n) | (n, Bool(x)) if Number::from_value(n).is_some() => {
            loose_eq(&Int(i64::from(*x)), n)
        }
        (String(x), String(y)) => x == y,
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| loose_eq(p, q)),
        (Object(x), Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| loose_eq(v, w)))
        }
        _ => false,
    }
}

/// Why two values cannot be ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Incomparable;

/// Orders two numbers, two booleans or two strings (null counts as `''`, strings are ordinal).
/// `Ok(None)` for NaN; `Err` for mixed or unorderable types.
pub(crate) fn order(a: &Value, b: &Value) -> Result<Option<Ordering>, Incomparable> {
    if let (Some(x), Some(y)) = (Number::from_value(a), Number::from_value(b)) {
        return Ok(numeric::compare(x, y));
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Ok(Some(x.cmp(y))),
        _ => match (as_text(a), as_text(b)) {
            (Some(x), Some(y)) => Ok(Some(x.cmp(y))),
            _ => Err(Incomparable),
        },
    }
}

fn as_text(v: &Value) -> Option<&str> {
    match v {
        Value::Null => Some(""),
        Value::String(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_compare_regardless_of_key_order() {
        let a = Value::from(serde_json::json!({"a": 1, "b": [true]}));
        let b = Value::from(serde_json::json!({"b": [1], "a": 1.0}));
        assert!(loose_eq(&a, &b));
    }

    #[test]
    fn decimals_equal_ints_floats_and_booleans() {
        let five = Value::Decimal("5.00".parse().unwrap());
        assert!(loose_eq(&five, &Value::Int(5)));
        assert!(loose_eq(&Value::Float(5.0), &five));
        let one = Value::Decimal("1".parse().unwrap());
        assert!(loose_eq(&Value::Bool(true), &one));
        assert_eq!(
            order(&five, &Value::Float(4.5)),
            Ok(Some(Ordering::Greater))
        );
        assert_eq!(order(&five, &Value::from("5")), Err(Incomparable));
    }
}

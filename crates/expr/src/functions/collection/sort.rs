//! `sort(array, sortBy?)`: numbers by value, strings ordinally (case-sensitive), booleans
//! false first; objects by the value of one property. The sort is stable, nulls (and objects
//! missing the property) come first, and mixing kinds of values is an error.

use std::cmp::Ordering;

use crate::functions::prelude::*;
use crate::numeric::{Number, compare};

pub(crate) const SORT: Function = Function {
    name: "sort",
    summary: "Sorts an array of numbers, strings or booleans, or of objects by one property.",
    params: &[
        param("collection", Ty::Array, "The array to sort."),
        optional(
            "sortBy",
            Ty::String,
            "The property to sort objects by (matched like property access: exact case first).",
        ),
    ],
    returns: Ty::Array,
    imp: Eager(sort),
    examples: &[
        ok("sort(createArray(2, 1, 0, 3))", "[0,1,2,3]"),
        ok("sort(createArray('b', 'B', 'a'))", r#"["B","a","b"]"#),
        ok("sort(createArray(2.5, 1, decimal('1.5')))", "[1,1.5,2.5]"),
        ok(
            r#"sort(createArray(json('{"first":"Amalie","last":"Rose"}'), json('{"first":"Elise","last":"Renee"}')), 'last')"#,
            r#"[{"first":"Elise","last":"Renee"},{"first":"Amalie","last":"Rose"}]"#,
        ),
        fails(
            "sort(createArray(1, 'a'))",
            "cannot compare values of type 'Integer' and 'String'",
        ),
        fails(
            "sort(createArray(1), 'x')",
            "expects every item to be an object",
        ),
    ],
};

/// What kind of sort key the items have (all non-null keys must agree).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    String,
    Boolean,
}

fn kind(value: &Value) -> Option<Kind> {
    match value {
        Value::Int(_) | Value::Float(_) | Value::Decimal(_) => Some(Kind::Number),
        Value::String(_) => Some(Kind::String),
        Value::Bool(_) => Some(Kind::Boolean),
        _ => None,
    }
}

fn sort(mut call: Call<'_>) -> Result<Value, EvalError> {
    call.array(0)?;
    call.optional_string(1)?;
    let order = sorted_order(&call)?;
    let mut slots: Vec<Option<Value>> = call.take_array(0)?.into_iter().map(Some).collect();
    Ok(Value::Array(
        order.into_iter().filter_map(|i| slots[i].take()).collect(),
    ))
}

/// The indexes of the items in sorted order (a stable sort of their keys).
fn sorted_order(call: &Call<'_>) -> Result<Vec<usize>, EvalError> {
    const NULL: &Value = &Value::Null;
    let items = call.array(0)?;
    let keys: Vec<&Value> = match call.optional_string(1)? {
        None => items.iter().collect(),
        Some(name) => items
            .iter()
            .map(|item| match item {
                Value::Object(_) => Ok(item.get_property(name).unwrap_or(NULL)),
                other => Err(call.error(format_args!(
                    "expects every item to be an object when sorting by property '{name}'. The provided item is of type '{}'.",
                    other.type_name()
                ))),
            })
            .collect::<Result<_, _>>()?,
    };
    check_kinds(call, &keys)?;
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| compare_keys(keys[a], keys[b]));
    Ok(order)
}

/// Fails unless every non-null key is a number, every one a string, or every one a boolean.
fn check_kinds(call: &Call<'_>, keys: &[&Value]) -> Result<(), EvalError> {
    let mut common: Option<(Kind, &Value)> = None;
    for key in keys.iter().copied().filter(|k| !k.is_null()) {
        let Some(k) = kind(key) else {
            return Err(call.error(format_args!(
                "cannot sort values of type '{}': expected numbers, strings or booleans.",
                key.type_name()
            )));
        };
        match common {
            Some((c, first)) if c != k => {
                return Err(call.error(format_args!(
                    "cannot compare values of type '{}' and '{}'.",
                    first.type_name(),
                    key.type_name()
                )));
            }
            Some(_) => {}
            None => common = Some((k, key)),
        }
    }
    Ok(())
}

/// A total order over keys of one kind: null first, NaN before other numbers.
fn compare_keys(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => match (Number::from_value(a), Number::from_value(b)) {
            (Some(x), Some(y)) => {
                let nan = |n: Number| matches!(n, Number::Float(f) if f.is_nan());
                compare(x, y).unwrap_or_else(|| nan(y).cmp(&nan(x)))
            }
            _ => Ordering::Equal,
        },
    }
}

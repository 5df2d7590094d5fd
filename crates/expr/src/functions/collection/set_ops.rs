//! `union(collection, …)` and `intersection(collection, …)`: set operations over arrays (items
//! de-duplicated, in first-seen order) or over objects (keys; a later value wins) — but not a
//! mixture of both.

use std::collections::HashSet;

use indexmap::IndexMap;

use super::identity::identity;
use crate::functions::Param;
use crate::functions::prelude::*;

const ARRAY_OR_OBJECT: Ty = Ty::OneOf(&[Ty::Array, Ty::Object]);
const PARAMS: &[Param] = &[
    param("collection", ARRAY_OR_OBJECT, "The first array or object."),
    repeated(
        "more",
        ARRAY_OR_OBJECT,
        "More collections, of the same kind as the first.",
    ),
];

pub(crate) const UNION: Function = Function {
    name: "union",
    summary: "Returns every item found in any of the arrays (without duplicates), or every property of the objects (a later value wins).",
    params: PARAMS,
    returns: ARRAY_OR_OBJECT,
    imp: Eager(union),
    examples: &[
        ok(
            "union(createArray(1, 2, 3), createArray(1, 2, 10, 101))",
            "[1,2,3,10,101]",
        ),
        ok(
            "union(createArray(3, 4, 4, 5), createArray(1, 2, 3.0))",
            "[3,4,5,1,2]",
        ),
        ok(
            r#"union(json('{"spam":"eggs","thing":3}'), json('{"spam":3,"food":"eggs"}'))"#,
            r#"{"spam":3,"thing":3,"food":"eggs"}"#,
        ),
        fails(
            r#"union(createArray('spam'), json('{"spam":3}'))"#,
            "expects parameters of same type",
        ),
    ],
};

pub(crate) const INTERSECTION: Function = Function {
    name: "intersection",
    summary: "Returns the items found in every array (without duplicates), or the properties with equal values in every object.",
    params: PARAMS,
    returns: ARRAY_OR_OBJECT,
    imp: Eager(intersection),
    examples: &[
        ok(
            "intersection(createArray(1, 2, 3), createArray(101, 2, 1, 10), createArray(6, 8, 1, 2))",
            "[1,2]",
        ),
        ok(
            "intersection(createArray(4, 4, 5), createArray(5, 4))",
            "[4,5]",
        ),
        ok(
            r#"intersection(json('{"a":1,"b":2}'), json('{"b":2,"a":"1"}'))"#,
            r#"{"b":2}"#,
        ),
        fails(
            "intersection(json('{}'), json('[]'))",
            "expects parameters of same type",
        ),
    ],
};

/// The arguments, all arrays or all objects.
enum Collections {
    Arrays(Vec<Vec<Value>>),
    Objects(Vec<IndexMap<String, Value>>),
}

fn collections(mut call: Call<'_>) -> Result<Collections, EvalError> {
    let args = std::mem::take(&mut call.args);
    let first_type = args[0].type_name();
    let mismatch = |other: &Value| {
        call.error(format_args!(
            "expects parameters of same type, either all arrays or all objects. The provided values are of types '{first_type}' and '{}'.",
            other.type_name()
        ))
    };
    match &args[0] {
        Value::Array(_) => args
            .into_iter()
            .map(|v| match v {
                Value::Array(items) => Ok(items),
                other => Err(mismatch(&other)),
            })
            .collect::<Result<_, _>>()
            .map(Collections::Arrays),
        Value::Object(_) => args
            .into_iter()
            .map(|v| match v {
                Value::Object(map) => Ok(map),
                other => Err(mismatch(&other)),
            })
            .collect::<Result<_, _>>()
            .map(Collections::Objects),
        other => Err(crate::functions::call::type_error(
            call.name,
            0,
            args.len(),
            ARRAY_OR_OBJECT,
            other,
        )),
    }
}

fn union(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(match collections(call)? {
        Collections::Arrays(arrays) => {
            let mut seen = HashSet::new();
            let items = arrays.into_iter().flatten();
            Value::Array(items.filter(|item| seen.insert(identity(item))).collect())
        }
        Collections::Objects(objects) => {
            let mut merged = IndexMap::new();
            for (key, value) in objects.into_iter().flatten() {
                merged.insert(key, value);
            }
            Value::Object(merged)
        }
    })
}

fn intersection(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(match collections(call)? {
        Collections::Arrays(arrays) => {
            let mut arrays = arrays.into_iter();
            let first = arrays.next().unwrap_or_default();
            let others: Vec<HashSet<String>> = arrays
                .map(|items| items.iter().map(identity).collect())
                .collect();
            let mut seen = HashSet::new();
            let common = first.into_iter().filter(|item| {
                let key = identity(item);
                others.iter().all(|set| set.contains(&key)) && seen.insert(key)
            });
            Value::Array(common.collect())
        }
        Collections::Objects(objects) => {
            let mut objects = objects.into_iter();
            let first = objects.next().unwrap_or_default();
            let others: Vec<IndexMap<String, Value>> = objects.collect();
            let common = first.into_iter().filter(|(key, value)| {
                let id = identity(value);
                others
                    .iter()
                    .all(|o| o.get(key).is_some_and(|v| identity(v) == id))
            });
            Value::Object(common.collect())
        }
    })
}

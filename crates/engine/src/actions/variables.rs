//! The variable actions, with Logic Apps' type rules: a variable has one of the types boolean,
//! integer, float, string, object, array (names case-insensitive, parsed by the model's
//! [`VariableType`]); an integer value may widen into a float variable; a string, object or array
//! variable may be set to null.
//!
//! Increment/Decrement work on integer and float variables (`value` defaults to 1; an integer
//! variable takes integer steps only — a float step fails rather than silently truncating, as in
//! IllogicApps; integer overflow fails). AppendToString appends text (a non-string value as its
//! `string()` text); AppendToArray appends one element and, like the real runtime, refuses an
//! array or null. Every read-modify-write happens under the run's variable lock, so parallel
//! branches and loop iterations never lose an update. Outputs are SetVariable's:
//! `{"body": {"name", "value": <new value>}}`.

use super::required;
use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_model::VariableType;
use serde_json::{Value, json};

/// The JSON type a value has, in variable terms (`None` for null).
fn type_of(v: &Value) -> Option<VariableType> {
    Some(match v {
        Value::Bool(_) => VariableType::Boolean,
        Value::Number(n) if n.is_f64() => VariableType::Float,
        Value::Number(_) => VariableType::Integer,
        Value::String(_) => VariableType::String,
        Value::Object(_) => VariableType::Object,
        Value::Array(_) => VariableType::Array,
        Value::Null => return None,
    })
}

/// Whether `value` may be stored in a variable of type `ty`; returns the value to store.
fn admit(ty: &VariableType, value: Value) -> Result<Value, Value> {
    match (ty, type_of(&value)) {
        (t, Some(v)) if *t == v => Ok(value),
        (VariableType::Float, Some(VariableType::Integer)) => Ok(json!(value.as_f64().unwrap_or_default())),
        (VariableType::String | VariableType::Object | VariableType::Array, None) => Ok(Value::Null),
        _ => Err(value),
    }
}

/// The value of a variable initialized without one.
fn default_value(ty: &VariableType) -> Value {
    match ty {
        VariableType::Boolean => json!(false),
        VariableType::Integer => json!(0),
        VariableType::Float => json!(0.0),
        _ => Value::Null,
    }
}

fn type_mismatch(name: &str, ty: &VariableType, value: &Value) -> Outcome {
    let given = type_label(value);
    Outcome::failed(
        "InvalidVariableValue",
        format!("The variable '{name}' of type '{}' cannot be assigned a value of type '{given}'.", ty.canonical_name()),
    )
}

/// InitializeVariable: `{"variables": [{"name", "type", "value"}]}` (exactly one variable).
pub(crate) fn initialize(ctx: &Ctx<'_>, inputs: &Value) -> Outcome {
    let decl = match inputs.get("variables").and_then(Value::as_array).map(Vec::as_slice) {
        Some([decl]) => decl,
        _ => {
            return Outcome::failed(
                "InvalidTemplate",
                "InitializeVariable expects 'variables' to be an array with exactly one variable.",
            );
        }
    };
    let name = match required(decl, "name") {
        Ok(Value::String(n)) if !n.is_empty() => n.clone(),
        Ok(_) => return Outcome::failed("InvalidTemplate", "The variable name must be a non-empty string."),
        Err(o) => return o,
    };
    let type_text = decl.get("type").and_then(Value::as_str).unwrap_or_default();
    let ty = VariableType::parse(type_text);
    if !ty.is_known() {
        return Outcome::failed(
            "InvalidVariableType",
            format!("The variable '{name}' has type '{type_text}'; use boolean, integer, float, string, object or array."),
        );
    }
    let value = match decl.get("value") {
        None => default_value(&ty),
        Some(v) => match admit(&ty, v.clone()) {
            Ok(v) => v,
            Err(v) => return type_mismatch(&name, &ty, &v),
        },
    };
    let created = ctx.state.with_variables(|vars| {
        if vars.keys().any(|k| k.eq_ignore_ascii_case(&name)) {
            return false;
        }
        vars.insert(name.clone(), json!({ "type": ty.canonical_name(), "value": value }));
        true
    });
    if !created {
        return Outcome::failed(
            "InvalidOperation",
            format!("The variable '{name}' has already been initialized; use SetVariable to change it."),
        );
    }
    Outcome::succeeded(Some(json!({ "body": { "name": name, "type": ty.canonical_name(), "value": value } })))
}

/// SetVariable: `{"name", "value"}`; the variable must exist and the value match its type.
pub(crate) fn set(ctx: &Ctx<'_>, inputs: &Value) -> Outcome {
    let Some(value) = inputs.get("value").cloned() else {
        return Outcome::failed("InvalidTemplate", "Required property 'value' expects a value but got null.");
    };
    update(ctx, inputs, |name, ty, _| admit(ty, value).map_err(|v| type_mismatch(name, ty, &v)))
}

/// The direction of Increment/DecrementVariable.
#[derive(Clone, Copy)]
pub(crate) enum Step {
    Up,
    Down,
}

/// IncrementVariable / DecrementVariable: `{"name", "value"?}` (default 1).
pub(crate) fn increment(ctx: &Ctx<'_>, inputs: &Value, step: Step) -> Outcome {
    let by = match inputs.get("value") {
        None | Some(Value::Null) => json!(1),
        Some(v @ Value::Number(_)) => v.clone(),
        Some(other) => {
            return Outcome::failed(
                "InvalidTemplate",
                format!("The 'value' of an Increment or Decrement action must be a number, not a value of type '{}'.", type_label(other)),
            );
        }
    };
    update(ctx, inputs, |name, ty, current| match (ty, current.as_i64(), by.as_i64()) {
        (VariableType::Integer, Some(a), Some(b)) => match step {
            Step::Up => a.checked_add(b),
            Step::Down => a.checked_sub(b),
        }
        .map(Value::from)
        .ok_or_else(|| Outcome::failed("InvalidOperation", format!("Changing the variable '{name}' by {b} overflows a 64-bit integer."))),
        (VariableType::Integer, _, None) => Err(Outcome::failed(
            "InvalidVariableValue",
            format!("The variable '{name}' of type 'Integer' cannot be changed by the Float value {by}; use an integer value or a Float variable."),
        )),
        (VariableType::Float, ..) => {
            let (a, b) = (current.as_f64().unwrap_or_default(), by.as_f64().unwrap_or_default());
            let sum = match step {
                Step::Up => a + b,
                Step::Down => a - b,
            };
            Ok(json!(sum))
        }
        _ => Err(Outcome::failed(
            "InvalidOperation",
            format!("The variable '{name}' is of type '{}'; only Integer and Float variables can be incremented or decremented.", ty.canonical_name()),
        )),
    })
}

/// AppendToStringVariable: `{"name", "value"}` onto a string variable.
pub(crate) fn append_to_string(ctx: &Ctx<'_>, inputs: &Value) -> Outcome {
    let addition = match required(inputs, "value") {
        Ok(v) => super::text_of(v),
        Err(o) => return o,
    };
    update(ctx, inputs, |name, ty, current| match (ty, current) {
        (VariableType::String, Value::String(s)) => Ok(Value::String(format!("{s}{addition}"))),
        (VariableType::String, _) => Ok(Value::String(addition.clone())),
        _ => Err(wrong_append_target(name, ty, "String")),
    })
}

/// AppendToArrayVariable: `{"name", "value"}` as the last element of an array variable; an array
/// or null value is refused (the real runtime does not flatten or store it).
pub(crate) fn append_to_array(ctx: &Ctx<'_>, inputs: &Value) -> Outcome {
    let element = match required(inputs, "value") {
        Ok(Value::Array(_)) => {
            return Outcome::failed(
                "InvalidVariableValue",
                "AppendToArrayVariable cannot append an array; append its items one by one, or use SetVariable with union() or concat-style expressions.",
            );
        }
        Ok(v) => v.clone(),
        Err(o) => return o,
    };
    update(ctx, inputs, |name, ty, current| match (ty, current) {
        (VariableType::Array, Value::Array(items)) => {
            let mut items = items.clone();
            items.push(element.clone());
            Ok(Value::Array(items))
        }
        (VariableType::Array, _) => Ok(Value::Array(vec![element.clone()])),
        _ => Err(wrong_append_target(name, ty, "Array")),
    })
}

fn wrong_append_target(name: &str, ty: &VariableType, expected: &str) -> Outcome {
    Outcome::failed(
        "InvalidOperation",
        format!("The variable '{name}' is of type '{}'; this action appends only to a variable of type '{expected}'.", ty.canonical_name()),
    )
}

fn type_label(v: &Value) -> String {
    type_of(v).map(|t| t.canonical_name().to_string()).unwrap_or_else(|| "Null".into())
}

/// Reads `name` from `inputs`, then replaces the variable's value by `change(name, type, current)`
/// under the variable lock (atomic with respect to every other variable action of the run).
fn update(
    ctx: &Ctx<'_>,
    inputs: &Value,
    change: impl FnOnce(&str, &VariableType, &Value) -> Result<Value, Outcome>,
) -> Outcome {
    let name = match required(inputs, "name") {
        Ok(Value::String(n)) => n.clone(),
        Ok(_) => return Outcome::failed("InvalidTemplate", "The variable name must be a string."),
        Err(o) => return o,
    };
    let result = ctx.state.with_variables(|vars| {
        let Some(slot) = vars.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&name)).map(|(_, v)| v) else {
            return Err(Outcome::failed(
                "InvalidTemplate",
                format!("The variable '{name}' has not been initialized; add an InitializeVariable action before this one."),
            ));
        };
        let ty = VariableType::parse(slot.get("type").and_then(Value::as_str).unwrap_or("String"));
        let next = change(&name, &ty, slot.get("value").unwrap_or(&Value::Null))?;
        slot["value"] = next.clone();
        Ok(next)
    });
    match result {
        Ok(v) => Outcome::succeeded(Some(json!({ "body": { "name": name, "value": v } }))),
        Err(o) => o,
    }
}

//! InitializeVariable and SetVariable, with Logic Apps' type rules: a variable has one of the
//! types boolean, integer, float, string, object, array (names case-insensitive, parsed by the
//! model's [`VariableType`]); an integer value
//! may widen into a float variable; a string, object or array variable may be set to null.

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
    let given = type_of(value).map(|t| t.canonical_name().to_string()).unwrap_or_else(|| "Null".into());
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
    let name = match required(inputs, "name") {
        Ok(Value::String(n)) => n.clone(),
        Ok(_) => return Outcome::failed("InvalidTemplate", "The variable name must be a string."),
        Err(o) => return o,
    };
    let Some(value) = inputs.get("value").cloned() else {
        return Outcome::failed("InvalidTemplate", "Required property 'value' expects a value but got null.");
    };
    let result = ctx.state.with_variables(|vars| {
        let Some(slot) = vars.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&name)).map(|(_, v)| v) else {
            return Err(Outcome::failed(
                "InvalidTemplate",
                format!("The variable '{name}' has not been initialized; add an InitializeVariable action before this one."),
            ));
        };
        let ty = VariableType::parse(slot.get("type").and_then(Value::as_str).unwrap_or("String"));
        match admit(&ty, value) {
            Ok(v) => {
                slot["value"] = v.clone();
                Ok(v)
            }
            Err(v) => Err(type_mismatch(&name, &ty, &v)),
        }
    });
    match result {
        Ok(v) => Outcome::succeeded(Some(json!({ "body": { "name": name, "value": v } }))),
        Err(o) => o,
    }
}

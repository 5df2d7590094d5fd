//! InitializeVariable and SetVariable, with Logic Apps' type rules: a variable has one of the
//! types boolean, integer, float, string, object, array (names case-insensitive); an integer value
//! may widen into a float variable; a string, object or array variable may be set to null.

use super::required;
use crate::outcome::Outcome;
use crate::run::Ctx;
use serde_json::{Value, json};

/// A variable's declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VarType {
    Boolean,
    Integer,
    Float,
    String,
    Object,
    Array,
}

impl VarType {
    fn parse(s: &str) -> Option<VarType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "boolean" | "bool" => VarType::Boolean,
            "integer" | "int" => VarType::Integer,
            "float" => VarType::Float,
            "string" => VarType::String,
            "object" => VarType::Object,
            "array" => VarType::Array,
            _ => return None,
        })
    }

    fn of(v: &Value) -> Option<VarType> {
        Some(match v {
            Value::Bool(_) => VarType::Boolean,
            Value::Number(n) if n.is_f64() => VarType::Float,
            Value::Number(_) => VarType::Integer,
            Value::String(_) => VarType::String,
            Value::Object(_) => VarType::Object,
            Value::Array(_) => VarType::Array,
            Value::Null => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            VarType::Boolean => "Boolean",
            VarType::Integer => "Integer",
            VarType::Float => "Float",
            VarType::String => "String",
            VarType::Object => "Object",
            VarType::Array => "Array",
        }
    }

    /// Whether `value` may be stored in a variable of this type; returns the value to store.
    fn admit(self, value: Value) -> Result<Value, Value> {
        match (self, VarType::of(&value)) {
            (t, Some(v)) if t == v => Ok(value),
            (VarType::Float, Some(VarType::Integer)) => Ok(json!(value.as_f64().unwrap_or_default())),
            (VarType::String | VarType::Object | VarType::Array, None) => Ok(Value::Null),
            _ => Err(value),
        }
    }

    /// The value of a variable initialized without one.
    fn default_value(self) -> Value {
        match self {
            VarType::Boolean => json!(false),
            VarType::Integer => json!(0),
            VarType::Float => json!(0.0),
            VarType::String => Value::Null,
            VarType::Object => Value::Null,
            VarType::Array => Value::Null,
        }
    }
}

fn type_mismatch(name: &str, ty: VarType, value: &Value) -> Outcome {
    let given = VarType::of(value).map(VarType::name).unwrap_or("Null");
    Outcome::failed(
        "InvalidVariableValue",
        format!("The variable '{name}' of type '{}' cannot be assigned a value of type '{given}'.", ty.name()),
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
    let Some(ty) = VarType::parse(type_text) else {
        return Outcome::failed(
            "InvalidVariableType",
            format!("The variable '{name}' has type '{type_text}'; use boolean, integer, float, string, object or array."),
        );
    };
    let value = match decl.get("value") {
        None => ty.default_value(),
        Some(v) => match ty.admit(v.clone()) {
            Ok(v) => v,
            Err(v) => return type_mismatch(&name, ty, &v),
        },
    };
    let created = ctx.state.with_variables(|vars| {
        if vars.keys().any(|k| k.eq_ignore_ascii_case(&name)) {
            return false;
        }
        vars.insert(name.clone(), json!({ "type": ty.name(), "value": value }));
        true
    });
    if !created {
        return Outcome::failed(
            "InvalidOperation",
            format!("The variable '{name}' has already been initialized; use SetVariable to change it."),
        );
    }
    Outcome::succeeded(Some(json!({ "body": { "name": name, "type": ty.name(), "value": value } })))
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
        let ty = slot.get("type").and_then(Value::as_str).and_then(VarType::parse).unwrap_or(VarType::String);
        match ty.admit(value) {
            Ok(v) => {
                slot["value"] = v.clone();
                Ok(v)
            }
            Err(v) => Err(type_mismatch(&name, ty, &v)),
        }
    });
    match result {
        Ok(v) => Outcome::succeeded(Some(json!({ "body": { "name": name, "value": v } }))),
        Err(o) => o,
    }
}

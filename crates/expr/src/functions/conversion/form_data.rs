//! `triggerFormDataValue(key)`, `triggerFormDataMultiValues(key)`, `formDataValue(action, key)`
//! and `formDataMultiValues(action, key)`: the values of a form key in the trigger's or an
//! action's body.
//!
//! The body must be form content: `application/x-www-form-urlencoded` with
//! `"$formdata": [{"key", "value"}]`, or `multipart/form-data` with `"$multipart": [{"headers",
//! "body"}]`, where a part's key is the `name` of its `Content-Disposition` header. Keys match
//! case-insensitively, like .NET's form collections. A single value is `null` when the key is
//! missing and an error when it occurs more than once.

use super::body_of;
use crate::functions::Param;
use crate::functions::prelude::*;
use crate::value::eq_ignore_case;

const KEY: Param = param("key", Ty::String, "The form key whose value you want.");
const ACTION: Param = param("actionName", Ty::String, "The action whose body holds the form.");

pub(crate) const TRIGGER_FORM_DATA_VALUE: Function = Function {
    name: "triggerFormDataValue",
    summary: "Returns the single value of a key in the trigger's form-data or form-encoded body.",
    params: &[KEY],
    returns: Ty::String,
    imp: Eager(single),
    examples: &[
        fails("triggerFormDataValue()", "expects 1 parameter(s)"),
        fails("triggerFormDataValue(1)", "expects its parameter to be of type string"),
        fails("triggerFormDataValue('x')", "expects the trigger body to be form data"),
    ],
};

pub(crate) const TRIGGER_FORM_DATA_MULTI_VALUES: Function = Function {
    name: "triggerFormDataMultiValues",
    summary: "Returns every value of a key in the trigger's form-data or form-encoded body.",
    params: &[KEY],
    returns: Ty::Array,
    imp: Eager(multi),
    examples: &[
        fails("triggerFormDataMultiValues('x')", "expects the trigger body to be form data"),
        fails("triggerFormDataMultiValues()", "expects 1 parameter(s)"),
        fails("triggerFormDataMultiValues(null)", "expects its parameter to be of type string"),
    ],
};

pub(crate) const FORM_DATA_VALUE: Function = Function {
    name: "formDataValue",
    summary: "Returns the single value of a key in an action's form-data or form-encoded body; more than one match is an error.",
    params: &[ACTION, KEY],
    returns: Ty::String,
    imp: Eager(single),
    examples: &[
        fails("formDataValue('Get_user', 'x')", "expects the body of action 'Get_user' to be form data"),
        fails("formDataValue('Get_user')", "expects 2 parameter(s)"),
        fails("formDataValue('Nope', 'x')", "Nope"),
    ],
};

pub(crate) const FORM_DATA_MULTI_VALUES: Function = Function {
    name: "formDataMultiValues",
    summary: "Returns every value of a key in an action's form-data or form-encoded body.",
    params: &[ACTION, KEY],
    returns: Ty::Array,
    imp: Eager(multi),
    examples: &[
        fails("formDataMultiValues('Get_user', 'x')", "to be form data"),
        fails("formDataMultiValues('Get_user', 2)", "expects its second parameter to be of type string"),
        fails("formDataMultiValues('Get_user')", "expects 2 parameter(s)"),
    ],
};

fn single(call: Call<'_>) -> Result<Value, EvalError> {
    let key = call.string(call.len() - 1)?;
    let mut values = values(&call)?;
    match values.len() {
        0 => Ok(Value::Null),
        1 => Ok(values.remove(0)),
        n => Err(call.error(format_args!(
            "expects the form data to have a single value for the key '{key}'. The key has {n} values; use the multi-value function to get all of them."
        ))),
    }
}

fn multi(call: Call<'_>) -> Result<Value, EvalError> {
    values(&call).map(Value::Array)
}

/// The values of the call's key in the trigger's (one argument) or an action's body.
fn values(call: &Call<'_>) -> Result<Vec<Value>, EvalError> {
    let key = call.string(call.len() - 1)?;
    let (body, whose) = body_of(call)?;
    if let Some(fields) = body.form_data() {
        let matching = fields.iter().filter(|f| {
            f.get_property("key").and_then(Value::as_str).is_some_and(|k| eq_ignore_case(k, key))
        });
        return Ok(matching.map(|f| f.path(&["value"])).collect());
    }
    if let Some(parts) = body.multipart() {
        let matching = parts.iter().filter(|p| part_name(p).is_some_and(|n| eq_ignore_case(&n, key)));
        return Ok(matching.map(|p| p.path(&["body"])).collect());
    }
    Err(call.error(format_args!(
        "expects {whose} to be form data ('$formdata' or '$multipart' content). The provided value is of type '{}'.",
        body.type_name()
    )))
}

/// The `name` in a part's `Content-Disposition: form-data; name="key"` header.
fn part_name(part: &Value) -> Option<String> {
    let headers = part.get_property("headers")?;
    let disposition = headers.get_property("Content-Disposition")?.as_str()?;
    disposition.split(';').find_map(|item| {
        let (name, value) = item.trim().split_once('=')?;
        name.eq_ignore_ascii_case("name").then(|| value.trim().trim_matches('"').to_owned())
    })
}

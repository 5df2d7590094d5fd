//! `jsonPath(value, path)`: a Flowline addition — the values a JSONPath query (RFC 9535, via the
//! `jsonpath-rust` crate) selects, always as an array.

use crate::functions::prelude::*;

pub(crate) const JSON_PATH: Function = Function {
    name: "jsonPath",
    summary: "Returns the array of values a JSONPath query ('$.a[*].b') selects in a value (Flowline addition).",
    params: &[
        param("value", Ty::Any, "The JSON value to query."),
        param("path", Ty::String, "The JSONPath expression, starting with '$'."),
    ],
    returns: Ty::Array,
    imp: Eager(json_path),
    examples: &[
        ok("jsonPath(triggerBody(), '$.order.Lines[*].sku')", r#"["A1", "B2"]"#),
        ok("jsonPath(triggerBody(), '$.order.id')", "[42]"),
        ok("jsonPath(triggerBody(), '$.nothing')", "[]"),
        ok("jsonPath(triggerBody(), '$.order.Lines[?@.qty > 1].sku')", r#"["A1"]"#),
        fails("jsonPath(triggerBody(), 'order')", "The template language function 'jsonPath' was invoked with a JSONPath expression 'order' that is not valid:"),
    ],
};

/// Longest JSONPath expression accepted.
const MAX_PATH_CHARS: usize = 8_192;

fn json_path(call: Call<'_>) -> Result<Value, EvalError> {
    let path = call.string(1)?;
    if path.chars().count() > MAX_PATH_CHARS {
        return Err(call.error(format_args!(
            "was invoked with a JSONPath expression longer than {MAX_PATH_CHARS} characters."
        )));
    }
    let json = call.value(0).to_json();
    let found = jsonpath_rust::query::js_path_vals(path, &json).map_err(|e| {
        call.error(format_args!(
            "was invoked with a JSONPath expression '{path}' that is not valid: {e}"
        ))
    })?;
    Ok(Value::Array(found.into_iter().map(Value::from).collect()))
}

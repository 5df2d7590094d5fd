//! Join: the elements of `from` as text (as the `join()` function writes them: null is empty,
//! booleans `True`/`False`, arrays and objects compact JSON) separated by `joinWith`.

use super::required_array;
use crate::outcome::Outcome;
use crate::run::Ctx;
use serde_json::{Value, json};

pub(crate) fn execute(ctx: &Ctx<'_>, inputs: &Value) -> Outcome {
    let items = match required_array(inputs, "join") {
        Ok(items) => items,
        Err(o) => return o,
    };
    let separator = match inputs.get("joinWith") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => {
            return Outcome::failed("InvalidTemplate", "Required property 'joinWith' expects a value but got null.");
        }
        Some(other) => super::text_of(other),
    };
    let args = vec![flowline_expr::Value::from(&Value::Array(items.clone())), flowline_expr::Value::from(separator.as_str())];
    match flowline_expr::call_function("join", args, &ctx.scope()) {
        Ok(text) => Outcome::succeeded(Some(json!({ "body": text.into_json() }))),
        Err(e) => Outcome::failed(&e.code, e.message),
    }
}

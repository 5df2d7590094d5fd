//! `createArray(value, …)`.

use crate::functions::prelude::*;

pub(crate) const CREATE_ARRAY: Function = Function {
    name: "createArray",
    summary: "Returns an array of the given values.",
    params: &[repeated("value", Ty::Any, "An item of the array.")],
    returns: Ty::Array,
    imp: Eager(create_array),
    examples: &[
        ok("createArray(1, 'a', null, float('5.0'))", r#"[1, "a", null, 5.0]"#),
        ok("createArray('h', 'e', 'l', 'l', 'o')", r#"["h", "e", "l", "l", "o"]"#),
        ok("createArray(json('[]'))", "[[]]"),
        fails("createArray()", "expects at least 1 parameter(s)"),
    ],
};

fn create_array(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Array(call.args))
}

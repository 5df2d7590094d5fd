//! `array(value)`.

use crate::functions::prelude::*;

pub(crate) const ARRAY: Function = Function {
    name: "array",
    summary: "Returns an array holding the single given value (see createArray for several).",
    params: &[param("value", Ty::Any, "The value to wrap (an array is wrapped too).")],
    returns: Ty::Array,
    imp: Eager(array),
    examples: &[
        ok("array('hello')", r#"["hello"]"#),
        ok("array(null)", "[null]"),
        ok("array(createArray(1, 2))", "[[1, 2]]"),
        ok("length(array(json('{}')))", "1"),
        fails("array()", "expects 1 parameter(s)"),
    ],
};

fn array(mut call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Array(vec![call.take(0)]))
}

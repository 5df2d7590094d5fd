//! `not(expression)`.

use crate::functions::prelude::*;

pub(crate) const NOT: Function = Function {
    name: "not",
    summary: "Returns the opposite of a boolean.",
    params: &[param("expression", Ty::Boolean, "The boolean to negate.")],
    returns: Ty::Boolean,
    imp: Eager(not),
    examples: &[
        ok("not(false)", "true"),
        fails("not('true')", "expects its parameter to be a boolean"),
    ],
};

fn not(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(!call.boolean(0)?))
}

//! `coalesce(value, …)`: the first non-null argument; later ones are not evaluated.

use crate::functions::prelude::*;

pub(crate) const COALESCE: Function = Function {
    name: "coalesce",
    summary: "Returns the first non-null value; later arguments are not evaluated.",
    params: &[repeated("object", Ty::Any, "A value that may be null.")],
    returns: Ty::Any,
    imp: Lazy(coalesce),
    examples: &[
        ok("coalesce(null, '', 'x')", r#""""#),
        ok("coalesce(null, null)", "null"),
        ok(
            "coalesce(triggerBody()?.missing, variables('counter'))",
            "3",
        ),
        ok("coalesce(1, int('not evaluated'))", "1"),
        fails("coalesce(null, int('x'))", "could not be converted"),
    ],
};

fn coalesce(mut call: LazyCall<'_>) -> Result<Value, EvalError> {
    for i in 0..call.len() {
        let value = call.arg(i)?;
        if !value.is_null() {
            return Ok(value);
        }
    }
    Ok(Value::Null)
}

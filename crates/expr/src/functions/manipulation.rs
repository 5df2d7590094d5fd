//! JSON manipulation functions: `coalesce` (more — `setProperty`, `addProperty`… — come later).

use super::{Arity, Function, LazyCall, fails, ok};
use crate::error::EvalError;
use crate::value::Value;

pub(crate) const FUNCTIONS: &[Function] = &[Function::lazy(
    "coalesce",
    Arity::at_least(1),
    coalesce,
    &[
        ok("coalesce(null, '', 'x')", r#""""#),
        ok("coalesce(null, null)", "null"),
        ok(
            "coalesce(triggerBody()?.missing, variables('counter'))",
            "3",
        ),
        ok("coalesce(1, int('not evaluated'))", "1"),
        fails("coalesce(null, int('x'))", "could not be converted"),
    ],
)];

/// The first non-null argument; later arguments are not evaluated.
fn coalesce(mut call: LazyCall<'_>) -> Result<Value, EvalError> {
    for i in 0..call.len() {
        let value = call.arg(i)?;
        if !value.is_null() {
            return Ok(value);
        }
    }
    Ok(Value::Null)
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_hold() {
        super::super::check_examples(super::FUNCTIONS);
    }
}

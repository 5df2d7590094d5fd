//! `equals(a, b)`.

use crate::compare::loose_eq;
use crate::functions::prelude::*;

pub(crate) const EQUALS: Function = Function {
    name: "equals",
    summary: "Checks whether two values are equal (numbers across kinds, true equals 1, null equals '').",
    params: &[
        param("object1", Ty::Any, "The first value."),
        param("object2", Ty::Any, "The second value."),
    ],
    returns: Ty::Boolean,
    imp: Eager(equals),
    examples: &[
        ok("equals(1, 1.0)", "true"),
        ok("equals(true, 1)", "true"),
        ok("equals(null, '')", "true"),
        ok("equals('a', 'A')", "false"),
        ok("equals(createArray(1, 'x'), json('[1, \"x\"]'))", "true"),
        ok("equals(decimal('2.50'), 2.5)", "true"),
    ],
};

fn equals(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(loose_eq(call.value(0), call.value(1))))
}

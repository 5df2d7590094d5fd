//! `greater`, `greaterOrEquals`, `less`, `lessOrEquals`: two numbers, two strings (ordinal;
//! null counts as '') or two booleans.

use std::cmp::Ordering;

use crate::compare::order;
use crate::functions::prelude::*;

const COMPARABLE: Ty = Ty::OneOf(&[Ty::Number, Ty::String]);
const PARAMS: &[crate::functions::Param] = &[
    param("value", COMPARABLE, "The value to compare."),
    param("compareTo", COMPARABLE, "The value to compare against."),
];

pub(crate) const GREATER: Function = Function {
    name: "greater",
    summary: "Checks whether the first value is greater than the second.",
    params: PARAMS,
    returns: Ty::Boolean,
    imp: Eager(greater),
    examples: &[
        ok("greater(10, 5)", "true"),
        ok("greater('apple', 'banana')", "false"),
        ok("greater(2.5, 2)", "true"),
        ok("greater(decimal('2.5'), 2)", "true"),
        fails("greater(1, 'a')", "expects parameters of matching types"),
    ],
};

pub(crate) const GREATER_OR_EQUALS: Function = Function {
    name: "greaterOrEquals",
    summary: "Checks whether the first value is greater than or equal to the second.",
    params: PARAMS,
    returns: Ty::Boolean,
    imp: Eager(greater_or_equals),
    examples: &[
        ok("greaterOrEquals(5, 5.0)", "true"),
        ok("greaterOrEquals('a', 'b')", "false"),
    ],
};

pub(crate) const LESS: Function = Function {
    name: "less",
    summary: "Checks whether the first value is less than the second.",
    params: PARAMS,
    returns: Ty::Boolean,
    imp: Eager(less),
    examples: &[ok("less(5, 10)", "true"), ok("less(null, 'a')", "true")],
};

pub(crate) const LESS_OR_EQUALS: Function = Function {
    name: "lessOrEquals",
    summary: "Checks whether the first value is less than or equal to the second.",
    params: PARAMS,
    returns: Ty::Boolean,
    imp: Eager(less_or_equals),
    examples: &[
        ok("lessOrEquals(10, 10)", "true"),
        ok("lessOrEquals(11, 10.5)", "false"),
    ],
};

/// Orders the two arguments; `None` for NaN.
fn compare(call: &Call<'_>) -> Result<Option<Ordering>, EvalError> {
    let (a, b) = (call.value(0), call.value(1));
    order(a, b).map_err(|_| {
        call.error(format_args!(
            "expects parameters of matching types: two numbers or two strings. The provided values are of type '{}' and '{}'.",
            a.type_name(),
            b.type_name()
        ))
    })
}

fn greater(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(compare(&call)? == Some(Ordering::Greater)))
}

fn greater_or_equals(call: Call<'_>) -> Result<Value, EvalError> {
    let o = compare(&call)?;
    Ok(Value::Bool(matches!(o, Some(Ordering::Greater | Ordering::Equal))))
}

fn less(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::Bool(compare(&call)? == Some(Ordering::Less)))
}

fn less_or_equals(call: Call<'_>) -> Result<Value, EvalError> {
    let o = compare(&call)?;
    Ok(Value::Bool(matches!(o, Some(Ordering::Less | Ordering::Equal))))
}

//! `reverse(array)`: the items in reverse order (arrays only).

use crate::functions::prelude::*;

pub(crate) const REVERSE: Function = Function {
    name: "reverse",
    summary: "Returns the items of an array in reverse order (with sort(), a descending sort).",
    params: &[param("collection", Ty::Array, "The array to reverse.")],
    returns: Ty::Array,
    imp: Eager(reverse),
    examples: &[
        ok("reverse(createArray(0, 1, 2, 3))", "[3,2,1,0]"),
        ok("reverse(sort(createArray(2, 3, 1)))", "[3,2,1]"),
        ok("reverse(json('[]'))", "[]"),
        fails(
            "reverse('abc')",
            "expects its parameter to be an array. The provided value is of type 'String'.",
        ),
    ],
};

fn reverse(mut call: Call<'_>) -> Result<Value, EvalError> {
    let mut items = call.take_array(0)?;
    items.reverse();
    Ok(Value::Array(items))
}

//! `item()` and `items(loopName)`.

use crate::functions::prelude::*;

pub(crate) const ITEM: Function = Function {
    name: "item",
    summary: "Returns the current item of the innermost Foreach loop.",
    params: &[],
    returns: Ty::Any,
    imp: Eager(item),
    examples: &[ok("item()", r#""apple""#)],
};

pub(crate) const ITEMS: Function = Function {
    name: "items",
    summary: "Returns the current item of the named Foreach loop.",
    params: &[param("loopName", Ty::String, "The Foreach loop's name.")],
    returns: Ty::Any,
    imp: Eager(items),
    examples: &[ok("items('Outer')", r#"{"n":1}"#)],
};

fn item(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.item()
}

fn items(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.items(call.string(0)?)
}

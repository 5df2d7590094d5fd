//! `iterationIndexes(loopName)`: the current iteration index of an Until loop.

use crate::functions::prelude::*;

pub(crate) const ITERATION_INDEXES: Function = Function {
    name: "iterationIndexes",
    summary: "Returns the index of the current iteration of the named Until loop (usable in nested Untils).",
    params: &[param("loopName", Ty::String, "The Until loop's name.")],
    returns: Ty::Integer,
    imp: Eager(iteration_indexes),
    examples: &[
        ok("iterationIndexes('Until')", "2"),
        ok("iterationIndexes('until')", "2"),
        fails("iterationIndexes('Nope')", "'Nope'"),
        fails(
            "iterationIndexes(1)",
            "expects its parameter to be of type string",
        ),
    ],
};

fn iteration_indexes(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.iteration_indexes(call.string(0)?)
}

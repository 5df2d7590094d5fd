//! `range(startIndex, count)`: `count` consecutive integers from `startIndex`.
//!
//! Limits from the Logic Apps reference: `count` is at most 100,000 and `startIndex + count`
//! at most 2,147,483,647; `startIndex` is a 32-bit integer. A count of 0 gives `[]`.

use crate::functions::prelude::*;

/// Most integers one `range` call may produce.
const MAX_COUNT: i64 = 100_000;
/// Largest allowed `startIndex + count` (`Int32.MaxValue`).
const MAX_END: i64 = i32::MAX as i64;

pub(crate) const RANGE: Function = Function {
    name: "range",
    summary: "Returns an array of count consecutive integers starting at startIndex.",
    params: &[
        param("startIndex", Ty::Integer, "The first integer of the array."),
        param(
            "count",
            Ty::Integer,
            "How many integers: 0 to 100,000, with startIndex + count at most 2,147,483,647.",
        ),
    ],
    returns: Ty::Array,
    imp: Eager(range),
    examples: &[
        ok("range(1, 4)", "[1, 2, 3, 4]"),
        ok("range(-2, 3)", "[-2, -1, 0]"),
        ok("range(5, 0)", "[]"),
        ok("length(range(0, 100000))", "100000"),
        fails("range(0, 100001)", "at most 100000"),
        fails("range(2147483000, 1000)", "at most 2147483647"),
        fails("range(1, -1)", "not be negative"),
        fails(
            "range(1, '2')",
            "expects its second parameter to be an integer",
        ),
    ],
};

fn range(call: Call<'_>) -> Result<Value, EvalError> {
    let (start, count) = (call.int(0)?, call.int(1)?);
    if i32::try_from(start).is_err() {
        return Err(call.error(format_args!(
            "expects its startIndex to be a 32-bit integer, between {} and {}. The provided value is '{start}'.",
            i32::MIN,
            i32::MAX
        )));
    }
    if count < 0 {
        return Err(call.error(format_args!(
            "expects its count to not be negative. The provided value is '{count}'."
        )));
    }
    if count > MAX_COUNT {
        return Err(call.error(format_args!(
            "expects its count to be at most {MAX_COUNT}. The provided value is '{count}'."
        )));
    }
    if start + count > MAX_END {
        return Err(call.error(format_args!(
            "expects the sum of its startIndex and count to be at most {MAX_END}. The provided values '{start}' and '{count}' add up to '{}'.",
            start + count
        )));
    }
    Ok(Value::Array(
        (start..start + count).map(Value::Int).collect(),
    ))
}

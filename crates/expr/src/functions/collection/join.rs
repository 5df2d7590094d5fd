//! `join(array, delimiter)`: the text forms of the items (null is '', booleans `True`/`False`,
//! arrays and objects JSON) separated by a delimiter.

use crate::functions::prelude::*;

/// Longest result `join` may produce (the documented limit).
const MAX_RESULT_CHARS: usize = 104_857_600;

pub(crate) const JOIN: Function = Function {
    name: "join",
    summary: "Returns a string with every item of an array (as text) separated by a delimiter.",
    params: &[
        param("collection", Ty::Array, "The array whose items to join."),
        param("delimiter", Ty::String, "The separator between items."),
    ],
    returns: Ty::String,
    imp: Eager(join),
    examples: &[
        ok("join(createArray('a', 'b', 'c'), '.')", r#""a.b.c""#),
        ok("join(createArray('', null, ''), 'x')", r#""xx""#),
        ok("join(createArray('', true, 1.5), 'x')", r#""xTruex1.5""#),
        ok(
            "join(createArray('a', createArray('b', 'c'), 'd'), 'x')",
            r#""ax[\"b\",\"c\"]xd""#,
        ),
        ok("join(json('[]'), 'x')", r#""""#),
        fails(
            "join('abc', 'x')",
            "expects its first parameter to be an array",
        ),
        fails(
            "join(createArray('a'), null)",
            "expects its second parameter to be of type string. The provided value is of type 'Null'.",
        ),
    ],
};

fn join(call: Call<'_>) -> Result<Value, EvalError> {
    let items = call.array(0)?;
    let delimiter = call.string(1)?;
    let parts: Vec<String> = items.iter().map(Value::to_text).collect();
    let bytes = parts.iter().map(String::len).sum::<usize>()
        + delimiter.len() * parts.len().saturating_sub(1);
    if bytes > MAX_RESULT_CHARS {
        let chars = parts.iter().map(|p| p.chars().count()).sum::<usize>()
            + delimiter.chars().count() * parts.len().saturating_sub(1);
        if chars > MAX_RESULT_CHARS {
            return Err(call.error(format_args!(
                "produced a string longer than the limit of {MAX_RESULT_CHARS} characters."
            )));
        }
    }
    Ok(Value::String(parts.join(delimiter)))
}

//! `split(text, delimiter)`: literal (not a pattern), case-sensitive, keeps empty pieces.

use crate::functions::prelude::*;

pub(crate) const SPLIT: Function = Function {
    name: "split",
    summary: "Splits a string at every occurrence of a delimiter and returns the pieces as an array.",
    params: &[
        param("text", Ty::String, "The string to split."),
        param(
            "delimiter",
            Ty::String,
            "The separator (any length, matched literally); '' returns the whole string.",
        ),
    ],
    returns: Ty::Array,
    imp: Eager(split),
    examples: &[
        ok("split('a_b_c', '_')", r#"["a","b","c"]"#),
        ok("split('a_b_c', ' ')", r#"["a_b_c"]"#),
        ok("split('a,', ',')", r#"["a",""]"#),
        ok("split('', ',')", r#"[""]"#),
        ok("split('abc,def', '')", r#"["abc,def"]"#),
        ok("split('abcSPdef', 'SP')", r#"["abc","def"]"#),
        fails(
            "split('a1b', 1)",
            "expects its second parameter to be of type string. The provided value is of type 'Integer'.",
        ),
    ],
};

fn split(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let delimiter = call.string(1)?;
    let pieces = if delimiter.is_empty() {
        vec![Value::from(text)]
    } else {
        text.split(delimiter).map(Value::from).collect()
    };
    Ok(Value::Array(pieces))
}

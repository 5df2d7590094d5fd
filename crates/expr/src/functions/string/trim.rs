//! `trim(text)`: removes leading and trailing Unicode whitespace (.NET `char.IsWhiteSpace`:
//! spaces, tabs, line breaks, U+00A0, U+3000, …).

use crate::functions::prelude::*;

pub(crate) const TRIM: Function = Function {
    name: "trim",
    summary: "Removes leading and trailing whitespace (including Unicode spaces such as U+3000) from a string.",
    params: &[param("text", Ty::String, "The string to trim.")],
    returns: Ty::String,
    imp: Eager(trim),
    examples: &[
        ok("trim('  Hello  ')", r#""Hello""#),
        ok("trim('\u{3000}\u{3000}testing\u{3000}')", r#""testing""#),
        ok("trim('test     ing')", r#""test     ing""#),
        ok("trim('\u{a0}\t x \r\n')", r#""x""#),
        fails(
            "trim(null)",
            "expects its parameter to be of type string. The provided value is of type 'Null'.",
        ),
    ],
};

fn trim(call: Call<'_>) -> Result<Value, EvalError> {
    // `str::trim` uses the Unicode White_Space property, the same set as `char.IsWhiteSpace`.
    Ok(Value::String(call.string(0)?.trim().to_owned()))
}

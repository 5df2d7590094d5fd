//! `concat(text, …)`: joins the text forms of its arguments.

use crate::functions::call::check_length;
use crate::functions::prelude::*;

pub(crate) const CONCAT: Function = Function {
    name: "concat",
    summary: "Combines two or more strings (other values are stringified) into one string.",
    params: &[repeated("text", Ty::Any, "A value to append; non-strings use their text form.")],
    returns: Ty::String,
    imp: Eager(concat),
    examples: &[
        ok("concat('Hello', ' ', 'World')", r#""Hello World""#),
        ok("concat('n=', 5, ' ', true, null, 2.50)", r#""n=5 True2.5""#),
        ok("concat(createArray(1))", r#""[1]""#),
        ok("concat(decimal('5.0000'), '|', 1e16)", r#""5.0000|10000000000000000""#),
        fails("concat()", "expects at least 1 parameter(s)"),
    ],
};

fn concat(call: Call<'_>) -> Result<Value, EvalError> {
    let parts: Vec<String> = call.args.iter().map(Value::to_text).collect();
    let bytes = parts.iter().map(String::len).sum();
    check_length(call.name, bytes, || {
        parts.iter().map(|p| p.chars().count()).sum()
    })?;
    Ok(Value::String(parts.concat()))
}

//! `string(value)`: the Logic Apps text form.

use crate::functions::prelude::*;

pub(crate) const STRING: Function = Function {
    name: "string",
    summary: "Returns the string form of a value (True/False, .NET number formats, compact JSON).",
    params: &[param("value", Ty::Any, "The value to convert.")],
    returns: Ty::String,
    imp: Eager(string),
    examples: &[
        ok("string(true)", r#""True""#),
        ok("string(null)", r#""""#),
        ok(
            "string(json('{\"b\": 1, \"a\": [2.5]}'))",
            r#""{\"b\":1,\"a\":[2.5]}""#,
        ),
        ok("string(9223372036854775809.5)", r#""9.223372036854776E+18""#),
        ok("string(0.00001)", r#""1E-05""#),
        ok(
            r#"string(json('{"$content-type": "text/plain", "$content": "aGk="}'))"#,
            r#""hi""#,
        ),
        ok("string(xml('<r/>'))", r#""<r />""#),
        fails("string()", "expects 1 parameter(s)"),
    ],
};

fn string(call: Call<'_>) -> Result<Value, EvalError> {
    call.checked_text(call.value(0).to_text())
}

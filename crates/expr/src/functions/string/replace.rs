//! `replace(text, oldText, newText)`: literal, case-sensitive, every occurrence.

use crate::functions::prelude::*;

/// Longest result `replace` may build (the documented limit for `concat` and `join` results).
const MAX_RESULT_CHARS: usize = 104_857_600;

pub(crate) const REPLACE: Function = Function {
    name: "replace",
    summary: "Replaces every occurrence of a substring (case-sensitive, not a pattern) and returns the result.",
    params: &[
        param(
            "text",
            Ty::String,
            "The string that has the substring to replace.",
        ),
        param(
            "oldText",
            Ty::String,
            "The substring to replace; must not be empty.",
        ),
        param("newText", Ty::String, "The replacement string."),
    ],
    returns: Ty::String,
    imp: Eager(replace),
    examples: &[
        ok(
            "replace('the old string', 'old', 'new')",
            r#""the new string""#,
        ),
        ok("replace('xxxxx', 'x', '')", r#""""#),
        ok("replace('Abc abc', 'abc', 'x')", r#""Abc x""#),
        ok("replace('a.b', '.', '-')", r#""a-b""#),
        fails(
            "replace('abc', '', 'y')",
            "String cannot be of zero length. (Parameter 'oldValue')",
        ),
        fails(
            "replace('abc', 'b', null)",
            "expects its third parameter to be of type string",
        ),
    ],
};

fn replace(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let old = call.string(1)?;
    let new = call.string(2)?;
    if old.is_empty() {
        return Err(call.error(
            "was invoked with a parameter that is not valid: String cannot be of zero length. (Parameter 'oldValue')",
        ));
    }
    if new.len() > old.len() {
        // Check the size before building the string: replace('…', 'a', big) can explode.
        let count = text.matches(old).count() as u128;
        let chars = |s: &str| s.chars().count() as u128;
        let result = (chars(text) + count * chars(new)).saturating_sub(count * chars(old));
        if result > MAX_RESULT_CHARS as u128 {
            return Err(call.error(format_args!(
                "produced a string longer than the limit of {MAX_RESULT_CHARS} characters."
            )));
        }
    }
    Ok(Value::String(text.replace(old, new)))
}

#[cfg(test)]
mod tests {
    use crate::Value;

    #[test]
    fn refuses_results_beyond_the_limit_before_building_them() {
        let scope = crate::testing::MapScope::example();
        let text = Value::from("a".repeat(20_000));
        let big = Value::from("b".repeat(20_000));
        let args = vec![text, Value::from("a"), big];
        let err = crate::call_function("replace", args, &scope).unwrap_err();
        assert!(err.message.contains("longer than the limit"), "{err}");
        let args = vec![Value::from("ab"), Value::from("b"), Value::from("ccc")];
        let ok = crate::call_function("replace", args, &scope).unwrap();
        assert_eq!(ok, Value::from("accc"));
    }
}

//! String functions: `concat`, `toLower`, `toUpper`, `trim`, `guid`.

use super::{Arity, Call, Function, fails, ok};
use crate::error::EvalError;
use crate::value::Value;

/// Longest string `concat`, `string` and `base64` may produce (the Logic Apps evaluation limit).
pub const MAX_STRING_CHARS: usize = 131_072;

pub(crate) const FUNCTIONS: &[Function] = &[
    Function::eager(
        "concat",
        Arity::at_least(1),
        concat,
        &[
            ok("concat('Hello', ' ', 'World')", r#""Hello World""#),
            ok("concat('n=', 5, ' ', true, null, 2.50)", r#""n=5 True2.5""#),
            ok("concat(createArray(1))", r#""[1]""#),
        ],
    ),
    Function::eager(
        "toLower",
        Arity::exactly(1),
        to_lower,
        &[
            ok("toLower('Hello WORLD')", r#""hello world""#),
            fails("toLower(1)", "expects its parameter to be a string"),
        ],
    ),
    Function::eager(
        "toUpper",
        Arity::exactly(1),
        to_upper,
        &[ok("toUpper('Straße')", r#""STRASSE""#)],
    ),
    Function::eager(
        "trim",
        Arity::exactly(1),
        trim,
        &[ok("trim('  Hello  ')", r#""Hello""#)],
    ),
    Function::eager(
        "guid",
        Arity::between(0, 1),
        guid,
        &[
            ok("length(guid())", "36"),
            ok("length(guid('N'))", "32"),
            ok("length(guid('B'))", "38"),
            ok("equals(guid(), guid())", "false"),
            fails("guid('Q')", "format"),
        ],
    ),
];

/// Wraps text as a value, failing if it exceeds [`MAX_STRING_CHARS`].
pub(crate) fn checked_text(call: &Call<'_>, text: String) -> Result<Value, EvalError> {
    check_length(call, text.len(), || text.chars().count())?;
    Ok(Value::String(text))
}

fn check_length(
    call: &Call<'_>,
    bytes: usize,
    chars: impl FnOnce() -> usize,
) -> Result<(), EvalError> {
    // Byte length bounds char length from above, so counting chars is only needed near the limit.
    if bytes > MAX_STRING_CHARS && chars() > MAX_STRING_CHARS {
        return Err(EvalError::new(
            "ExpressionEvaluationFailed",
            format!(
                "The template language function '{}' produced a string longer than the limit of {MAX_STRING_CHARS} characters.",
                call.name
            ),
        ));
    }
    Ok(())
}

fn concat(call: Call<'_>) -> Result<Value, EvalError> {
    let parts: Vec<String> = call.args.iter().map(Value::to_text).collect();
    let bytes = parts.iter().map(String::len).sum();
    check_length(&call, bytes, || {
        parts.iter().map(|p| p.chars().count()).sum()
    })?;
    Ok(Value::String(parts.concat()))
}

fn to_lower(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(call.string(0)?.to_lowercase()))
}

fn to_upper(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(call.string(0)?.to_uppercase()))
}

fn trim(call: Call<'_>) -> Result<Value, EvalError> {
    Ok(Value::String(call.string(0)?.trim().to_owned()))
}

/// A version-4 style GUID from the scope's random source, in .NET format `N`, `D`, `B` or `P`.
fn guid(call: Call<'_>) -> Result<Value, EvalError> {
    let format = call.optional_string(0)?.unwrap_or("D");
    let bits = call.ctx.random_u128();
    let bits = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    let dashed = format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    );
    let text = match format {
        "N" | "n" => hex,
        "D" | "d" | "" => dashed,
        "B" | "b" => format!("{{{dashed}}}"),
        "P" | "p" => format!("({dashed})"),
        other => {
            return Err(call.error(format_args!(
                "was invoked with an unsupported format '{other}'; expected one of 'N', 'D', 'B', 'P'."
            )));
        }
    };
    Ok(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_hold() {
        super::super::check_examples(FUNCTIONS);
    }

    #[test]
    fn guid_has_version_and_variant_bits() {
        let scope = crate::testing::MapScope::example();
        let v = crate::call_function("guid", vec![], &scope).unwrap();
        let text = v.as_str().unwrap().to_owned();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "4");
        assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"), "{text}");
    }
}

//! `guid(format?)`: a version-4 style GUID from the scope's random source.

use crate::functions::prelude::*;

pub(crate) const GUID: Function = Function {
    name: "guid",
    summary: "Generates a globally unique identifier (GUID) as a string.",
    params: &[optional(
        "format",
        Ty::String,
        "The .NET format: 'N' (32 digits), 'D' (hyphens, the default), 'B' (braces), 'P' (parentheses) or 'X' (hexadecimal fields).",
    )],
    returns: Ty::String,
    imp: Eager(guid),
    examples: &[
        ok("length(guid())", "36"),
        ok("length(guid('N'))", "32"),
        ok("length(guid('B'))", "38"),
        ok("length(guid('X'))", "68"),
        ok("equals(guid(), guid())", "false"),
        fails("guid('Q')", "format"),
    ],
};

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
        "X" | "x" => hex_fields(&hex),
        other => {
            return Err(call.error(format_args!(
                "was invoked with an unsupported format '{other}'; expected one of 'N', 'D', 'B', 'P', 'X'."
            )));
        }
    };
    Ok(Value::String(text))
}

/// The 'X' form: `{0x…,0x…,0x…,{0x…,0x…,0x…,0x…,0x…,0x…,0x…,0x…}}`.
fn hex_fields(hex: &str) -> String {
    let bytes: Vec<String> = (16..32)
        .step_by(2)
        .map(|i| format!("0x{}", &hex[i..i + 2]))
        .collect();
    format!(
        "{{0x{},0x{},0x{},{{{}}}}}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        bytes.join(",")
    )
}

#[cfg(test)]
mod tests {
    use crate::Value;

    #[test]
    fn guid_has_version_and_variant_bits() {
        let scope = crate::testing::MapScope::example();
        let v = crate::call_function("guid", vec![], &scope).unwrap();
        let text = v.as_str().unwrap().to_owned();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "4");
        assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"), "{text}");
        assert!(matches!(v, Value::String(_)));
    }
}

//! Number formatting and parsing with .NET conventions (what Logic Apps leaks through).

use rust_decimal::Decimal;

/// Formats a float the way .NET Core 3.0+ `double.ToString()` does with the invariant culture
/// (format `G`, shortest round-trippable digits):
///
/// - the digits are the shortest that parse back to the same double (Rust's `{:e}` gives them);
/// - with `scale` = decimal exponent + 1, .NET's `FormatGeneral` switches to scientific notation
///   when `scale > max(digit count, 17)` or `scale < -3`, i.e. when the exponent is ≥ 17 or ≤ -5
///   (a shortest round-trip double never has more than 17 digits);
/// - scientific notation is `d.dddE+XX`: an `E`, always a sign, at least two exponent digits.
///
/// So `1E+17`, `10000000000000000` (1e16), `9.223372036854776E+18`, `0.0001`, `1E-05`,
/// `5E-324`, `-0`, `Infinity`, `NaN`.
pub(crate) fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    // Rust's `{:e}` yields the shortest round-trip digits, e.g. "-1.2345e-7".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let (sign, mantissa) = mantissa
        .strip_prefix('-')
        .map_or(("", mantissa), |m| ("-", m));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let scale = exp + 1; // number of digits before the decimal point
    if scale > (digits.len() as i32).max(17) || scale < -3 {
        let exp_sign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{mantissa}E{exp_sign}{:02}", exp.abs());
    }
    let text = if scale <= 0 {
        format!("0.{}{digits}", "0".repeat(scale.unsigned_abs() as usize))
    } else if scale as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(scale as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(scale as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{text}")
}

/// Formats a decimal the way .NET's `decimal.ToString()` does: plain digits, the scale kept
/// (`5.0000`), never an exponent, and no sign on zero.
pub(crate) fn format_decimal(d: Decimal) -> String {
    if d.is_zero() && d.is_sign_negative() {
        return (-d).to_string();
    }
    d.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_format_like_dotnet() {
        let cases = [
            (5.0, "5"),
            (2.5, "2.5"),
            (-0.25, "-0.25"),
            (0.0001, "0.0001"),
            (0.00001, "1E-05"),
            (123456789012345.0, "123456789012345"),
            (1e15, "1000000000000000"),
            (1e16, "10000000000000000"),
            (1e17, "1E+17"),
            (12345678901234567.0, "12345678901234568"),
            (123456789012345680000.0, "1.2345678901234568E+20"),
            (4294967295.0 * 4294967295.0, "1.8446744065119617E+19"),
            (1.7e308, "1.7E+308"),
            (-60.0, "-60"),
            (0.000123, "0.000123"),
            (-0.0, "-0"),
            (9223372036854775809.5, "9.223372036854776E+18"),
            (5e-324, "5E-324"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (1e300 * 1e300 * 0.0, "NaN"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float(f), want, "formatting {f:?}");
        }
    }

    #[test]
    fn decimals_keep_their_scale() {
        let d = |s: &str| format_decimal(s.parse::<rust_decimal::Decimal>().unwrap());
        assert_eq!(d("5.0000"), "5.0000");
        assert_eq!(d("1000.50"), "1000.50");
        assert_eq!(d("-0.0"), "0.0");
        assert_eq!(d("10000000000.00000000001234"), "10000000000.00000000001234");
    }
}

//! Numbers as .NET's formatter sees them (`NumberBuffer`): a sign, significant decimal digits
//! and a scale, the value being `0.d₁d₂d₃… × 10^scale`.

use rust_decimal::Decimal;

/// Where the digits came from: rounding and negative zero differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Integer,
    Float,
    Decimal,
}

/// Significant digits (ASCII, no leading or trailing zeros; empty for zero) and the position of
/// the decimal point relative to the first digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Digits {
    pub negative: bool,
    pub digits: Vec<u8>,
    pub scale: i32,
    pub source: Source,
}

impl Digits {
    /// From plain decimal text (`"123.4500"`, `"-0.001"`, `"1.5e-7"` with `{:e}` exponents).
    fn from_text(text: &str, source: Source) -> Self {
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
        let leading = all.iter().take_while(|&&b| b == b'0').count();
        let mut digits = all[leading..].to_vec();
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        let scale = if digits.is_empty() {
            0
        } else {
            int.len() as i32 - leading as i32 + exponent
        };
        Digits {
            negative,
            digits,
            scale,
            source,
        }
    }

    /// All digits of an integer.
    pub fn integer(i: i64) -> Self {
        Self::from_text(&i.to_string(), Source::Integer)
    }

    /// All digits of a decimal.
    pub fn decimal(d: Decimal) -> Self {
        let mut digits = Self::from_text(&d.to_string(), Source::Decimal);
        digits.negative = d.is_sign_negative();
        digits
    }

    /// A double correctly rounded to `decimals` places after the point (ties to even on the exact
    /// binary value, as .NET Core's standard formats do).
    pub fn float_fixed(f: f64, decimals: usize) -> Self {
        let mut digits = Self::from_text(&format!("{:.*}", decimals, f.abs()), Source::Float);
        digits.negative = f.is_sign_negative();
        digits
    }

    /// A double correctly rounded to `significant` digits (at least one).
    pub fn float_significant(f: f64, significant: usize) -> Self {
        let precision = significant.max(1) - 1;
        let mut digits = Self::from_text(&format!("{:.*e}", precision, f.abs()), Source::Float);
        digits.negative = f.is_sign_negative();
        digits
    }

    /// True when no significant digit is left.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// .NET `RoundNumber`: keeps the first `pos` digits, rounding half away from zero on the
    /// next one; a result of zero loses its sign unless it came from a double.
    pub fn round(&mut self, pos: i32) {
        let keep = pos.clamp(0, self.digits.len() as i32) as usize;
        let round_up =
            pos >= 0 && (pos as usize) < self.digits.len() && self.digits[pos as usize] >= b'5';
        self.digits.truncate(keep);
        if round_up {
            let mut i = keep;
            while i > 0 && self.digits[i - 1] == b'9' {
                i -= 1;
            }
            self.digits.truncate(i);
            if i > 0 {
                self.digits[i - 1] += 1;
            } else {
                self.digits.push(b'1');
                self.scale += 1;
            }
        }
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.scale = 0;
            if self.source != Source::Float {
                self.negative = false;
            }
        }
    }

    /// The digit at `i`, or `'0'` past the end.
    pub fn at(&self, i: usize) -> u8 {
        self.digits.get(i).copied().unwrap_or(b'0')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(d: &Digits) -> String {
        format!(
            "{}{} e{}",
            if d.negative { "-" } else { "" },
            String::from_utf8_lossy(&d.digits),
            d.scale
        )
    }

    #[test]
    fn reads_each_kind_of_number() {
        assert_eq!(show(&Digits::integer(-1200)), "-12 e4");
        assert_eq!(show(&Digits::integer(0)), " e0");
        assert_eq!(show(&Digits::decimal("0.0450".parse().unwrap())), "45 e-1");
        assert_eq!(show(&Digits::float_fixed(0.125, 2)), "12 e0");
        assert_eq!(show(&Digits::float_fixed(-2.5, 0)), "-2 e1");
        assert_eq!(show(&Digits::float_significant(1234.5678, 3)), "123 e4");
        assert_eq!(show(&Digits::float_significant(1.5e-7, 15)), "15 e-6");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        let mut d = Digits::integer(12_345);
        d.round(4);
        assert_eq!(show(&d), "1235 e5");
        let mut d = Digits::integer(999);
        d.round(2);
        assert_eq!(show(&d), "1 e4");
        let mut d = Digits::decimal("-0.004".parse().unwrap());
        d.round(0);
        assert_eq!(show(&d), " e0");
        let mut d = Digits::float_significant(-0.004, 15);
        d.round(0);
        assert_eq!(show(&d), "- e0");
    }
}

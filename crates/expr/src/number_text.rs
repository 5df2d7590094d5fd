//! Number text as .NET's `Parse` reads it for `int()`, `float()`, `decimal()`, `isInt()` and
//! `isFloat()`: white space
//! around, a leading or (where allowed) trailing sign, group separators anywhere after the first
//! integer digit (`'12,3,4,5678'`, `'-12,345,678,'`), one decimal separator, and (where allowed)
//! an exponent. The separators come from the culture of `float(text, locale)`.

/// The number separators of a culture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Culture {
    pub decimal: char,
    /// Group separators; a space also matches a no-break-space separator, as in .NET.
    pub group: &'static [char],
    /// The invariant culture alone reads `Infinity`.
    pub invariant: bool,
}

const POINT: Culture = Culture { decimal: '.', group: &[','], invariant: false };
const COMMA: Culture = Culture { decimal: ',', group: &['.'], invariant: false };
const FRENCH: Culture = Culture { decimal: ',', group: &['\u{202F}', '\u{A0}', ' '], invariant: false };

/// The invariant culture (`float(text, '')`).
pub(crate) const INVARIANT: Culture = Culture { invariant: true, ..POINT };
/// What `float(text)` uses without a locale: `en-US`.
pub(crate) const DEFAULT: Culture = POINT;

/// The culture for a locale code (case-insensitive): `''` (invariant), en-US, en-GB, ja-JP,
/// de-DE, es-ES, nl-NL, fr-FR and their neutral names.
pub(crate) fn culture(locale: &str) -> Option<Culture> {
    let lower = locale.to_ascii_lowercase();
    Some(match lower.as_str() {
        "" => INVARIANT,
        "en" | "en-us" | "en-gb" | "ja" | "ja-jp" => POINT,
        "de" | "de-de" | "es" | "es-es" | "nl" | "nl-nl" => COMMA,
        "fr" | "fr-fr" => FRENCH,
        _ => return None,
    })
}

/// Whether .NET would read `text` as a double in `culture` (`NumberStyles.Float |
/// NumberStyles.Number`), including the NaN and infinity symbols.
pub(crate) fn is_float_text(text: &str, culture: Culture) -> bool {
    const FLOAT: Styles = Styles { trailing_sign: true, exponent: true };
    parse(text, culture, FLOAT).is_some() || symbol(text, culture).is_some()
}

/// Whether `text` is an invariant-culture number whose value is a 64-bit integer (`'10'`,
/// `' -1,000 '`, `'1.0'`, `'1e3'`; not `'1.5'` or `'9223372036854775808'`).
pub(crate) fn is_int_text(text: &str) -> bool {
    const FLOAT: Styles = Styles { trailing_sign: true, exponent: true };
    let Some(number) = parse(text, INVARIANT, FLOAT) else { return false };
    if number.exponent.unsigned_abs() > 40 {
        return number.integer.trim_start_matches('0').is_empty() && number.fraction.trim_end_matches('0').is_empty();
    }
    match rust_decimal::Decimal::from_scientific(&number.canonical()).or_else(|_| number.canonical().parse()) {
        Ok(d) => d.fract().is_zero() && i64::try_from(d.trunc()).is_ok(),
        Err(_) => false,
    }
}

/// Which parts of the grammar a function accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Styles {
    pub trailing_sign: bool,
    pub exponent: bool,
}

/// A parsed number: sign, digits before and after the separator, and the exponent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberText {
    pub negative: bool,
    pub integer: String,
    pub fraction: String,
    pub exponent: i32,
}

impl NumberText {
    /// The text as Rust's parsers read it: `-123.45e6`.
    pub fn canonical(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        let int = if self.integer.is_empty() { "0" } else { &self.integer };
        let mut text = format!("{sign}{int}");
        if !self.fraction.is_empty() {
            text.push('.');
            text.push_str(&self.fraction);
        }
        if self.exponent != 0 {
            text.push_str(&format!("e{}", self.exponent));
        }
        text
    }
}

/// .NET's `IsWhite`: U+0009–U+000D and space.
fn is_white(c: char) -> bool {
    c == ' ' || ('\u{9}'..='\u{D}').contains(&c)
}

/// Parses `text`; `None` if .NET would reject it.
pub(crate) fn parse(text: &str, culture: Culture, styles: Styles) -> Option<NumberText> {
    let mut rest = text.trim_matches(is_white);
    let mut negative = None;
    if let Some(c) = rest.chars().next().filter(|c| matches!(c, '+' | '-')) {
        negative = Some(c == '-');
        rest = rest[1..].trim_start_matches(is_white);
    }
    let mut number = NumberText { negative: false, integer: String::new(), fraction: String::new(), exponent: 0 };
    let mut chars = rest.char_indices().peekable();
    let mut in_fraction = false;
    let mut end = rest.len();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() {
            if in_fraction { number.fraction.push(c) } else { number.integer.push(c) }
        } else if c == culture.decimal && !in_fraction {
            in_fraction = true;
        } else if !in_fraction && !number.integer.is_empty() && is_group(c, culture) {
        } else {
            end = i;
            break;
        }
        chars.next();
    }
    if number.integer.is_empty() && number.fraction.is_empty() {
        return None;
    }
    let mut tail = &rest[end..];
    if styles.exponent
        && let Some((exponent, after)) = exponent(tail)
    {
        number.exponent = exponent;
        tail = after;
    }
    let mut tail = tail.trim_start_matches(is_white);
    if negative.is_none()
        && styles.trailing_sign
        && let Some(c) = tail.chars().next().filter(|c| matches!(c, '+' | '-'))
    {
        negative = Some(c == '-');
        tail = tail[1..].trim_start_matches(is_white);
    }
    number.negative = negative.unwrap_or(false);
    tail.is_empty().then_some(number)
}

fn is_group(c: char, culture: Culture) -> bool {
    culture.group.contains(&c)
}

/// `e`/`E`, an optional sign and at least one digit; the rest of the text after it.
fn exponent(text: &str) -> Option<(i32, &str)> {
    let rest = text.strip_prefix(['e', 'E'])?;
    let (negative, rest) = match rest.chars().next() {
        Some('-') => (true, &rest[1..]),
        Some('+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let value: i64 = rest[..digits].parse().unwrap_or(i64::MAX).min(100_000);
    let value = if negative { -value } else { value };
    Some((value as i32, &rest[digits..]))
}

/// `NaN` in any culture, `Infinity` in the invariant one, each with an optional sign
/// (case-insensitive).
pub(crate) fn symbol(text: &str, culture: Culture) -> Option<f64> {
    let trimmed = text.trim_matches(is_white);
    let (sign, word) = match trimmed.strip_prefix('-') {
        Some(word) => (-1.0, word),
        None => (1.0, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    if word.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    let infinity = if culture.invariant { word.eq_ignore_ascii_case("infinity") } else { word == "∞" };
    infinity.then_some(sign * f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOAT: Styles = Styles { trailing_sign: true, exponent: true };

    fn float(text: &str, culture: Culture) -> Option<String> {
        parse(text, culture, FLOAT).map(|n| n.canonical())
    }

    #[test]
    fn reads_what_dotnet_reads() {
        let cases = [
            ("12,3,4,5678", Some("12345678")),
            ("1234567,8+", Some("12345678")),
            ("12345,6,78,-", Some("-12345678")),
            ("-12,345,678,", Some("-12345678")),
            ("12345678.-", Some("-12345678")),
            (".12345678", Some("0.12345678")),
            ("  +1,000 ", Some("1000")),
            ("1.5e3", Some("1.5e3")),
            ("-1e-2", Some("-1e-2")),
            (",5", None),
            ("(200)", None),
            ("1e", None),
            ("+-1", None),
            ("-1-", None),
            ("", None),
            (".", None),
        ];
        for (text, want) in cases {
            assert_eq!(float(text, DEFAULT).as_deref(), want, "{text}");
        }
        assert_eq!(float("10.000,333", culture("de-DE").unwrap()).as_deref(), Some("10000.333"));
        assert_eq!(float("10 000,5", culture("fr-fr").unwrap()).as_deref(), Some("10000.5"));
        assert_eq!(culture("xx-YY"), None);
    }

    #[test]
    fn symbols_depend_on_the_culture() {
        assert!(symbol("nan", DEFAULT).unwrap().is_nan());
        assert_eq!(symbol("Infinity", DEFAULT), None);
        assert_eq!(symbol("-infinity", INVARIANT), Some(f64::NEG_INFINITY));
    }
}

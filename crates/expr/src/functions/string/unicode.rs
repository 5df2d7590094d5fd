//! Text helpers shared by the string and collection functions: .NET invariant-culture casing and
//! UTF-16 positions.
//!
//! Logic Apps runs on .NET, where a string is a sequence of UTF-16 code units: `length('😀')` is
//! 2 and every index (`substring`, `slice`, `indexOf`, `take`, `chunk`, …) counts code units.
//! These helpers keep that arithmetic in one place. A slice that cuts a surrogate pair in half
//! yields U+FFFD for the orphaned half (a lone surrogate cannot live in UTF-8 text, and is what
//! .NET writes out when such a string is encoded).
//!
//! Casing uses the *simple* (one character to one character) mappings of the invariant culture,
//! as `ToUpperInvariant`/`ToLowerInvariant` do: `ß` stays `ß` in upper case, and the Turkish
//! dotless `ı` and dotted `İ` keep their case (`toLower('İ')` is `İ`, `toUpper('ı')` is `ı`).

/// The replacement for half of a surrogate pair cut off by a slice.
const REPLACEMENT: char = '\u{FFFD}';

/// Number of UTF-16 code units in `text` (.NET `string.Length`).
pub(crate) fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The code units `start..end` of `text` as a string (bounds are clamped to the text; `end`
/// before `start` gives `""`). Half of a cut surrogate pair becomes U+FFFD.
pub(crate) fn utf16_slice(text: &str, start: usize, end: usize) -> String {
    let mut out = String::new();
    let mut at = 0;
    for c in text.chars() {
        if at >= end {
            break;
        }
        let width = c.len_utf16();
        let next = at + width;
        if at >= start && next <= end {
            out.push(c);
        } else if next > start {
            // A surrogate pair that straddles `start` or `end`: one half is inside.
            out.push(REPLACEMENT);
        }
        at = next;
    }
    out
}

/// Splits `text` into pieces of `size` UTF-16 code units (the last may be shorter), in one pass.
pub(crate) fn utf16_chunks(text: &str, size: usize) -> Vec<String> {
    let size = size.max(1);
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut units = 0;
    let mut push = |piece: char, width: usize, current: &mut String, units: &mut usize| {
        current.push(piece);
        *units += width;
        if *units == size {
            chunks.push(std::mem::take(current));
            *units = 0;
        }
    };
    for c in text.chars() {
        if c.len_utf16() == 2 && units + 1 == size {
            // The pair straddles a chunk boundary: each side keeps a replacement half.
            push(REPLACEMENT, 1, &mut current, &mut units);
            push(REPLACEMENT, 1, &mut current, &mut units);
        } else {
            push(c, c.len_utf16(), &mut current, &mut units);
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Converts a char index of `text` into a UTF-16 code-unit index.
pub(crate) fn char_to_utf16(text: &[char], index: usize) -> usize {
    text[..index].iter().map(|c| c.len_utf16()).sum()
}

/// The invariant-culture simple upper-case mapping of one character.
pub(crate) fn upper_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    if c == 'ı' {
        return c;
    }
    let mut mapped = c.to_uppercase();
    match (mapped.next(), mapped.next()) {
        (Some(single), None) => single,
        _ => greek_iota_subscript_upper(c).unwrap_or(c),
    }
}

/// The invariant-culture simple lower-case mapping of one character (`İ` has none).
pub(crate) fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut mapped = c.to_lowercase();
    match (mapped.next(), mapped.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// Greek letters with a subscript iota have a simple upper-case mapping (to the
/// title-case letter with *prosgegrammeni*) although their full mapping is two letters.
fn greek_iota_subscript_upper(c: char) -> Option<char> {
    let code = u32::from(c);
    let mapped = match code {
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => code + 8,
        0x1FB3 | 0x1FC3 | 0x1FF3 => code + 9,
        _ => return None,
    };
    char::from_u32(mapped)
}

/// `ToUpperInvariant`.
pub(crate) fn to_upper_invariant(text: &str) -> String {
    text.chars().map(upper_char).collect()
}

/// `ToLowerInvariant`.
pub(crate) fn to_lower_invariant(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

/// The characters of `text` folded for case-insensitive comparison (each to its simple upper
/// case, as `OrdinalIgnoreCase` does). Folding never changes a character's UTF-16 width.
pub(crate) fn fold(text: &str) -> Vec<char> {
    text.chars().map(upper_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_slices_count_utf16_units() {
        assert_eq!(utf16_len("héllo"), 5);
        assert_eq!(utf16_len("a😀"), 3);
        assert_eq!(utf16_slice("a😀b", 1, 3), "😀");
        assert_eq!(utf16_slice("a😀b", 0, 2), "a\u{FFFD}");
        assert_eq!(utf16_slice("a😀b", 2, 4), "\u{FFFD}b");
        assert_eq!(utf16_slice("abc", 2, 1), "");
        assert_eq!(utf16_slice("abc", 1, 99), "bc");
        assert_eq!(utf16_chunks("abcde", 2), ["ab", "cd", "e"]);
        assert!(utf16_chunks("", 3).is_empty());
        assert_eq!(utf16_chunks("a😀b", 2), ["a\u{FFFD}", "\u{FFFD}b"]);
        assert_eq!(utf16_chunks("😀", 1), ["\u{FFFD}", "\u{FFFD}"]);
        assert_eq!(utf16_chunks("😀x", 2), ["😀", "x"]);
        assert_eq!(char_to_utf16(&['😀', 'x'], 1), 2);
    }

    #[test]
    fn casing_is_simple_and_invariant() {
        assert_eq!(to_upper_invariant("Straße"), "STRAßE");
        assert_eq!(to_lower_invariant("ıIiİçÇğĞ"), "ıiiİççğğ");
        assert_eq!(to_upper_invariant("ıIiİçÇğĞ"), "ıIIİÇÇĞĞ");
        assert_eq!(to_upper_invariant("ᾳ ǆ ς"), "ᾼ Ǆ Σ");
        assert_eq!(to_lower_invariant("ΣΑΣ ǅ"), "σασ ǆ");
        assert_eq!(to_lower_invariant("Ｚｅｎ"), "ｚｅｎ");
        assert_eq!(fold("ab😀"), ['A', 'B', '😀']);
    }

    #[test]
    fn folding_keeps_utf16_widths() {
        for code in 0..=0x10FFFF_u32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(upper_char(c).len_utf16(), c.len_utf16(), "{c:?}");
                assert_eq!(lower_char(c).len_utf16(), c.len_utf16(), "{c:?}");
            }
        }
    }
}

//! Case-insensitive substring search for `indexOf`, `lastIndexOf`, `nthIndexOf`, `startsWith`
//! and `endsWith`, in UTF-16 positions.
//!
//! Both strings are folded with [`fold`] (simple upper case, like `OrdinalIgnoreCase`) and
//! searched with Knuth–Morris–Pratt, so every search is linear in the text and pattern lengths
//! whatever the input (no quadratic blow-up on `'aaaa…'`-style text).
//!
//! Empty search text follows the documented `lastIndexOf` rules: it "occurs" at every code
//! unit of a non-empty text (`indexOf(s, '')` is 0, `lastIndexOf(s, '')` is `length(s) - 1`),
//! once at 0 in an empty text, and a non-empty search never occurs in an empty text.

use super::unicode::{char_to_utf16, fold, utf16_len};

/// A text and a search string, folded for case-insensitive matching.
pub(crate) struct Search {
    text: Vec<char>,
    pattern: Vec<char>,
    text_units: usize,
}

impl Search {
    pub(crate) fn new(text: &str, pattern: &str) -> Self {
        Self {
            text: fold(text),
            pattern: fold(pattern),
            text_units: utf16_len(text),
        }
    }

    /// UTF-16 index of the first occurrence, or -1.
    pub(crate) fn first(&self) -> i64 {
        self.nth(1)
    }

    /// UTF-16 index of the last occurrence, or -1.
    pub(crate) fn last(&self) -> i64 {
        self.nth(-1)
    }

    /// UTF-16 index of the `n`th occurrence (1-based; negative counts from the end), or -1.
    /// Occurrences may overlap (`nthIndexOf('aaa', 'aa', 2)` is 1). `n` must not be 0.
    pub(crate) fn nth(&self, n: i64) -> i64 {
        if self.pattern.is_empty() {
            return self.nth_empty(n);
        }
        let found = if n > 0 {
            let skip = usize::try_from(n - 1).unwrap_or(usize::MAX);
            kmp(&self.text, &self.pattern).nth(skip)
        } else {
            let all: Vec<usize> = kmp(&self.text, &self.pattern).collect();
            let back = usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX);
            all.len().checked_sub(back).map(|i| all[i])
        };
        found.map_or(-1, |i| char_to_utf16(&self.text, i) as i64)
    }

    /// The empty search string occurs at code units `0..len` (or only at 0 in empty text).
    fn nth_empty(&self, n: i64) -> i64 {
        let count = self.text_units.max(1) as i64;
        let index = if n > 0 { n - 1 } else { count + n };
        if (0..count).contains(&index) {
            index
        } else {
            -1
        }
    }

    /// True if the text starts with the search string.
    pub(crate) fn is_prefix(&self) -> bool {
        self.text.starts_with(&self.pattern)
    }

    /// True if the text ends with the search string.
    pub(crate) fn is_suffix(&self) -> bool {
        self.text.ends_with(&self.pattern)
    }
}

/// Start indexes of every (overlapping) occurrence of a non-empty `pattern` in `text`.
fn kmp<'a>(text: &'a [char], pattern: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    let failure = failure_table(pattern);
    let mut matched = 0;
    text.iter().enumerate().filter_map(move |(i, c)| {
        while matched > 0 && pattern[matched] != *c {
            matched = failure[matched - 1];
        }
        if pattern[matched] == *c {
            matched += 1;
        }
        if matched == pattern.len() {
            matched = failure[matched - 1];
            Some(i + 1 - pattern.len())
        } else {
            None
        }
    })
}

/// `table[i]`: length of the longest proper border of `pattern[..=i]`.
fn failure_table(pattern: &[char]) -> Vec<usize> {
    let mut table = vec![0; pattern.len()];
    let mut k = 0;
    for i in 1..pattern.len() {
        while k > 0 && pattern[i] != pattern[k] {
            k = table[k - 1];
        }
        if pattern[i] == pattern[k] {
            k += 1;
        }
        table[i] = k;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_overlapping_occurrences_case_insensitively() {
        let s = Search::new("Hello World hello world", "WORLD");
        assert_eq!((s.first(), s.last()), (6, 18));
        assert_eq!(s.nth(2), 18);
        assert_eq!(s.nth(3), -1);
        assert_eq!(s.nth(-2), 6);
        assert_eq!(Search::new("aaaa", "aa").nth(3), 2);
        assert_eq!(Search::new("aaaa", "aa").nth(-3), 0);
        assert_eq!(Search::new("abababc", "ababc").first(), 2);
        assert_eq!(Search::new("😀x", "X").first(), 2);
    }

    #[test]
    fn empty_search_follows_the_documented_rules() {
        assert_eq!(Search::new("abc", "").first(), 0);
        assert_eq!(Search::new("abc", "").last(), 2);
        assert_eq!(Search::new("", "").last(), 0);
        assert_eq!(Search::new("", "a").last(), -1);
        assert_eq!(Search::new("abc", "").nth(4), -1);
    }

    #[test]
    fn long_repetitive_input_stays_linear() {
        let text = "a".repeat(200_000);
        let pattern = "a".repeat(100_000);
        assert_eq!(Search::new(&text, &pattern).nth(100_001), 100_000);
        assert_eq!(Search::new(&text, &(pattern + "b")).last(), -1);
    }

    #[test]
    fn prefixes_and_suffixes_ignore_case() {
        assert!(Search::new("Hello", "hE").is_prefix());
        assert!(Search::new("Hello", "LO").is_suffix());
        assert!(Search::new("Hello", "").is_suffix());
        assert!(!Search::new("ß", "SS").is_prefix());
    }
}

//! "Did you mean …?" hints for misspelled function and property names.

/// The candidate closest to `name` by case-insensitive edit distance (adjacent transpositions
/// count as one edit), if it is close enough: at most one edit per three characters, at most
/// three, at least one. Ties go to the earliest candidate.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let name: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let limit = (name.len() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let lowered: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        if lowered.len().abs_diff(name.len()) > limit {
            continue;
        }
        let d = distance(&name, &lowered);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        rows[at(i, 0)] = i;
    }
    for j in 0..=b.len() {
        rows[at(0, j)] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[at(i - 1, j)] + 1)
                .min(rows[at(i, j - 1)] + 1)
                .min(rows[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[at(i - 2, j - 2)] + 1);
            }
            rows[at(i, j)] = d;
        }
    }
    rows[at(a.len(), b.len())]
}

/// `" Did you mean 'x'?"`, or nothing.
pub(crate) fn hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates)
        .map(|c| format!(" Did you mean '{c}'?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_misses_only() {
        let names = ["concat", "contains", "coalesce", "body", "triggerBody"];
        assert_eq!(closest("concta", names), Some("concat"));
        assert_eq!(closest("CONCAT", names), Some("concat"));
        assert_eq!(closest("contians", names), Some("contains"));
        assert_eq!(closest("triggerbdy", names), Some("triggerBody"));
        assert_eq!(closest("bdy", names), Some("body"));
        assert_eq!(closest("nope", names), None);
        assert_eq!(closest("x", names), None);
        assert_eq!(hint("nope", names), "");
    }
}

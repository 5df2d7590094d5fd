//! Runs every case in `golden.json` and in each `golden/*.json`: a template string, an optional scope (else
//! `MapScope::example()`), and either the expected JSON value, an `error` substring (evaluation,
//! with an optional `position`: the character offset of the failing call in the template) or a
//! `parse_error` substring.

use flowline_expr::Template;
use flowline_expr::testing::MapScope;
use serde_json::Value as Json;

fn run_case(case: &Json) -> Result<(), String> {
    let template = case["template"].as_str().ok_or("case without template")?;
    let scope = match case.get("scope") {
        Some(spec) => MapScope::new(spec.clone()),
        None => MapScope::example(),
    };
    let parsed = Template::parse(template);
    if let Some(want) = case.get("parse_error").and_then(Json::as_str) {
        return match parsed {
            Err(e) if e.message.contains(want) => Ok(()),
            Err(e) => Err(format!("parse error '{e}' does not contain '{want}'")),
            Ok(t) => Err(format!("expected a parse error, parsed {t:?}")),
        };
    }
    let parsed = parsed.map_err(|e| format!("unexpected parse error: {e}"))?;
    let result = parsed.evaluate(&scope);
    if let Some(want) = case.get("error").and_then(Json::as_str) {
        let position = case.get("position").and_then(Json::as_u64);
        return match result {
            Err(e) if !e.message.contains(want) => {
                Err(format!("error '{e}' does not contain '{want}'"))
            }
            Err(e) if position.is_some() && e.position.map(|p| p as u64) != position => Err(
                format!("error at position {:?}, want {position:?}", e.position),
            ),
            Err(_) => Ok(()),
            Ok(v) => Err(format!("expected an error, got {}", v.into_json())),
        };
    }
    let want = case
        .get("expected")
        .ok_or("case without expected/error/parse_error")?;
    match result {
        Ok(v) => {
            let got = v.into_json();
            if &got == want {
                Ok(())
            } else {
                Err(format!("got {got}, want {want}"))
            }
        }
        Err(e) => Err(format!("unexpected error: {e}")),
    }
}

/// The cases of `golden.json` and of every `golden/*.json`, in file-name order.
fn all_cases() -> Vec<Json> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = vec![dir.join("golden.json")];
    let mut more: Vec<_> = std::fs::read_dir(dir.join("golden"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    more.retain(|p| p.extension().is_some_and(|x| x == "json"));
    more.sort();
    files.extend(more);
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let parsed: Vec<Json> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a JSON array of cases: {e}", file.display()));
        assert!(!parsed.is_empty(), "{} has no cases", file.display());
        cases.extend(parsed);
    }
    cases
}

#[test]
fn golden_cases_hold() {
    let cases = all_cases();
    assert!(cases.len() >= 120, "only {} golden cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            run_case(case)
                .err()
                .map(|why| format!("{}: {why}", case["template"]))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

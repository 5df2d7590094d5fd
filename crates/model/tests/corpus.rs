//! The 44 real Logic Apps files in /work/shared/corpus, used in place.

mod support;

use flowline_model::{
    ActionBody, ActionType, AllTypes, DiagnosticCode as C, RunAfterStatus, Shape, load, validate,
};
use std::collections::BTreeMap;
use support::{corpus_dir, corpus_file, corpus_files, with_code};

#[test]
fn corpus_has_44_files() {
    assert_eq!(corpus_files().len(), 44);
}

#[test]
fn every_corpus_file_loads_and_round_trips_byte_for_byte_in_compact_form() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = load(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let original: serde_json::Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(
            serde_json::to_string(doc.to_json()).unwrap(),
            serde_json::to_string(&original).unwrap(),
            "{} does not round-trip",
            path.display()
        );
        assert!(
            !doc.workflows.is_empty(),
            "{}: no workflow found",
            path.display()
        );
    }
}

/// One row of the corpus README table: file, shape, total actions, max nesting depth.
struct Expected {
    file: String,
    shape: Shape,
    actions: usize,
    depth: usize,
}

fn readme_rows() -> Vec<Expected> {
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let notes = cells[8];
            let number_before = |marker: &str| -> usize {
                let end = notes
                    .find(marker)
                    .unwrap_or_else(|| panic!("{marker} in {notes}"));
                let digits: String = notes[..end]
                    .trim_end()
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.chars().rev().collect::<String>().parse().unwrap()
            };
            let depth_start = notes.find("nesting depth ").unwrap() + "nesting depth ".len();
            let depth: String = notes[depth_start..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            Expected {
                file: cells[1].trim_matches('`').to_string(),
                shape: match cells[4] {
                    "bare" => Shape::Bare,
                    "standard" => Shape::Standard,
                    "arm" => Shape::Arm,
                    "gallery" => Shape::Gallery,
                    other => panic!("shape {other}"),
                },
                actions: number_before(" action"),
                depth: depth.parse().unwrap(),
            }
        })
        .collect()
}

#[test]
fn shapes_action_counts_and_depths_match_the_corpus_readme() {
    let rows = readme_rows();
    assert_eq!(rows.len(), 44);
    for row in rows {
        let text = std::fs::read_to_string(corpus_dir().join(&row.file)).unwrap();
        let doc = load(&text).unwrap();
        let actions: usize = doc
            .workflows
            .iter()
            .map(|w| w.definition.action_count())
            .sum();
        let depth = doc
            .workflows
            .iter()
            .map(|w| w.definition.nesting_depth())
            .max()
            .unwrap_or(0);
        assert_eq!(
            (doc.shape, actions, depth),
            (row.shape, row.actions, row.depth),
            "{}",
            row.file
        );
    }
}

#[test]
fn diagnostic_counts_across_the_corpus_are_stable() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for path in corpus_files() {
        let doc = load(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for d in validate(&doc, &AllTypes) {
            *counts.entry(d.code.as_str()).or_default() += 1;
        }
    }
    println!("{counts:#?}");
    let expected: BTreeMap<&str, usize> = [("ArmTemplateExpression", 19), ("MissingType", 1)]
        .into_iter()
        .collect();
    assert_eq!(counts, expected);
}

#[test]
fn malformed_devops_file_reports_the_typeless_wrapper_trigger() {
    let doc = load(&corpus_file("Open-DevOpsTaskRecommendation")).unwrap();
    let diags = validate(&doc, &AllTypes);
    let missing = with_code(&diags, C::MissingType);
    assert_eq!(missing.len(), 1);
    assert_eq!(
        missing[0].path,
        "/resources/2/properties/definition/triggers/triggers"
    );
    assert!(
        missing[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("When_an_Azure_Security_Center_Recommendation_is_created_or_triggered")
    );
    assert_eq!(
        doc.workflows[0].definition.triggers.len(),
        1,
        "the typeless trigger is kept"
    );
}

#[test]
fn arm_bracket_expressions_inside_definitions_are_reported() {
    let doc = load(&corpus_file("Send-SecureScoreBriefing")).unwrap();
    let paths: Vec<String> = with_code(&doc.diagnostics, C::ArmTemplateExpression)
        .iter()
        .map(|d| d.path.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/resources/2/properties/definition/parameters/SecureScoreLogAnalyticsName/defaultValue",
            "/resources/2/properties/definition/parameters/SecureScoreLogAnalyticsRGName/defaultValue",
            "/resources/2/properties/definition/parameters/SecureScoreLogAnalyticsSubId/defaultValue",
            "/resources/2/properties/definition/parameters/ComplianceEmailAddress/defaultValue",
        ]
    );
    // ARM expressions outside definitions (resource names, connections) are not reported.
    let doc = load(&corpus_file("scripts__recurrence-jobs__schedulesWithConn")).unwrap();
    assert_eq!(doc.workflows.len(), 4);
    assert!(
        doc.workflows[3]
            .pointer
            .starts_with("/resources/4/properties/template/resources/")
    );
    assert!(
        with_code(&doc.diagnostics, C::ArmTemplateExpression)
            .iter()
            .all(|d| d.path.contains("/properties/definition/"))
    );
}

#[test]
fn stress_test_has_exactly_500_actions_and_is_within_limits() {
    let doc = load(&corpus_file("StressTest500")).unwrap();
    assert_eq!(doc.definition().unwrap().action_count(), 500);
    assert!(validate(&doc, &AllTypes).is_empty());
}

#[test]
fn lower_case_foreach_parses_as_foreach() {
    let doc = load(&corpus_file("sync-sales-order-sap-blob-storage-odata")).unwrap();
    let def = doc.definition().unwrap();
    let loops: Vec<_> = def
        .actions
        .walk()
        .into_iter()
        .filter(|(_, a)| a.type_name == "foreach")
        .collect();
    assert_eq!(loops.len(), 1);
    assert_eq!(loops[0].1.action_type, ActionType::Foreach);
    assert!(matches!(loops[0].1.body, ActionBody::Foreach { .. }));
}

#[test]
fn upper_case_run_after_statuses_parse() {
    for (file, written, status) in [
        (
            "__mocks____workflows__RunAfter",
            "\"SUCCEEDED\"",
            RunAfterStatus::Succeeded,
        ),
        (
            "templates__benchmarks__burst__enricher",
            "\"FAILED\"",
            RunAfterStatus::Failed,
        ),
    ] {
        let doc = load(&corpus_file(file)).unwrap();
        assert!(doc.to_string_pretty().contains(written), "{file}");
        let def = doc.definition().unwrap();
        let statuses: Vec<RunAfterStatus> = def
            .actions
            .walk()
            .iter()
            .flat_map(|(_, a)| a.run_after.iter().flat_map(|r| r.statuses.clone()))
            .collect();
        assert!(statuses.contains(&status), "{file}");
        assert!(validate(&doc, &AllTypes).is_empty(), "{file}");
    }
}

#[test]
fn enable_auditing_is_nested_exactly_8_deep_without_diagnostic() {
    let doc = load(&corpus_file("Enable_auditing_for_the_SQL_server")).unwrap();
    assert_eq!(doc.definition().unwrap().nesting_depth(), 8);
    assert!(with_code(&validate(&doc, &AllTypes), C::NestingTooDeep).is_empty());
}

#[test]
fn connector_and_runtime_specific_types_are_known() {
    for path in corpus_files() {
        let doc = load(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for w in &doc.workflows {
            for (_, a) in w.definition.actions.walk() {
                assert!(
                    a.action_type.is_known(),
                    "{}: {} {}",
                    path.display(),
                    a.pointer,
                    a.type_name
                );
            }
        }
        assert!(with_code(&doc.diagnostics, C::UnknownActionType).is_empty());
        assert!(with_code(&doc.diagnostics, C::UnknownTriggerType).is_empty());
    }
}

#[test]
fn bom_and_crlf_files_load() {
    let bom = corpus_file("httpactionworkflow");
    assert!(bom.starts_with('\u{feff}'));
    let doc = load(&bom).unwrap();
    assert_eq!(doc.shape, Shape::Standard);
    assert_eq!(doc.workflows[0].kind.as_deref(), Some("Stateful"));
    let crlf = corpus_file("templates__cancel-runs-by-tracking-id");
    assert!(crlf.contains("\r\n"));
    assert_eq!(load(&crlf).unwrap().shape, Shape::Gallery);
}

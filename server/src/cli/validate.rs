//! `flowline validate FILE…`: loads each file, prints its diagnostics, exits 1 on any error.

use crate::api::convert_diagnostic;
use flowline_engine::EngineCapabilities;
use flowline_model::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

/// Validates files; returns the exit code (0 = no errors, 1 = errors, 2 = unreadable input).
pub fn validate(files: &[PathBuf], json: bool) -> ExitCode {
    let mut worst = 0u8;
    let mut report = Vec::new();
    for file in files {
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{}: cannot read: {e}", file.display());
                worst = worst.max(2);
                continue;
            }
        };
        let diagnostics = match flowline_model::load(&text) {
            Err(e) => {
                println!("{}: error[InvalidJson]: {e}", file.display());
                worst = worst.max(1);
                report.push(serde_json::json!({ "file": file, "error": e.to_string() }));
                continue;
            }
            Ok(doc) => flowline_model::validate(&doc, &EngineCapabilities),
        };
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        if errors > 0 {
            worst = worst.max(1);
        }
        if json {
            report.push(serde_json::json!({
                "file": file,
                "valid": errors == 0,
                "diagnostics": diagnostics.iter().map(convert_diagnostic).collect::<Vec<_>>(),
            }));
            continue;
        }
        for d in &diagnostics {
            let level = if d.severity == Severity::Error { "error" } else { "warning" };
            println!("{}: {level}[{}] at {}: {}", file.display(), d.code.as_str(), pointer(&d.path), d.message);
            if let Some(h) = &d.hint {
                println!("    hint: {h}");
            }
        }
        let warnings = diagnostics.len() - errors;
        println!("{}: {errors} error(s), {warnings} warning(s)", file.display());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    }
    ExitCode::from(worst)
}

fn pointer(p: &str) -> &str {
    if p.is_empty() { "/" } else { p }
}

//! Table: `from` as a CSV or HTML table. Without `columns`, the headers are the property names of
//! the elements (which must be objects), in first-seen order across all elements, and a missing
//! property is an empty cell. With `columns: [{header, value}]`, `header` is evaluated once and
//! `value` once per element with `item()`.
//!
//! CSV: one line per row, each ended by `\n` (the header line first); a field holding a comma, a
//! double quote, CR or LF is quoted, with quotes doubled (RFC 4180). HTML:
//! `<table><thead><tr><th>…</th></tr></thead><tbody><tr><td>…</td></tr></tbody></table>`, with
//! `& < > " '` escaped. Cells are values as text (`string()` rules: null is empty).

use super::item_scope::{child, elements, evaluate_for, member, type_name};
use super::{required_array, text_of};
use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_expr::{JsonTemplate, Scope};
use flowline_model::Action;
use serde_json::{Value, json};

enum Format {
    Csv,
    Html,
}

/// Column headers and the rows' cells as text.
struct Grid {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

pub(crate) fn execute(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Outcome {
    match build(ctx, action, inputs) {
        Ok((Format::Csv, grid)) => Outcome::succeeded(Some(json!({ "body": csv(&grid) }))),
        Ok((Format::Html, grid)) => Outcome::succeeded(Some(json!({ "body": html(&grid) }))),
        Err(o) => o,
    }
}

fn build(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Result<(Format, Grid), Outcome> {
    let format = match inputs.get("format").and_then(Value::as_str) {
        Some(f) if f.eq_ignore_ascii_case("CSV") => Format::Csv,
        Some(f) if f.eq_ignore_ascii_case("HTML") => Format::Html,
        other => {
            return Err(Outcome::failed(
                "InvalidTemplate",
                format!("The 'format' of a Table action must be 'CSV' or 'HTML', not {}.", other.map_or("null".into(), |f| format!("'{f}'"))),
            ));
        }
    };
    let items = required_array(inputs, "table")?;
    let grid = match member(action, inputs, "columns") {
        Some(columns) if !matches!(columns.as_ref(), JsonTemplate::Literal(Value::Null)) => {
            explicit(action, &columns, &ctx.scope(), items)?
        }
        _ => automatic(items)?,
    };
    Ok((format, grid))
}

/// Headers from the elements' property names.
fn automatic(items: &[Value]) -> Result<Grid, Outcome> {
    let mut headers: Vec<String> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Value::Object(fields) = item else {
            return Err(Outcome::failed(
                "InvalidTemplate",
                format!(
                    "A Table without 'columns' needs objects in 'from'; the item at index {index} is of type '{}'. Add 'columns' to choose the cells.",
                    type_name(item)
                ),
            ));
        };
        for key in fields.keys() {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
    }
    let rows = items
        .iter()
        .map(|item| headers.iter().map(|h| item.get(h).map(text_of).unwrap_or_default()).collect())
        .collect();
    Ok(Grid { headers, rows })
}

/// Headers and cells from `columns: [{header, value}]`.
fn explicit(action: &Action, columns: &JsonTemplate, scope: &dyn Scope, items: &[Value]) -> Result<Grid, Outcome> {
    let invalid = |message: String| Outcome::failed("InvalidTemplate", message);
    let columns = elements(columns).ok_or_else(|| invalid("The 'columns' of a Table action must be an array of {header, value} objects.".into()))?;
    let mut headers = Vec::with_capacity(columns.len());
    let mut values = Vec::with_capacity(columns.len());
    for (i, column) in columns.iter().enumerate() {
        let header = match child(column, "header") {
            None => String::new(),
            Some(t) => t
                .evaluate(scope)
                .map(|v| text_of(&v))
                .map_err(|e| invalid(format!("The header of column {i} of action '{}' cannot be evaluated: {}", action.name, e.message)))?,
        };
        let value = child(column, "value").ok_or_else(|| invalid(format!("Column {i} of action '{}' has no 'value'.", action.name)))?;
        headers.push(header);
        values.push(value);
    }
    let mut rows = Vec::with_capacity(items.len());
    for item in items.iter().enumerate() {
        let row = values
            .iter()
            .map(|v| evaluate_for(action, v, scope, item).map(|cell| text_of(&cell)))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(row);
    }
    Ok(Grid { headers, rows })
}

fn csv(grid: &Grid) -> String {
    let mut out = String::new();
    for line in std::iter::once(&grid.headers).chain(&grid.rows) {
        let fields: Vec<String> = line.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn html(grid: &Grid) -> String {
    let mut out = String::from("<table><thead><tr>");
    for h in &grid.headers {
        out.push_str(&format!("<th>{}</th>", escape_html(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &grid.rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{}</td>", escape_html(cell)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(headers: &[&str], rows: &[&[&str]]) -> Grid {
        Grid {
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect(),
        }
    }

    #[test]
    fn csv_quotes_fields_with_separators_quotes_and_line_breaks() {
        let g = grid(&["ID", "Name"], &[&["0", "Apples, red"], &["1", "say \"hi\""], &["2", "two\nlines"]]);
        assert_eq!(csv(&g), "ID,Name\n0,\"Apples, red\"\n1,\"say \"\"hi\"\"\"\n2,\"two\nlines\"\n");
    }

    #[test]
    fn html_escapes_markup_in_headers_and_cells() {
        let g = grid(&["<b>"], &[&["Tom & 'Jerry' \"x\""]]);
        assert_eq!(
            html(&g),
            "<table><thead><tr><th>&lt;b&gt;</th></tr></thead><tbody><tr><td>Tom &amp; &#39;Jerry&#39; &quot;x&quot;</td></tr></tbody></table>"
        );
    }
}

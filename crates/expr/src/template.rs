//! String templates: `@expr` (typed), `…@{expr}…` (interpolated) and literals with `@@` escapes.

use crate::ast::Expr;
use crate::error::{EvalError, ParseError};
use crate::eval::evaluate;
use crate::parser::parse_at;
use crate::scope::Scope;
use crate::value::{Value, eq_ignore_case};

/// A JSON string value, classified and pre-parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    /// No expression: evaluates to this string (escapes already resolved).
    Literal(String),
    /// `@expr`: evaluates to the expression's value, of any type.
    Typed(Expr),
    /// Text with `@{expr}` parts: always evaluates to a string, even for a lone `@{expr}`.
    Interpolated(Vec<Segment>),
}

/// A part of an interpolated template.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Literal text (with `@@{` already turned into `@{`).
    Text(String),
    /// An `@{…}` expression; its value is stringified with [`Value::to_text`].
    Expr(Expr),
}

impl Template {
    /// Classifies and parses a string:
    /// - leading `@@` → literal with one `@` removed;
    /// - leading `@{` → interpolated (a string, even if it is the only content);
    /// - leading `@` → typed expression;
    /// - `@{` anywhere → interpolated, where `@@{` stands for a literal `@{`;
    /// - anything else → literal, unchanged.
    ///
    /// An interpolation containing no expression (only `@@{` escapes) is returned as a
    /// [`Template::Literal`]. Error offsets are character offsets into `s`.
    pub fn parse(s: &str) -> Result<Template, ParseError> {
        if s.starts_with("@@") {
            return Ok(Template::Literal(s[1..].to_owned()));
        }
        if s.starts_with("@{") || (!s.starts_with('@') && s.contains("@{")) {
            return interpolation(s);
        }
        match s.strip_prefix('@') {
            Some(rest) => parse_at(rest, 1).map(Template::Typed),
            None => Ok(Template::Literal(s.to_owned())),
        }
    }

    /// True if evaluation cannot depend on the scope.
    pub fn is_literal(&self) -> bool {
        matches!(self, Template::Literal(_))
    }

    /// Evaluates: typed templates keep the value's type, the others produce strings.
    pub fn evaluate(&self, scope: &dyn Scope) -> Result<Value, EvalError> {
        match self {
            Template::Literal(text) => Ok(Value::String(text.clone())),
            Template::Typed(expr) => evaluate(expr, scope),
            Template::Interpolated(segments) => {
                let mut out = String::new();
                for segment in segments {
                    match segment {
                        Segment::Text(text) => out.push_str(text),
                        Segment::Expr(expr) => out.push_str(&evaluate(expr, scope)?.to_text()),
                    }
                }
                Ok(Value::String(out))
            }
        }
    }

    /// The top-level expressions of this template, in order.
    pub fn expressions(&self) -> Vec<&Expr> {
        match self {
            Template::Literal(_) => Vec::new(),
            Template::Typed(expr) => vec![expr],
            Template::Interpolated(segments) => segments
                .iter()
                .filter_map(|s| match s {
                    Segment::Expr(e) => Some(e),
                    Segment::Text(_) => None,
                })
                .collect(),
        }
    }

    /// Actions named by a literal first argument of `actions`, `body`, `outputs`, `result`,
    /// `actionBody` or `actionOutputs`, anywhere in the template (duplicates are kept).
    pub fn referenced_actions(&self) -> Vec<String> {
        const REFERENCING: [&str; 6] = [
            "actions",
            "body",
            "outputs",
            "result",
            "actionBody",
            "actionOutputs",
        ];
        let mut names = Vec::new();
        for expr in self.expressions() {
            expr.walk(&mut |e| {
                if let Some((name, [Expr::Literal(Value::String(action)), ..])) = e.as_call()
                    && REFERENCING.iter().any(|r| eq_ignore_case(r, name))
                {
                    names.push(action.clone());
                }
            });
        }
        names
    }
}

/// Splits text into literal and `@{…}` segments. A `}` inside a quoted string does not close
/// the expression.
fn interpolation(s: &str) -> Result<Template, ParseError> {
    let chars: Vec<char> = s.chars().collect();
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['@', '@', '{']) {
            text.push_str("@{");
            i += 3;
        } else if rest.starts_with(&['@', '{']) {
            let end = closing_brace(&chars, i + 2)
                .ok_or_else(|| ParseError::new("Unterminated '@{': a closing '}' is missing", i))?;
            let inner: String = chars[i + 2..end].iter().collect();
            let expr = parse_at(&inner, i + 2)?;
            if !text.is_empty() {
                segments.push(Segment::Text(std::mem::take(&mut text)));
            }
            segments.push(Segment::Expr(expr));
            i = end + 1;
        } else {
            text.push(chars[i]);
            i += 1;
        }
    }
    if !text.is_empty() {
        segments.push(Segment::Text(text));
    }
    match segments.as_slice() {
        [] => Ok(Template::Literal(String::new())),
        [Segment::Text(only)] => Ok(Template::Literal(only.clone())),
        _ => Ok(Template::Interpolated(segments)),
    }
}

fn closing_brace(chars: &[char], from: usize) -> Option<usize> {
    let mut in_string = false;
    for (offset, &c) in chars[from..].iter().enumerate() {
        match c {
            '\'' => in_string = !in_string,
            '}' if !in_string => return Some(from + offset),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_strings() {
        assert_eq!(
            Template::parse("plain").unwrap(),
            Template::Literal("plain".into())
        );
        assert_eq!(
            Template::parse("@@x").unwrap(),
            Template::Literal("@x".into())
        );
        assert_eq!(
            Template::parse("a @ b").unwrap(),
            Template::Literal("a @ b".into())
        );
        assert_eq!(
            Template::parse("x@@{y}").unwrap(),
            Template::Literal("x@{y}".into())
        );
        assert!(
            matches!(Template::parse("@{1}").unwrap(), Template::Interpolated(s) if s.len() == 1)
        );
        assert!(matches!(
            Template::parse("@add(1,2)").unwrap(),
            Template::Typed(_)
        ));
    }

    #[test]
    fn brace_inside_string_does_not_close() {
        let t = Template::parse("a@{concat('}', 'b')}c").unwrap();
        let scope = crate::testing::MapScope::default();
        assert_eq!(t.evaluate(&scope).unwrap(), Value::from("a}bc"));
    }

    #[test]
    fn error_offsets_point_into_the_whole_string() {
        assert_eq!(Template::parse("ab @{f(}").unwrap_err().offset, 7);
        assert_eq!(Template::parse("ab @{f()").unwrap_err().offset, 3);
        assert_eq!(Template::parse("@f(,)").unwrap_err().offset, 3);
    }

    #[test]
    fn finds_referenced_actions() {
        let t = Template::parse("@{body('A')?.x} @{concat(OUTPUTS('B'), actions(variables('n')))}")
            .unwrap();
        assert_eq!(t.referenced_actions(), vec!["A", "B"]);
    }
}

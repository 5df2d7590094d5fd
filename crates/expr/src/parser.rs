//! Recursive-descent parser for expression text (the part after `@`).
//!
//! Hostile input is bounded: text longer than [`MAX_EXPRESSION_CHARS`] is rejected up front and
//! nesting (call arguments and index expressions) deeper than [`MAX_DEPTH`] is an error, so
//! recursion is bounded no matter the input.

use crate::ast::{Access, Expr, Selector};
use crate::error::ParseError;
use crate::value::Value;

/// Longest expression text accepted, in characters (the Logic Apps limit).
pub const MAX_EXPRESSION_CHARS: usize = 8192;
/// Deepest nesting of calls and index expressions accepted.
pub const MAX_DEPTH: usize = 64;

/// Parses expression text (without the leading `@`). Error offsets and call offsets are
/// character offsets into `src`.
pub fn parse_expression(src: &str) -> Result<Expr, ParseError> {
    parse_at(src, 0)
}

/// Like [`parse_expression`] for text that starts `base` characters into a larger string:
/// every offset (errors and calls) is reported relative to that larger string.
pub(crate) fn parse_at(src: &str, base: usize) -> Result<Expr, ParseError> {
    parse_relative(src, base).map_err(|e| e.shifted(base))
}

fn parse_relative(src: &str, base: usize) -> Result<Expr, ParseError> {
    let chars: Vec<char> = src.chars().take(MAX_EXPRESSION_CHARS + 1).collect();
    if chars.len() > MAX_EXPRESSION_CHARS {
        return Err(ParseError::new(
            format!("The expression is longer than the limit of {MAX_EXPRESSION_CHARS} characters"),
            MAX_EXPRESSION_CHARS,
        ));
    }
    let mut parser = Parser {
        chars,
        pos: 0,
        depth: 0,
        base,
    };
    parser.skip_ws();
    if parser.at_end() {
        return Err(ParseError::new("The expression is empty", 0));
    }
    let expr = parser.expression()?;
    parser.skip_ws();
    match parser.peek() {
        None => Ok(expr),
        Some(c) => Err(parser.error(format!(
            "Unexpected character '{c}' after the end of the expression"
        ))),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    /// Added to call offsets (error offsets are shifted once, by the caller).
    base: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(message, self.pos)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!(
                "The expression is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(())
    }

    fn expression(&mut self) -> Result<Expr, ParseError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error("Unexpected end of expression; a value was expected")),
            Some('\'') => self.string().map(|s| Expr::Literal(Value::String(s))),
            Some('"') => Err(self.error(
                "Double quotes are not allowed in expressions; use single quotes for string literals ('text')",
            )),
            Some(c) if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') => self.number(),
            Some(c) if is_ident_start(c) => self.identifier_or_call(),
            Some(c) => Err(self.error(format!("Unexpected character '{c}'; a value was expected"))),
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::new("Unterminated string literal", start)),
                Some('\'') if self.peek_at(1) == Some('\'') => {
                    out.push('\'');
                    self.pos += 2;
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        if matches!(self.peek(), Some('+' | '-')) {
            self.pos += 1;
        }
        let int_digits = self.digits();
        let mut is_float = false;
        if self.peek() == Some('.') {
            self.pos += 1;
            is_float = true;
            let frac_digits = self.digits();
            if int_digits + frac_digits == 0 {
                return Err(ParseError::new("Invalid number literal", start));
            }
        } else if int_digits == 0 {
            return Err(ParseError::new("Invalid number literal", start));
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            is_float = true;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(
                    self.error("Invalid number literal: digits expected after the exponent")
                );
            }
        }
        if self.peek().is_some_and(|c| is_ident_char(c) || c == '.') {
            return Err(self.error("Invalid number literal"));
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let text = text.strip_prefix('+').unwrap_or(&text);
        if is_float {
            let f = text
                .parse::<f64>()
                .map_err(|_| ParseError::new("Invalid number literal", start))?;
            return Ok(Expr::Literal(Value::Float(f)));
        }
        text.parse::<i64>()
            .map(|i| Expr::Literal(Value::Int(i)))
            .map_err(|_| {
                ParseError::new(
                    format!(
                        "The integer literal '{text}' is outside the range of a 64-bit integer"
                    ),
                    start,
                )
            })
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn identifier(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn identifier_or_call(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        let name = self.identifier();
        self.skip_ws();
        if self.peek() != Some('(') {
            return match name.to_ascii_lowercase().as_str() {
                "null" => Ok(Expr::Literal(Value::Null)),
                "true" => Ok(Expr::Literal(Value::Bool(true))),
                "false" => Ok(Expr::Literal(Value::Bool(false))),
                _ => Err(ParseError::new(
                    format!(
                        "'{name}' is not a value; function calls need parentheses, e.g. '{name}()'"
                    ),
                    start,
                )),
            };
        }
        self.pos += 1; // '('
        self.enter()?;
        let args = self.arguments()?;
        self.depth -= 1;
        let path = self.accesses()?;
        Ok(Expr::Call {
            name,
            args,
            path,
            offset: self.base + start,
        })
    }

    fn arguments(&mut self) -> Result<Vec<Expr>, ParseError> {
        let mut args = Vec::new();
        if self.eat(')') {
            return Ok(args);
        }
        loop {
            args.push(self.expression()?);
            if self.eat(')') {
                return Ok(args);
            }
            if !self.eat(',') {
                self.skip_ws();
                return Err(match self.peek() {
                    None => self.error("Unexpected end of expression; ')' expected"),
                    Some(c) => {
                        self.error(format!("Unexpected character '{c}'; ',' or ')' expected"))
                    }
                });
            }
        }
    }

    fn accesses(&mut self) -> Result<Vec<Access>, ParseError> {
        let mut path = Vec::new();
        loop {
            self.skip_ws();
            let safe = self.peek() == Some('?');
            if safe {
                self.pos += 1;
                self.skip_ws();
            }
            let selector = match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    self.skip_ws();
                    if !self.peek().is_some_and(is_ident_char) {
                        return Err(self.error("A property name is expected after '.'"));
                    }
                    Selector::Name(self.identifier())
                }
                Some('[') => {
                    self.pos += 1;
                    self.enter()?;
                    let index = self.expression()?;
                    self.depth -= 1;
                    if !self.eat(']') {
                        return Err(self.error("']' expected"));
                    }
                    Selector::Index(index)
                }
                _ if safe => return Err(self.error("'?' must be followed by '.' or '['")),
                _ => return Ok(path),
            };
            path.push(Access { safe, selector });
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(src: &str) -> Value {
        match parse_expression(src).unwrap() {
            Expr::Literal(v) => v,
            other => panic!("not a literal: {other:?}"),
        }
    }

    fn err(src: &str) -> ParseError {
        parse_expression(src).unwrap_err()
    }

    #[test]
    fn numbers_lex_like_logic_apps() {
        assert_eq!(lit("+.5"), Value::Float(0.5));
        assert_eq!(lit("+1."), Value::Float(1.0));
        assert_eq!(lit("-01.0"), Value::Float(-1.0));
        assert_eq!(lit("3e1"), Value::Float(30.0));
        assert_eq!(lit("-9223372036854775808"), Value::Int(i64::MIN));
        for bad in ["++1", "1e", "1e1.1", "+", "9223372036854775808", "1x"] {
            assert!(parse_expression(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn strings_double_single_quotes() {
        assert_eq!(lit("'don''t'"), Value::from("don't"));
        assert_eq!(err("'abc").offset, 0);
        assert!(err("\"x\"").message.contains("single quotes"));
    }

    #[test]
    fn calls_and_paths_round_trip_to_text() {
        let e = parse_expression("body( 'A' )?['x'].y[0]").unwrap();
        assert_eq!(e.to_string(), "body('A')?['x'].y[0]");
    }

    #[test]
    fn errors_report_char_offsets() {
        assert_eq!(err("concat('é', )").offset, 12);
        assert_eq!(err("f()?").offset, 4);
        assert_eq!(err("f() g").offset, 4);
    }

    #[test]
    fn calls_record_their_offsets() {
        let e = parse_at("concat( 'a', toLower(x()))", 1).unwrap();
        let mut offsets = Vec::new();
        e.walk(&mut |e| {
            if let Expr::Call { offset, .. } = e {
                offsets.push(*offset);
            }
        });
        assert_eq!(offsets, vec![1, 14, 22]);
        assert_eq!(parse_at("f(", 3).unwrap_err().offset, 5);
    }

    #[test]
    fn nesting_and_length_are_bounded() {
        let deep = format!(
            "{}1{}",
            "f(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert!(err(&deep).message.contains("nested"));
        let ok = format!("{}1{}", "f(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse_expression(&ok).is_ok());
        assert!(
            err(&"a".repeat(MAX_EXPRESSION_CHARS + 1))
                .message
                .contains("longer")
        );
    }
}

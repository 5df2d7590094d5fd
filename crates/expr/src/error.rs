//! Error types: parse errors (with a character offset) and evaluation errors (with a code).

/// A syntax error in an expression or template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at position {offset})")]
pub struct ParseError {
    /// What went wrong.
    pub message: String,
    /// Character (not byte) offset into the string given to the parser.
    pub offset: usize,
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>, offset: usize) -> Self {
        Self {
            message: message.into(),
            offset,
        }
    }

    /// The same error moved `by` characters to the right (for expressions embedded in templates).
    pub(crate) fn shifted(mut self, by: usize) -> Self {
        self.offset += by;
        self
    }
}

/// A runtime failure while evaluating an expression. `Display` shows only the message.
///
/// Construct with [`EvalError::new`] or [`EvalError::invalid_template`]; the struct is
/// `#[non_exhaustive]` so fields can be added without breaking other crates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
#[non_exhaustive]
pub struct EvalError {
    /// A stable code, e.g. `InvalidTemplate`.
    pub code: String,
    /// A Logic Apps style message.
    pub message: String,
    /// Character offset of the innermost failing function call, in the same coordinates as
    /// [`ParseError::offset`] (into the whole template string when parsed by `Template::parse`).
    /// `None` when the failure has no call to point at (e.g. [`crate::call_function`]).
    pub position: Option<usize>,
}

impl EvalError {
    /// An error with an explicit code.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            position: None,
        }
    }

    /// An error with code `InvalidTemplate` (the code Logic Apps uses for expression failures).
    pub fn invalid_template(message: impl Into<String>) -> Self {
        Self::new("InvalidTemplate", message)
    }

    /// The same error pointing at `position`, unless it already points somewhere (the innermost
    /// call wins).
    pub fn or_position(mut self, position: usize) -> Self {
        self.position.get_or_insert(position);
        self
    }

    /// "The template language function 'f' …" — the common prefix of function errors.
    pub(crate) fn function(name: &str, rest: impl std::fmt::Display) -> Self {
        Self::invalid_template(format!("The template language function '{name}' {rest}"))
    }
}

/// A string inside a JSON value that failed to parse as a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid expression at '{pointer}': {error}")]
pub struct TemplateError {
    /// RFC 6901 JSON pointer of the string, relative to the compiled value (`""` is the root).
    pub pointer: String,
    /// The offending string.
    pub text: String,
    /// The parse failure; its offset points into `text`.
    pub error: ParseError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_display_names_position() {
        let e = ParseError::new("Unexpected ')'", 4);
        assert_eq!(e.to_string(), "Unexpected ')' (at position 4)");
        assert_eq!(e.shifted(2).offset, 6);
    }

    #[test]
    fn eval_error_displays_message_only() {
        let e = EvalError::invalid_template("boom");
        assert_eq!(e.code, "InvalidTemplate");
        assert_eq!(e.to_string(), "boom");
        assert_eq!(e.position, None);
        let e = e.or_position(4).or_position(9);
        assert_eq!(e.position, Some(4), "the innermost position is kept");
    }
}

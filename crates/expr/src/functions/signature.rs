//! What a function declares about itself: name, parameters with types and docs, return type,
//! summary, implementation and runnable examples.

use std::fmt;

use super::call::{Call, LazyCall};
use crate::error::EvalError;
use crate::value::Value;

/// A catalogue entry. Each function file declares one (or a small family) as a `const`.
pub(crate) struct Function {
    /// Canonical spelling (lookup is case-insensitive), used in error messages.
    pub name: &'static str,
    /// One line for signature help: what the function returns.
    pub summary: &'static str,
    /// Parameters in order. Optional ones come last; only the last may repeat.
    pub params: &'static [Param],
    /// What the function returns.
    pub returns: Ty,
    /// How arguments are passed: [`Imp::Eager`] (evaluated first) or [`Imp::Lazy`].
    pub imp: Imp,
    /// Runnable examples against [`crate::testing::MapScope::example`]; every category's
    /// `examples_hold` test runs them all.
    pub examples: &'static [Example],
}

/// How a function receives its arguments.
pub(crate) enum Imp {
    /// Arguments are evaluated left to right before the call.
    Eager(fn(Call<'_>) -> Result<Value, EvalError>),
    /// The function evaluates arguments itself (short-circuiting `and`, `or`, `if`, `coalesce`).
    Lazy(fn(LazyCall<'_>) -> Result<Value, EvalError>),
}

/// One declared parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Name as shown in signature help (`text`, `startIndex`).
    pub name: &'static str,
    /// Accepted type.
    pub ty: Ty,
    /// One line of documentation.
    pub doc: &'static str,
    /// May be left out (only trailing parameters).
    pub optional: bool,
    /// May be given any number of times (only the last parameter); the function takes at least
    /// one such argument unless the parameter is also optional.
    pub repeats: bool,
}

/// A required parameter.
pub(crate) const fn param(name: &'static str, ty: Ty, doc: &'static str) -> Param {
    Param {
        name,
        ty,
        doc,
        optional: false,
        repeats: false,
    }
}

/// An optional trailing parameter.
pub(crate) const fn optional(name: &'static str, ty: Ty, doc: &'static str) -> Param {
    Param {
        optional: true,
        ..param(name, ty, doc)
    }
}

/// A last parameter given one or more times (`concat(text, …)`).
pub(crate) const fn repeated(name: &'static str, ty: Ty, doc: &'static str) -> Param {
    Param {
        repeats: true,
        ..param(name, ty, doc)
    }
}

/// The types of parameters and results, for signature help and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Any value.
    Any,
    /// `null`.
    Null,
    /// `true`/`false`.
    Boolean,
    /// A 64-bit integer.
    Integer,
    /// A double.
    Float,
    /// A decimal (`decimal()`).
    Decimal,
    /// An integer, a float or a decimal.
    Number,
    /// A string.
    String,
    /// An ISO 8601 timestamp string.
    Timestamp,
    /// An array.
    Array,
    /// An object.
    Object,
    /// A content envelope `{"$content-type", "$content"}` (binary or non-JSON content).
    Content,
    /// Any of several types (`length(collection)`: `OneOf(&[Ty::String, Ty::Array])`).
    OneOf(&'static [Ty]),
}

impl Ty {
    /// The phrase used in "expects its first parameter to be …":
    /// `of type string`, `an integer`, `an array or a string`, …
    pub fn expectation(self) -> String {
        match self {
            Ty::String => "of type string".to_owned(),
            Ty::OneOf(types) => {
                let words: Vec<&str> = types.iter().map(|t| t.with_article()).collect();
                match words.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => words.concat(),
                }
            }
            other => other.with_article().to_owned(),
        }
    }

    fn with_article(self) -> &'static str {
        match self {
            Ty::Any => "a value",
            Ty::Null => "null",
            Ty::Boolean => "a boolean",
            Ty::Integer => "an integer",
            Ty::Float => "a float",
            Ty::Decimal => "a decimal",
            Ty::Number => "an integer or a decimal number",
            Ty::String => "a string",
            Ty::Timestamp => "a timestamp string",
            Ty::Array => "an array",
            Ty::Object => "an object",
            Ty::Content => "binary content",
            Ty::OneOf(_) => "one of several types",
        }
    }
}

impl fmt::Display for Ty {
    /// Short names for signature help: `string`, `integer`, `array|string`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Ty::Any => "any",
            Ty::Null => "null",
            Ty::Boolean => "boolean",
            Ty::Integer => "integer",
            Ty::Float => "float",
            Ty::Decimal => "decimal",
            Ty::Number => "number",
            Ty::String => "string",
            Ty::Timestamp => "timestamp",
            Ty::Array => "array",
            Ty::Object => "object",
            Ty::Content => "content",
            Ty::OneOf(types) => {
                for (i, t) in types.iter().enumerate() {
                    if i > 0 {
                        f.write_str("|")?;
                    }
                    write!(f, "{t}")?;
                }
                return Ok(());
            }
        };
        f.write_str(name)
    }
}

/// The function categories of the Logic Apps reference, in catalogue order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// `concat`, `substring`, `indexOf`, …
    String,
    /// `length`, `contains`, `first`, `union`, …
    Collection,
    /// `equals`, `and`, `if`, `greater`, …
    Logical,
    /// `int`, `json`, `base64`, `decimal`, …
    Conversion,
    /// `add`, `div`, `max`, `rand`, …
    Math,
    /// `utcNow`, `addDays`, `formatDateTime`, …
    DateTime,
    /// `uriHost`, `uriPath`, …
    Uri,
    /// `coalesce`, `setProperty`, `xpath`, …
    Manipulation,
    /// `trigger`, `body`, `variables`, `items`, …
    Workflow,
}

impl Category {
    /// A stable lower-case name (`datetime`), as the folder under `functions/`.
    pub fn name(self) -> &'static str {
        match self {
            Category::String => "string",
            Category::Collection => "collection",
            Category::Logical => "logical",
            Category::Conversion => "conversion",
            Category::Math => "math",
            Category::DateTime => "datetime",
            Category::Uri => "uri",
            Category::Manipulation => "manipulation",
            Category::Workflow => "workflow",
        }
    }
}

/// Allowed argument counts, derived from the parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Arity {
    pub min: usize,
    /// `None` for a repeating last parameter.
    pub max: Option<usize>,
}

impl Function {
    /// Argument counts accepted, derived from [`Function::params`].
    pub fn arity(&self) -> Arity {
        let min = self.params.iter().filter(|p| !p.optional).count();
        let repeats = self.params.last().is_some_and(|p| p.repeats);
        Arity {
            min,
            max: (!repeats).then_some(self.params.len()),
        }
    }
}

impl Arity {
    /// Checks an argument count, with the Logic Apps wording.
    pub(crate) fn check(self, name: &str, got: usize) -> Result<(), EvalError> {
        if got >= self.min && self.max.is_none_or(|max| got <= max) {
            return Ok(());
        }
        let expected = match self.max {
            Some(max) if max == self.min => format!("{max}"),
            Some(max) => format!("between {} and {max}", self.min),
            None => format!("at least {}", self.min),
        };
        Err(EvalError::function(
            name,
            format_args!(
                "expects {expected} parameter(s). The function was invoked with '{got}' parameter(s)."
            ),
        ))
    }
}

/// An executable example: an expression (without `@`) and its expected outcome, evaluated
/// against [`crate::testing::MapScope::example`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The expression text.
    pub expr: &'static str,
    /// `Ok(json)` for the expected value as JSON text, `Err(text)` for an error-message substring.
    pub want: Result<&'static str, &'static str>,
}

/// An example whose result is the given JSON.
pub(crate) const fn ok(expr: &'static str, json: &'static str) -> Example {
    Example {
        expr,
        want: Ok(json),
    }
}

/// An example that fails with a message containing `message`.
pub(crate) const fn fails(expr: &'static str, message: &'static str) -> Example {
    Example {
        expr,
        want: Err(message),
    }
}

/// A catalogue entry as seen from outside: for help output, completion, signature help and
/// "did you mean".
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FunctionSignature {
    /// Canonical spelling.
    pub name: &'static str,
    /// The category it is listed under.
    pub category: Category,
    /// One line: what the function returns.
    pub description: &'static str,
    /// Parameters in order, with types and docs.
    pub params: &'static [Param],
    /// What the function returns.
    pub returns: Ty,
    /// Fewest arguments accepted.
    pub min_args: usize,
    /// Most arguments accepted; `None` for variadic functions.
    pub max_args: Option<usize>,
    /// Examples (each is run as a test).
    pub examples: &'static [Example],
}

impl FunctionSignature {
    pub(crate) fn of(category: Category, f: &Function) -> Self {
        let arity = f.arity();
        Self {
            name: f.name,
            category,
            description: f.summary,
            params: f.params,
            returns: f.returns,
            min_args: arity.min,
            max_args: arity.max,
            examples: f.examples,
        }
    }
}

impl fmt::Display for FunctionSignature {
    /// `substring(text: string, startIndex: integer, length?: integer): string`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, p) in self.params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            let mark = if p.optional { "?" } else { "" };
            let dots = if p.repeats { ", …" } else { "" };
            write!(f, "{}{mark}: {}{dots}", p.name, p.ty)?;
        }
        write!(f, "): {}", self.returns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_read_like_logic_apps() {
        assert_eq!(Ty::String.expectation(), "of type string");
        assert_eq!(Ty::Integer.expectation(), "an integer");
        assert_eq!(
            Ty::OneOf(&[Ty::Array, Ty::String]).expectation(),
            "an array or a string"
        );
        assert_eq!(
            Ty::OneOf(&[Ty::Array, Ty::Object, Ty::String]).expectation(),
            "an array, an object or a string"
        );
        assert_eq!(
            Ty::OneOf(&[Ty::Array, Ty::String]).to_string(),
            "array|string"
        );
    }
}

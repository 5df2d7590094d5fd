//! The function registry.
//!
//! Each category file exports a `FUNCTIONS` table of [`Function`]s: name, arity, implementation
//! and examples. The examples are executable documentation: every category's tests run them
//! (see [`check_examples`]). Adding a function means adding one entry to one table.

mod collection;
mod conversion;
mod datetime;
mod logical;
mod manipulation;
mod math;
pub(crate) mod string;
mod workflow;

use crate::ast::Expr;
use crate::error::EvalError;
use crate::eval::Ctx;
use crate::scope::Scope;
use crate::value::{Value, eq_ignore_case};

/// Every category table. Lookup is a case-insensitive linear scan (no global state to build).
const CATEGORIES: &[&[Function]] = &[
    workflow::FUNCTIONS,
    logical::FUNCTIONS,
    math::FUNCTIONS,
    conversion::FUNCTIONS,
    collection::FUNCTIONS,
    string::FUNCTIONS,
    manipulation::FUNCTIONS,
    datetime::FUNCTIONS,
];

/// A catalogue entry.
pub(crate) struct Function {
    /// Canonical spelling, used in error messages.
    pub name: &'static str,
    pub arity: Arity,
    pub imp: Imp,
    /// Runnable examples against [`crate::testing::MapScope::example`].
    pub examples: &'static [Example],
}

/// How a function receives its arguments.
pub(crate) enum Imp {
    /// Arguments are evaluated left to right before the call.
    Eager(fn(Call<'_>) -> Result<Value, EvalError>),
    /// The function evaluates arguments itself (short-circuiting `and`, `or`, `if`, `coalesce`).
    Lazy(fn(LazyCall<'_>) -> Result<Value, EvalError>),
}

/// Allowed argument counts; `max: None` means variadic.
#[derive(Clone, Copy)]
pub(crate) struct Arity {
    pub min: usize,
    pub max: Option<usize>,
}

impl Arity {
    pub const fn exactly(n: usize) -> Self {
        Self {
            min: n,
            max: Some(n),
        }
    }
    pub const fn between(min: usize, max: usize) -> Self {
        Self {
            min,
            max: Some(max),
        }
    }
    pub const fn at_least(min: usize) -> Self {
        Self { min, max: None }
    }

    fn check(self, name: &str, got: usize) -> Result<(), EvalError> {
        let ok = got >= self.min && self.max.is_none_or(|max| got <= max);
        if ok {
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

impl Function {
    pub const fn eager(
        name: &'static str,
        arity: Arity,
        f: fn(Call<'_>) -> Result<Value, EvalError>,
        examples: &'static [Example],
    ) -> Self {
        Self {
            name,
            arity,
            imp: Imp::Eager(f),
            examples,
        }
    }
    pub const fn lazy(
        name: &'static str,
        arity: Arity,
        f: fn(LazyCall<'_>) -> Result<Value, EvalError>,
        examples: &'static [Example],
    ) -> Self {
        Self {
            name,
            arity,
            imp: Imp::Lazy(f),
            examples,
        }
    }
}

/// Finds a function by case-insensitive name.
pub(crate) fn lookup(name: &str) -> Option<&'static Function> {
    CATEGORIES
        .iter()
        .flat_map(|table| table.iter())
        .find(|f| eq_ignore_case(f.name, name))
}

/// Finds a function and checks the argument count, with Logic Apps style errors.
pub(crate) fn lookup_checked(name: &str, argc: usize) -> Result<&'static Function, EvalError> {
    let function =
        lookup(name).ok_or_else(|| EvalError::function(name, "is not defined or not valid."))?;
    function.arity.check(function.name, argc)?;
    Ok(function)
}

/// True if `name` (case-insensitive) is a catalogue function.
pub fn is_function(name: &str) -> bool {
    lookup(name).is_some()
}

/// A catalogue entry as seen from outside: for help output, completion and "did you mean".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSignature {
    /// Canonical spelling.
    pub name: &'static str,
    /// Fewest arguments accepted.
    pub min_args: usize,
    /// Most arguments accepted; `None` for variadic functions.
    pub max_args: Option<usize>,
    /// Examples (each is run as a test).
    pub examples: &'static [Example],
}

/// Every catalogue function, grouped by category.
pub fn catalogue() -> Vec<FunctionSignature> {
    CATEGORIES
        .iter()
        .flat_map(|table| table.iter())
        .map(|f| FunctionSignature {
            name: f.name,
            min_args: f.arity.min,
            max_args: f.arity.max,
            examples: f.examples,
        })
        .collect()
}

/// Calls a catalogue function with already-evaluated arguments (the object form of `If`).
pub fn call_function(name: &str, args: Vec<Value>, scope: &dyn Scope) -> Result<Value, EvalError> {
    let function = lookup_checked(name, args.len())?;
    let ctx = Ctx::new(scope, None);
    match function.imp {
        Imp::Eager(f) => f(Call::new(function.name, args, &ctx)),
        Imp::Lazy(f) => f(LazyCall {
            name: function.name,
            source: Source::Values(args),
            ctx: &ctx,
        }),
    }
}

/// An eager call: evaluated arguments plus the context.
pub(crate) struct Call<'c> {
    pub name: &'static str,
    pub args: Vec<Value>,
    pub ctx: &'c Ctx<'c>,
}

impl<'c> Call<'c> {
    pub(crate) fn new(name: &'static str, args: Vec<Value>, ctx: &'c Ctx<'c>) -> Self {
        Self { name, args, ctx }
    }

    /// Moves argument `i` out (leaving `Null`).
    pub fn take(&mut self, i: usize) -> Value {
        self.args.get_mut(i).map(std::mem::take).unwrap_or_default()
    }

    /// Argument `i` as a string, or a typed error.
    pub fn string(&self, i: usize) -> Result<&str, EvalError> {
        match &self.args[i] {
            Value::String(s) => Ok(s),
            other => Err(self.type_error(i, "a string", other)),
        }
    }

    /// Argument `i` as a string if present (optional trailing parameters).
    pub fn optional_string(&self, i: usize) -> Result<Option<&str>, EvalError> {
        if i < self.args.len() {
            self.string(i).map(Some)
        } else {
            Ok(None)
        }
    }

    /// "expects its [first] parameter to be <expected>. The provided value is of type 'T'."
    pub fn type_error(&self, i: usize, expected: &str, value: &Value) -> EvalError {
        type_error(self.name, i, self.args.len(), expected, value)
    }

    /// An error prefixed with "The template language function '<name>' ".
    pub fn error(&self, rest: impl std::fmt::Display) -> EvalError {
        EvalError::function(self.name, rest)
    }
}

/// The shared wording of argument type errors.
pub(crate) fn type_error(
    name: &str,
    i: usize,
    argc: usize,
    expected: &str,
    value: &Value,
) -> EvalError {
    const ORDINALS: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
    let which = if argc <= 1 {
        "its parameter".to_owned()
    } else {
        format!(
            "its {} parameter",
            ORDINALS.get(i).copied().unwrap_or("next")
        )
    };
    EvalError::function(
        name,
        format_args!(
            "expects {which} to be {expected}. The provided value is of type '{}'.",
            value.type_name()
        ),
    )
}

enum Source<'c> {
    Exprs(&'c [Expr]),
    Values(Vec<Value>),
}

/// A lazy call: arguments are evaluated on demand with [`LazyCall::arg`].
pub(crate) struct LazyCall<'c> {
    pub name: &'static str,
    source: Source<'c>,
    pub ctx: &'c Ctx<'c>,
}

impl<'c> LazyCall<'c> {
    pub(crate) fn from_exprs(name: &'static str, args: &'c [Expr], ctx: &'c Ctx<'c>) -> Self {
        Self {
            name,
            source: Source::Exprs(args),
            ctx,
        }
    }

    pub fn len(&self) -> usize {
        match &self.source {
            Source::Exprs(e) => e.len(),
            Source::Values(v) => v.len(),
        }
    }

    /// Evaluates (or takes) argument `i`. Each argument should be requested at most once.
    pub fn arg(&mut self, i: usize) -> Result<Value, EvalError> {
        match &mut self.source {
            Source::Exprs(e) => self.ctx.eval(&e[i]),
            Source::Values(v) => Ok(std::mem::take(&mut v[i])),
        }
    }

    /// Evaluates argument `i` and requires a boolean.
    pub fn bool_arg(&mut self, i: usize) -> Result<bool, EvalError> {
        match self.arg(i)? {
            Value::Bool(b) => Ok(b),
            other => Err(type_error(self.name, i, self.len(), "a boolean", &other)),
        }
    }
}

/// Runs every example of a table; used by each category's tests.
#[cfg(test)]
pub(crate) fn check_examples(table: &[Function]) {
    let scope = crate::testing::MapScope::example();
    for function in table {
        assert!(
            !function.examples.is_empty(),
            "{} has no examples",
            function.name
        );
        for example in function.examples {
            let result = crate::parse_expression(example.expr)
                .map_err(|e| panic!("example '{}' does not parse: {e}", example.expr))
                .and_then(|expr| crate::eval::evaluate(&expr, &scope));
            match (&example.want, result) {
                (Ok(json), Ok(value)) => {
                    let want: serde_json::Value = serde_json::from_str(json).expect("example JSON");
                    assert_eq!(value.into_json(), want, "example '{}'", example.expr);
                }
                (Err(msg), Err(e)) => assert!(
                    e.message.contains(msg),
                    "example '{}': got error '{e}'",
                    example.expr
                ),
                (want, got) => panic!("example '{}': wanted {want:?}, got {got:?}", example.expr),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_case_insensitively() {
        let all: Vec<&str> = CATEGORIES
            .iter()
            .flat_map(|t| t.iter())
            .map(|f| f.name)
            .collect();
        for (i, a) in all.iter().enumerate() {
            assert!(
                !all[i + 1..].iter().any(|b| eq_ignore_case(a, b)),
                "duplicate function {a}"
            );
        }
    }

    #[test]
    fn call_function_takes_evaluated_arguments() {
        let scope = crate::testing::MapScope::example();
        let args = vec![Value::Int(1), Value::Float(1.0)];
        assert_eq!(
            call_function("EQUALS", args, &scope).unwrap(),
            Value::Bool(true)
        );
        let lazy = vec![Value::Bool(false), Value::Int(1), Value::Int(2)];
        assert_eq!(call_function("if", lazy, &scope).unwrap(), Value::Int(2));
        let err = call_function("startsWithNope", vec![], &scope).unwrap_err();
        assert_eq!(
            err.message,
            "The template language function 'startsWithNope' is not defined or not valid."
        );
    }

    #[test]
    fn catalogue_lists_every_function_with_examples() {
        let all = catalogue();
        assert!(all.len() >= 45, "{}", all.len());
        assert!(all.iter().all(|f| !f.examples.is_empty()));
        let concat = all.iter().find(|f| f.name == "concat").unwrap();
        assert_eq!((concat.min_args, concat.max_args), (1, None));
    }

    #[test]
    fn lookup_ignores_case_and_checks_arity() {
        assert!(is_function("TRIGGERBODY"));
        assert!(!is_function("nope"));
        let err = lookup_checked("equals", 1).err().unwrap();
        assert!(
            err.message.contains("'equals' expects 2 parameter(s)"),
            "{err}"
        );
    }
}

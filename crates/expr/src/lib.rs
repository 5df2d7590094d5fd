//! The Logic Apps Workflow Definition Language (WDL) expression language: values, parser,
//! templates and evaluator.
//!
//! ```
//! use flowline_expr::{Template, Value, testing::MapScope};
//! let scope = MapScope::new(serde_json::json!({"variables": {"n": 2}}));
//! let typed = Template::parse("@add(variables('n'), 1)").unwrap();
//! assert_eq!(typed.evaluate(&scope).unwrap(), Value::Int(3));
//! let text = Template::parse("n is @{variables('n')}").unwrap();
//! assert_eq!(text.evaluate(&scope).unwrap(), Value::from("n is 2"));
//! ```
//!
//! The crate is pure: no I/O, no clock, no threads, so it builds for `wasm32-unknown-unknown`.
//! Everything an expression can observe — trigger, actions, variables, "now", randomness —
//! comes through the [`Scope`] trait.
//!
//! Hostile input is bounded: expression text is limited to [`MAX_EXPRESSION_CHARS`], nesting to
//! [`MAX_DEPTH`], evaluation to [`MAX_EVAL_STEPS`] nodes, and strings built by `concat`,
//! `string` and `base64` to [`MAX_STRING_CHARS`].
//!
//! # Layout
//! - `value.rs` — [`Value`], JSON conversion, Logic Apps stringification, property lookup.
//! - `number.rs` — .NET float formatting and the number parsing of `int()`/`float()`.
//! - `ast.rs`, `parser.rs` — [`Expr`] and [`parse_expression`].
//! - `template.rs` — [`Template`]: `@expr`, `@{…}` interpolation, `@@` escapes.
//! - `json_template.rs` — [`JsonTemplate`]: whole JSON values with nested templates.
//! - `eval.rs` — the evaluator: dispatch, member access, `?` navigation, budgets.
//! - `scope.rs` — the [`Scope`] trait; `testing.rs` — [`testing::MapScope`] for tests.
//! - `functions/` — the registry ([`is_function`], [`call_function`], [`catalogue`]); one file per category
//!   (`workflow`, `logical`, `math`, `conversion`, `collection`, `string`, `manipulation`,
//!   `datetime`), each a table of name, arity, implementation and runnable examples.
//! - `datetime_format.rs` — .NET date/time format strings; `codec.rs` — base64.
//! - `error.rs` — [`ParseError`], [`EvalError`], [`TemplateError`].

mod ast;
mod codec;
mod datetime_format;
mod error;
mod eval;
mod functions;
mod json_template;
mod number;
mod parser;
mod scope;
mod template;
pub mod testing;
mod value;

pub use ast::{Access, Expr, Selector};
pub use error::{EvalError, ParseError, TemplateError};
pub use eval::{MAX_EVAL_STEPS, evaluate};
pub use functions::string::MAX_STRING_CHARS;
pub use functions::{Example, FunctionSignature, call_function, catalogue, is_function};
pub use json_template::JsonTemplate;
pub use parser::{MAX_DEPTH, MAX_EXPRESSION_CHARS, parse_expression};
pub use scope::Scope;
pub use template::{Segment, Template};
pub use value::Value;

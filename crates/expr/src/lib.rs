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
//! Numbers follow Logic Apps: int ∘ int stays a 64-bit integer (overflow is an error), a
//! decimal operand makes a decimal, otherwise a float operand makes a float (overflow is
//! infinity); floats print like .NET Core (`1E+17`, `9.223372036854776E+18`, `1E-05`) and
//! decimals keep their scale (`decimal('5.0000')` prints `5.0000`).
//!
//! Hostile input is bounded: expression text is limited to [`MAX_EXPRESSION_CHARS`], nesting to
//! [`MAX_DEPTH`], evaluation to [`MAX_EVAL_STEPS`] nodes and [`MAX_EVAL_ITEMS`] / [`MAX_EVAL_BYTES`]
//! of intermediate results, and strings built by `concat`,
//! `string` and `base64` to [`MAX_STRING_CHARS`].
//!
//! # Layout
//! - `value.rs` — [`Value`] (null, bool, int, float, decimal, string, array, object), JSON
//!   conversion, Logic Apps stringification, property lookup, content envelopes.
//! - `numeric.rs` — the numeric tower: int/float/decimal promotion for arithmetic and comparison.
//! - `number.rs` — .NET text forms of floats and decimals; `number_text.rs` — number text as
//!   .NET parses it, per culture (`int`, `float`, `decimal`, `isInt`, `isFloat`).
//! - `locale.rs` — culture data (en-US, en-GB, de-DE, fr-FR, es-ES, nl-NL, ja-JP, is-IS, invariant):
//!   names, date/time patterns, number and currency symbols.
//! - `xml/` — XML parsing and writing, the JSON ↔ XML mapping of `json()`/`xml()`, and XPath.
//! - `compare.rs` — Logic Apps equality and ordering (`equals`, `contains`, `greater`, …).
//! - `ast.rs`, `parser.rs` — [`Expr`] (calls carry their character offset) and
//!   [`parse_expression`].
//! - `template.rs` — [`Template`]: `@expr`, `@{…}` interpolation, `@@` escapes.
//! - `json_template.rs` — [`JsonTemplate`]: whole JSON values with nested templates.
//! - `eval.rs` — the evaluator: dispatch, member access, `?` navigation, budgets, error positions.
//! - `scope.rs` — the [`Scope`] trait; `context.rs` — [`JsonContext`], a scope read from one JSON
//!   document (CLI, HTTP API); `testing.rs` — [`testing::MapScope`] for tests.
//! - `functions/` — the registry ([`is_function`], [`call_function`], [`catalogue`]):
//!   - `mod.rs` lists the categories; `signature.rs` defines the `Function` entry each function
//!     declares (name, summary, typed [`Param`]s, return [`Ty`], examples), published as
//!     [`FunctionSignature`]; `call.rs` has the typed argument accessors (`call.string(0)?`,
//!     `call.int(1)?`, …) with their uniform errors; `prelude.rs` is what function files import;
//!   - one folder per [`Category`] (`string`, `collection`, `logical`, `conversion`, `math`,
//!     `datetime`, `uri`, `manipulation`, `workflow`), one file per function or small family;
//!     each folder's `mod.rs` lists its files in a `category!` block, which also generates the
//!     test that runs every example.
//! - `timestamp.rs` — timestamp arguments as .NET's lenient `DateTime.Parse` reads them, keeping
//!   their kind (UTC, offset, unspecified); `datetime_format.rs` — .NET standard and custom
//!   date/time format strings (formatting and exact parsing); `codec.rs` — base64; `suggest.rs` — "did you mean".
//! - `error.rs` — [`ParseError`], [`EvalError`] (with `position`), [`TemplateError`].

mod ast;
mod codec;
mod compare;
mod context;
mod datetime_format;
mod error;
mod eval;
mod functions;
mod json_template;
mod locale;
mod number;
mod number_text;
mod numeric;
mod parser;
mod scope;
mod suggest;
mod template;
pub mod testing;
mod timestamp;
mod value;
mod xml;

pub use ast::{Access, Expr, Selector};
pub use context::{ContextError, JsonContext};
pub use error::{EvalError, ParseError, TemplateError};
pub use eval::{MAX_EVAL_BYTES, MAX_EVAL_ITEMS, MAX_EVAL_STEPS, evaluate};
pub use functions::{
    Category, Example, FunctionSignature, MAX_STRING_CHARS, Param, Ty, call_function, catalogue,
    is_function, time_zone,
};
pub use json_template::JsonTemplate;
pub use parser::{MAX_DEPTH, MAX_EXPRESSION_CHARS, parse_expression};
pub use rust_decimal::Decimal;
pub use scope::Scope;
pub use template::{Segment, Template};
pub use value::{CONTENT_KEY, CONTENT_TYPE_KEY, Value};

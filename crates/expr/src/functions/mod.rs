//! The function registry.
//!
//! Each function lives in its own file (or a small family shares one) under a category folder,
//! and declares a `pub(crate) const` [`Function`]: name, summary, typed parameters, return type,
//! implementation and runnable examples. Each category's `mod.rs` lists its files with
//! [`category!`], which also generates the category's `examples_hold` test. [`CATEGORIES`] lists
//! the categories.
//!
//! Adding a function: create `functions/<category>/<name>.rs` (see `string/to_lower.rs` for the
//! shape) and add one line `<name>: [<CONST>],` to that category's `category!` list.

mod call;
mod prelude;
mod signature;

mod collection;
mod conversion;
mod datetime;
mod logical;
mod manipulation;
mod math;
mod string;
mod uri;
mod workflow;

pub use call::MAX_STRING_CHARS;
pub use datetime::time_zone;
pub(crate) use call::{Call, LazyCall};
pub use signature::{Category, Example, FunctionSignature, Param, Ty};
pub(crate) use signature::{Function, Imp};

use crate::error::EvalError;
use crate::eval::Ctx;
use crate::scope::Scope;
use crate::value::{Value, eq_ignore_case};

/// Declares a category's function files and its `FUNCTIONS` table, and generates a test that
/// runs every example of every function in it:
///
/// ```text
/// category! {
///     concat: [CONCAT],
///     first_last: [FIRST, LAST],   // a family in one file
/// }
/// ```
macro_rules! category {
    ($($file:ident: [$($function:ident),+ $(,)?]),* $(,)?) => {
        $(mod $file;)*

        /// Every function of this category, in catalogue order.
        pub(crate) const FUNCTIONS: &[$crate::functions::Function] = &[
            $($($file::$function,)+)*
        ];

        #[cfg(test)]
        mod category_tests {
            #[test]
            fn examples_hold() {
                $crate::functions::check_examples(super::FUNCTIONS);
            }
        }
    };
}
pub(crate) use category;

/// Every category with its table, in catalogue order. Lookup is a case-insensitive linear scan
/// (no global state to build).
const CATEGORIES: &[(Category, &[Function])] = &[
    (Category::String, string::FUNCTIONS),
    (Category::Collection, collection::FUNCTIONS),
    (Category::Logical, logical::FUNCTIONS),
    (Category::Conversion, conversion::FUNCTIONS),
    (Category::Math, math::FUNCTIONS),
    (Category::DateTime, datetime::FUNCTIONS),
    (Category::Uri, uri::FUNCTIONS),
    (Category::Manipulation, manipulation::FUNCTIONS),
    (Category::Workflow, workflow::FUNCTIONS),
];

fn all() -> impl Iterator<Item = (Category, &'static Function)> {
    CATEGORIES
        .iter()
        .flat_map(|(category, table)| table.iter().map(move |f| (*category, f)))
}

/// Finds a function by case-insensitive name.
pub(crate) fn lookup(name: &str) -> Option<&'static Function> {
    // An immutable index over the static tables, built on first use: function names are ASCII,
    // so a lower-cased key finds them case-insensitively without scanning ~330 entries.
    static INDEX: std::sync::OnceLock<std::collections::HashMap<String, &'static Function>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        all()
            .map(|(_, f)| (f.name.to_ascii_lowercase(), f))
            .collect()
    });
    if name.is_ascii() {
        return index.get(&name.to_ascii_lowercase()).copied();
    }
    all().map(|(_, f)| f).find(|f| eq_ignore_case(f.name, name))
}

/// Finds a function and checks the argument count, with Logic Apps style errors and a
/// "Did you mean" for near misses.
pub(crate) fn lookup_checked(name: &str, argc: usize) -> Result<&'static Function, EvalError> {
    let Some(function) = lookup(name) else {
        let hint = crate::suggest::hint(name, all().map(|(_, f)| f.name));
        return Err(EvalError::function(
            name,
            format_args!("is not defined or not valid.{hint}"),
        ));
    };
    function.arity().check(function.name, argc)?;
    Ok(function)
}

/// True if `name` (case-insensitive) is a catalogue function.
pub fn is_function(name: &str) -> bool {
    lookup(name).is_some()
}

/// Every catalogue function with its category, parameters, return type and examples, in
/// catalogue order (for help output, completion and signature help).
pub fn catalogue() -> Vec<FunctionSignature> {
    all()
        .map(|(category, f)| FunctionSignature::of(category, f))
        .collect()
}

/// Calls a catalogue function with already-evaluated arguments (the object form of `If`).
pub fn call_function(name: &str, args: Vec<Value>, scope: &dyn Scope) -> Result<Value, EvalError> {
    let function = lookup_checked(name, args.len())?;
    let ctx = Ctx::new(scope, None);
    match function.imp {
        Imp::Eager(f) => f(Call::new(function.name, args, &ctx)),
        Imp::Lazy(f) => f(LazyCall::from_values(function.name, args, &ctx)),
    }
}

/// Runs every example of a table; used by each category's generated `examples_hold` test.
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
                    let want: serde_json::Value = serde_json::from_str(json)
                        .unwrap_or_else(|e| panic!("example '{}' JSON: {e}", example.expr));
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
        let all: Vec<&str> = all().map(|(_, f)| f.name).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(
                !all[i + 1..].iter().any(|b| eq_ignore_case(a, b)),
                "duplicate function {a}"
            );
        }
    }

    #[test]
    fn declarations_are_well_formed() {
        for (_, f) in all() {
            assert!(!f.summary.is_empty(), "{} has no summary", f.name);
            let n = f.params.len();
            for (i, p) in f.params.iter().enumerate() {
                assert!(!p.doc.is_empty(), "{}({}) has no doc", f.name, p.name);
                assert!(
                    !p.repeats || i + 1 == n,
                    "{}: only the last parameter may repeat",
                    f.name
                );
                let later_required = f.params[i + 1..].iter().any(|q| !q.optional);
                assert!(
                    !p.optional || !later_required,
                    "{}: optional before required",
                    f.name
                );
            }
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
        assert_eq!(err.position, None);
    }

    #[test]
    fn unknown_functions_get_a_suggestion() {
        let err = lookup_checked("concta", 1).err().unwrap();
        assert_eq!(
            err.message,
            "The template language function 'concta' is not defined or not valid. Did you mean 'concat'?"
        );
    }

    #[test]
    fn catalogue_lists_every_function_with_signature() {
        let all = catalogue();
        assert!(all.len() >= 46, "{}", all.len());
        assert!(all.iter().all(|f| !f.examples.is_empty()));
        let concat = all.iter().find(|f| f.name == "concat").unwrap();
        assert_eq!((concat.min_args, concat.max_args), (1, None));
        assert_eq!(concat.category, Category::String);
        assert_eq!(concat.to_string(), "concat(text: any, …): string");
        let guid = all.iter().find(|f| f.name == "guid").unwrap();
        assert_eq!((guid.min_args, guid.max_args), (0, Some(1)));
        assert_eq!(guid.to_string(), "guid(format?: string): string");
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

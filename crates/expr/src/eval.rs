//! The tree-walking evaluator: function dispatch, member access and resource limits.

use std::cell::Cell;

use crate::ast::{Access, Expr, Selector};
use crate::error::EvalError;
use crate::functions::{self, Imp};
use crate::scope::Scope;
use crate::value::{Value, eq_ignore_case};

/// Most expression nodes evaluated in one evaluation before it is abandoned.
pub const MAX_EVAL_STEPS: usize = 100_000;

/// Most array/object items all function results of one evaluation may hold together (each
/// result counted once, shallowly): a bound on memory that per-function limits cannot give,
/// e.g. for `createArray(range(0,100000), range(0,100000), …)`.
pub const MAX_EVAL_ITEMS: usize = 2_000_000;

/// Most string bytes all function results of one evaluation may hold together.
pub const MAX_EVAL_BYTES: usize = 256 * 1024 * 1024;
/// Deepest evaluation recursion (guards hand-built [`Expr`] trees the parser never produced).
const MAX_EVAL_DEPTH: usize = 2 * crate::parser::MAX_DEPTH;

/// Evaluates a parsed expression against a scope.
pub fn evaluate(expr: &Expr, scope: &dyn Scope) -> Result<Value, EvalError> {
    Ctx::new(scope, Some(expr)).eval(expr)
}

/// Per-evaluation state shared by the evaluator and the functions it calls.
pub(crate) struct Ctx<'a> {
    /// The run context.
    pub scope: &'a dyn Scope,
    root: Option<&'a Expr>,
    steps: Cell<usize>,
    items: Cell<usize>,
    bytes: Cell<usize>,
    depth: Cell<usize>,
    random_calls: Cell<u64>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(scope: &'a dyn Scope, root: Option<&'a Expr>) -> Self {
        Self {
            scope,
            root,
            steps: Cell::new(0),
            items: Cell::new(0),
            bytes: Cell::new(0),
            depth: Cell::new(0),
            random_calls: Cell::new(0),
        }
    }

    /// Evaluates one (sub-)expression, counting it against the step and depth budgets.
    pub(crate) fn eval(&self, expr: &Expr) -> Result<Value, EvalError> {
        self.steps.set(self.steps.get() + 1);
        if self.steps.get() > MAX_EVAL_STEPS {
            return Err(EvalError::invalid_template(format!(
                "The template language expression exceeded the evaluation limit of {MAX_EVAL_STEPS} steps."
            )));
        }
        match expr {
            Expr::Literal(v) => Ok(v.clone()),
            Expr::Call {
                name,
                args,
                path,
                offset,
            } => {
                if self.depth.get() >= MAX_EVAL_DEPTH {
                    return Err(EvalError::invalid_template(
                        "The template language expression is nested too deeply.",
                    ));
                }
                self.depth.set(self.depth.get() + 1);
                let result = self.call(name, args).and_then(|v| self.charge(v));
                self.depth.set(self.depth.get() - 1);
                result
                    .and_then(|value| self.apply_path(value, path))
                    .map_err(|e| e.or_position(*offset))
            }
        }
    }

    /// Counts a function result against the evaluation's memory budgets.
    fn charge(&self, value: Value) -> Result<Value, EvalError> {
        let (items, bytes) = match &value {
            Value::Array(a) => (a.len(), 0),
            Value::Object(o) => (o.len(), 0),
            Value::String(s) => (0, s.len()),
            _ => (0, 0),
        };
        self.items.set(self.items.get() + items);
        self.bytes.set(self.bytes.get() + bytes);
        if self.items.get() > MAX_EVAL_ITEMS || self.bytes.get() > MAX_EVAL_BYTES {
            return Err(EvalError::invalid_template(format!(
                "The template language expression produces more data than one evaluation may hold ({MAX_EVAL_ITEMS} items or {} MiB of text).",
                MAX_EVAL_BYTES / (1024 * 1024)
            )));
        }
        Ok(value)
    }

    fn call(&self, name: &str, args: &[Expr]) -> Result<Value, EvalError> {
        let function = functions::lookup_checked(name, args.len())?;
        match function.imp {
            Imp::Eager(f) => {
                let values = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>, _>>()?;
                f(functions::Call::new(function.name, values, self))
            }
            Imp::Lazy(f) => f(functions::LazyCall::from_exprs(function.name, args, self)),
        }
    }

    /// A fresh 128-bit random value: the scope's source mixed with a per-evaluation counter.
    pub(crate) fn random_u128(&self) -> u128 {
        let n = self.random_calls.get();
        self.random_calls.set(n + 1);
        let salt = crate::scope::splitmix64(n.wrapping_add(0x2545_f491));
        self.scope.random_u128()
            ^ ((u128::from(salt) << 64) | u128::from(crate::scope::splitmix64(salt)))
    }

    fn apply_path(&self, mut value: Value, path: &[Access]) -> Result<Value, EvalError> {
        for access in path {
            let key = match &access.selector {
                Selector::Name(name) => Value::String(name.clone()),
                Selector::Index(e) => self.eval(e)?,
            };
            value = self.select(value, &key, access.safe)?;
        }
        Ok(value)
    }

    fn select(&self, target: Value, key: &Value, safe: bool) -> Result<Value, EvalError> {
        match (target, key) {
            (Value::Null, _) if safe => Ok(Value::Null),
            (Value::Object(mut map), Value::String(_) | Value::Int(_)) => {
                let name = key.to_text();
                let index = map
                    .get_index_of(&name)
                    .or_else(|| map.keys().position(|k| eq_ignore_case(k, &name)));
                match index {
                    Some(i) => Ok(map.swap_remove_index(i).map(|(_, v)| v).unwrap_or_default()),
                    None if safe => Ok(Value::Null),
                    None => {
                        let available = map.keys().map(String::as_str).collect::<Vec<_>>().join(", ");
                        let hint = crate::suggest::hint(&name, map.keys().map(String::as_str));
                        let mut error = self.fail(format!(
                            "property '{name}' doesn't exist, available properties are '{available}'"
                        ));
                        error.message.push_str(&hint);
                        Err(error)
                    }
                }
            }
            (Value::Array(mut items), Value::Int(i)) => match usize::try_from(*i) {
                Ok(i) if i < items.len() => Ok(items.swap_remove(i)),
                _ if safe => Ok(Value::Null),
                _ => Err(self.fail(format!(
                    "array index '{i}' is outside bounds (0, {}) of array",
                    items.len() as i64 - 1
                ))),
            },
            (Value::Array(_), _) => Err(self.fail(format!(
                "property '{}' cannot be selected. Array elements can only be selected using an integer index",
                key.to_text()
            ))),
            (target, Value::String(_) | Value::Int(_)) => Err(self.fail(format!(
                "property '{}' cannot be selected. Property selection is not supported on values of type '{}'",
                key.to_text(),
                target.type_name()
            ))),
            (_, key) => Err(self.fail(format!(
                "a value of type '{}' cannot be used to select a property or array element",
                key.type_name()
            ))),
        }
    }

    /// "The template language expression '<root>' cannot be evaluated because <reason>."
    fn fail(&self, reason: String) -> EvalError {
        let text = self.root.map(ToString::to_string).unwrap_or_default();
        EvalError::invalid_template(format!(
            "The template language expression '{text}' cannot be evaluated because {reason}."
        ))
    }
}

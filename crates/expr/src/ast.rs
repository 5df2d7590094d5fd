//! The expression syntax tree and its canonical text form.

use std::fmt;

use crate::value::Value;

/// A parsed expression (the text after `@`, or inside `@{…}`).
///
/// Member-access chains are stored flat in [`Expr::Call::path`] so that a long chain such as
/// `body('A').a.b.c…` never makes the tree (or its evaluation and drop) deeper.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `null`, `true`, `42`, `1.5`, `'text'`.
    Literal(Value),
    /// `name(args…)` followed by zero or more member accesses.
    Call {
        /// The function name as written (lookup is case-insensitive).
        name: String,
        /// Arguments, evaluated left to right (lazily for `and`, `or`, `if`, `coalesce`).
        args: Vec<Expr>,
        /// Member accesses applied to the call's result, in order.
        path: Vec<Access>,
        /// Character offset of the name in the parsed text (see [`crate::EvalError::position`]).
        offset: usize,
    },
}

/// One step of a member-access chain: `.name`, `['name']`, `[0]`, `[expr]`, each optionally
/// preceded by `?`.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    /// `?` safe navigation: a null target or a missing member yields `null` instead of an error.
    pub safe: bool,
    /// What is selected.
    pub selector: Selector,
}

/// The member selected by an [`Access`].
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// `.name`
    Name(String),
    /// `[expr]` (including `['name']` and `[0]`)
    Index(Expr),
}

impl Expr {
    /// The function name and arguments if this is a call.
    pub fn as_call(&self) -> Option<(&str, &[Expr])> {
        match self {
            Expr::Call { name, args, .. } => Some((name, args)),
            Expr::Literal(_) => None,
        }
    }

    /// Visits this expression and every sub-expression (arguments and index expressions).
    pub fn walk(&self, visit: &mut dyn FnMut(&Expr)) {
        visit(self);
        if let Expr::Call { args, path, .. } = self {
            for arg in args {
                arg.walk(visit);
            }
            for access in path {
                if let Selector::Index(e) = &access.selector {
                    e.walk(visit);
                }
            }
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Literal(Value::String(s)) => write!(f, "'{}'", s.replace('\'', "''")),
            Expr::Literal(Value::Null) => f.write_str("null"),
            Expr::Literal(Value::Bool(b)) => write!(f, "{b}"),
            Expr::Literal(Value::Float(x)) => write!(f, "{x:?}"),
            Expr::Literal(other) => f.write_str(&other.to_text()),
            Expr::Call {
                name, args, path, ..
            } => {
                write!(f, "{name}(")?;
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(")")?;
                path.iter().try_for_each(|access| write!(f, "{access}"))
            }
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.safe {
            f.write_str("?")?;
        }
        match &self.selector {
            Selector::Name(name) => write!(f, ".{name}"),
            Selector::Index(e) => write!(f, "[{e}]"),
        }
    }
}

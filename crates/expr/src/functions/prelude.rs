//! Everything a function file needs: `use crate::functions::prelude::*;`.

pub(crate) use super::call::{Call, LazyCall};
pub(crate) use super::signature::Imp::{Eager, Lazy};
pub(crate) use super::signature::{Function, Ty, fails, ok, optional, param, repeated};
pub(crate) use crate::error::EvalError;
pub(crate) use crate::value::Value;

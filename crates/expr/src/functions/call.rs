//! What a function implementation receives: [`Call`] (evaluated arguments) or [`LazyCall`]
//! (arguments evaluated on demand), with typed argument accessors that fail with Logic Apps'
//! wording: "The template language function 'indexOf' expects its first parameter to be of type
//! string. The provided value is of type 'Null'."

use indexmap::IndexMap;

use super::signature::Ty;
use crate::ast::Expr;
use crate::error::EvalError;
use crate::eval::Ctx;
use crate::numeric::Number;
use crate::timestamp::{Timestamp, parse_timestamp};
use crate::value::Value;

/// Longest string `concat`, `string` and `base64` may produce (the Logic Apps evaluation limit).
pub const MAX_STRING_CHARS: usize = 131_072;

/// An eager call: evaluated arguments plus the evaluation context.
pub(crate) struct Call<'c> {
    /// The function's canonical name.
    pub name: &'static str,
    /// The evaluated arguments (their count was checked against the declared parameters).
    pub args: Vec<Value>,
    /// Scope, clock, randomness and budgets.
    pub ctx: &'c Ctx<'c>,
}

impl<'c> Call<'c> {
    pub(crate) fn new(name: &'static str, args: Vec<Value>, ctx: &'c Ctx<'c>) -> Self {
        Self { name, args, ctx }
    }

    /// Argument `i` (`Null` if absent).
    pub fn value(&self, i: usize) -> &Value {
        const NULL: &Value = &Value::Null;
        self.args.get(i).unwrap_or(NULL)
    }

    /// Moves argument `i` out (leaving `Null`).
    pub fn take(&mut self, i: usize) -> Value {
        self.args.get_mut(i).map(std::mem::take).unwrap_or_default()
    }

    /// Argument `i` as a string.
    pub fn string(&self, i: usize) -> Result<&str, EvalError> {
        match self.value(i) {
            Value::String(s) => Ok(s),
            other => Err(self.type_error(i, Ty::String, other)),
        }
    }

    /// Argument `i` as a string if it was given (optional trailing parameters).
    pub fn optional_string(&self, i: usize) -> Result<Option<&str>, EvalError> {
        self.optional(i, Self::string)
    }

    /// Argument `i` as a number (integer, float or decimal).
    pub fn number(&self, i: usize) -> Result<Number, EvalError> {
        let value = self.value(i);
        Number::from_value(value).ok_or_else(|| self.type_error(i, Ty::Number, value))
    }

    /// Argument `i` as a boolean.
    pub fn boolean(&self, i: usize) -> Result<bool, EvalError> {
        match self.value(i) {
            Value::Bool(b) => Ok(*b),
            other => Err(self.type_error(i, Ty::Boolean, other)),
        }
    }

    fn optional<'s, T>(
        &'s self,
        i: usize,
        get: fn(&'s Self, usize) -> Result<T, EvalError>,
    ) -> Result<Option<T>, EvalError> {
        if i < self.args.len() {
            get(self, i).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Wraps text as a string value, failing if it exceeds [`MAX_STRING_CHARS`].
    pub fn checked_text(&self, text: String) -> Result<Value, EvalError> {
        check_length(self.name, text.len(), || text.chars().count())?;
        Ok(Value::String(text))
    }

    /// "expects its [first] parameter to be <ty>. The provided value is of type 'T'."
    pub fn type_error(&self, i: usize, expected: Ty, value: &Value) -> EvalError {
        type_error(self.name, i, self.args.len(), expected, value)
    }

    /// An error prefixed with "The template language function '<name>' ".
    pub fn error(&self, rest: impl std::fmt::Display) -> EvalError {
        EvalError::function(self.name, rest)
    }
}

#[allow(
    dead_code,
    reason = "accessors for the catalogue functions being added; tested below"
)]
impl Call<'_> {
    /// Number of arguments given.
    pub fn len(&self) -> usize {
        self.args.len()
    }

    /// Argument `i` as an integer.
    pub fn int(&self, i: usize) -> Result<i64, EvalError> {
        match self.value(i) {
            Value::Int(n) => Ok(*n),
            other => Err(self.type_error(i, Ty::Integer, other)),
        }
    }

    /// Argument `i` as an integer if it was given.
    pub fn optional_int(&self, i: usize) -> Result<Option<i64>, EvalError> {
        self.optional(i, Self::int)
    }

    /// Argument `i` as an array.
    pub fn array(&self, i: usize) -> Result<&[Value], EvalError> {
        match self.value(i) {
            Value::Array(items) => Ok(items),
            other => Err(self.type_error(i, Ty::Array, other)),
        }
    }

    /// Moves argument `i` out as an array.
    pub fn take_array(&mut self, i: usize) -> Result<Vec<Value>, EvalError> {
        match self.take(i) {
            Value::Array(items) => Ok(items),
            other => Err(self.type_error(i, Ty::Array, &other)),
        }
    }

    /// Argument `i` as an object.
    pub fn object(&self, i: usize) -> Result<&IndexMap<String, Value>, EvalError> {
        match self.value(i) {
            Value::Object(map) => Ok(map),
            other => Err(self.type_error(i, Ty::Object, other)),
        }
    }

    /// Moves argument `i` out as an object.
    pub fn take_object(&mut self, i: usize) -> Result<IndexMap<String, Value>, EvalError> {
        match self.take(i) {
            Value::Object(map) => Ok(map),
            other => Err(self.type_error(i, Ty::Object, &other)),
        }
    }

    /// Argument `i` as an ISO 8601 timestamp string.
    pub fn timestamp(&self, i: usize) -> Result<Timestamp, EvalError> {
        let text = self.string(i)?;
        parse_timestamp(text).ok_or_else(|| {
            EvalError::invalid_template(format!(
                "In function '{}', the value provided for date time string '{text}' was not valid. The datetime string must match ISO 8601 format.",
                self.name
            ))
        })
    }
}

/// Fails if a string of `bytes` bytes (and `chars()` characters) exceeds [`MAX_STRING_CHARS`].
pub(crate) fn check_length(
    name: &str,
    bytes: usize,
    chars: impl FnOnce() -> usize,
) -> Result<(), EvalError> {
    // Byte length bounds char length from above, so counting chars is only needed near the limit.
    if bytes > MAX_STRING_CHARS && chars() > MAX_STRING_CHARS {
        return Err(EvalError::new(
            "ExpressionEvaluationFailed",
            format!(
                "The template language function '{name}' produced a string longer than the limit of {MAX_STRING_CHARS} characters."
            ),
        ));
    }
    Ok(())
}

/// The shared wording of argument type errors: "its parameter" for one-argument calls, else
/// "its first/second/… parameter".
pub(crate) fn type_error(
    name: &str,
    i: usize,
    argc: usize,
    expected: Ty,
    value: &Value,
) -> EvalError {
    const ORDINALS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    let which = match ORDINALS.get(i) {
        _ if argc <= 1 => "its parameter".to_owned(),
        Some(word) => format!("its {word} parameter"),
        None => format!("its parameter number {}", i + 1),
    };
    EvalError::function(
        name,
        format_args!(
            "expects {which} to be {}. The provided value is of type '{}'.",
            expected.expectation(),
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
    /// The function's canonical name.
    pub name: &'static str,
    source: Source<'c>,
    /// Scope, clock, randomness and budgets.
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

    pub(crate) fn from_values(name: &'static str, args: Vec<Value>, ctx: &'c Ctx<'c>) -> Self {
        Self {
            name,
            source: Source::Values(args),
            ctx,
        }
    }

    /// Number of arguments given.
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
            other => Err(type_error(self.name, i, self.len(), Ty::Boolean, &other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MapScope;

    #[test]
    fn accessors_return_typed_arguments_or_uniform_errors() {
        let scope = MapScope::example();
        let ctx = Ctx::new(&scope, None);
        let args = vec![
            Value::Int(3),
            Value::from("2018-03-15T13:00:00Z"),
            Value::Array(vec![Value::Null]),
            Value::from(serde_json::json!({"a": 1})),
            Value::Null,
        ];
        let mut call = Call::new("f", args, &ctx);
        assert_eq!(call.len(), 5);
        assert_eq!(call.int(0), Ok(3));
        assert_eq!(call.optional_int(7), Ok(None));
        assert_eq!(call.number(0), Ok(Number::Int(3)));
        assert_eq!(call.timestamp(1).unwrap().kind, crate::timestamp::Kind::Utc);
        assert_eq!(call.array(2).map(<[Value]>::len), Ok(1));
        assert_eq!(call.object(3).map(IndexMap::len), Ok(1));
        assert_eq!(call.optional_string(9), Ok(None));
        let message = |e: EvalError| e.message;
        assert_eq!(
            call.string(4).map_err(message),
            Err("The template language function 'f' expects its fifth parameter to be of type string. The provided value is of type 'Null'.".to_owned())
        );
        assert!(
            call.int(1)
                .map_err(message)
                .unwrap_err()
                .contains("its second parameter to be an integer")
        );
        assert!(
            call.boolean(0)
                .map_err(message)
                .unwrap_err()
                .contains("to be a boolean")
        );
        assert!(
            call.array(3)
                .map_err(message)
                .unwrap_err()
                .contains("to be an array. The provided value is of type 'Object'")
        );
        assert!(
            call.object(2)
                .map_err(message)
                .unwrap_err()
                .contains("to be an object")
        );
        assert!(
            call.number(1)
                .map_err(message)
                .unwrap_err()
                .contains("an integer or a decimal number")
        );
        let bad_time = Call::new("addDays", vec![Value::from("soon")], &ctx).timestamp(0);
        assert_eq!(
            bad_time.map_err(message).unwrap_err(),
            "In function 'addDays', the value provided for date time string 'soon' was not valid. The datetime string must match ISO 8601 format."
        );
        assert_eq!(call.take_array(2).map(|a| a.len()), Ok(1));
        assert_eq!(call.take_object(3).map(|o| o.len()), Ok(1));
        assert!(call.take_object(3).is_err(), "taken arguments are null");
    }

    #[test]
    fn type_errors_name_the_parameter() {
        let e = type_error("indexOf", 0, 2, Ty::String, &Value::Null);
        assert_eq!(
            e.message,
            "The template language function 'indexOf' expects its first parameter to be of type string. The provided value is of type 'Null'."
        );
        let e = type_error("toLower", 0, 1, Ty::String, &Value::Int(1));
        assert!(
            e.message
                .contains("expects its parameter to be of type string")
        );
        let e = type_error("f", 11, 12, Ty::Integer, &Value::Null);
        assert!(
            e.message
                .contains("its parameter number 12 to be an integer")
        );
    }
}

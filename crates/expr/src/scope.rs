//! What an expression can see: the [`Scope`] trait the engine implements.

use chrono::{DateTime, Utc};

use crate::error::EvalError;
use crate::value::Value;

/// The run context visible to expressions. Every method except [`Scope::now`] has a default that
/// fails with "not available in this context", so a scope only implements what it offers
/// (e.g. trigger conditions have no `actions()`).
pub trait Scope {
    /// `trigger()`: `{name, inputs, outputs{headers, body, …}, startTime, …}`.
    fn trigger(&self) -> Result<Value, EvalError> {
        Err(unavailable("trigger"))
    }

    /// `actions('X')`: `{name, inputs, outputs, status, code, startTime, endTime, error}`.
    fn action(&self, name: &str) -> Result<Value, EvalError> {
        let _ = name;
        Err(unavailable("actions"))
    }

    /// `action()`: the *current* action's result object `{name, inputs, outputs, status, …}`.
    /// Logic Apps offers it only in a webhook's `unsubscribe` inputs, in `trackedProperties`
    /// and in an Until loop's condition.
    fn current_action(&self) -> Result<Value, EvalError> {
        Err(unavailable("action"))
    }

    /// `variables('name')`.
    fn variable(&self, name: &str) -> Result<Value, EvalError> {
        let _ = name;
        Err(unavailable("variables"))
    }

    /// `parameters('name')`.
    fn parameter(&self, name: &str) -> Result<Value, EvalError> {
        let _ = name;
        Err(unavailable("parameters"))
    }

    /// `workflow()`: `{name, id, run{name, id}, …}`.
    fn workflow(&self) -> Result<Value, EvalError> {
        Err(unavailable("workflow"))
    }

    /// `item()`: the current item of the innermost Foreach.
    fn item(&self) -> Result<Value, EvalError> {
        Err(unavailable("item"))
    }

    /// `items('loop')`: the current item of the named Foreach.
    fn items(&self, loop_name: &str) -> Result<Value, EvalError> {
        let _ = loop_name;
        Err(unavailable("items"))
    }

    /// `result('scope')`: the array of first-level action results of a Scope/Foreach/Until.
    fn result(&self, scope_name: &str) -> Result<Value, EvalError> {
        let _ = scope_name;
        Err(unavailable("result"))
    }

    /// `iterationIndexes('until')`: the current (0-based) iteration index of the named Until loop.
    fn iteration_indexes(&self, loop_name: &str) -> Result<Value, EvalError> {
        let _ = loop_name;
        Err(unavailable("iterationIndexes"))
    }

    /// `appsetting('name')`: an application setting (Logic Apps Standard).
    fn app_setting(&self, name: &str) -> Result<Value, EvalError> {
        let _ = name;
        Err(unavailable("appsetting"))
    }

    /// `listCallbackUrl()`: the callback URL of the current webhook trigger or action.
    fn list_callback_url(&self) -> Result<Value, EvalError> {
        Err(unavailable("listCallbackUrl"))
    }

    /// The current time (`utcNow()`). Injected so evaluation is deterministic and wasm-friendly.
    fn now(&self) -> DateTime<Utc>;

    /// 128 random bits for `guid()`.
    ///
    /// The default is *not* random: it hashes [`Scope::now`] with SplitMix64, so it is only unique
    /// across instants. The evaluator additionally mixes in a per-evaluation call counter, so
    /// several `guid()` calls in one evaluation still differ. Production scopes should override
    /// this with a real random source (the crate itself stays free of OS randomness for wasm).
    fn random_u128(&self) -> u128 {
        random_from_instant(self.now())
    }
}

/// The default [`Scope::random_u128`]: 128 bits hashed from an instant.
pub(crate) fn random_from_instant(now: DateTime<Utc>) -> u128 {
    let nanos = now.timestamp_nanos_opt().unwrap_or_default() as u64;
    let high = splitmix64(nanos);
    let low = splitmix64(high ^ 0x5851_f42d_4c95_7f2d);
    (u128::from(high) << 64) | u128::from(low)
}

/// One SplitMix64 step: a cheap, well-distributed 64-bit mixer.
pub(crate) fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn unavailable(function: &str) -> EvalError {
    EvalError::function(function, "is not available in this context.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Template;

    struct OnlyNow;

    impl Scope for OnlyNow {
        fn now(&self) -> DateTime<Utc> {
            DateTime::from_timestamp(1_700_000_000, 0).expect("valid timestamp")
        }
    }

    #[test]
    fn default_methods_say_the_function_is_unavailable() {
        let err = Template::parse("@variables('x')")
            .unwrap()
            .evaluate(&OnlyNow)
            .unwrap_err();
        assert_eq!(
            err.message,
            "The template language function 'variables' is not available in this context."
        );
        let err = Template::parse("@triggerBody()")
            .unwrap()
            .evaluate(&OnlyNow)
            .unwrap_err();
        assert!(err.message.contains("'trigger' is not available"), "{err}");
    }

    #[test]
    fn default_randomness_differs_per_call_within_one_evaluation() {
        let v = Template::parse("@equals(guid(), guid())")
            .unwrap()
            .evaluate(&OnlyNow)
            .unwrap();
        assert_eq!(v, Value::Bool(false));
        let utc = Template::parse("@utcNow()")
            .unwrap()
            .evaluate(&OnlyNow)
            .unwrap();
        assert_eq!(utc, Value::from("2023-11-14T22:13:20.0000000Z"));
    }
}

//! `inputs.retryPolicy`: parsed once per action into [`RetryPolicy`], and the wait before each
//! retry. `default` (or no policy) is exponential with 4 retries, interval `PT7S`, minimum `PT5S`,
//! maximum `PT1H` (Logic Apps Standard). Exponential retry #1 waits a uniform random time in
//! `[minimum, min(interval, maximum)]`, retry #n (n ≥ 2) in
//! `[max(2^(n-2)·interval, minimum), min(2^(n-1)·interval, maximum)]`.

use crate::duration;
use serde_json::Value;
use std::time::Duration;

/// How many times, and after how long, a transient failure is retried.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RetryPolicy {
    /// No retries.
    None,
    /// `count` retries, each after `interval`.
    Fixed { count: u32, interval: Duration },
    /// `count` retries at exponentially growing random intervals.
    Exponential { count: u32, interval: Duration, minimum: Duration, maximum: Duration },
}

const MAX_COUNT: u32 = 90;

impl RetryPolicy {
    /// The policy Logic Apps applies when an Http action states none (or `type: default`).
    pub fn default_policy() -> Self {
        RetryPolicy::Exponential {
            count: 4,
            interval: Duration::from_secs(7),
            minimum: Duration::from_secs(5),
            maximum: Duration::from_secs(3_600),
        }
    }

    /// Reads `retryPolicy` from evaluated inputs; the error is the message for `InvalidTemplate`.
    pub fn from_inputs(inputs: &Value) -> Result<Self, String> {
        let policy = match inputs.get("retryPolicy") {
            None | Some(Value::Null) => return Ok(Self::default_policy()),
            Some(p @ Value::Object(_)) => p,
            Some(other) => return Err(format!("The 'retryPolicy' must be an object, not {other}.")),
        };
        let kind = policy.get("type").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
        match kind.as_str() {
            "default" => Ok(Self::default_policy()),
            "none" => Ok(RetryPolicy::None),
            "fixed" => Ok(RetryPolicy::Fixed { count: count(policy)?, interval: interval(policy, "interval", None)? }),
            "exponential" => Ok(RetryPolicy::Exponential {
                count: count(policy)?,
                interval: interval(policy, "interval", None)?,
                minimum: interval(policy, "minimumInterval", Some(Duration::from_secs(5)))?,
                maximum: interval(policy, "maximumInterval", Some(Duration::from_secs(86_400)))?,
            }),
            _ => Err(format!(
                "The retry policy type '{kind}' is not valid; use 'default', 'none', 'fixed' or 'exponential'."
            )),
        }
    }

    /// The wait before retry number `retry` (1-based), or `None` when the policy allows no more.
    /// `random` is a uniform sample in `[0, 1)`.
    pub fn delay(&self, retry: u32, random: f64) -> Option<Duration> {
        match *self {
            RetryPolicy::None => None,
            RetryPolicy::Fixed { count, interval } => (retry <= count).then_some(interval),
            RetryPolicy::Exponential { count, interval, minimum, maximum } => {
                if retry > count {
                    return None;
                }
                let (low, high) = match retry {
                    1 => (minimum, interval.min(maximum)),
                    n => {
                        let base = interval.as_secs_f64();
                        let low = Duration::from_secs_f64((base * 2f64.powi(n as i32 - 2)).min(1e12));
                        let high = Duration::from_secs_f64((base * 2f64.powi(n as i32 - 1)).min(1e12));
                        (low.max(minimum), high.min(maximum))
                    }
                };
                let low = low.min(high);
                Some(low + (high - low).mul_f64(random.clamp(0.0, 1.0)))
            }
        }
    }
}

fn count(policy: &Value) -> Result<u32, String> {
    let value = policy.get("count");
    let n = match value {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    n.filter(|n| (1..=u64::from(MAX_COUNT)).contains(n))
        .map(|n| n as u32)
        .ok_or_else(|| format!("The retry policy 'count' must be an integer from 1 to {MAX_COUNT}, not {}.", value.unwrap_or(&Value::Null)))
}

fn interval(policy: &Value, name: &str, default: Option<Duration>) -> Result<Duration, String> {
    match (policy.get(name), default) {
        (None | Some(Value::Null), Some(d)) => Ok(d),
        (Some(Value::String(s)), _) => duration::parse(s)
            .ok_or_else(|| format!("The retry policy '{name}' '{s}' is not an ISO 8601 duration such as 'PT10S'.")),
        (other, _) => Err(format!(
            "The retry policy '{name}' must be an ISO 8601 duration such as 'PT10S', not {}.",
            other.unwrap_or(&Value::Null)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(p: Value) -> Result<RetryPolicy, String> {
        RetryPolicy::from_inputs(&json!({ "retryPolicy": p }))
    }

    #[test]
    fn absent_and_default_are_the_documented_exponential_policy() {
        assert_eq!(RetryPolicy::from_inputs(&json!({})), Ok(RetryPolicy::default_policy()));
        assert_eq!(policy(json!({ "type": "Default" })), Ok(RetryPolicy::default_policy()));
        assert_eq!(policy(json!({ "type": "none" })), Ok(RetryPolicy::None));
    }

    #[test]
    fn reads_fixed_and_exponential_policies() {
        assert_eq!(
            policy(json!({ "type": "fixed", "count": 2, "interval": "PT10S" })),
            Ok(RetryPolicy::Fixed { count: 2, interval: Duration::from_secs(10) })
        );
        assert_eq!(
            policy(json!({ "type": "Exponential", "count": "3", "interval": "PT20S" })),
            Ok(RetryPolicy::Exponential {
                count: 3,
                interval: Duration::from_secs(20),
                minimum: Duration::from_secs(5),
                maximum: Duration::from_secs(86_400),
            })
        );
    }

    #[test]
    fn refuses_invalid_policies() {
        for p in [
            json!({ "type": "sometimes" }),
            json!({ "type": "fixed", "count": 0, "interval": "PT1S" }),
            json!({ "type": "fixed", "count": 91, "interval": "PT1S" }),
            json!({ "type": "fixed", "count": 2 }),
            json!({ "type": "exponential", "count": 2, "interval": "10 seconds" }),
            json!("fixed"),
        ] {
            assert!(policy(p.clone()).is_err(), "{p}");
        }
    }

    #[test]
    fn exponential_waits_stay_in_the_documented_ranges() {
        let p = RetryPolicy::default_policy();
        let secs = |retry, random| p.delay(retry, random).map(|d| d.as_secs_f64());
        assert_eq!(secs(1, 0.0), Some(5.0));
        assert!((6.9..7.0).contains(&secs(1, 0.99).unwrap()));
        assert_eq!(secs(2, 0.0), Some(7.0));
        assert_eq!(secs(3, 0.0), Some(14.0));
        assert_eq!(secs(4, 0.5), Some(42.0));
        assert_eq!(secs(5, 0.0), None);
        let capped = RetryPolicy::Exponential {
            count: 90,
            interval: Duration::from_secs(7),
            minimum: Duration::from_secs(5),
            maximum: Duration::from_secs(3_600),
        };
        assert_eq!(capped.delay(60, 0.5), Some(Duration::from_secs(3_600)));
    }

    #[test]
    fn fixed_waits_its_interval_count_times() {
        let p = RetryPolicy::Fixed { count: 2, interval: Duration::from_secs(3) };
        assert_eq!(p.delay(1, 0.3), Some(Duration::from_secs(3)));
        assert_eq!(p.delay(2, 0.9), Some(Duration::from_secs(3)));
        assert_eq!(p.delay(3, 0.0), None);
        assert_eq!(RetryPolicy::None.delay(1, 0.0), None);
    }
}

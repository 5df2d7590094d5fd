//! Until: a do-while loop. The body runs, then `expression` is checked (in the iteration's
//! context, so it sees that iteration's results and `iterationIndexes`); the loop ends when it is
//! true, after `limit.count` iterations (default 60, 1–5,000) or once `limit.timeout` (ISO 8601,
//! default `PT1H`) has passed — checked between iterations, a running iteration is not
//! interrupted. The loop takes the status of its last iteration; reaching a limit is not a failure
//! unless `operationOptions` has `FailWhenLimitsReached`, which fails it with
//! `ActionUntilLimitReached` (a Flowline code: Logic Apps documents the behaviour, not the code).

use super::{Collector, Done, iteration};
use crate::actions::condition;
use crate::run::{Ctx, container_outcome};
use flowline_expr::{Template, Value as ExprValue};
use flowline_model::{Action, Actions, Condition};
use flowline_storage::Status;
use serde_json::Value;
use std::time::Duration;

/// Iterations when `limit.count` is not set.
pub(crate) const DEFAULT_COUNT: u64 = 60;
/// Most iterations `limit.count` may ask for.
pub(crate) const MAX_COUNT: u64 = 5_000;
/// `limit.timeout` when not set.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3_600);

/// The evaluated `limit` of an Until.
pub(super) struct Limits {
    count: u64,
    timeout: Duration,
    fail_when_reached: bool,
}

impl Limits {
    /// Evaluates `limit.count` and `limit.timeout` (numbers, ISO text or expressions).
    pub(super) fn evaluate(ctx: &Ctx<'_>, action: &Action, count: Option<&Value>, timeout: Option<&str>) -> Result<Self, Box<Done>> {
        let invalid = |what: &str, detail: String| {
            Box::new(Done::failed(
                "WorkflowRunActionUntilLimitInvalid",
                format!("The 'limit.{what}' of Until action '{}' is not valid: {detail}", action.name),
            ))
        };
        let count = match count {
            None | Some(Value::Null) => DEFAULT_COUNT,
            Some(v) => match expand(ctx, v).map_err(|e| invalid("count", e))? {
                Value::Number(n) => n.as_u64().filter(|n| (1..=MAX_COUNT).contains(n)),
                Value::String(s) => s.trim().parse().ok().filter(|n| (1..=MAX_COUNT).contains(n)),
                _ => None,
            }
            .ok_or_else(|| invalid("count", format!("{v} is not an integer from 1 to {MAX_COUNT}.")))?,
        };
        let timeout = match timeout {
            None => DEFAULT_TIMEOUT,
            Some(text) => {
                let text = match expand(ctx, &Value::String(text.to_string())).map_err(|e| invalid("timeout", e))? {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                crate::duration::parse(&text)
                    .ok_or_else(|| invalid("timeout", format!("'{text}' is not an ISO 8601 duration such as PT1H.")))?
            }
        };
        Ok(Limits { count, timeout, fail_when_reached: action.has_operation_option("FailWhenLimitsReached") })
    }
}

/// A limit as written, with an expression string evaluated.
fn expand(ctx: &Ctx<'_>, v: &Value) -> Result<Value, String> {
    let Value::String(s) = v else { return Ok(v.clone()) };
    if !s.contains('@') {
        return Ok(v.clone());
    }
    let template = Template::parse(s).map_err(|e| e.to_string())?;
    let value: ExprValue = template.evaluate(&ctx.scope()).map_err(|e| e.message)?;
    Ok(value.into_json())
}

pub(super) async fn execute(ctx: &Ctx<'_>, action: &Action, exit: &Condition, body: &Actions, limits: Limits) -> Done {
    let collector = Collector::new(ctx, action);
    let deadline = ctx.inner.clock.now() + chrono::Duration::from_std(limits.timeout).unwrap_or(chrono::TimeDelta::MAX);
    let mut last = Status::Succeeded;
    let mut limit_reached = None;
    for index in 0..limits.count {
        let checked = iteration(ctx, action, body, (index, None), collector.as_ref(), |inner| {
            // In a resumed run, an iteration that was followed by another one did not meet the
            // condition: go on without evaluating it against today's state.
            let mut next = inner.repetition.clone();
            if let Some(last) = next.last_mut() {
                last.item_index += 1;
            }
            if inner.state.replay().is_some_and(|r| r.reached(&next)) {
                return Ok(false);
            }
            condition::evaluate(inner, action, exit)
        })
        .await;
        let Some((status, done)) = checked else { break };
        last = status;
        match done {
            Err(outcome) => return Done { outcome, inputs: None, loop_result: collector.map(Collector::finish) },
            Ok(true) => break,
            Ok(false) if index + 1 == limits.count => limit_reached = Some(format!("count {}", limits.count)),
            Ok(false) if ctx.inner.clock.now() >= deadline => {
                limit_reached = Some(format!("timeout {:?}", limits.timeout));
                break;
            }
            Ok(false) => {}
        }
    }
    let loop_result = collector.map(Collector::finish);
    if let Some(limit) = limit_reached.filter(|_| limits.fail_when_reached && ctx.state.stopped().is_none()) {
        let message = format!("The Until action '{}' reached its limit ({limit}) before its condition was met.", action.name);
        let outcome = crate::outcome::Outcome::failed("ActionUntilLimitReached", message);
        return Done { outcome, inputs: None, loop_result };
    }
    Done { outcome: container_outcome(ctx, last), inputs: None, loop_result }
}

//! Foreach: run the body once per item of an array, up to `concurrency` iterations at a time
//! (default 20, 1–50; one at a time with `operationOptions: "Sequential"` and always when nested
//! in another Foreach). The `foreach` expression must evaluate to an array of at most 100,000
//! items; anything else fails the action.

use super::{Collector, Done, JournalWindow, iteration, merge};
use crate::run::{Ctx, container_outcome};
use flowline_expr::JsonTemplate;
use flowline_model::{Action, Actions};
use flowline_storage::Status;
use futures::stream::{self, StreamExt};
use serde_json::Value;
use std::sync::Arc;

/// Most items a Foreach accepts (Logic Apps' `FlowDefaultForeachItemsLimit`).
pub(crate) const MAX_ITEMS: usize = 100_000;
/// Iterations in flight when `runtimeConfiguration.concurrency.repetitions` is not set.
pub(crate) const DEFAULT_CONCURRENCY: u32 = 20;
/// Most iterations in flight.
pub(crate) const MAX_CONCURRENCY: u32 = 50;

/// How many iterations may run at once (out-of-range settings are clamped to 1–50).
pub(super) fn degree(ctx: &Ctx<'_>, sequential: bool, concurrency: Option<u32>) -> usize {
    if sequential || ctx.in_foreach() {
        return 1;
    }
    concurrency.unwrap_or(DEFAULT_CONCURRENCY).clamp(1, MAX_CONCURRENCY) as usize
}

pub(super) async fn execute(ctx: &Ctx<'_>, action: &Action, items: &JsonTemplate, body: &Actions, degree: usize) -> Done {
    let items = match items.evaluate(&ctx.scope()) {
        Ok(Value::Array(items)) => items,
        Ok(other) => {
            return Done::failed(
                "InvalidTemplate",
                format!(
                    "The execution of template action '{}' failed: the result of the evaluation of 'foreach' expression is of type '{}'. The result must be a valid array.",
                    action.name,
                    json_type(&other)
                ),
            );
        }
        Err(e) => {
            return Done::failed(
                "InvalidTemplate",
                format!("Unable to process template language expressions for action '{}' 'foreach': {}", action.name, e.message),
            );
        }
    };
    if items.len() > MAX_ITEMS {
        return Done::failed(
            "ForeachItemsLimitExceeded",
            format!("The 'foreach' expression of action '{}' returned {} items; the limit is {MAX_ITEMS}.", action.name, items.len()),
        );
    }
    let collector = Collector::new(ctx, action);
    let status = stream::iter(items.into_iter().enumerate())
        .map(|(i, item)| iteration(ctx, action, body, (i as u64, Some(Arc::new(item))), collector.as_ref(), |_| ()))
        .buffer_unordered(degree)
        .fold((Status::Succeeded, JournalWindow::default()), |(acc, mut window), done| async move {
            window.iteration_done(ctx).await;
            (done.map_or(acc, |(status, ())| merge(acc, status)), window)
        })
        .await
        .0;
    Done {
        outcome: container_outcome(ctx, status),
        inputs: None,
        loop_result: collector.map(Collector::finish),
    }
}

/// The Logic Apps name of a JSON value's type.
pub(super) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "Null",
        Value::Bool(_) => "Boolean",
        Value::Number(n) if n.is_f64() => "Float",
        Value::Number(_) => "Integer",
        Value::String(_) => "String",
        Value::Array(_) => "Array",
        Value::Object(_) => "Object",
    }
}

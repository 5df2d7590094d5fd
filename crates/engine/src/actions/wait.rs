//! Wait ("Delay" / "Delay until"): `{"interval": {"count", "unit"}}` with unit Second, Minute,
//! Hour, Day, Week or Month (calendar months), or `{"until": {"timestamp"}}` (any timestamp text
//! the expression functions accept; UTC when it has no offset). A moment in the past completes at
//! once. The wait is measured against the engine's clock when the action starts.
//!
//! The timer is a tokio timer (no thread, no connection held); the driver races it against the
//! run's cancellation, so a Terminate or a cancel ends it at once (the action is then Cancelled).
//! It is durable: the Wait's `Running` marker records its start, and a run resumed after a
//! restart (see [`crate::replay`]) waits only for what is left.

use crate::outcome::Outcome;
use crate::run::Ctx;
use chrono::{DateTime, Duration, Months, Utc};
use serde_json::Value;

/// .NET ticks (100 ns) from 0001-01-01 to the Unix epoch.
const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;

pub(crate) async fn execute(ctx: &Ctx<'_>, action: &flowline_model::Action, inputs: &Value) -> Outcome {
    // Measured from the attempt's start, which a resumed run keeps: the wait ends when it would
    // have without the restart.
    let start = crate::run::resumed_attempt(ctx, action).start;
    let deadline = match deadline(ctx, inputs, start) {
        Ok(t) => t,
        Err(message) => return Outcome::failed("InvalidTemplate", message),
    };
    let now = ctx.inner.clock.now();
    if let Ok(remaining) = (deadline - now).to_std() {
        tokio::time::sleep(remaining).await;
    }
    Outcome::succeeded(None)
}

/// When the wait ends.
fn deadline(ctx: &Ctx<'_>, inputs: &Value, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    match (inputs.get("interval").filter(|v| !v.is_null()), inputs.get("until").filter(|v| !v.is_null())) {
        (Some(interval), None) => after_interval(interval, now),
        (None, Some(until)) => at_timestamp(ctx, until),
        _ => Err("A Wait action needs exactly one of 'interval' ({count, unit}) or 'until' ({timestamp}).".into()),
    }
}

fn after_interval(interval: &Value, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let count = match interval.get("count") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|c| *c >= 0)
    .ok_or_else(|| format!("The Wait interval 'count' must be a non-negative integer, not {}.", interval.get("count").unwrap_or(&Value::Null)))?;
    let unit = interval.get("unit").and_then(Value::as_str).unwrap_or_default();
    let end = match unit.to_ascii_lowercase().as_str() {
        "second" => Duration::try_seconds(count).and_then(|d| now.checked_add_signed(d)),
        "minute" => Duration::try_minutes(count).and_then(|d| now.checked_add_signed(d)),
        "hour" => Duration::try_hours(count).and_then(|d| now.checked_add_signed(d)),
        "day" => Duration::try_days(count).and_then(|d| now.checked_add_signed(d)),
        "week" => Duration::try_weeks(count).and_then(|d| now.checked_add_signed(d)),
        "month" => u32::try_from(count).ok().and_then(|m| now.checked_add_months(Months::new(m))),
        _ => {
            return Err(format!(
                "The Wait interval 'unit' '{unit}' is not valid; use Second, Minute, Hour, Day, Week or Month."
            ));
        }
    };
    end.ok_or_else(|| format!("The Wait interval of {count} {unit}(s) is too long."))
}

fn at_timestamp(ctx: &Ctx<'_>, until: &Value) -> Result<DateTime<Utc>, String> {
    let text = until.get("timestamp").and_then(Value::as_str).ok_or("The Wait 'until' needs a 'timestamp' string.")?;
    // `ticks()` parses timestamps exactly as expressions do (offsets, fractions, no-offset = UTC).
    let ticks = flowline_expr::call_function("ticks", vec![text.into()], &ctx.scope())
        .map_err(|e| format!("The Wait 'until' timestamp '{text}' is not valid: {}", e.message))?;
    let flowline_expr::Value::Int(ticks) = ticks else {
        return Err(format!("The Wait 'until' timestamp '{text}' is not valid."));
    };
    let nanos = (ticks - UNIX_EPOCH_TICKS).saturating_mul(100);
    Ok(DateTime::from_timestamp_nanos(nanos))
}

//! Time: the clock the engine asks for "now" (injected, so tests control it) and the timestamp
//! text form Logic Apps uses (`2026-11-22T08:30:00.1234567Z`).

use chrono::{DateTime, SecondsFormat, Utc};

/// Source of the current time.
pub trait Clock: Send + Sync + 'static {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Formats a timestamp as Logic Apps does in run history (7 fractional digits, `Z`).
pub fn format(t: DateTime<Utc>) -> String {
    let base = t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let ticks = t.timestamp_subsec_nanos() / 100;
    format!("{}.{ticks:07}Z", base.trim_end_matches('Z'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_with_seven_fractional_digits() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 8, 30, 0).unwrap() + chrono::Duration::microseconds(123456);
        assert_eq!(format(t), "2026-11-22T08:30:00.1234560Z");
    }
}

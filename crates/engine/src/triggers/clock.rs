//! Clocks a scheduler can wait on: the system clock, and a manual clock tests set and advance
//! (so a test of an hourly schedule takes milliseconds, not hours).

use crate::time::{Clock, SystemClock};
use chrono::{DateTime, Utc};
use std::time::Duration;
use tokio::sync::watch;

/// A [`Clock`] that can also wait until a moment arrives.
#[async_trait::async_trait]
pub trait WakeClock: Clock {
    /// Resolves once `now() >= t`.
    async fn sleep_until(&self, t: DateTime<Utc>);
}

/// Longest single sleep on the system clock, so a wall-clock jump (NTP, suspend) is noticed soon.
const MAX_SLEEP: Duration = Duration::from_secs(30);

#[async_trait::async_trait]
impl WakeClock for SystemClock {
    async fn sleep_until(&self, t: DateTime<Utc>) {
        loop {
            let left = t - self.now();
            let Ok(left) = left.to_std() else { return };
            if left.is_zero() {
                return;
            }
            tokio::time::sleep(left.min(MAX_SLEEP)).await;
        }
    }
}

/// A clock that only moves when told to. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct ManualClock {
    now: watch::Sender<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock reading `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock {
            now: watch::Sender::new(start),
        }
    }

    /// Sets the time (it may go backwards; sleepers wake when it reaches their moment).
    pub fn set(&self, t: DateTime<Utc>) {
        self.now.send_replace(t);
    }

    /// Moves the time forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        self.now.send_modify(|t| *t += by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.borrow()
    }
}

#[async_trait::async_trait]
impl WakeClock for ManualClock {
    async fn sleep_until(&self, t: DateTime<Utc>) {
        let mut rx = self.now.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail while we are borrowed.
        let _ = rx.wait_for(|now| *now >= t).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn manual_sleepers_wake_only_when_the_clock_reaches_their_moment() {
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Arc::new(ManualClock::new(start));
        let sleeper = {
            let clock = clock.clone();
            tokio::spawn(async move { clock.sleep_until(start + chrono::Duration::hours(1)).await })
        };
        clock.advance(chrono::Duration::minutes(59));
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!sleeper.is_finished(), "59 minutes is not an hour");
        clock.advance(chrono::Duration::minutes(1));
        tokio::time::timeout(Duration::from_secs(5), sleeper)
            .await
            .expect("woke")
            .expect("no panic");
        assert_eq!(clock.now(), start + chrono::Duration::hours(1));
    }

    #[tokio::test]
    async fn the_system_clock_returns_at_once_for_a_past_moment() {
        let past = Utc::now() - chrono::Duration::seconds(5);
        tokio::time::timeout(Duration::from_secs(1), SystemClock.sleep_until(past))
            .await
            .expect("no wait");
    }
}

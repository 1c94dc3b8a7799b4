//! Waiting out a database that does not answer: exponential backoff, capped, and one log
//! line when the outage starts and one when it ends (never one per try).

use std::time::Duration;

/// The delay before the next try after `failures` failures in a row: `first`, doubled
/// each time, never more than `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub cap: Duration,
}

impl Backoff {
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(16);
        self.first.saturating_mul(1u32 << doublings).min(self.cap)
    }
}

/// Tracks one background task's failures, logging the start and the end of an outage.
#[derive(Debug)]
pub struct Outage {
    task: &'static str,
    backoff: Backoff,
    failures: u32,
}

impl Outage {
    pub fn new(task: &'static str, backoff: Backoff) -> Self {
        Outage {
            task,
            backoff,
            failures: 0,
        }
    }

    /// Records a failure and says how long to wait before trying again. Only the first
    /// failure of an outage is logged.
    pub fn failed(&mut self, error: &dyn std::fmt::Display) -> Duration {
        self.failures = self.failures.saturating_add(1);
        if self.failures == 1 {
            tracing::warn!(
                task = self.task,
                %error,
                "failed; retrying with backoff (logged once until it works again)"
            );
        }
        self.backoff.delay(self.failures)
    }

    /// Records a success; logs the end of an outage if there was one.
    pub fn succeeded(&mut self) {
        if self.failures > 0 {
            tracing::info!(
                task = self.task,
                failed_tries = self.failures,
                "works again"
            );
        }
        self.failures = 0;
    }

    pub fn is_ongoing(&self) -> bool {
        self.failures > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_first_delay_up_to_the_cap() {
        let backoff = Backoff {
            first: Duration::from_millis(200),
            cap: Duration::from_secs(5),
        };
        let delays: Vec<u128> = (1..=8).map(|n| backoff.delay(n).as_millis()).collect();
        assert_eq!(delays, vec![200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
        assert_eq!(backoff.delay(u32::MAX), Duration::from_secs(5));
    }

    #[test]
    fn an_outage_ends_with_the_first_success() {
        let mut outage = Outage::new(
            "test",
            Backoff {
                first: Duration::from_millis(10),
                cap: Duration::from_millis(40),
            },
        );
        assert!(!outage.is_ongoing());
        assert_eq!(outage.failed(&"down"), Duration::from_millis(10));
        assert_eq!(outage.failed(&"down"), Duration::from_millis(20));
        assert!(outage.is_ongoing());
        outage.succeeded();
        assert!(!outage.is_ongoing());
        assert_eq!(outage.failed(&"down"), Duration::from_millis(10));
    }
}

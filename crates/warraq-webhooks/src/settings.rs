//! How the dispatcher behaves: where the site lives (for ninjs URIs and feed URLs), how
//! often it looks, how it sends and how long it keeps trying.

use std::time::Duration;

/// When a failed delivery is tried again: `first`, doubled after each failure, never more
/// than `cap`, until `give_up_after` has passed since the event (then one last try).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub first: Duration,
    pub cap: Duration,
    pub give_up_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            first: Duration::from_secs(30),
            cap: Duration::from_secs(3600),
            give_up_after: Duration::from_secs(24 * 3600),
        }
    }
}

impl RetryPolicy {
    /// The wait after the `failures`-th failure in a row (1 for the first).
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        self.first
            .checked_mul(1 << doublings)
            .map_or(self.cap, |d| d.min(self.cap))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchSettings {
    /// The site's public origin, e.g. `https://news.example` (ninjs `uri`, feed URLs).
    pub base_url: String,
    pub site_name: String,
    /// Between two reads of the change log that found nothing.
    pub poll_every: Duration,
    /// Between two looks for due deliveries (new events wake the sender at once).
    pub send_poll_every: Duration,
    /// How often a node without the lease tries to take it.
    pub lease_retry_every: Duration,
    /// How often the holder checks (and renews) it.
    pub lease_renew_every: Duration,
    /// How long one attempt may take, connecting included.
    pub timeout: Duration,
    /// Attempts under way at once, over every endpoint.
    pub concurrency: usize,
    /// Attempts under way at once to one endpoint, so that a slow one cannot take every
    /// slot from the others.
    pub per_endpoint: usize,
    pub retry: RetryPolicy,
}

impl DispatchSettings {
    pub fn new(base_url: &str, site_name: &str) -> Self {
        DispatchSettings {
            base_url: base_url.trim_end_matches('/').to_string(),
            site_name: site_name.to_string(),
            poll_every: Duration::from_millis(250),
            send_poll_every: Duration::from_secs(1),
            lease_retry_every: Duration::from_secs(2),
            lease_renew_every: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
            concurrency: 8,
            per_endpoint: 2,
            retry: RetryPolicy::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_from_thirty_seconds_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let secs: Vec<u64> = (1..=9).map(|n| policy.delay(n).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(policy.delay(1000).as_secs(), 3600, "no overflow");
    }
}

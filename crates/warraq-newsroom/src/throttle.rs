//! Login throttling: after a few failed logins for one account or from one address, further
//! attempts are refused for a while, whatever the password. Kept in each node's memory: an
//! attacker spreading guesses over several nodes gets at most a few times the allowance,
//! still far from what guessing needs, and no database write happens per failed login.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Failures allowed in one window before refusing.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleRules {
    pub per_account: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl Default for ThrottleRules {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 20,
            window: Duration::minutes(15),
        }
    }
}

#[derive(Debug, Default)]
pub struct LoginThrottle {
    rules: ThrottleRules,
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

impl LoginThrottle {
    pub fn new(rules: ThrottleRules) -> Self {
        Self {
            rules,
            failures: Mutex::default(),
        }
    }

    /// `Some(seconds to wait)` when the account or the address has used its allowance.
    pub fn check(&self, email: &str, address: Option<&str>, now: DateTime<Utc>) -> Option<u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = None;
        let keys = [
            (format!("account:{email}"), self.rules.per_account),
            (
                format!("address:{}", address.unwrap_or("")),
                self.rules.per_address,
            ),
        ];
        for (key, allowed) in keys {
            let Some(times) = failures.get_mut(&key) else {
                continue;
            };
            times.retain(|t| *t > now - self.rules.window);
            if times.len() >= allowed as usize {
                let oldest = times[times.len() - allowed as usize];
                let secs = (oldest + self.rules.window - now).num_seconds().max(1) as u64;
                wait = Some(wait.map_or(secs, |w: u64| w.max(secs)));
            }
        }
        wait
    }

    pub fn record_failure(&self, email: &str, address: Option<&str>, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound the memory an attacker can make us hold: forget stale keys first.
        if failures.len() > 100_000 {
            let horizon = now - self.rules.window;
            failures.retain(|_, times| times.iter().any(|t| *t > horizon));
        }
        for key in [
            format!("account:{email}"),
            format!("address:{}", address.unwrap_or("")),
        ] {
            failures.entry(key).or_default().push(now);
        }
    }

    /// A successful login forgets the account's failures (not the address's).
    pub fn record_success(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&format!("account:{email}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_refused_after_its_allowance_until_the_window_passes() {
        let throttle = LoginThrottle::new(ThrottleRules {
            per_account: 3,
            per_address: 100,
            window: Duration::minutes(10),
        });
        let t0 = Utc::now();
        for i in 0..3 {
            assert_eq!(throttle.check("a@x.org", Some("1.1.1.1"), t0), None, "{i}");
            throttle.record_failure("a@x.org", Some("1.1.1.1"), t0);
        }
        let wait = throttle.check("a@x.org", Some("2.2.2.2"), t0).unwrap();
        assert!(wait > 500 && wait <= 600, "{wait}");
        assert_eq!(throttle.check("b@x.org", Some("1.1.1.1"), t0), None);
        assert_eq!(
            throttle.check("a@x.org", None, t0 + Duration::minutes(11)),
            None
        );
    }

    #[test]
    fn an_address_is_refused_across_accounts() {
        let throttle = LoginThrottle::new(ThrottleRules {
            per_account: 100,
            per_address: 2,
            window: Duration::minutes(10),
        });
        let t0 = Utc::now();
        throttle.record_failure("a@x.org", Some("9.9.9.9"), t0);
        throttle.record_failure("b@x.org", Some("9.9.9.9"), t0);
        assert!(throttle.check("c@x.org", Some("9.9.9.9"), t0).is_some());
        assert!(throttle.check("c@x.org", Some("8.8.8.8"), t0).is_none());
    }

    #[test]
    fn success_clears_the_account() {
        let throttle = LoginThrottle::new(ThrottleRules {
            per_account: 1,
            per_address: 100,
            window: Duration::minutes(10),
        });
        let t0 = Utc::now();
        throttle.record_failure("a@x.org", None, t0);
        assert!(throttle.check("a@x.org", Some("1.2.3.4"), t0).is_some());
        throttle.record_success("a@x.org");
        assert!(throttle.check("a@x.org", Some("1.2.3.4"), t0).is_none());
    }
}

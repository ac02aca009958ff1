//! Abuse limits kept in this process's memory: attempts per client address per minute, and failed
//! logins per account with a time-based unlock. Behind several instances each keeps its own count,
//! which still bounds guessing to (instances × limit).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::AppError;

#[derive(Clone, Debug)]
pub struct LimitSettings {
    /// Login and signup attempts per client address per minute.
    pub attempts_per_minute: u32,
    /// Failed logins after which an account is locked for `lock_for`.
    pub failures_before_lock: u32,
    pub lock_for: Duration,
}

#[derive(Clone)]
pub struct RateLimits {
    settings: LimitSettings,
    attempts: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
    failures: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl RateLimits {
    pub fn new(settings: LimitSettings) -> Self {
        RateLimits {
            settings,
            attempts: Arc::default(),
            failures: Arc::default(),
        }
    }

    /// Counts one attempt from `client`; refuses once the per-minute budget is spent.
    pub fn attempt(&self, client: &str) -> Result<(), AppError> {
        let now = Instant::now();
        let mut map = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        let times = map.entry(client.to_owned()).or_default();
        times.retain(|t| now.duration_since(*t) < WINDOW);
        if times.len() >= self.settings.attempts_per_minute as usize {
            let oldest = times.first().copied().unwrap_or(now);
            return Err(AppError::RateLimited {
                retry_after_secs: retry_after(WINDOW, now.duration_since(oldest)),
            });
        }
        times.push(now);
        Ok(())
    }

    /// Refuses while the account has too many recent failures.
    pub fn check_account(&self, email: &str) -> Result<(), AppError> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(times) = map.get_mut(email) else {
            return Ok(());
        };
        times.retain(|t| now.duration_since(*t) < self.settings.lock_for);
        if times.len() >= self.settings.failures_before_lock as usize {
            let newest = times.last().copied().unwrap_or(now);
            return Err(AppError::RateLimited {
                retry_after_secs: retry_after(self.settings.lock_for, now.duration_since(newest)),
            });
        }
        Ok(())
    }

    pub fn record_failure(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(email.to_owned())
            .or_default()
            .push(Instant::now());
    }

    pub fn clear_failures(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(email);
    }
}

fn retry_after(window: Duration, elapsed: Duration) -> u64 {
    window.saturating_sub(elapsed).as_secs().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> RateLimits {
        RateLimits::new(LimitSettings {
            attempts_per_minute: 3,
            failures_before_lock: 2,
            lock_for: Duration::from_secs(900),
        })
    }

    #[test]
    fn attempts_are_limited_per_client() {
        let limits = limits();
        for _ in 0..3 {
            limits.attempt("1.2.3.4").unwrap();
        }
        match limits.attempt("1.2.3.4") {
            Err(AppError::RateLimited { retry_after_secs }) => {
                assert!((1..=60).contains(&retry_after_secs))
            }
            other => panic!("{other:?}"),
        }
        assert!(limits.attempt("5.6.7.8").is_ok());
    }

    #[test]
    fn accounts_lock_after_failures_and_unlock_on_success() {
        let limits = limits();
        limits.record_failure("a@example.com");
        assert!(limits.check_account("a@example.com").is_ok());
        limits.record_failure("a@example.com");
        assert!(matches!(
            limits.check_account("a@example.com"),
            Err(AppError::RateLimited { retry_after_secs }) if retry_after_secs > 800
        ));
        assert!(limits.check_account("b@example.com").is_ok());
        limits.clear_failures("a@example.com");
        assert!(limits.check_account("a@example.com").is_ok());
    }
}

//! argon2id hashing (OWASP: m=19456 KiB, t=2, p=1) on the blocking pool, behind a semaphore the
//! size of the core count, so logins never stall the async workers or pile up unbounded.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::OsRng;
use tokio::sync::Semaphore;

use crate::error::AppError;

fn argon2() -> Result<Argon2<'static>, AppError> {
    let params = Params::new(19_456, 2, 1, None).map_err(|e| {
        tracing::error!(error = %e, "argon2 parameters rejected");
        AppError::Internal
    })?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A hash of nothing in particular with the same parameters, verified against when an email is
/// unknown so that "no such account" costs the same as "wrong password". A constant: whatever
/// password it was made from, `verify_dummy` never lets anyone in, and no start-up has to hash it.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$IhZNgEOL2ZGf4bJ3VQW00g$IvdKfZLHsaDM+tdD4pAyuheFbqEgXrxo9jr4Ta5vppk";

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    verifications: Arc<AtomicU64>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordHasher {
            permits: Arc::new(Semaphore::new(cores)),
            verifications: Arc::new(AtomicU64::new(0)),
        }
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()?
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| {
                    tracing::error!(error = %e, "password hashing failed");
                    AppError::Internal
                })
        })
        .await
    }

    /// True when `password` matches the stored PHC string.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, AppError> {
        self.verifications.fetch_add(1, Ordering::Relaxed);
        self.blocking(move || {
            let parsed = PasswordHash::new(&phc).map_err(|e| {
                tracing::error!(error = %e, "stored password hash is unreadable");
                AppError::Internal
            })?;
            Ok(argon2()?
                .verify_password(password.as_bytes(), &parsed)
                .is_ok())
        })
        .await
    }

    /// The same work as `verify`, for an unknown account. Always false.
    pub async fn verify_dummy(&self, password: String) -> Result<bool, AppError> {
        self.verify(password, DUMMY_HASH.to_owned())
            .await
            .map(|_| false)
    }

    /// How many verifications ran since start-up (tests prove both failure paths do one).
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Internal)?;
        let run = move || {
            lower_thread_priority();
            work()
        };
        tokio::task::spawn_blocking(run).await.map_err(|e| {
            tracing::error!(error = %e, "password hashing task failed");
            AppError::Internal
        })?
    }
}

/// Hashing yields the CPU to request handling: the blocking thread that runs it is scheduled
/// SCHED_IDLE (it runs when no request needs the core), so cheap requests stay fast while logins
/// queue. Set once per blocking-pool thread.
fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    {
        thread_local!(static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
        LOWERED.with(|lowered| {
            if !lowered.get() {
                // SAFETY: a plain syscall on the calling thread (pid 0 = this thread); failure
                // only leaves its priority as it was.
                unsafe {
                    let param = libc::sched_param { sched_priority: 0 };
                    libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
                }
                lowered.set(true);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_owasp_argon2id_and_verify() {
        let hasher = PasswordHasher::new();
        let hash = hasher.hash("correct horse".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(hasher
            .verify("correct horse".into(), hash.clone())
            .await
            .unwrap());
        // The dummy has the parameters of a real hash, so checking it costs the same.
        assert_eq!(params(DUMMY_HASH), params(&hash));
        assert!(!hasher.verify("correct horsE".into(), hash).await.unwrap());
        assert!(!hasher
            .verify_dummy("not a real password".into())
            .await
            .unwrap());
        assert_eq!(hasher.verifications(), 3);
    }

    /// "$argon2id$v=19$m=19456,t=2,p=1" and the salt and hash lengths of a PHC string.
    fn params(phc: &str) -> (String, Vec<usize>) {
        let parts: Vec<&str> = phc.split('$').collect();
        (
            parts[..4].join("$"),
            parts[4..].iter().map(|p| p.len()).collect(),
        )
    }
}

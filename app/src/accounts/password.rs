//! Password hashing (argon2id, OWASP's minimum: m = 19 MiB, t = 2, p = 1) and the common-password list.

use anyhow::Context;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Memory cost in KiB, iterations and lanes.
pub const M_COST_KIB: u32 = 19_456;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords-10k.txt")
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect()
});

/// Whether `password` (any case) is among the 10,000 most common passwords.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(&password.to_lowercase())
}

fn hasher() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None)
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashing is bounded to about one at a time per core: each costs ~20 MiB and tens of
/// milliseconds, and a burst of logins must not exhaust memory or starve every other request.
static PERMITS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| tokio::sync::Semaphore::new(capacity()));

/// Hashes that may run at once: the machine's cores (at least two).
pub fn capacity() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2)
}

/// How long a hashing request waits for a free core before it is refused (429).
pub const QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub use crate::errors::Busy;

/// The hashing slots, for tests that fill them.
pub fn permits() -> &'static tokio::sync::Semaphore {
    &PERMITS
}

/// Hashes on a blocking thread: ~20 MiB and tens of milliseconds must not stall the runtime.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))
    })
    .await
}

/// Verifies on a blocking thread; a malformed stored hash is an error, a wrong password `false`.
pub async fn verify(password: String, stored: String) -> anyhow::Result<bool> {
    tokio_blocking(move || {
        let parsed =
            PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("stored hash is malformed: {e}"))?;
        Ok(hasher()?.verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
}

async fn tokio_blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let _permit = match tokio::time::timeout(QUEUE_WAIT, PERMITS.acquire()).await {
        Ok(Ok(p)) => p,
        _ => return Err(Busy.into()),
    };
    tokio::task::spawn_blocking(f).await.context("password hashing task failed")?
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two tests that hash share the slots: one of them fills them all on purpose.
    static SLOTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    #[tokio::test]
    async fn hashing_beyond_the_cores_is_refused_not_queued_for_ever() {
        let _serial = SLOTS.lock().await;
        // Every slot taken (waiting for any hash another test runs to finish first).
        let held = permits().acquire_many(capacity() as u32).await.unwrap();
        let started = std::time::Instant::now();
        let err = hash("una frase bastante larga".into()).await.unwrap_err();
        assert!(err.downcast_ref::<Busy>().is_some(), "{err:#}");
        assert!(started.elapsed() >= QUEUE_WAIT && started.elapsed() < QUEUE_WAIT * 3);
        drop(held);
        assert!(hash("una frase bastante larga".into()).await.is_ok());
    }

    #[test]
    fn the_list_has_ten_thousand_entries() {
        assert!(COMMON.len() > 9_900, "{}", COMMON.len());
        assert!(is_common("123456"));
        assert!(is_common("PASSWORD"));
        assert!(is_common("dragon"));
        assert!(!is_common("tres tristes tigres comen trigo"));
    }

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_required_cost_and_verify() {
        let _serial = SLOTS.lock().await;
        let h = hash("correct horse battery staple".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery staple".into(), h.clone()).await.unwrap());
        assert!(!verify("wrong horse battery staple".into(), h.clone()).await.unwrap());
        let other = hash("correct horse battery staple".into()).await.unwrap();
        assert_ne!(h, other, "salts differ");
        assert!(verify("x".into(), "not a hash".into()).await.is_err());
    }
}

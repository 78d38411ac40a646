//! Two-factor login with TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) and one-time recovery codes.

use crate::kernel::clock::now;
use crate::kernel::db::Tx;
use crate::kernel::secrets::Secrets;
use crate::kernel::tokens::hash_token;
use anyhow::Context;
use rand::Rng;
use sqlx::{AnyPool, Row};
use totp_rs::{Algorithm, Secret, TOTP};

pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret_b32: &str, account: &str) -> anyhow::Result<TOTP> {
    let bytes = Secret::Encoded(secret_b32.to_owned())
        .to_bytes()
        .map_err(|e| anyhow::anyhow!("stored TOTP secret is malformed: {e:?}"))?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some("Puente".to_owned()), account.replace(':', ""))
        .map_err(|e| anyhow::anyhow!("TOTP parameters rejected: {e:?}"))
}

/// The time step (`now / 30`) whose code `code` is (spaces ignored), accepting one step of clock
/// drift either way; `None` when it is no valid code now.
pub fn matching_step(secret_b32: &str, account: &str, code: &str, now: i64) -> anyhow::Result<Option<i64>> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let totp = totp(secret_b32, account)?;
    let current = now.div_euclid(30);
    for step in [current - 1, current, current + 1] {
        let Ok(at) = u64::try_from(step * 30) else { continue };
        let expected = totp.generate(at);
        // Constant time: the comparison must not tell how many digits were right.
        let same = expected.len() == code.len()
            && expected.bytes().zip(code.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if same {
            return Ok(Some(step));
        }
    }
    Ok(None)
}

/// Whether `code` is valid now and was not used before: each time step's code works once per
/// account (a code seen over a shoulder or in a log cannot be replayed).
pub async fn check_once(
    pool: &AnyPool,
    user_id: i64,
    secret_b32: &str,
    account: &str,
    code: &str,
) -> anyhow::Result<bool> {
    let Some(step) = matching_step(secret_b32, account, code, now())? else { return Ok(false) };
    let r = sqlx::query(
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(user_id)
    .bind(step)
    .execute(pool)
    .await
    .context("Failed to record a used TOTP code")?;
    Ok(r.rows_affected() == 1)
}

/// The `otpauth://` URL authenticator apps read, and its QR code as inline SVG.
pub fn enrolment(secret_b32: &str, account: &str) -> anyhow::Result<(String, String)> {
    let url = totp(secret_b32, account)?.get_url();
    let code = qrcode::QrCode::new(url.as_bytes()).context("QR encoding failed")?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    Ok((url, svg))
}

/// Stores a new, not yet confirmed secret (enrolment starts or restarts), sealed with the
/// server's key: the database never holds a usable secret.
pub async fn begin(pool: &AnyPool, keys: &Secrets, user_id: i64) -> anyhow::Result<String> {
    let secret = new_secret();
    sqlx::query("UPDATE users SET totp_secret = $2 WHERE id = $1 AND totp_enabled_at IS NULL")
        .bind(user_id)
        .bind(keys.seal(&secret)?)
        .execute(pool)
        .await
        .context("Failed to store a TOTP secret")?;
    Ok(secret)
}

/// The user's secret (opened) and whether it is confirmed.
pub async fn secret(pool: &AnyPool, keys: &Secrets, user_id: i64) -> anyhow::Result<Option<(String, bool)>> {
    let row = sqlx::query("SELECT totp_secret, totp_enabled_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .context("Failed to read a TOTP secret")?;
    let Some(r) = row else { return Ok(None) };
    let Some(sealed) = r.get::<Option<String>, _>(0) else { return Ok(None) };
    let plain = keys.open(&sealed).context("Failed to open a TOTP secret")?;
    Ok(Some((plain, r.get::<Option<i64>, _>(1).is_some())))
}

/// Seals every TOTP secret that is stored in clear (from before secrets were sealed) or with an
/// older key (after a rotation). Returns how many were sealed anew.
pub async fn reseal_all(pool: &AnyPool, keys: &Secrets) -> anyhow::Result<usize> {
    let rows = sqlx::query("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL")
        .fetch_all(pool)
        .await
        .context("Failed to read TOTP secrets")?;
    let mut n = 0;
    for r in rows {
        let (id, stored): (i64, String) = (r.get(0), r.get(1));
        if keys.is_current(&stored) {
            continue;
        }
        let plain = if stored.starts_with(crate::kernel::secrets::PREFIX) {
            keys.open(&stored)?
        } else {
            stored.clone()
        };
        sqlx::query("UPDATE users SET totp_secret = $2 WHERE id = $1 AND totp_secret = $3")
            .bind(id)
            .bind(keys.seal(&plain)?)
            .bind(&stored)
            .execute(pool)
            .await
            .context("Failed to seal a TOTP secret")?;
        n += 1;
    }
    Ok(n)
}

/// Ten codes like `k3f9-x2qa`, shown once; only their hashes are kept.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..10)
        .map(|_| {
            let s: String = (0..8).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
            format!("{}-{}", &s[..4], &s[4..])
        })
        .collect()
}

fn normalise_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
}

/// Confirms enrolment: marks TOTP on, replaces the recovery codes, bumps the privilege epoch.
pub async fn enable(tx: &mut Tx<'_>, user_id: i64, codes: &[String]) -> anyhow::Result<()> {
    let now = now();
    sqlx::query(
        "UPDATE users SET totp_enabled_at = $2, privilege_epoch = privilege_epoch + 1 \
         WHERE id = $1 AND totp_secret IS NOT NULL",
    )
    .bind(user_id)
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to enable TOTP")?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await
        .context("Failed to clear recovery codes")?;
    for code in codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash_token(&normalise_code(code)))
            .execute(&mut **tx)
            .await
            .context("Failed to store a recovery code")?;
    }
    Ok(())
}

pub async fn disable(pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
    let mut tx = crate::kernel::db::begin(pool).await?;
    sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, privilege_epoch = privilege_epoch + 1 WHERE id = $1",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await
    .context("Failed to disable TOTP")?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .context("Failed to clear recovery codes")?;
    tx.commit().await.context("Failed to commit")?;
    Ok(())
}

/// Spends a recovery code once.
pub async fn use_recovery_code(pool: &AnyPool, user_id: i64, code: &str) -> anyhow::Result<bool> {
    let r = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(hash_token(&normalise_code(code)))
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to spend a recovery code")?;
    Ok(r.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_the_secret_verify_and_others_do_not() {
        let secret = new_secret();
        let t = totp(&secret, "ana@uni.example").unwrap();
        let now = 1_796_349_615;
        let code = t.generate(now as u64);
        let check = |c: &str, at: i64| matching_step(&secret, "ana@uni.example", c, at).unwrap();
        assert_eq!(check(&code, now), Some(now / 30));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(check(&spaced, now), Some(now / 30));
        assert_eq!(check(&code, now + 30), Some(now / 30), "one step of drift is accepted");
        assert_eq!(check(&code, now + 90), None, "an old code is not");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert_eq!(check(wrong, now), None);
        assert_eq!(check("12345", now), None);
    }

    #[test]
    fn enrolment_gives_an_otpauth_url_and_an_svg() {
        let (url, svg) = enrolment(&new_secret(), "ana@uni.example").unwrap();
        assert!(url.starts_with("otpauth://totp/Puente:"));
        assert!(svg.contains("<svg"));
    }

    #[test]
    fn recovery_codes_are_ten_and_distinct() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let set: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(set.len(), 10);
        assert_eq!(normalise_code("K3F9-X2QA "), "k3f9x2qa");
    }
}

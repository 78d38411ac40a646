//! The account's part of a person's data: export and erasure.

use super::users::roles;
use anyhow::Context;
use sqlx::{AnyPool, Row};

use crate::kernel::clock::now;

/// The account's share of "download my data": the profile, roles and sessions (LGPD art. 18, Ley 25.326 art. 14).
pub async fn export(pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
    let u = sqlx::query(
        "SELECT id, email, display_name, locale, country, institution, conduct_version, notify_replies, \
         notify_cohorts, notify_governance, email_verified_at, totp_enabled_at, created_at, digest, digest_sent_at, \
         time_zone, last_seen_at FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await
    .context("Failed to read the user for export")?;
    let sessions = sqlx::query(
        "SELECT created_at, last_seen_at, user_agent, ip, remember FROM sessions WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .context("Failed to read sessions for export")?;
    Ok(serde_json::json!({
        "id": u.get::<i64, _>(0),
        "email": u.get::<Option<String>, _>(1),
        "display_name": u.get::<String, _>(2),
        "locale": u.get::<String, _>(3),
        "country": u.get::<String, _>(4),
        "institution": u.get::<String, _>(5),
        "code_of_conduct_version_accepted": u.get::<i64, _>(6),
        "notifications": {
            "replies": u.get::<i64, _>(7) == 1,
            "cohorts": u.get::<i64, _>(8) == 1,
            "governance": u.get::<i64, _>(9) == 1,
        },
        "email_verified_at": u.get::<Option<i64>, _>(10),
        "two_factor_enabled_at": u.get::<Option<i64>, _>(11),
        "created_at": u.get::<i64, _>(12),
        "forum_digest": u.get::<String, _>(13),
        "forum_digest_sent_at": u.get::<Option<i64>, _>(14),
        "time_zone": u.get::<String, _>(15),
        "last_seen_at": u.get::<Option<i64>, _>(16),
        "roles": roles(pool, user_id).await?.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "sessions": sessions.iter().map(|s| serde_json::json!({
            "created_at": s.get::<i64, _>(0),
            "last_seen_at": s.get::<i64, _>(1),
            "user_agent": s.get::<String, _>(2),
            "ip": s.get::<String, _>(3),
            "remember": s.get::<i64, _>(4) == 1,
        })).collect::<Vec<_>>(),
    }))
}

/// Deletes an account: personal data erased, the row kept (anonymised) so what must stay for
/// others (forum posts, votes, usage totals) is attributed to "former member".
pub async fn delete_account(pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
    let mut tx = crate::kernel::db::begin(pool).await?;
    let old_email: Option<String> = sqlx::query("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to read the account")?
        .and_then(|r| r.get(0));
    sqlx::query(
        "UPDATE users SET email = NULL, display_name = '', password_hash = NULL, country = '', institution = '', \
         totp_secret = NULL, totp_enabled_at = NULL, notify_replies = 0, notify_cohorts = 0, notify_governance = 0, \
         digest = 'never', digest_sent_at = NULL, time_zone = '', last_seen_at = NULL, deleted_at = $2, privilege_epoch = privilege_epoch + 1 WHERE id = $1",
    )
    .bind(user_id)
    .bind(now())
    .execute(&mut *tx)
    .await
    .context("Failed to anonymise the account")?;
    for sql in [
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM email_tokens WHERE user_id = $1",
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM user_roles WHERE user_id = $1",
        "UPDATE user_roles SET granted_by = NULL WHERE granted_by = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *tx).await.context("Failed to erase account data")?;
    }
    // A "forgot password" waiting to run for this address holds it: it goes too.
    if let Some(email) = old_email {
        sqlx::query("DELETE FROM jobs WHERE kind = $1 AND payload = $2")
            .bind(crate::accounts::jobs::PASSWORD_RESET)
            .bind(serde_json::json!({ "email": email }).to_string())
            .execute(&mut *tx)
            .await
            .context("Failed to erase a pending job")?;
    }
    tx.commit().await.context("Failed to commit")?;
    Ok(())
}

//! Sessions: creating, finding, rotating and ending them, and the person behind one.

use super::users::roles;
use crate::auth::Actor;
use crate::i18n::Locale;
use crate::kernel::tokens::{hash_token, new_token};
use anyhow::Context;
use sqlx::{Any, AnyPool, Executor, Row};

use crate::kernel::clock::now;

/// Session lifetimes, in seconds. Documented in the README.
pub mod lifetime {
    /// Without "remember me": the cookie ends with the browser, the session after 12 h idle or 24 h.
    pub const IDLE: i64 = 12 * 3600;
    pub const ABSOLUTE: i64 = 24 * 3600;
    /// With "remember me": 30 days idle, 90 days at most.
    pub const REMEMBER_IDLE: i64 = 30 * 86_400;
    pub const REMEMBER_ABSOLUTE: i64 = 90 * 86_400;
    /// Between a correct password and the second factor.
    pub const MFA_PENDING: i64 = 10 * 60;
    /// last_seen is written at most this often, so reads stay reads.
    pub const TOUCH_EVERY: i64 = 60;
}

pub struct NewSession<'a> {
    pub user_id: i64,
    pub remember: bool,
    pub mfa_pending: bool,
    pub user_agent: &'a str,
    pub ip: &'a str,
}

/// Creates a session and returns the cookie value (only its hash is stored).
pub async fn create_session<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    s: &NewSession<'_>,
) -> anyhow::Result<String> {
    let token = new_token();
    let now = now();
    let (idle, absolute) = match (s.mfa_pending, s.remember) {
        (true, _) => (lifetime::MFA_PENDING, lifetime::MFA_PENDING),
        (false, true) => (lifetime::REMEMBER_IDLE, lifetime::REMEMBER_ABSOLUTE),
        (false, false) => (lifetime::IDLE, lifetime::ABSOLUTE),
    };
    let ua: String = s.user_agent.chars().take(200).collect();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_expires_at, \
         absolute_expires_at, remember, mfa_pending, privilege_epoch, user_agent, ip) \
         SELECT $1, $2, $3, $3, $4, $5, $6, $7, privilege_epoch, $8, $9 FROM users WHERE id = $2",
    )
    .bind(hash_token(&token))
    .bind(s.user_id)
    .bind(now)
    .bind(now + idle)
    .bind(now + absolute)
    .bind(i64::from(s.remember))
    .bind(i64::from(s.mfa_pending))
    .bind(ua)
    .bind(s.ip.to_owned())
    .execute(ex)
    .await
    .context("Failed to create a session")?;
    Ok(token)
}

/// A live session as the middleware sees it.
#[derive(Debug, Clone)]
pub struct SessionState {
    pub token_hash: String,
    pub user_id: i64,
    pub remember: bool,
    pub mfa_pending: bool,
    /// The second factor was proven in this session.
    pub mfa_completed: bool,
    /// The user's privileges changed since this session began: the middleware rotates its id.
    pub must_rotate: bool,
    /// Unix seconds after which the session is over (idle or absolute, whichever comes first).
    pub valid_until: i64,
}

/// Looks a cookie value up; expired sessions and sessions of disabled or deleted users are gone.
pub async fn find_session(pool: &AnyPool, token: &str) -> anyhow::Result<Option<SessionState>> {
    let now = now();
    let hash = hash_token(token);
    let row = sqlx::query(
        "SELECT s.user_id, s.remember, s.mfa_pending, s.privilege_epoch, u.privilege_epoch, s.last_seen_at, \
         s.mfa_completed, s.idle_expires_at, s.absolute_expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.idle_expires_at > $2 AND s.absolute_expires_at > $2 \
         AND u.disabled_at IS NULL AND u.deleted_at IS NULL",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(pool)
    .await
    .context("Failed to read a session")?;
    let Some(r) = row else { return Ok(None) };
    let remember = r.get::<i64, _>(1) == 1;
    let last_seen: i64 = r.get(5);
    let mfa_pending = r.get::<i64, _>(2) == 1;
    let mut idle_until: i64 = r.get(7);
    if now - last_seen >= lifetime::TOUCH_EVERY {
        let idle = if remember { lifetime::REMEMBER_IDLE } else { lifetime::IDLE };
        if !mfa_pending {
            idle_until = now + idle;
        }
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $2, \
             idle_expires_at = CASE WHEN mfa_pending = 1 THEN idle_expires_at ELSE $3 END WHERE token_hash = $1",
        )
        .bind(&hash)
        .bind(now)
        .bind(now + idle)
        .execute(pool)
        .await
        .context("Failed to touch a session")?;
        // When the person was last here, beyond the session's life (digests stop after 180 days away).
        sqlx::query("UPDATE users SET last_seen_at = $2 WHERE id = $1")
            .bind(r.get::<i64, _>(0))
            .bind(now)
            .execute(pool)
            .await
            .context("Failed to note a person seen")?;
    }
    Ok(Some(SessionState {
        token_hash: hash,
        user_id: r.get(0),
        remember,
        mfa_pending,
        mfa_completed: r.get::<i64, _>(6) == 1,
        must_rotate: r.get::<i64, _>(3) != r.get::<i64, _>(4),
        valid_until: idle_until.min(r.get::<i64, _>(8)),
    }))
}

/// Replaces a session by a new id with the same properties (after login steps and privilege
/// changes); `mfa_completed` records that the second factor was proven (it is kept otherwise).
pub async fn rotate_session(
    pool: &AnyPool,
    old: &SessionState,
    mfa_completed: bool,
) -> anyhow::Result<String> {
    let mut tx = crate::kernel::db::begin(pool).await?;
    let row = sqlx::query("SELECT user_agent, ip FROM sessions WHERE token_hash = $1")
        .bind(&old.token_hash)
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to read a session")?;
    let (ua, ip): (String, String) = row.map(|r| (r.get(0), r.get(1))).unwrap_or_default();
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&old.token_hash)
        .execute(&mut *tx)
        .await
        .context("Failed to delete a session")?;
    let token = create_session(
        &mut *tx,
        &NewSession {
            user_id: old.user_id,
            remember: old.remember,
            mfa_pending: false,
            user_agent: &ua,
            ip: &ip,
        },
    )
    .await?;
    if mfa_completed || old.mfa_completed {
        mark_mfa_completed(&mut *tx, &hash_token(&token)).await?;
    }
    tx.commit().await.context("Failed to commit")?;
    Ok(token)
}

/// Records that this session proved the second factor (at login, or by turning it on).
pub async fn mark_mfa_completed<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token_hash: &str,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE sessions SET mfa_completed = 1 WHERE token_hash = $1")
        .bind(token_hash)
        .execute(ex)
        .await
        .context("Failed to record a second factor")?;
    Ok(())
}

/// One more wrong code for a sign-in waiting for its second factor; returns how many so far.
pub async fn count_mfa_failure(pool: &AnyPool, token_hash: &str) -> anyhow::Result<i64> {
    let r = sqlx::query(
        "UPDATE sessions SET mfa_failures = mfa_failures + 1 WHERE token_hash = $1 AND mfa_pending = 1 \
         RETURNING mfa_failures",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .context("Failed to count a wrong code")?;
    Ok(r.map(|r| r.get::<i64, _>(0)).unwrap_or(i64::MAX))
}

pub async fn delete_session(pool: &AnyPool, token_hash: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await
        .context("Failed to delete a session")?;
    Ok(())
}

/// Ends every session of a user except, optionally, one.
pub async fn delete_user_sessions<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    except_hash: Option<&str>,
) -> anyhow::Result<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(except_hash.unwrap_or(""))
        .execute(ex)
        .await
        .context("Failed to end sessions")?;
    Ok(r.rows_affected())
}

/// One row of "your active sessions".
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SessionRow {
    pub id_prefix: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
    pub ip: String,
    pub current: bool,
}

pub async fn list_sessions(
    pool: &AnyPool,
    user_id: i64,
    current_hash: &str,
) -> anyhow::Result<Vec<SessionRow>> {
    let rows = sqlx::query(
        "SELECT token_hash, created_at, last_seen_at, user_agent, ip FROM sessions \
         WHERE user_id = $1 AND mfa_pending = 0 AND absolute_expires_at > $2 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now())
    .fetch_all(pool)
    .await
    .context("Failed to list sessions")?;
    Ok(rows
        .iter()
        .map(|r| {
            let hash: String = r.get(0);
            SessionRow {
                // A prefix of the hash names the session in forms; it reveals nothing usable.
                id_prefix: hash.chars().take(16).collect(),
                created_at: r.get(1),
                last_seen_at: r.get(2),
                user_agent: r.get(3),
                ip: r.get(4),
                current: hash == current_hash,
            }
        })
        .collect())
}

/// Ends the user's session whose hash starts with `prefix` (only their own); returns its hash,
/// so whatever hangs on it (notebook credentials) can end too.
pub async fn delete_session_by_prefix(
    pool: &AnyPool,
    user_id: i64,
    prefix: &str,
) -> anyhow::Result<Option<String>> {
    if prefix.len() != 16 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let r =
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash LIKE $2 RETURNING token_hash")
            .bind(user_id)
            .bind(format!("{prefix}%"))
            .fetch_optional(pool)
            .await
            .context("Failed to end a session")?;
    Ok(r.map(|r| r.get(0)))
}

/// The person behind a session, with their roles.
pub async fn actor(pool: &AnyPool, user_id: i64) -> anyhow::Result<Option<Actor>> {
    let row = sqlx::query(
        "SELECT display_name, email, locale, email_verified_at, totp_enabled_at, conduct_version FROM users \
         WHERE id = $1 AND disabled_at IS NULL AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await
    .context("Failed to read a user")?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Actor {
        user_id,
        display_name: r.get(0),
        email: r.get::<Option<String>, _>(1).unwrap_or_default(),
        locale: Locale::from_segment(&r.get::<String, _>(2)).unwrap_or_default(),
        verified: r.get::<Option<i64>, _>(3).is_some(),
        totp_enabled: r.get::<Option<i64>, _>(4).is_some(),
        // Set by the session layer from the session itself.
        mfa: false,
        conduct_version: r.get(5),
        roles: roles(pool, user_id).await?,
    }))
}

/// A session by its stored hash (the cookie value is not at hand after the session layer).
pub async fn find_session_by_hash(pool: &AnyPool, token_hash: &str) -> anyhow::Result<Option<SessionState>> {
    let row = sqlx::query(
        "SELECT s.user_id, s.remember, s.mfa_pending, s.privilege_epoch, u.privilege_epoch, s.mfa_completed, \
         s.idle_expires_at, s.absolute_expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.idle_expires_at > $2 \
         AND s.absolute_expires_at > $2 AND u.disabled_at IS NULL AND u.deleted_at IS NULL",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(pool)
    .await
    .context("Failed to read a session")?;
    Ok(row.map(|r| SessionState {
        token_hash: token_hash.to_owned(),
        user_id: r.get(0),
        remember: r.get::<i64, _>(1) == 1,
        mfa_pending: r.get::<i64, _>(2) == 1,
        mfa_completed: r.get::<i64, _>(5) == 1,
        must_rotate: r.get::<i64, _>(3) != r.get::<i64, _>(4),
        valid_until: r.get::<i64, _>(6).min(r.get::<i64, _>(7)),
    }))
}

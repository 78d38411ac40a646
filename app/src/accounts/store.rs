//! All of the accounts domain's SQL. One SQL text for SQLite and PostgreSQL (`$n`, RETURNING,
//! ON CONFLICT); times are Unix seconds; flags are 0/1.

use super::authz::{Actor, Role};
use super::secret::{hash_token, new_token};
use super::types::{DisplayName, Email};
use crate::i18n::Locale;
use anyhow::Context;
use sqlx::{Any, AnyPool, Executor, Row, Transaction};

pub type Tx<'a> = Transaction<'a, Any>;

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub struct NewUser {
    pub email: Email,
    pub name: DisplayName,
    pub password_hash: Option<String>,
    pub locale: Locale,
    pub country: String,
    pub institution: String,
    pub conduct_version: i64,
    pub verified: bool,
}

/// Creates the user; `None` when the email is already taken (nothing is changed then).
pub async fn create_user(tx: &mut Tx<'_>, u: &NewUser) -> anyhow::Result<Option<i64>> {
    let now = now();
    let row = sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, locale, country, institution, \
         conduct_version, email_verified_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(u.email.as_str())
    .bind(u.name.as_str())
    .bind(u.password_hash.clone())
    .bind(u.locale.code())
    .bind(&u.country)
    .bind(&u.institution)
    .bind(u.conduct_version)
    .bind(u.verified.then_some(now))
    .bind(now)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to insert a user")?;
    Ok(row.map(|r| r.get::<i64, _>(0)))
}

/// What login needs to know about an account.
pub struct LoginRow {
    pub id: i64,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub totp_enabled: bool,
    pub locale: Locale,
    pub display_name: String,
}

pub async fn login_row(pool: &AnyPool, email: &Email) -> anyhow::Result<Option<LoginRow>> {
    let row = sqlx::query(
        "SELECT id, password_hash, disabled_at, totp_enabled_at, locale, display_name FROM users \
         WHERE email = $1 AND deleted_at IS NULL",
    )
    .bind(email.as_str())
    .fetch_optional(pool)
    .await
    .context("Failed to look up an account")?;
    Ok(row.map(|r| LoginRow {
        id: r.get(0),
        password_hash: r.get(1),
        disabled: r.get::<Option<i64>, _>(2).is_some(),
        totp_enabled: r.get::<Option<i64>, _>(3).is_some(),
        locale: Locale::from_segment(&r.get::<String, _>(4)).unwrap_or_default(),
        display_name: r.get(5),
    }))
}

pub async fn roles(pool: &AnyPool, user_id: i64) -> anyhow::Result<Vec<Role>> {
    let rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
        .bind(user_id)
        .fetch_all(pool)
        .await
        .context("Failed to read roles")?;
    Ok(rows.iter().filter_map(|r| Role::parse(&r.get::<String, _>(0))).collect())
}

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
    /// The user's privileges changed since this session began: the middleware rotates its id.
    pub must_rotate: bool,
}

/// Looks a cookie value up; expired sessions and sessions of disabled or deleted users are gone.
pub async fn find_session(pool: &AnyPool, token: &str) -> anyhow::Result<Option<SessionState>> {
    let now = now();
    let hash = hash_token(token);
    let row = sqlx::query(
        "SELECT s.user_id, s.remember, s.mfa_pending, s.privilege_epoch, u.privilege_epoch, s.last_seen_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
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
    if now - last_seen >= lifetime::TOUCH_EVERY {
        let idle = if remember { lifetime::REMEMBER_IDLE } else { lifetime::IDLE };
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
    }
    Ok(Some(SessionState {
        token_hash: hash,
        user_id: r.get(0),
        remember,
        mfa_pending: r.get::<i64, _>(2) == 1,
        must_rotate: r.get::<i64, _>(3) != r.get::<i64, _>(4),
    }))
}

/// Replaces a session by a new id with the same properties (after login steps and privilege changes).
pub async fn rotate_session(pool: &AnyPool, old: &SessionState, mfa_pending: bool) -> anyhow::Result<String> {
    let mut tx = pool.begin().await.context("Failed to begin")?;
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
        &NewSession { user_id: old.user_id, remember: old.remember, mfa_pending, user_agent: &ua, ip: &ip },
    )
    .await?;
    tx.commit().await.context("Failed to commit")?;
    Ok(token)
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

/// Ends the user's session whose hash starts with `prefix` (only their own).
pub async fn delete_session_by_prefix(pool: &AnyPool, user_id: i64, prefix: &str) -> anyhow::Result<bool> {
    if prefix.len() != 16 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash LIKE $2")
        .bind(user_id)
        .bind(format!("{prefix}%"))
        .execute(pool)
        .await
        .context("Failed to end a session")?;
    Ok(r.rows_affected() > 0)
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
        conduct_version: r.get(5),
        roles: roles(pool, user_id).await?,
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Verify,
    Reset,
    EmailChange,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::Verify => "verify",
            TokenPurpose::Reset => "reset",
            TokenPurpose::EmailChange => "email-change",
        }
    }

    /// How long a link stays valid.
    pub fn ttl(self) -> i64 {
        match self {
            TokenPurpose::Verify => 48 * 3600,
            TokenPurpose::Reset => 3600,
            TokenPurpose::EmailChange => 24 * 3600,
        }
    }
}

/// Issues a single-use token for an email link; earlier unused tokens of the same purpose die.
pub async fn issue_token(
    tx: &mut Tx<'_>,
    user_id: i64,
    purpose: TokenPurpose,
    new_email: Option<&str>,
) -> anyhow::Result<String> {
    let token = new_token();
    let now = now();
    sqlx::query(
        "UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(purpose.code())
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to retire old tokens")?;
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(purpose.code())
    .bind(new_email.map(str::to_owned))
    .bind(now)
    .bind(now + purpose.ttl())
    .execute(&mut **tx)
    .await
    .context("Failed to store a token")?;
    Ok(token)
}

/// Spends a token: succeeds once, before it expires. Returns the user and the new email, if any.
pub async fn consume_token(
    tx: &mut Tx<'_>,
    token: &str,
    purpose: TokenPurpose,
) -> anyhow::Result<Option<(i64, Option<String>)>> {
    let now = now();
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3 RETURNING user_id, new_email",
    )
    .bind(hash_token(token))
    .bind(purpose.code())
    .bind(now)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to spend a token")?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

pub async fn mark_verified(tx: &mut Tx<'_>, user_id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET email_verified_at = $2 WHERE id = $1 AND email_verified_at IS NULL")
        .bind(user_id)
        .bind(now())
        .execute(&mut **tx)
        .await
        .context("Failed to mark an email verified")?;
    Ok(())
}

/// A session by its stored hash (the cookie value is not at hand after the session layer).
pub async fn find_session_by_hash(pool: &AnyPool, token_hash: &str) -> anyhow::Result<Option<SessionState>> {
    let row = sqlx::query(
        "SELECT s.user_id, s.remember, s.mfa_pending, s.privilege_epoch, u.privilege_epoch FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.idle_expires_at > $2 \
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
        must_rotate: r.get::<i64, _>(3) != r.get::<i64, _>(4),
    }))
}

pub async fn actor_email(pool: &AnyPool, user_id: i64) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .context("Failed to read an email")?;
    Ok(row.and_then(|r| r.get::<Option<String>, _>(0)))
}

pub async fn accept_conduct(pool: &AnyPool, user_id: i64, version: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET conduct_version = $2 WHERE id = $1 AND conduct_version < $2")
        .bind(user_id)
        .bind(version)
        .execute(pool)
        .await
        .context("Failed to record the code of conduct acceptance")?;
    Ok(())
}

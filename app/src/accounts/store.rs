//! All of the accounts domain's SQL. One SQL text for SQLite and PostgreSQL (`$n`, RETURNING,
//! ON CONFLICT); times are Unix seconds; flags are 0/1.

use super::types::{DisplayName, Email};
use crate::auth::{Actor, Role};
use crate::i18n::Locale;
use crate::kernel::tokens::{hash_token, new_token};
use anyhow::Context;
use sqlx::{Any, AnyPool, Executor, Row};

use crate::kernel::clock::now;
use crate::kernel::db::Tx;

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
    /// The second factor was proven in this session.
    pub mfa_completed: bool,
    /// The user's privileges changed since this session began: the middleware rotates its id.
    pub must_rotate: bool,
}

/// Looks a cookie value up; expired sessions and sessions of disabled or deleted users are gone.
pub async fn find_session(pool: &AnyPool, token: &str) -> anyhow::Result<Option<SessionState>> {
    let now = now();
    let hash = hash_token(token);
    let row = sqlx::query(
        "SELECT s.user_id, s.remember, s.mfa_pending, s.privilege_epoch, u.privilege_epoch, s.last_seen_at, \
         s.mfa_completed FROM sessions s JOIN users u ON u.id = s.user_id \
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
        mfa_completed: r.get::<i64, _>(6) == 1,
        must_rotate: r.get::<i64, _>(3) != r.get::<i64, _>(4),
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
    issue_token_keeping(tx, user_id, purpose, new_email, false).await
}

/// Issues a token; with `keep_others` the earlier unused ones of the same purpose stay valid
/// (an admin invite's emailed link beside the one `puente admin create` printed).
async fn issue_token_keeping(
    tx: &mut Tx<'_>,
    user_id: i64,
    purpose: TokenPurpose,
    new_email: Option<&str>,
    keep_others: bool,
) -> anyhow::Result<String> {
    let token = new_token();
    let now = now();
    if !keep_others {
        sqlx::query(
            "UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        )
        .bind(user_id)
        .bind(purpose.code())
        .bind(now)
        .execute(&mut **tx)
        .await
        .context("Failed to retire old tokens")?;
    }
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

/// Ends every unused token of a purpose (after one was spent: the other links of the same kind,
/// an invite's second link say, die with it).
pub async fn retire_tokens(tx: &mut Tx<'_>, user_id: i64, purpose: TokenPurpose) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(purpose.code())
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to retire tokens")?;
    Ok(())
}

/// The token for an email's one-time link, made when the email is sent (the mail worker calls
/// this): `None` when the account is gone or the purpose unknown (the email is then not sent).
pub async fn issue_link_token(
    pool: &AnyPool,
    user_id: i64,
    purpose: &str,
    new_email: Option<&str>,
) -> anyhow::Result<Option<String>> {
    let (purpose, keep_others) = match purpose {
        "verify" => (TokenPurpose::Verify, false),
        "reset" => (TokenPurpose::Reset, false),
        "invite" => (TokenPurpose::Reset, true),
        "email-change" => (TokenPurpose::EmailChange, false),
        _ => return Ok(None),
    };
    let mut tx = crate::kernel::db::begin(pool).await?;
    let alive = sqlx::query("SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to look up a link's account")?
        .is_some();
    if !alive {
        return Ok(None);
    }
    let token = issue_token_keeping(&mut tx, user_id, purpose, new_email, keep_others).await?;
    tx.commit().await.context("Failed to commit")?;
    Ok(Some(token))
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
        "SELECT s.user_id, s.remember, s.mfa_pending, s.privilege_epoch, u.privilege_epoch, s.mfa_completed \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.idle_expires_at > $2 \
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

/// One row of the admin users page.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub institution: String,
    pub country: String,
    pub roles: Vec<Role>,
    pub verified: bool,
    pub disabled: bool,
    pub totp: bool,
    pub created_at: i64,
}

/// Filters of the admin users page.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Matches name or email (case-insensitive substring).
    pub q: String,
    pub role: Option<Role>,
    pub institution: String,
}

pub const USERS_PAGE: i64 = 50;

pub async fn search_users(pool: &AnyPool, f: &UserFilter, page: i64) -> anyhow::Result<Vec<UserRow>> {
    let like = |s: &str| format!("%{}%", s.to_lowercase().replace(['%', '_'], ""));
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, u.email, u.institution, u.country, u.email_verified_at, u.disabled_at, \
         u.totp_enabled_at, u.created_at FROM users u \
         WHERE u.deleted_at IS NULL \
         AND ($1 = '' OR LOWER(u.display_name) LIKE $2 OR u.email LIKE $2) \
         AND ($3 = '' OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $3)) \
         AND ($4 = '' OR LOWER(u.institution) LIKE $5) \
         ORDER BY u.created_at DESC, u.id DESC LIMIT $6 OFFSET $7",
    )
    .bind(f.q.trim())
    .bind(like(f.q.trim()))
    .bind(f.role.map(Role::code).unwrap_or(""))
    .bind(f.institution.trim())
    .bind(like(f.institution.trim()))
    .bind(USERS_PAGE)
    .bind(page.max(0) * USERS_PAGE)
    .fetch_all(pool)
    .await
    .context("Failed to search users")?;
    let mut users: Vec<UserRow> = rows
        .iter()
        .map(|r| UserRow {
            id: r.get(0),
            name: r.get(1),
            email: r.get::<Option<String>, _>(2).unwrap_or_default(),
            institution: r.get(3),
            country: r.get(4),
            roles: Vec::new(),
            verified: r.get::<Option<i64>, _>(5).is_some(),
            disabled: r.get::<Option<i64>, _>(6).is_some(),
            totp: r.get::<Option<i64>, _>(7).is_some(),
            created_at: r.get(8),
        })
        .collect();
    if users.is_empty() {
        return Ok(users);
    }
    // One query for the page's roles (no N+1).
    let placeholders: Vec<String> = (1..=users.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT user_id, role FROM user_roles WHERE user_id IN ({}) ORDER BY role",
        placeholders.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for u in &users {
        q = q.bind(u.id);
    }
    for r in q.fetch_all(pool).await.context("Failed to read roles")? {
        let id: i64 = r.get(0);
        if let (Some(u), Some(role)) =
            (users.iter_mut().find(|u| u.id == id), Role::parse(&r.get::<String, _>(1)))
        {
            u.roles.push(role);
        }
    }
    Ok(users)
}

/// Grants or revokes a role; the user's sessions get new ids on their next request.
pub async fn set_role(
    pool: &AnyPool,
    user_id: i64,
    role: Role,
    grant: bool,
    by: i64,
) -> anyhow::Result<bool> {
    let mut tx = crate::kernel::db::begin(pool).await?;
    let changed = if grant {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, granted_by, granted_at) \
             SELECT id, $2, $3, $4 FROM users WHERE id = $1 AND deleted_at IS NULL ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(role.code())
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await
    } else {
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
            .bind(user_id)
            .bind(role.code())
            .execute(&mut *tx)
            .await
    }
    .context("Failed to change a role")?
    .rows_affected()
        > 0;
    if changed {
        bump_epoch(&mut tx, user_id).await?;
    }
    tx.commit().await.context("Failed to commit")?;
    Ok(changed)
}

async fn bump_epoch(tx: &mut Tx<'_>, user_id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET privilege_epoch = privilege_epoch + 1 WHERE id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await
        .context("Failed to bump the privilege epoch")?;
    Ok(())
}

/// Disables (ending every session at once) or re-enables an account.
pub async fn set_disabled(pool: &AnyPool, user_id: i64, disabled: bool) -> anyhow::Result<()> {
    let mut tx = crate::kernel::db::begin(pool).await?;
    sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1")
        .bind(user_id)
        .bind(disabled.then_some(now()))
        .execute(&mut *tx)
        .await
        .context("Failed to disable an account")?;
    if disabled {
        delete_user_sessions(&mut *tx, user_id, None).await?;
    }
    tx.commit().await.context("Failed to commit")?;
    Ok(())
}

/// Sets a new password hash; every session but `keep` ends.
pub async fn set_password(
    tx: &mut Tx<'_>,
    user_id: i64,
    hash: &str,
    keep: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(hash)
        .execute(&mut **tx)
        .await
        .context("Failed to set a password")?;
    delete_user_sessions(&mut **tx, user_id, keep).await?;
    Ok(())
}

pub async fn password_hash(pool: &AnyPool, user_id: i64) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .context("Failed to read a password hash")?;
    Ok(row.and_then(|r| r.get::<Option<String>, _>(0)))
}

/// Grants a role without an acting admin (the `puente admin create` command).
pub async fn grant_role_tx(tx: &mut Tx<'_>, user_id: i64, role: Role) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES ($1, $2, NULL, $3) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(role.code())
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to grant a role")?;
    bump_epoch(tx, user_id).await
}

pub async fn user_id_by_email(tx: &mut Tx<'_>, email: &Email) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM users WHERE email = $1 AND deleted_at IS NULL")
        .bind(email.as_str())
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to find a user")?;
    Ok(row.map(|r| r.get(0)))
}

/// `puente admin create`: a verified account with the admin role and no password; returns the
/// single-use link (valid one hour) where the person chooses it. The same link is emailed.
pub async fn create_admin(
    pool: &AnyPool,
    email: &Email,
    name: &DisplayName,
    locale: Locale,
    public_base: &str,
) -> anyhow::Result<String> {
    let mut tx = crate::kernel::db::begin(pool).await?;
    let id = match user_id_by_email(&mut tx, email).await? {
        Some(id) => id,
        None => create_user(
            &mut tx,
            &NewUser {
                email: email.clone(),
                name: name.clone(),
                password_hash: None,
                locale,
                country: "ZZ".to_owned(),
                institution: String::new(),
                conduct_version: 0,
                verified: true,
            },
        )
        .await?
        .context("the email was taken concurrently")?,
    };
    grant_role_tx(&mut tx, id, Role::Admin).await?;
    let token = issue_token(&mut tx, id, TokenPurpose::Reset, None).await?;
    let link = format!("{public_base}/{}/password/reset/{token}", locale.code());
    // The emailed link is another one, made when the email goes out: the outbox never holds a
    // live link, and the printed one keeps working.
    let invite = crate::mail::TokenLink {
        purpose: "invite".into(),
        path: format!("/{}/password/reset/", locale.code()),
        new_email: None,
    };
    crate::mail::enqueue(
        &mut tx,
        Some(id),
        email.as_str(),
        crate::mail::compose_token(locale, "email-invite", name.as_str(), invite),
    )
    .await?;
    tx.commit().await.context("Failed to commit")?;
    Ok(link)
}

/// Profile fields a person edits themselves.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Default)]
pub struct Profile {
    pub name: String,
    pub locale: String,
    pub country: String,
    pub institution: String,
    pub notify_replies: bool,
    pub notify_cohorts: bool,
    pub notify_governance: bool,
}

pub async fn profile(pool: &AnyPool, user_id: i64) -> anyhow::Result<Option<Profile>> {
    let row = sqlx::query(
        "SELECT display_name, locale, country, institution, notify_replies, notify_cohorts, notify_governance \
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await
    .context("Failed to read a profile")?;
    Ok(row.map(|r| Profile {
        name: r.get(0),
        locale: r.get(1),
        country: r.get(2),
        institution: r.get(3),
        notify_replies: r.get::<i64, _>(4) == 1,
        notify_cohorts: r.get::<i64, _>(5) == 1,
        notify_governance: r.get::<i64, _>(6) == 1,
    }))
}

pub async fn update_profile(pool: &AnyPool, user_id: i64, p: &Profile) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE users SET display_name = $2, locale = $3, country = $4, institution = $5, notify_replies = $6, \
         notify_cohorts = $7, notify_governance = $8 WHERE id = $1",
    )
    .bind(user_id)
    .bind(&p.name)
    .bind(&p.locale)
    .bind(&p.country)
    .bind(&p.institution)
    .bind(i64::from(p.notify_replies))
    .bind(i64::from(p.notify_cohorts))
    .bind(i64::from(p.notify_governance))
    .execute(pool)
    .await
    .context("Failed to update a profile")?;
    Ok(())
}

/// Moves the account to a confirmed new address; `false` if another account took it meanwhile.
pub async fn change_email(tx: &mut Tx<'_>, user_id: i64, new_email: &str) -> anyhow::Result<bool> {
    let taken = sqlx::query("SELECT 1 FROM users WHERE email = $1 AND id <> $2")
        .bind(new_email)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to check an email")?
        .is_some();
    if taken {
        return Ok(false);
    }
    sqlx::query("UPDATE users SET email = $2, email_verified_at = $3 WHERE id = $1")
        .bind(user_id)
        .bind(new_email)
        .bind(now())
        .execute(&mut **tx)
        .await
        .context("Failed to change an email")?;
    Ok(true)
}

/// The account's share of "download my data": the profile, roles and sessions (LGPD art. 18, Ley 25.326 art. 14).
pub async fn export(pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
    let u = sqlx::query(
        "SELECT id, email, display_name, locale, country, institution, conduct_version, notify_replies, \
         notify_cohorts, notify_governance, email_verified_at, totp_enabled_at, created_at FROM users WHERE id = $1",
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
         deleted_at = $2, privilege_epoch = privilege_epoch + 1 WHERE id = $1",
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
            .bind(super::jobs::PASSWORD_RESET)
            .bind(serde_json::json!({ "email": email }).to_string())
            .execute(&mut *tx)
            .await
            .context("Failed to erase a pending job")?;
    }
    tx.commit().await.context("Failed to commit")?;
    Ok(())
}

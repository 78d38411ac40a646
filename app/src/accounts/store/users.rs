//! Accounts themselves: creating one, what login and the account page read and change.

use crate::accounts::types::{DisplayName, Email};
use crate::auth::Role;
use crate::i18n::Locale;
use anyhow::Context;
use sqlx::{AnyPool, Row};

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

pub async fn mark_verified(tx: &mut Tx<'_>, user_id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET email_verified_at = $2 WHERE id = $1 AND email_verified_at IS NULL")
        .bind(user_id)
        .bind(now())
        .execute(&mut **tx)
        .await
        .context("Failed to mark an email verified")?;
    Ok(())
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
    /// The forum digest: never, daily or weekly.
    pub digest: String,
    /// IANA zone for times and the digest's 08:00; empty: the latest cohort's, else UTC.
    pub time_zone: String,
}

pub async fn profile(pool: &AnyPool, user_id: i64) -> anyhow::Result<Option<Profile>> {
    let row = sqlx::query(
        "SELECT display_name, locale, country, institution, notify_replies, notify_cohorts, notify_governance, \
         digest, time_zone FROM users WHERE id = $1",
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
        digest: r.get(7),
        time_zone: r.get(8),
    }))
}

pub async fn update_profile(pool: &AnyPool, user_id: i64, p: &Profile) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE users SET display_name = $2, locale = $3, country = $4, institution = $5, notify_replies = $6, \
         notify_cohorts = $7, notify_governance = $8, digest = $9, time_zone = $10 WHERE id = $1",
    )
    .bind(user_id)
    .bind(&p.name)
    .bind(&p.locale)
    .bind(&p.country)
    .bind(&p.institution)
    .bind(i64::from(p.notify_replies))
    .bind(i64::from(p.notify_cohorts))
    .bind(i64::from(p.notify_governance))
    .bind(&p.digest)
    .bind(&p.time_zone)
    .execute(pool)
    .await
    .context("Failed to update a profile")?;
    Ok(())
}

/// Stops the forum's emails for a person (the one-click unsubscribe): the same preference as
/// "Replies to my forum posts" on their profile.
pub async fn stop_forum_emails(pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET notify_replies = 0 WHERE id = $1")
        .bind(user_id)
        .execute(pool)
        .await
        .context("Failed to stop forum emails")?;
    Ok(())
}

/// Stops the forum digest (its one-click unsubscribe): the profile's "Forum digest: never".
pub async fn stop_digest(pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET digest = 'never' WHERE id = $1")
        .bind(user_id)
        .execute(pool)
        .await
        .context("Failed to stop the digest")?;
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

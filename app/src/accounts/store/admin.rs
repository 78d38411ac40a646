//! What admins do to accounts: search, roles, disabling; passwords; `puente admin create`.

use super::sessions::delete_user_sessions;
use super::tokens::{issue_token, TokenPurpose};
use super::users::{create_user, NewUser};
use crate::accounts::types::{DisplayName, Email};
use crate::auth::Role;
use crate::i18n::Locale;
use anyhow::Context;
use sqlx::{AnyPool, Row};

use crate::kernel::clock::now;
use crate::kernel::db::Tx;

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

pub(super) async fn bump_epoch(tx: &mut Tx<'_>, user_id: i64) -> anyhow::Result<()> {
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

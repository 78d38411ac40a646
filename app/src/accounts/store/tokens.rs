//! Single-use tokens behind email links (verify, reset, email change, invite).

use crate::kernel::tokens::{hash_token, new_token};
use anyhow::Context;
use sqlx::{AnyPool, Row};

use crate::kernel::clock::now;
use crate::kernel::db::Tx;

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
pub(super) async fn issue_token_keeping(
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

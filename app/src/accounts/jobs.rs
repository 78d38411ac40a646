//! The accounts domain's durable jobs.

use super::store;
use super::types::Email;
use crate::jobs::Context;
use crate::mail;
use anyhow::Context as _;

/// "Forgot password" for an address: if it has an account, a reset link goes out.
pub const PASSWORD_RESET: &str = "password-reset";

/// Looks the address up off the request path (so the request does the same work whether or not
/// it has an account) and queues the email with a one-time link made when it is sent.
pub async fn password_reset(ctx: Context, payload: serde_json::Value) -> anyhow::Result<()> {
    let email = payload["email"].as_str().context("no email in the job")?;
    let Ok(email) = Email::parse(email) else { return Ok(()) };
    let Some(row) = store::login_row(&ctx.pool, &email).await?.filter(|r| !r.disabled) else { return Ok(()) };
    let mut tx = crate::kernel::db::begin(&ctx.pool).await?;
    let link = mail::TokenLink {
        purpose: "reset".into(),
        path: format!("/{}/password/reset/", row.locale.code()),
        new_email: None,
    };
    mail::enqueue(
        &mut tx,
        Some(row.id),
        email.as_str(),
        mail::compose_token(row.locale, "email-reset", &row.display_name, link),
    )
    .await?;
    tx.commit().await.context("Failed to commit")?;
    ctx.mail_notify.notify_one();
    Ok(())
}

/// Registers this domain's job kinds.
pub fn register(registry: crate::jobs::Registry) -> crate::jobs::Registry {
    registry.with(PASSWORD_RESET, password_reset)
}

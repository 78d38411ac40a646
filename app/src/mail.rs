//! Email: written to the outbox in the same transaction as the change that causes it, delivered
//! later by the server's worker through a [`Mailer`], retried with exponential backoff; permanent
//! failures go to a dead-letter list admins can see and retry.

use crate::i18n::{t_args, Locale};
use crate::kernel::html::escape;
use anyhow::Context;
use sqlx::{AnyPool, Row};
use std::future::Future;
use std::pin::Pin;

/// Where the placeholder for a one-time link stands in a stored email until it is sent.
pub const LINK: &str = "{{link}}";

/// A one-time link made when the email is sent (a token is issued then and appended to `path`),
/// so the outbox never holds a live link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenLink {
    /// `verify`, `reset`, `email-change`, or `invite` (a reset link that leaves others alive).
    pub purpose: String,
    /// e.g. `/pt/verify/`.
    pub path: String,
    /// For email-change links, the address being confirmed.
    pub new_email: Option<String>,
}

/// An email ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub token_link: Option<TokenLink>,
    /// A one-click unsubscribe address (RFC 8058) for emails a person may stop receiving.
    pub unsubscribe: Option<String>,
}

impl Composed {
    /// With a one-click unsubscribe address (`List-Unsubscribe`, RFC 8058).
    pub fn unsubscribable(mut self, url: String) -> Composed {
        self.unsubscribe = Some(url);
        self
    }
}

/// One email as the worker hands it to a [`Mailer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub id: i64,
    pub user_id: Option<i64>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attempts: i64,
    pub token_link: Option<TokenLink>,
    pub unsubscribe: Option<String>,
}

impl OutgoingEmail {
    /// Puts the link made at sending time in place of the placeholder.
    pub fn fill_link(&mut self, url: &str) {
        self.text = self.text.replace(LINK, url);
        self.html = self.html.replace(LINK, &escape(url));
    }
}

/// Why a delivery failed: transient failures are retried, permanent ones are dead letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    Transient(String),
    Permanent(String),
}

/// The boundary to the outside world's mail system (SMTP in production, the log when unset).
pub trait Mailer: Send + Sync + 'static {
    fn send<'a>(
        &'a self,
        email: &'a OutgoingEmail,
    ) -> Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;
}

/// Strips CR and LF so no header can be injected through a subject or an address.
pub fn header_safe(s: &str) -> String {
    s.chars().map(|c| if c == '\r' || c == '\n' { ' ' } else { c }).collect()
}

/// A translated email whose action link is a one-time link made when it is sent.
pub fn compose_token(locale: Locale, kind: &str, name: &str, link: TokenLink) -> Composed {
    let (subject, text, html) = compose_parts(locale, kind, name, LINK);
    Composed { subject, text, html, token_link: Some(link), unsubscribe: None }
}

/// A translated email whose action link is a fixed page (it holds no secret).
pub fn compose(locale: Locale, kind: &str, name: &str, link: &str) -> Composed {
    let (subject, text, html) = compose_parts(locale, kind, name, link);
    Composed { subject, text, html, token_link: None, unsubscribe: None }
}

/// A translated email whose messages take more arguments than the name (a cohort's title, a
/// session's time…); the link holds no secret.
pub fn compose_with(locale: Locale, kind: &str, args: &[(&str, &str)], link: &str) -> Composed {
    let (subject, text, html) = compose_parts_with(locale, kind, args, link);
    Composed { subject, text, html, token_link: None, unsubscribe: None }
}

/// A translated email with one action link: `{kind}-subject`, `{kind}-body` (with `$name`), and
/// `{kind}-action` as the link's label.
fn compose_parts(locale: Locale, kind: &str, name: &str, link: &str) -> (String, String, String) {
    compose_parts_with(locale, kind, &[("name", name)], link)
}

fn compose_parts_with(
    locale: Locale,
    kind: &str,
    extra: &[(&str, &str)],
    link: &str,
) -> (String, String, String) {
    let mut args: Vec<(&str, &str)> = extra.to_vec();
    args.push(("link", link));
    let subject = header_safe(&t_args(locale, &format!("{kind}-subject"), &args));
    let body = t_args(locale, &format!("{kind}-body"), &args);
    let action = t_args(locale, &format!("{kind}-action"), &args);
    let footer = t_args(locale, "email-footer", &args);
    let text = format!("{body}\n\n{action}:\n{link}\n\n-- \n{footer}\n");
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;line-height:1.5;color:#1b1f24\">\
         <p>{body}</p><p><a href=\"{link}\" style=\"background:#0b5d4b;color:#fff;padding:10px 16px;\
         border-radius:6px;text-decoration:none;display:inline-block\">{action}</a></p>\
         <p style=\"font-size:13px;color:#4a5360\">{link}</p><hr><p style=\"font-size:13px;color:#4a5360\">{footer}</p>\
         </body></html>",
        lang = locale.code(),
        body = escape(&body).replace('\n', "<br>"),
        link = escape(link),
        action = escape(&action),
        footer = escape(&footer),
    );
    (subject, text, html)
}

use crate::kernel::clock::now;

/// Records an email to send; call inside the transaction that makes the change it reports.
pub async fn enqueue(
    tx: &mut crate::kernel::db::Tx<'_>,
    user_id: Option<i64>,
    to: &str,
    email: Composed,
) -> anyhow::Result<()> {
    let now = now();
    let link = email.token_link;
    sqlx::query(
        "INSERT INTO outbox (user_id, to_address, subject, body_text, body_html, created_at, next_attempt_at, \
         link_purpose, link_path, link_new_email, list_unsubscribe) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10)",
    )
    .bind(user_id)
    .bind(header_safe(to))
    .bind(email.subject)
    .bind(email.text)
    .bind(email.html)
    .bind(now)
    .bind(link.as_ref().map(|l| l.purpose.clone()))
    .bind(link.as_ref().map(|l| l.path.clone()))
    .bind(link.and_then(|l| l.new_email))
    .bind(email.unsubscribe)
    .execute(&mut **tx)
    .await
    .context("Failed to queue an email")?;
    Ok(())
}

/// How long a claimed email is reserved for one worker before another may try it.
pub const LEASE_SECS: i64 = 60;
/// Attempts before a transiently failing email becomes a dead letter.
pub const MAX_ATTEMPTS: i64 = 12;

/// Claims up to `limit` due emails for this worker (safe with several replicas).
pub async fn claim_due(pool: &AnyPool, limit: i64) -> anyhow::Result<Vec<OutgoingEmail>> {
    let now = now();
    let rows = sqlx::query(
        "UPDATE outbox SET locked_until = $2, attempts = attempts + 1 \
         WHERE locked_until <= $1 AND sent_at IS NULL AND dead_at IS NULL AND id IN \
         (SELECT id FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $1 \
          AND locked_until <= $1 ORDER BY id LIMIT $3) \
         RETURNING id, to_address, subject, body_text, body_html, attempts, user_id, link_purpose, link_path, \
         link_new_email, list_unsubscribe",
    )
    .bind(now)
    .bind(now + LEASE_SECS)
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to claim emails")?;
    let mut out: Vec<OutgoingEmail> = rows
        .iter()
        .map(|r| OutgoingEmail {
            id: r.get(0),
            to: r.get(1),
            subject: r.get(2),
            text: r.get(3),
            html: r.get(4),
            attempts: r.get(5),
            user_id: r.get(6),
            token_link: r.get::<Option<String>, _>(7).map(|purpose| TokenLink {
                purpose,
                path: r.get::<Option<String>, _>(8).unwrap_or_default(),
                new_email: r.get(9),
            }),
            unsubscribe: r.get(10),
        })
        .collect();
    out.sort_by_key(|e| e.id);
    Ok(out)
}

pub async fn mark_sent(pool: &AnyPool, id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE outbox SET sent_at = $2, last_error = NULL WHERE id = $1")
        .bind(id)
        .bind(now())
        .execute(pool)
        .await
        .context("Failed to mark an email sent")?;
    Ok(())
}

/// Seconds to wait after the `attempts`-th failure: 5 s doubling, at most an hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (5i64 << exp).min(3600)
}

pub async fn mark_failed(pool: &AnyPool, email: &OutgoingEmail, error: &SendError) -> anyhow::Result<()> {
    let now = now();
    let (dead, message) = match error {
        SendError::Permanent(m) => (true, m),
        SendError::Transient(m) => (email.attempts >= MAX_ATTEMPTS, m),
    };
    let message: String = message.chars().take(500).collect();
    sqlx::query(
        "UPDATE outbox SET last_error = $2, locked_until = 0, next_attempt_at = $3, \
         dead_at = CASE WHEN $4 = 1 THEN $5 ELSE NULL END WHERE id = $1",
    )
    .bind(email.id)
    .bind(message)
    .bind(now + backoff_secs(email.attempts))
    .bind(i64::from(dead))
    .bind(now)
    .execute(pool)
    .await
    .context("Failed to record a delivery failure")?;
    Ok(())
}

/// The earliest moment an unsent email becomes due, so the worker can sleep until then.
pub async fn next_due(pool: &AnyPool) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT MIN(CASE WHEN next_attempt_at > locked_until THEN next_attempt_at ELSE locked_until END) \
         FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL",
    )
    .fetch_one(pool)
    .await
    .context("Failed to read the outbox")?;
    Ok(row.get::<Option<i64>, _>(0))
}

/// One row of the admin outbox page.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OutboxRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub created_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub dead_at: Option<i64>,
    pub last_error: Option<String>,
    /// The text as stored: a one-time link appears as [`LINK`], never live; empty once purged.
    pub text: String,
    pub purged: bool,
}

pub async fn list(pool: &AnyPool, only_dead: bool, limit: i64) -> anyhow::Result<Vec<OutboxRow>> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, created_at, attempts, sent_at, dead_at, last_error, body_text, purged_at \
         FROM outbox WHERE ($1 = 0 OR dead_at IS NOT NULL) ORDER BY id DESC LIMIT $2",
    )
    .bind(i64::from(only_dead))
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to list the outbox")?;
    Ok(rows
        .iter()
        .map(|r| OutboxRow {
            id: r.get(0),
            to: r.get(1),
            subject: r.get(2),
            created_at: r.get(3),
            attempts: r.get(4),
            sent_at: r.get(5),
            dead_at: r.get(6),
            last_error: r.get(7),
            text: r.get(8),
            purged: r.get::<Option<i64>, _>(9).is_some(),
        })
        .collect())
}

/// How long the bodies of sent emails are kept (for an admin checking what went out).
pub const RETENTION_SECS: i64 = 7 * 86_400;

/// Empties the bodies of emails sent longer than [`RETENTION_SECS`] ago (the job `outbox-purge`).
pub async fn purge_sent(pool: &AnyPool) -> anyhow::Result<u64> {
    let now = now();
    let r = sqlx::query(
        "UPDATE outbox SET body_text = '', body_html = '', purged_at = $1 \
         WHERE sent_at IS NOT NULL AND sent_at < $2 AND purged_at IS NULL",
    )
    .bind(now)
    .bind(now - RETENTION_SECS)
    .execute(pool)
    .await
    .context("Failed to purge sent emails")?;
    Ok(r.rows_affected())
}

/// Puts a dead letter back in the queue.
pub async fn retry_dead(pool: &AnyPool, id: i64) -> anyhow::Result<bool> {
    let r = sqlx::query(
        "UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = $2, locked_until = 0 \
         WHERE id = $1 AND dead_at IS NOT NULL",
    )
    .bind(id)
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to retry an email")?;
    Ok(r.rows_affected() > 0)
}

/// The mail domain's share of a person: the emails sent to them.
pub struct Outbox;

#[async_trait::async_trait]
impl crate::people::PersonalData for Outbox {
    fn domain(&self) -> &'static str {
        "emails"
    }

    fn tables(&self) -> &'static [(&'static str, &'static str)] {
        &[("outbox", "user_id")]
    }

    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        let rows = sqlx::query(
            "SELECT subject, created_at, sent_at FROM outbox WHERE user_id = $1 ORDER BY created_at",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        .context("Failed to read emails for export")?;
        Ok(rows
            .iter()
            .map(|e| {
                serde_json::json!({
                    "subject": e.get::<String, _>(0),
                    "created_at": e.get::<i64, _>(1),
                    "sent_at": e.get::<Option<i64>, _>(2),
                })
            })
            .collect())
    }

    /// Unsent mail to the person is cancelled; sent mail keeps no address or content.
    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        let email: Option<String> = sqlx::query("SELECT email FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await
            .context("Failed to read the account")?
            .and_then(|r| r.get(0));
        let email = email.unwrap_or_default();
        let mut tx = crate::kernel::db::begin(pool).await?;
        sqlx::query("DELETE FROM outbox WHERE (user_id = $1 OR to_address = $2) AND sent_at IS NULL")
            .bind(user_id)
            .bind(&email)
            .execute(&mut *tx)
            .await
            .context("Failed to cancel emails")?;
        sqlx::query(
            "UPDATE outbox SET to_address = '', subject = '', body_text = '', body_html = '', link_new_email = NULL \
             WHERE user_id = $1 OR to_address = $2",
        )
        .bind(user_id)
        .bind(&email)
        .execute(&mut *tx)
        .await
        .context("Failed to erase sent emails")?;
        tx.commit().await.context("Failed to commit")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_secs(1), 5);
        assert_eq!(backoff_secs(2), 10);
        assert_eq!(backoff_secs(5), 80);
        assert_eq!(backoff_secs(30), 3600);
    }

    #[test]
    fn one_time_links_are_made_at_sending() {
        let link = TokenLink { purpose: "verify".into(), path: "/pt/verify/".into(), new_email: None };
        let c = compose_token(Locale::Pt, "email-verify", "Ana", link.clone());
        assert!(
            c.text.contains(LINK) && c.html.contains(LINK),
            "stored with a placeholder, never a live link"
        );
        assert_eq!(c.token_link, Some(link));
        let mut out = OutgoingEmail {
            id: 1,
            user_id: Some(1),
            to: "a@b.example".into(),
            subject: c.subject,
            text: c.text,
            html: c.html,
            attempts: 1,
            token_link: c.token_link,
            unsubscribe: None,
        };
        out.fill_link("https://p.example/pt/verify/abc&x");
        assert!(out.text.contains("https://p.example/pt/verify/abc&x") && !out.text.contains(LINK));
        assert!(out.html.contains("https://p.example/pt/verify/abc&amp;x"));
    }

    #[test]
    fn headers_cannot_be_injected() {
        assert_eq!(header_safe("Hola\r\nBcc: x@y.z"), "Hola  Bcc: x@y.z");
    }

    #[test]
    fn emails_are_translated_and_escaped() {
        let Composed { subject, text, html, .. } =
            compose(Locale::Pt, "email-verify", "<Ana>", "https://p.example/pt/verify/abc");
        assert!(!subject.contains('\n'));
        assert!(text.contains("https://p.example/pt/verify/abc"));
        assert!(html.contains("&lt;Ana&gt;"));
        assert!(!html.contains("<Ana>"));
        assert!(html.contains("lang=\"pt\""));
    }
}

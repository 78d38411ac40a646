//! The mail worker and the two [`Mailer`]s: SMTP through lettre, and the log when no SMTP server
//! is configured (so someone running Puente locally can still follow a verification link).

use app::mail::{self, Mailer, OutgoingEmail, SendError};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sqlx::AnyPool;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url` as lettre reads it: `smtp://host:port` (plain, for a relay on loopback),
    /// `smtp://user:pass@host:587?tls=required`, or `smtps://…`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<SmtpMailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("PUENTE_SMTP_URL is not a usable SMTP URL: {e}"))?
            .timeout(Some(Duration::from_secs(10)))
            .build();
        let from: Mailbox =
            from.parse().map_err(|e| anyhow::anyhow!("PUENTE_MAIL_FROM is not an address: {e}"))?;
        Ok(SmtpMailer { transport, from })
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(
        &'a self,
        email: &'a OutgoingEmail,
    ) -> Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>> {
        Box::pin(async move {
            let to: Mailbox =
                email.to.parse().map_err(|e| SendError::Permanent(format!("bad recipient: {e}")))?;
            let mut builder =
                Message::builder().from(self.from.clone()).to(to).subject(mail::header_safe(&email.subject));
            if let Some(url) = &email.unsubscribe {
                // RFC 8058: mail clients offer "unsubscribe" and POST to it in one click.
                builder = builder
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe"),
                        format!("<{}>", mail::header_safe(url)),
                    ))
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                        "List-Unsubscribe=One-Click".to_owned(),
                    ));
            }
            let message = builder
                .multipart(
                    MultiPart::alternative()
                        .singlepart(
                            SinglePart::builder().header(ContentType::TEXT_PLAIN).body(email.text.clone()),
                        )
                        .singlepart(
                            SinglePart::builder().header(ContentType::TEXT_HTML).body(email.html.clone()),
                        ),
                )
                .map_err(|e| SendError::Permanent(format!("cannot build the message: {e}")))?;
            match self.transport.send(message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                Err(e) => Err(SendError::Transient(e.to_string())),
            }
        })
    }
}

/// Without SMTP: every email goes to the log, links included.
pub struct LogMailer;

impl Mailer for LogMailer {
    fn send<'a>(
        &'a self,
        email: &'a OutgoingEmail,
    ) -> Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>> {
        Box::pin(async move {
            tracing::info!(to = %email.to, subject = %email.subject, "email (no SMTP configured):\n{}", email.text);
            Ok(())
        })
    }
}

/// Delivers due emails until the process stops: woken by new emails, otherwise it sleeps until
/// the next retry is due (at most `poll`).
pub async fn run_worker(
    pool: AnyPool,
    mailer: Arc<dyn Mailer>,
    notify: Arc<Notify>,
    poll: Duration,
    public_base: String,
) {
    loop {
        match deliver_due(&pool, mailer.as_ref(), &public_base).await {
            Ok(0) => {}
            Ok(_) => continue,
            Err(e) => tracing::error!(error = ?e, "mail worker"),
        }
        let wait = match mail::next_due(&pool).await {
            Ok(Some(due)) => {
                let secs = (due - app::kernel::clock::now()).clamp(0, poll.as_secs() as i64);
                Duration::from_secs(secs as u64).max(Duration::from_millis(200))
            }
            _ => poll,
        };
        tokio::select! {
            _ = notify.notified() => {},
            _ = tokio::time::sleep(wait) => {},
        }
    }
}

/// One pass: claims due emails and tries each once. Returns how many were tried. An email with a
/// one-time link gets its link now (a token is issued at each attempt; the outbox never holds
/// a live one).
pub async fn deliver_due(pool: &AnyPool, mailer: &dyn Mailer, public_base: &str) -> anyhow::Result<usize> {
    let batch = mail::claim_due(pool, 20).await?;
    for mut email in batch.iter().cloned() {
        if let Some(link) = email.token_link.clone() {
            let token = match email.user_id {
                Some(user) => {
                    match app::accounts::store::issue_link_token(
                        pool,
                        user,
                        &link.purpose,
                        link.new_email.as_deref(),
                    )
                    .await
                    {
                        Ok(t) => t,
                        Err(e) => {
                            // This email waits for its retry; the rest of the batch goes on.
                            tracing::warn!(id = email.id, error = ?e, "cannot make an email's link yet");
                            mail::mark_failed(pool, &email, &SendError::Transient(format!("{e:#}"))).await?;
                            continue;
                        }
                    }
                }
                None => None,
            };
            let Some(token) = token else {
                let err = SendError::Permanent("the link's account no longer exists".into());
                mail::mark_failed(pool, &email, &err).await?;
                continue;
            };
            email.fill_link(&format!("{public_base}{}{token}", link.path));
        }
        let email = &email;
        match mailer.send(email).await {
            Ok(()) => mail::mark_sent(pool, email.id).await?,
            Err(err) => {
                tracing::warn!(id = email.id, attempt = email.attempts, error = ?err, "email not delivered");
                mail::mark_failed(pool, email, &err).await?;
            }
        }
    }
    Ok(batch.len())
}

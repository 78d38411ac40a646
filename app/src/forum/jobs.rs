//! The forum's durable jobs: every hour, moderators hear of flagged posts that have waited
//! more than 48 hours for a decision (Discourse's `notify_about_reviewable_item_after`), once
//! per item, in each moderator's language.

use crate::i18n::Locale;
use crate::jobs::{Context, NewJob, Registry};
use crate::kernel::clock::now;
use anyhow::Context as _;

pub const REVIEW_REMINDER: &str = "forum-review-reminder";

/// How long a flagged post may wait before moderators are reminded.
pub const REMIND_AFTER: i64 = 48 * 3600;

pub fn register(registry: Registry) -> Registry {
    registry
        .with(REVIEW_REMINDER, review_reminder)
        .with(super::digest::SCAN, super::digest::scan)
        .with(super::digest::DIGEST, super::digest::send)
}

/// The reminder job of the hour that contains `at` (one per hour across replicas and restarts).
pub fn job(at: i64) -> NewJob {
    NewJob {
        kind: REVIEW_REMINDER,
        key: format!("{REVIEW_REMINDER}:{}", at.div_euclid(3600)),
        payload: serde_json::json!({}),
        run_at: at,
    }
}

/// Reminds every moderator (and admin) of the items waiting too long, marks them reminded, and
/// schedules the next hour's run.
async fn review_reminder(ctx: Context, _payload: serde_json::Value) -> anyhow::Result<()> {
    let now = now();
    let mut tx = crate::kernel::db::begin(&ctx.pool).await?;
    let waiting: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM forum_reviews WHERE status = 'pending' AND updated_at <= $1 AND reminded_at IS NULL",
    )
    .bind(now - REMIND_AFTER)
    .fetch_all(&mut *tx)
    .await
    .context("Failed to read waiting reviews")?;
    if !waiting.is_empty() {
        let moderators: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT DISTINCT u.id, u.email, u.display_name, u.locale FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role IN ('moderator', 'admin') AND u.deleted_at IS NULL AND u.disabled_at IS NULL",
        )
        .fetch_all(&mut *tx)
        .await
        .context("Failed to read moderators")?;
        let count = waiting.len().to_string();
        for (id, email, name, locale) in moderators {
            let locale = Locale::from_segment(&locale).unwrap_or_default();
            let link = format!("{}/{}/forum/review", ctx.public_base, locale.code());
            let mail = crate::mail::compose_with(
                locale,
                "email-forum-review",
                &[("name", name.as_str()), ("count", count.as_str())],
                &link,
            );
            crate::mail::enqueue(&mut tx, Some(id), &email, mail).await?;
        }
        for (id,) in &waiting {
            sqlx::query("UPDATE forum_reviews SET reminded_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .context("Failed to mark a review reminded")?;
        }
    }
    crate::jobs::enqueue(&mut *tx, &job((now.div_euclid(3600) + 1) * 3600)).await?;
    tx.commit().await.context("Failed to commit the review reminder")?;
    if !waiting.is_empty() {
        ctx.mail_notify.notify_one();
    }
    Ok(())
}

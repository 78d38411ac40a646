//! Every domain's job kinds, and the recurring jobs Puente schedules for itself.

use app::jobs::{enqueue, Context, NewJob, Registry};
use app::kernel::clock::now;
use sqlx::AnyPool;

/// Empties the bodies of emails sent more than a week ago, once a day.
pub const OUTBOX_PURGE: &str = "outbox-purge";

pub fn registry() -> Registry {
    let registry = Registry::default().with(OUTBOX_PURGE, outbox_purge);
    let registry = app::accounts::jobs::register(registry);
    let registry = app::cohorts::jobs::register(registry);
    let registry = app::forum::jobs::register(registry);
    let registry = app::governance::jobs::register(registry);
    registry.with(app::cohorts::checkout::DEADLINE_REMINDER, app::cohorts::checkout::deadline_reminder)
}

/// The key of a daily job for the day of `at`: one run per day across replicas and restarts.
fn daily_key(kind: &str, at: i64) -> String {
    format!("{kind}:{}", at.div_euclid(86_400))
}

/// Makes sure today's recurring jobs exist (each run schedules the next one).
pub async fn schedule_recurring(pool: &AnyPool) -> anyhow::Result<()> {
    let now = now();
    enqueue(
        pool,
        &NewJob {
            kind: OUTBOX_PURGE,
            key: daily_key(OUTBOX_PURGE, now),
            payload: serde_json::json!({}),
            run_at: now,
        },
    )
    .await?;
    enqueue(pool, &app::forum::jobs::job(now)).await?;
    enqueue(pool, &app::forum::digest::scan_job(now)).await?;
    Ok(())
}

async fn outbox_purge(ctx: Context, _payload: serde_json::Value) -> anyhow::Result<()> {
    let purged = app::mail::purge_sent(&ctx.pool).await?;
    if purged > 0 {
        tracing::info!(emails = purged, "purged the bodies of emails sent over a week ago");
    }
    let tomorrow = (now().div_euclid(86_400) + 1) * 86_400 + 3 * 3600;
    enqueue(
        &ctx.pool,
        &NewJob {
            kind: OUTBOX_PURGE,
            key: daily_key(OUTBOX_PURGE, tomorrow),
            payload: serde_json::json!({}),
            run_at: tomorrow,
        },
    )
    .await?;
    Ok(())
}

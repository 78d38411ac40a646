//! Governance's durable jobs: a poll opens, is reminded 24 hours before it closes, and closes,
//! each at its time, across restarts. A job's key carries the time it was scheduled for, so a
//! changed closing time queues a new job and the stale one finds nothing to do.

use crate::jobs::{Context, NewJob, Registry};
use crate::kernel::db::Tx;

pub const OPEN: &str = "governance-open";
pub const REMIND: &str = "governance-remind";
pub const CLOSE: &str = "governance-close";

pub fn register(registry: Registry) -> Registry {
    registry.with(OPEN, open).with(REMIND, remind).with(CLOSE, close)
}

fn job(kind: &'static str, poll: i64, at: i64) -> NewJob {
    NewJob {
        kind,
        key: format!("{kind}:{poll}:{at}"),
        payload: serde_json::json!({ "poll": poll }),
        run_at: at,
    }
}

/// Queues a poll's opening, reminder and closing (in the caller's transaction).
pub async fn schedule(tx: &mut Tx<'_>, poll: i64, opens_at: i64, closes_at: i64) -> anyhow::Result<()> {
    crate::jobs::enqueue(&mut **tx, &job(OPEN, poll, opens_at)).await?;
    // A poll shorter than a day has no reminder: its opening email is recent enough.
    let remind_at = closes_at - super::types::REMIND_BEFORE;
    if remind_at > opens_at {
        crate::jobs::enqueue(&mut **tx, &job(REMIND, poll, remind_at)).await?;
    }
    crate::jobs::enqueue(&mut **tx, &job(CLOSE, poll, closes_at)).await?;
    Ok(())
}

fn poll_of(payload: &serde_json::Value) -> anyhow::Result<i64> {
    payload["poll"].as_i64().ok_or_else(|| anyhow::anyhow!("a governance job without a poll"))
}

async fn open(ctx: Context, payload: serde_json::Value) -> anyhow::Result<()> {
    if super::service::open(&ctx.pool, &ctx.public_base, poll_of(&payload)?).await? {
        ctx.mail_notify.notify_one();
    }
    Ok(())
}

async fn remind(ctx: Context, payload: serde_json::Value) -> anyhow::Result<()> {
    if super::service::remind(&ctx.pool, &ctx.public_base, poll_of(&payload)?).await? > 0 {
        ctx.mail_notify.notify_one();
    }
    Ok(())
}

async fn close(ctx: Context, payload: serde_json::Value) -> anyhow::Result<()> {
    if super::service::close(&ctx.pool, &ctx.public_base, poll_of(&payload)?).await? {
        ctx.mail_notify.notify_one();
    }
    Ok(())
}

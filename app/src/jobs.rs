//! Durable jobs: work that must happen at a given time, or after the request that asked for it.
//!
//! Policy: a job is a row (`jobs`), written in the same transaction as the change that causes it,
//! with a kind (which handler runs it), an idempotency key (enqueuing the same key again does
//! nothing, so "remind session 42" exists once however often it is asked for), a JSON payload
//! and a due time. Workers in every replica claim due jobs with a lease (an `UPDATE … WHERE
//! locked_until <= now`, which only one of several concurrent workers wins, on SQLite and on
//! PostgreSQL); a job that fails is retried with exponential backoff and, after its attempts,
//! kept as dead for an admin to see and retry. A job due while Puente was down runs at the next
//! start. Handlers must be idempotent: a crash after the work and before `done` runs it again.

use crate::kernel::clock::now;
use anyhow::Context as _;
use futures::future::BoxFuture;
use sqlx::{Any, AnyPool, Executor, Row};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How long a claimed job is reserved for its worker.
pub const LEASE_SECS: i64 = 120;
/// The longest one run may take; beyond it the run counts as failed.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(90);

/// A job to record.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub key: String,
    pub payload: serde_json::Value,
    pub run_at: i64,
}

impl NewJob {
    /// A job due now.
    pub fn now(kind: &'static str, key: impl Into<String>, payload: serde_json::Value) -> NewJob {
        NewJob { kind, key: key.into(), payload, run_at: now() }
    }
}

/// Records a job (inside the caller's transaction, or on the pool). `false` when a job with
/// that key already exists: nothing changes then.
pub async fn enqueue<'e, E: Executor<'e, Database = Any>>(ex: E, job: &NewJob) -> anyhow::Result<bool> {
    let r = sqlx::query(
        "INSERT INTO jobs (kind, idempotency_key, payload, run_at, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(job.kind)
    .bind(&job.key)
    .bind(job.payload.to_string())
    .bind(job.run_at)
    .bind(now())
    .execute(ex)
    .await
    .context("Failed to record a job")?;
    Ok(r.rows_affected() == 1)
}

/// A job a worker holds the lease on.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub key: String,
    pub payload: serde_json::Value,
    pub attempts: i64,
    pub max_attempts: i64,
}

/// Claims up to `limit` due jobs for `worker` (a replica's random id).
pub async fn claim_due(pool: &AnyPool, worker: &str, limit: i64) -> anyhow::Result<Vec<Claimed>> {
    let now = now();
    let rows = sqlx::query(
        "UPDATE jobs SET locked_until = $2, locked_by = $3, attempts = attempts + 1 \
         WHERE locked_until <= $1 AND done_at IS NULL AND dead_at IS NULL AND id IN \
         (SELECT id FROM jobs WHERE done_at IS NULL AND dead_at IS NULL AND run_at <= $1 \
          AND locked_until <= $1 ORDER BY run_at, id LIMIT $4) \
         RETURNING id, kind, idempotency_key, payload, attempts, max_attempts",
    )
    .bind(now)
    .bind(now + LEASE_SECS)
    .bind(worker)
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to claim jobs")?;
    let mut out: Vec<Claimed> = rows
        .iter()
        .map(|r| Claimed {
            id: r.get(0),
            kind: r.get(1),
            key: r.get(2),
            payload: serde_json::from_str(&r.get::<String, _>(3)).unwrap_or(serde_json::Value::Null),
            attempts: r.get(4),
            max_attempts: r.get(5),
        })
        .collect();
    out.sort_by_key(|j| j.id);
    Ok(out)
}

/// The job ran: done for good (only by the worker that holds it).
pub async fn complete(pool: &AnyPool, id: i64, worker: &str) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE jobs SET done_at = $2, last_error = NULL, locked_until = 0 WHERE id = $1 AND locked_by = $3",
    )
    .bind(id)
    .bind(now())
    .bind(worker)
    .execute(pool)
    .await
    .context("Failed to mark a job done")?;
    Ok(())
}

/// Seconds to wait after the `attempts`-th failure: 10 s doubling, at most an hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (10i64 << exp).min(3600)
}

/// The job failed: again later with backoff, or dead after its last attempt.
pub async fn fail(pool: &AnyPool, job: &Claimed, error: &str) -> anyhow::Result<()> {
    let now = now();
    let dead = job.attempts >= job.max_attempts;
    let error: String = error.chars().take(500).collect();
    sqlx::query(
        "UPDATE jobs SET last_error = $2, locked_until = 0, run_at = $3, \
         dead_at = CASE WHEN $4 = 1 THEN $5 ELSE NULL END WHERE id = $1",
    )
    .bind(job.id)
    .bind(error)
    .bind(now + backoff_secs(job.attempts))
    .bind(i64::from(dead))
    .bind(now)
    .execute(pool)
    .await
    .context("Failed to record a failed job")?;
    Ok(())
}

/// When the next job becomes due, so the worker can sleep until then.
pub async fn next_due(pool: &AnyPool) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT MIN(CASE WHEN run_at > locked_until THEN run_at ELSE locked_until END) FROM jobs \
         WHERE done_at IS NULL AND dead_at IS NULL",
    )
    .fetch_one(pool)
    .await
    .context("Failed to read the jobs")?;
    Ok(row.get::<Option<i64>, _>(0))
}

/// Which jobs the admin page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Waiting to run (failed ones included: they wait for their retry).
    Pending,
    /// Failed at least once and waiting for a retry.
    Failed,
    /// Out of attempts.
    Dead,
    /// Done recently.
    Done,
}

impl Listing {
    pub const ALL: [Listing; 4] = [Listing::Pending, Listing::Failed, Listing::Dead, Listing::Done];

    pub fn code(self) -> &'static str {
        match self {
            Listing::Pending => "pending",
            Listing::Failed => "failed",
            Listing::Dead => "dead",
            Listing::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Listing> {
        Listing::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// One row of the admin jobs page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub key: String,
    pub run_at: i64,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub done_at: Option<i64>,
    pub dead_at: Option<i64>,
}

pub async fn list(pool: &AnyPool, which: Listing, limit: i64) -> anyhow::Result<Vec<JobRow>> {
    let filter = match which {
        Listing::Pending => "done_at IS NULL AND dead_at IS NULL ORDER BY run_at, id",
        Listing::Failed => {
            "done_at IS NULL AND dead_at IS NULL AND last_error IS NOT NULL ORDER BY run_at, id"
        }
        Listing::Dead => "dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC",
        Listing::Done => "done_at IS NOT NULL ORDER BY done_at DESC, id DESC",
    };
    let rows = sqlx::query(&format!(
        "SELECT id, kind, idempotency_key, run_at, attempts, max_attempts, last_error, done_at, dead_at \
         FROM jobs WHERE {filter} LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to list jobs")?;
    Ok(rows
        .iter()
        .map(|r| JobRow {
            id: r.get(0),
            kind: r.get(1),
            key: r.get(2),
            run_at: r.get(3),
            attempts: r.get(4),
            max_attempts: r.get(5),
            last_error: r.get(6),
            done_at: r.get(7),
            dead_at: r.get(8),
        })
        .collect())
}

/// How many jobs are in each listing, for the admin page's tabs.
pub async fn counts(pool: &AnyPool) -> anyhow::Result<[i64; 3]> {
    let r = sqlx::query(
        "SELECT \
           COALESCE(SUM(CASE WHEN done_at IS NULL AND dead_at IS NULL THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN done_at IS NULL AND dead_at IS NULL AND last_error IS NOT NULL THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN dead_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM jobs",
    )
    .fetch_one(pool)
    .await
    .context("Failed to count jobs")?;
    Ok([r.get(0), r.get(1), r.get(2)])
}

/// Puts a dead job back in the queue, due now.
pub async fn retry_dead(pool: &AnyPool, id: i64) -> anyhow::Result<bool> {
    let r = sqlx::query(
        "UPDATE jobs SET dead_at = NULL, attempts = 0, run_at = $2, locked_until = 0 WHERE id = $1 AND dead_at IS NOT NULL",
    )
    .bind(id)
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to retry a job")?;
    Ok(r.rows_affected() > 0)
}

/// What a handler gets: the database and the ways to wake other workers.
#[derive(Clone)]
pub struct Context {
    pub pool: AnyPool,
    /// Wakes the mail worker after a handler queued an email.
    pub mail_notify: Arc<tokio::sync::Notify>,
    /// e.g. `https://puente.example.org`, for links.
    pub public_base: String,
    /// Moved on after every job that ran: what pages kept from before may have changed.
    pub writes: crate::kernel::recent::Writes,
}

/// A job kind's handler: gets the payload, succeeds or fails (and is retried).
pub type Handler =
    Arc<dyn Fn(Context, serde_json::Value) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

/// Every job kind Puente knows. Each domain registers its own at start-up.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
}

impl Registry {
    pub fn with<F, Fut>(mut self, kind: &'static str, f: F) -> Registry
    where
        F: Fn(Context, serde_json::Value) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        self.handlers.insert(kind, Arc::new(move |ctx, payload| Box::pin(f(ctx, payload))));
        self
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        let mut k: Vec<_> = self.handlers.keys().copied().collect();
        k.sort_unstable();
        k
    }
}

/// Runs one batch: claims due jobs and runs each once. Returns how many ran.
pub async fn run_due(ctx: &Context, registry: &Registry, worker: &str) -> anyhow::Result<usize> {
    let batch = claim_due(&ctx.pool, worker, 10).await?;
    for job in &batch {
        let result = match registry.handlers.get(job.kind.as_str()) {
            Some(handler) => {
                match tokio::time::timeout(RUN_TIMEOUT, handler(ctx.clone(), job.payload.clone())).await {
                    Ok(r) => r,
                    Err(_) => Err(anyhow::anyhow!("timed out after {RUN_TIMEOUT:?}")),
                }
            }
            None => Err(anyhow::anyhow!("no handler for job kind `{}`", job.kind)),
        };
        match result {
            Ok(()) => {
                complete(&ctx.pool, job.id, worker).await?;
                ctx.writes.bump();
            }
            Err(e) => {
                tracing::warn!(job = job.id, kind = %job.kind, key = %job.key, attempt = job.attempts, error = ?e, "job failed");
                fail(&ctx.pool, job, &format!("{e:#}")).await?;
            }
        }
    }
    Ok(batch.len())
}

/// Runs jobs until `shutdown`: woken by `notify` when a request queued one, otherwise asleep
/// until the next is due (at most `poll`).
pub async fn run_worker(
    ctx: Context,
    registry: Registry,
    notify: Arc<tokio::sync::Notify>,
    poll: Duration,
    shutdown: tokio_util::sync::CancellationToken,
) {
    let worker = crate::kernel::tokens::new_token();
    loop {
        match run_due(&ctx, &registry, &worker).await {
            Ok(0) => {}
            Ok(_) => continue,
            Err(e) => tracing::error!(error = ?e, "job worker"),
        }
        let wait = match next_due(&ctx.pool).await {
            Ok(Some(due)) => {
                let secs = (due - now()).clamp(0, poll.as_secs() as i64);
                Duration::from_secs(secs as u64).max(Duration::from_millis(100))
            }
            _ => poll,
        };
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = notify.notified() => {},
            _ = tokio::time::sleep(wait) => {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_secs(1), 10);
        assert_eq!(backoff_secs(2), 20);
        assert_eq!(backoff_secs(20), 3600);
    }

    #[test]
    fn listings_round_trip() {
        for l in Listing::ALL {
            assert_eq!(Listing::parse(l.code()), Some(l));
        }
        assert_eq!(Listing::parse("all"), None);
    }
}

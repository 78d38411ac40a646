//! Progress per person per episode. SQL for the lessons domain lives here.

use crate::kernel::clock::now;
use anyhow::Context;
use sqlx::{AnyPool, Row};

/// Records that the person opened the episode (for "continue where you left off").
pub async fn touch(pool: &AnyPool, user_id: i64, course: &str, episode: &str) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO lesson_progress (user_id, course, episode, last_seen_at, seen_seq) VALUES ($1, $2, $3, $4, \
         (SELECT COALESCE(MAX(seen_seq), 0) + 1 FROM lesson_progress WHERE user_id = $1)) \
         ON CONFLICT (user_id, course, episode) DO UPDATE SET last_seen_at = excluded.last_seen_at, \
         seen_seq = excluded.seen_seq",
    )
    .bind(user_id)
    .bind(course)
    .bind(episode)
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to record a visit")?;
    Ok(())
}

pub async fn set_done(
    pool: &AnyPool,
    user_id: i64,
    course: &str,
    episode: &str,
    done: bool,
) -> anyhow::Result<()> {
    let now = now();
    sqlx::query(
        "INSERT INTO lesson_progress (user_id, course, episode, last_seen_at, done_at, seen_seq) VALUES ($1, $2, $3, $4, \
         $5, (SELECT COALESCE(MAX(seen_seq), 0) + 1 FROM lesson_progress WHERE user_id = $1)) \
         ON CONFLICT (user_id, course, episode) DO UPDATE SET done_at = excluded.done_at, \
         last_seen_at = excluded.last_seen_at, seen_seq = excluded.seen_seq",
    )
    .bind(user_id)
    .bind(course)
    .bind(episode)
    .bind(now)
    .bind(done.then_some(now))
    .execute(pool)
    .await
    .context("Failed to record progress")?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub course: String,
    pub episode: String,
    /// Unix seconds.
    pub last_seen_at: i64,
    pub done: bool,
}

/// Everything a person did, most recent first.
pub async fn of_user(pool: &AnyPool, user_id: i64) -> anyhow::Result<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT course, episode, last_seen_at, done_at FROM lesson_progress WHERE user_id = $1 \
         ORDER BY seen_seq DESC, last_seen_at DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .context("Failed to read progress")?;
    Ok(rows
        .iter()
        .map(|r| Entry {
            course: r.get(0),
            episode: r.get(1),
            last_seen_at: r.get(2),
            done: r.get::<Option<i64>, _>(3).is_some(),
        })
        .collect())
}

/// Progress as pages read it: a person's entries are kept for a few seconds (until the next
/// write in this process), and reopening the episode she opened last, within a minute, records
/// nothing new. A reader paging through one episode costs the database nothing.
#[derive(Clone)]
pub struct Tracker {
    pool: AnyPool,
    recent: std::sync::Arc<crate::kernel::recent::Recent<i64, std::sync::Arc<Vec<Entry>>>>,
}

impl Tracker {
    /// Another replica's record of a visit or a "done" shows here within this time.
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(5);
    /// A visit to the episode visited last is recorded again after this long (seconds).
    pub const REVISIT: i64 = 60;

    pub fn new(pool: AnyPool, writes: crate::kernel::recent::Writes) -> Tracker {
        Tracker {
            pool,
            recent: std::sync::Arc::new(crate::kernel::recent::Recent::new(writes, Self::TTL, 50_000)),
        }
    }

    /// Everything the person did, most recent first.
    pub async fn of_user(&self, user_id: i64) -> anyhow::Result<std::sync::Arc<Vec<Entry>>> {
        if let Some(kept) = self.recent.get(&user_id) {
            return Ok(kept);
        }
        let stamp = self.recent.stamp();
        let entries = std::sync::Arc::new(of_user(&self.pool, user_id).await?);
        self.recent.put(user_id, entries.clone(), stamp);
        Ok(entries)
    }

    /// Records that the person opened the episode and returns her progress, visit included. A
    /// visit that cannot be recorded still returns the progress (the lesson must show).
    pub async fn visit(
        &self,
        user_id: i64,
        course: &str,
        episode: &str,
    ) -> anyhow::Result<std::sync::Arc<Vec<Entry>>> {
        if let Some(kept) = self.recent.get(&user_id) {
            let same = kept.first().is_some_and(|e| {
                e.course == course && e.episode == episode && now() - e.last_seen_at < Self::REVISIT
            });
            if same {
                return Ok(kept);
            }
        }
        self.recent.forget(&user_id);
        if let Err(err) = touch(&self.pool, user_id, course, episode).await {
            tracing::warn!(error = ?err, "cannot record a visit");
        }
        self.of_user(user_id).await
    }
}

/// Where "continue where you left off" leads: in the course last visited, the episode last
/// visited if it is not done yet, else the next one not done (after it, then from the start);
/// `None` when that course is finished and nothing else was started.
pub fn resume(catalog: &super::content::Catalog, entries: &[Entry]) -> Option<(String, String)> {
    let done = |c: &str, e: &str| entries.iter().any(|p| p.course == c && p.episode == e && p.done);
    for last in entries {
        let Some(course) = catalog.course(&last.course) else { continue };
        let Some((at, _)) = course.episode(&last.episode) else { continue };
        let mut order = course.episodes.iter().skip(at).chain(course.episodes.iter().take(at));
        if let Some(e) = order.find(|e| !done(&course.slug, &e.slug)) {
            return Some((course.slug.clone(), e.slug.clone()));
        }
    }
    None
}

//! The forum's answer to lessons' question "how many replies has this episode's discussion?".

use crate::kernel::recent::{Recent, Writes};
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;

/// Reply counts are kept until the next write in this process (a reply is one), or a minute:
/// what a shared page may be late by, too.
pub struct EpisodeReplies {
    pool: AnyPool,
    recent: Recent<(String, String), Option<i64>>,
}

impl EpisodeReplies {
    pub const TTL: Duration = Duration::from_secs(60);

    pub fn new(pool: AnyPool, writes: Writes) -> EpisodeReplies {
        EpisodeReplies { pool, recent: Recent::new(writes, Self::TTL, 10_000) }
    }
}

#[async_trait::async_trait]
impl crate::lessons::EpisodeDiscussions for EpisodeReplies {
    async fn replies(&self, course: &str, episode: &str) -> Option<i64> {
        let key = (course.to_owned(), episode.to_owned());
        if let Some(kept) = self.recent.get(&key) {
            return kept;
        }
        let stamp = self.recent.stamp();
        match super::store::topic_of_episode(&self.pool, course, episode).await {
            Ok(t) => {
                let count = t.filter(|t| !t.deleted).map(|t| t.reply_count);
                self.recent.put(key, count, stamp);
                count
            }
            // Not kept: the next reader asks again.
            Err(e) => {
                tracing::warn!(error = ?e, "cannot count an episode's replies");
                None
            }
        }
    }
}

/// Shared by the lessons' pages.
pub fn service(pool: AnyPool, writes: Writes) -> crate::lessons::Discussions {
    crate::lessons::Discussions(Arc::new(EpisodeReplies::new(pool, writes)))
}

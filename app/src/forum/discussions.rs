//! The forum's answer to lessons' question "how many replies has this episode's discussion?".

use sqlx::AnyPool;

pub struct EpisodeReplies {
    pub pool: AnyPool,
}

#[async_trait::async_trait]
impl crate::lessons::EpisodeDiscussions for EpisodeReplies {
    async fn replies(&self, course: &str, episode: &str) -> Option<i64> {
        match super::store::topic_of_episode(&self.pool, course, episode).await {
            Ok(t) => t.filter(|t| !t.deleted).map(|t| t.reply_count),
            Err(e) => {
                tracing::warn!(error = ?e, "cannot count an episode's replies");
                None
            }
        }
    }
}

//! What the forums tell a person in Puente (replies, mentions, a marked answer, a moderator's
//! decision), only about topics they may still read, and the moderation log admins read.

use super::policy::{self, Reader};
use crate::errors::AppError;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use sqlx::{AnyPool, Row};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub kind: String,
    pub topic_id: i64,
    pub topic_slug: String,
    pub topic_title: String,
    pub number: i64,
    pub actor: Option<String>,
    pub at: i64,
    pub unread: bool,
}

/// The latest notifications (at most `limit`), without any about a topic the person can no
/// longer read (left the cohort, lost a role) or that was deleted.
pub async fn list(pool: &AnyPool, reader: &Reader, limit: i64) -> Result<Vec<Notification>, AppError> {
    let Some(user) = reader.user_id() else { return Err(AppError::Unauthenticated) };
    let categories = super::store::categories(pool).await?;
    let rows = sqlx::query(
        "SELECT n.kind, n.topic_id, t.slug, t.title, n.post_number, u.display_name, n.created_at, n.read_at, t.category_id \
         FROM forum_notifications n JOIN forum_topics t ON t.id = n.topic_id \
         LEFT JOIN users u ON u.id = n.actor_id AND u.deleted_at IS NULL \
         WHERE n.user_id = $1 AND t.deleted_at IS NULL ORDER BY n.created_at DESC, n.id DESC LIMIT $2",
    )
    .bind(user)
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to read notifications")?;
    Ok(rows
        .iter()
        .filter(|r| {
            let category: i64 = r.get(8);
            categories.iter().any(|c| c.id == category && policy::may_read(reader, c))
        })
        .map(|r| Notification {
            kind: r.get(0),
            topic_id: r.get(1),
            topic_slug: r.get(2),
            topic_title: r.get(3),
            number: r.get(4),
            actor: r.get(5),
            at: r.get(6),
            unread: r.get::<Option<i64>, _>(7).is_none(),
        })
        .collect())
}

/// How many notifications wait unread (the badge).
pub async fn unread(pool: &AnyPool, user_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM forum_notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .fetch_one(pool)
            .await
            .context("Failed to count notifications")?;
    Ok(n)
}

pub async fn mark_all_read(pool: &AnyPool, user_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE forum_notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .bind(crate::kernel::clock::now())
        .execute(pool)
        .await
        .context("Failed to mark notifications read")?;
    Ok(())
}

/// One line of the moderation log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub at: i64,
    pub moderator: Option<String>,
    pub action: String,
    pub post_id: Option<i64>,
    pub target: Option<String>,
    pub reason: String,
}

pub async fn mod_log(pool: &AnyPool, limit: i64) -> Result<Vec<LogLine>, AppError> {
    let rows = sqlx::query(
        "SELECT l.created_at, m.display_name, l.action, l.post_id, u.display_name, l.reason FROM forum_mod_log l \
         LEFT JOIN users m ON m.id = l.moderator_id LEFT JOIN users u ON u.id = l.target_user_id \
         ORDER BY l.created_at DESC, l.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to read the moderation log")?;
    Ok(rows
        .iter()
        .map(|r| LogLine {
            at: r.get(0),
            moderator: r.get(1),
            action: r.get(2),
            post_id: r.get(3),
            target: r.get(4),
            reason: r.get(5),
        })
        .collect())
}

/// A pending item of the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub id: i64,
    pub post_id: i64,
    pub topic_id: i64,
    pub topic_slug: String,
    pub topic_title: String,
    pub number: i64,
    pub author: Option<String>,
    pub html: String,
    pub hidden: bool,
    pub score: i64,
    pub since: i64,
    /// (reason, note) of each pending flag.
    pub flags: Vec<(String, String)>,
}

/// The pending queue, oldest first, with each item's flags (two statements).
pub async fn queue(pool: &AnyPool) -> Result<Vec<ReviewItem>, AppError> {
    let rows = sqlx::query(
        "SELECT r.id, r.post_id, t.id, t.slug, t.title, p.number, u.display_name, p.html, p.hidden_at, r.score, r.updated_at \
         FROM forum_reviews r JOIN forum_posts p ON p.id = r.post_id JOIN forum_topics t ON t.id = p.topic_id \
         LEFT JOIN users u ON u.id = p.user_id WHERE r.status = 'pending' ORDER BY r.updated_at LIMIT 200",
    )
    .fetch_all(pool)
    .await
    .context("Failed to read the review queue")?;
    let flags = sqlx::query(
        "SELECT f.post_id, f.reason, f.note FROM forum_flags f JOIN forum_reviews r ON r.post_id = f.post_id \
         WHERE r.status = 'pending' AND f.status = 'pending' ORDER BY f.id",
    )
    .fetch_all(pool)
    .await
    .context("Failed to read flags")?;
    Ok(rows
        .iter()
        .map(|r| {
            let post_id: i64 = r.get(1);
            ReviewItem {
                id: r.get(0),
                post_id,
                topic_id: r.get(2),
                topic_slug: r.get(3),
                topic_title: r.get(4),
                number: r.get(5),
                author: r.get(6),
                html: r.get(7),
                hidden: r.get::<Option<i64>, _>(8).is_some(),
                score: r.get(9),
                since: r.get(10),
                flags: flags
                    .iter()
                    .filter(|f| f.get::<i64, _>(0) == post_id)
                    .map(|f| (f.get(1), f.get(2)))
                    .collect(),
            }
        })
        .collect())
}

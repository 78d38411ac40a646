//! The forums' share of a person: their profile, posts (with earlier versions), likes,
//! bookmarks, reading state, notifications and flags. Erasing removes what is theirs alone and
//! keeps the conversation others replied to: their posts stay, without their name (as a
//! "former member"), as Discourse's anonymisation does; likes leave the counts too.

use crate::people::export_rows as rows;
use crate::people::PersonalData;
use anyhow::Context;
use sqlx::AnyPool;

pub struct Forum;

#[async_trait::async_trait]
impl PersonalData for Forum {
    fn domain(&self) -> &'static str {
        "forum"
    }

    fn tables(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("forum_people", "user_id"),
            ("forum_topics", "user_id"),
            ("forum_posts", "user_id"),
            ("forum_revisions", "editor_id"),
            ("forum_likes", "user_id"),
            ("forum_bookmarks", "user_id"),
            ("forum_reads", "user_id"),
            ("forum_notifications", "user_id"),
            ("forum_notifications", "actor_id"),
            ("forum_flags", "user_id"),
            ("forum_mod_log", "target_user_id"),
        ]
    }

    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        Ok(serde_json::json!({
            "profile": rows(pool, "SELECT handle, trust_level, silenced_until, suspended_until, days_visited, posts_read, \
                topics_entered, likes_given, likes_received FROM forum_people WHERE user_id = $1", user_id,
                &["handle", "trust_level", "silenced_until", "suspended_until", "days_visited", "posts_read",
                  "topics_entered", "likes_given", "likes_received"]).await?,
            "posts": rows(pool, "SELECT t.title, p.number, p.body, p.created_at, p.edited_at, p.deleted_at FROM forum_posts p \
                JOIN forum_topics t ON t.id = p.topic_id WHERE p.user_id = $1 ORDER BY p.created_at", user_id,
                &["topic", "number", "markdown", "created_at", "edited_at", "deleted_at"]).await?,
            "earlier_versions": rows(pool, "SELECT r.post_id, r.body, r.created_at FROM forum_revisions r \
                JOIN forum_posts p ON p.id = r.post_id WHERE p.user_id = $1 ORDER BY r.id", user_id,
                &["post", "markdown", "replaced_at"]).await?,
            "likes": rows(pool, "SELECT post_id, created_at FROM forum_likes WHERE user_id = $1", user_id,
                &["post", "created_at"]).await?,
            "bookmarks": rows(pool, "SELECT post_id, created_at FROM forum_bookmarks WHERE user_id = $1", user_id,
                &["post", "created_at"]).await?,
            "flags": rows(pool, "SELECT post_id, reason, note, status, created_at FROM forum_flags WHERE user_id = $1", user_id,
                &["post", "reason", "note", "status", "created_at"]).await?,
            "moderation": rows(pool, "SELECT action, reason, created_at FROM forum_mod_log WHERE target_user_id = $1 \
                ORDER BY created_at", user_id, &["action", "reason", "at"]).await?,
        }))
    }

    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        let mut tx = crate::kernel::db::begin(pool).await?;
        // Likes leave the counts they made.
        sqlx::query(
            "UPDATE forum_posts SET like_count = like_count - 1 WHERE id IN (SELECT post_id FROM forum_likes WHERE user_id = $1)",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .context("Failed to uncount likes")?;
        for (table, column) in [
            ("forum_likes", "user_id"),
            ("forum_bookmarks", "user_id"),
            ("forum_reads", "user_id"),
            ("forum_notifications", "user_id"),
            ("forum_flags", "user_id"),
            ("forum_people", "user_id"),
        ] {
            // Fixed names above.
            sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("Failed to erase {table}"))?;
        }
        for (table, column) in [
            ("forum_posts", "user_id"),
            ("forum_topics", "user_id"),
            ("forum_revisions", "editor_id"),
            ("forum_notifications", "actor_id"),
            ("forum_mod_log", "target_user_id"),
        ] {
            sqlx::query(&format!("UPDATE {table} SET {column} = NULL WHERE {column} = $1"))
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("Failed to anonymise {table}"))?;
        }
        tx.commit().await.context("Failed to commit")?;
        Ok(())
    }
}

//! Governance's share of a person: proposals they wrote, outcomes they follow, the polls whose
//! electorate they were in and whether they voted (never how, for a secret ballot; their own open
//! vote, which was never secret). Erasing removes what is theirs alone (follows) and keeps the
//! community's record: proposals, polls and log entries stay without their name, and the frozen
//! electorates and rolls keep their counts, so every published count still verifies.

use crate::people::export_rows as rows;
use crate::people::PersonalData;
use anyhow::Context;
use sqlx::AnyPool;

pub struct Governance;

#[async_trait::async_trait]
impl PersonalData for Governance {
    fn domain(&self) -> &'static str {
        "governance"
    }

    fn tables(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("gov_proposals", "author_id"),
            ("gov_follows", "user_id"),
            ("gov_polls", "created_by"),
            ("gov_electorate", "user_id"),
            ("gov_voters", "user_id"),
            ("gov_log", "actor_id"),
        ]
    }

    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        Ok(serde_json::json!({
            "proposals": rows(pool, "SELECT title, body, created_at FROM gov_proposals WHERE author_id = $1 ORDER BY created_at",
                user_id, &["title", "markdown", "created_at"]).await?,
            "following": rows(pool, "SELECT p.title FROM gov_follows f JOIN gov_proposals p ON p.id = f.proposal_id \
                WHERE f.user_id = $1", user_id, &["proposal"]).await?,
            "electorates": rows(pool, "SELECT g.title, g.state, CASE WHEN v.user_id IS NULL THEN 'no' ELSE 'yes' END, \
                COALESCE(v.choices, '') FROM gov_electorate e JOIN gov_polls g ON g.id = e.poll_id \
                LEFT JOIN gov_voters v ON v.poll_id = e.poll_id AND v.user_id = e.user_id WHERE e.user_id = $1 ORDER BY g.id",
                user_id, &["poll", "state", "voted", "open_vote"]).await?,
            "polls_created": rows(pool, "SELECT title, created_at FROM gov_polls WHERE created_by = $1", user_id,
                &["poll", "created_at"]).await?,
            "log_entries": rows(pool, "SELECT poll_id, event, at FROM gov_log WHERE actor_id = $1 ORDER BY at", user_id,
                &["poll", "event", "at"]).await?,
        }))
    }

    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        let mut tx = crate::kernel::db::begin(pool).await?;
        sqlx::query("DELETE FROM gov_follows WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .context("Failed to erase follows")?;
        for (table, column) in
            [("gov_proposals", "author_id"), ("gov_polls", "created_by"), ("gov_log", "actor_id")]
        {
            // Fixed names above. The log's hashes cover its text, not who acted, so they still verify.
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

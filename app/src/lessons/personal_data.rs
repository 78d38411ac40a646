//! The lessons domain's share of a person: their progress.

use crate::people::PersonalData;
use anyhow::Context;
use sqlx::AnyPool;

pub struct Lessons;

#[async_trait::async_trait]
impl PersonalData for Lessons {
    fn domain(&self) -> &'static str {
        "lesson_progress"
    }

    fn tables(&self) -> &'static [(&'static str, &'static str)] {
        &[("lesson_progress", "user_id")]
    }

    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        let entries = super::progress::of_user(pool, user_id).await?;
        Ok(serde_json::to_value(entries).context("Failed to export progress")?)
    }

    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM lesson_progress WHERE user_id = $1")
            .bind(user_id)
            .execute(pool)
            .await
            .context("Failed to erase progress")?;
        Ok(())
    }
}

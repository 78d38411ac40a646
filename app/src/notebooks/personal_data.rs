//! The notebooks domain's share of a person: their servers (kept, for the operator's accounting,
//! pointing at the anonymised account), their credentials, and their workspace; and what ends the
//! moment their access does.

use super::service::Notebooks;
use super::store;
use crate::people::PersonalData;
use anyhow::Context;
use sqlx::{AnyPool, Row};
use std::sync::Arc;

pub struct NotebookData(pub Arc<Notebooks>);

#[async_trait::async_trait]
impl PersonalData for NotebookData {
    fn domain(&self) -> &'static str {
        "notebook_servers"
    }

    fn tables(&self) -> &'static [(&'static str, &'static str)] {
        &[("notebook_servers", "user_id"), ("notebook_grants", "user_id")]
    }

    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        let rows = sqlx::query(
            "SELECT profile, backend, course, episode, cpu_millis, memory_bytes, institution, created_at, ready_at, \
             stopped_at, stop_reason FROM notebook_servers WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await
        .context("Failed to read notebook servers for export")?;
        Ok(rows
            .iter()
            .map(|n| {
                serde_json::json!({
                    "profile": n.get::<String, _>(0),
                    "backend": n.get::<String, _>(1),
                    "course": n.get::<String, _>(2),
                    "episode": n.get::<String, _>(3),
                    "cpu_millis_requested": n.get::<i64, _>(4),
                    "memory_bytes_requested": n.get::<i64, _>(5),
                    "institution": n.get::<String, _>(6),
                    "created_at": n.get::<i64, _>(7),
                    "ready_at": n.get::<Option<i64>, _>(8),
                    "stopped_at": n.get::<Option<i64>, _>(9),
                    "stop_reason": n.get::<Option<String>, _>(10),
                })
            })
            .collect())
    }

    /// Servers stop, the workspace (folder or volume) is deleted, credentials go; the rows of
    /// past servers stay for usage accounting, without the institution-independent details.
    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        self.0.delete_user(user_id).await?;
        store::grants::revoke_user(pool, user_id).await?;
        sqlx::query("UPDATE notebook_servers SET token = '', course = '', episode = '', open_path = '' WHERE user_id = $1")
            .bind(user_id)
            .execute(pool)
            .await
            .context("Failed to anonymise notebook servers")?;
        Ok(())
    }

    async fn disabled(&self, user_id: i64) -> anyhow::Result<()> {
        self.0.stop_user(user_id, "admin").await
    }

    async fn session_ended(&self, session_hash: &str) -> anyhow::Result<()> {
        self.0.revoke_session(session_hash).await
    }

    async fn other_sessions_ended(&self, user_id: i64, keep: &str) -> anyhow::Result<()> {
        self.0.revoke_other_sessions(user_id, keep).await
    }

    async fn all_sessions_ended(&self, user_id: i64) -> anyhow::Result<()> {
        self.0.revoke_user(user_id).await
    }

    async fn privileges_lost(&self, user_id: i64) -> anyhow::Result<()> {
        self.0.revoke_privileged(user_id).await
    }
}

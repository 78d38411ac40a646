//! The cohorts domain's share of a person: memberships, attendance, which surveys they answered
//! (never what: answers carry no person), certificates, their calendar feed and their
//! Train-the-Trainer checkout. Erasing removes all of it; anonymous survey answers stay, as they
//! cannot be traced back to anyone.

use crate::people::export_rows as rows;
use crate::people::PersonalData;
use anyhow::Context;
use sqlx::AnyPool;

pub struct Cohorts;

#[async_trait::async_trait]
impl PersonalData for Cohorts {
    fn domain(&self) -> &'static str {
        "cohorts"
    }

    fn tables(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("cohort_members", "user_id"),
            ("attendance", "user_id"),
            ("survey_takers", "user_id"),
            ("certificates", "user_id"),
            ("calendar_feeds", "user_id"),
            ("checkouts", "user_id"),
            ("demos", "user_id"),
            ("involvements", "user_id"),
        ]
    }

    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        Ok(serde_json::json!({
            "memberships": rows(pool, "SELECT c.slug, c.title, m.role, m.state, m.motivation, m.created_at FROM cohort_members m \
                JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = $1 ORDER BY m.created_at", user_id,
                &["cohort", "title", "role", "state", "motivation", "joined_at"]).await?,
            "attendance": rows(pool, "SELECT c.slug, s.starts_at, a.status FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id \
                JOIN cohorts c ON c.id = s.cohort_id WHERE a.user_id = $1 ORDER BY s.starts_at", user_id,
                &["cohort", "session_starts_at", "status"]).await?,
            "surveys_answered": rows(pool, "SELECT c.slug, t.survey FROM survey_takers t JOIN cohorts c ON c.id = t.cohort_id \
                WHERE t.user_id = $1", user_id, &["cohort", "survey"]).await?,
            "certificates": rows(pool, "SELECT code, kind, title, starts_on, ends_on, hours, issued_at, revoked_at, revoked_reason \
                FROM certificates WHERE user_id = $1 ORDER BY issued_at", user_id,
                &["code", "kind", "title", "starts_on", "ends_on", "hours", "issued_at", "revoked_at", "revoked_reason"]).await?,
            "calendar_feed": rows(pool, "SELECT created_at FROM calendar_feeds WHERE user_id = $1", user_id, &["created_at"]).await?,
            "checkout": rows(pool, "SELECT training_end, deadline, training, welcome, demo, involvement, completed_at FROM checkouts \
                WHERE user_id = $1", user_id, &["training_end", "deadline", "training", "welcome", "demo", "involvement", "completed_at"]).await?,
            "demos": rows(pool, "SELECT s.starts_at, d.result, d.rubric, d.notes FROM demos d JOIN demo_slots s ON s.id = d.slot_id \
                WHERE d.user_id = $1", user_id, &["starts_at", "result", "growth_marks", "notes"]).await?,
            "involvements": rows(pool, "SELECT url, note, result, created_at FROM involvements WHERE user_id = $1", user_id,
                &["url", "note", "result", "created_at"]).await?,
        }))
    }

    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        let mut tx = crate::kernel::db::begin(pool).await?;
        for table in [
            "attendance",
            "survey_takers",
            "certificates",
            "calendar_feeds",
            "checkouts",
            "demos",
            "involvements",
            "cohort_members",
        ] {
            // `table` is one of the fixed names above.
            sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("Failed to erase {table}"))?;
        }
        tx.commit().await.context("Failed to commit")?;
        Ok(())
    }
}

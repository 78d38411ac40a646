//! A person across every domain: what each domain keeps about them, and what happens to it when
//! they download their data, are disabled, delete their account, or lose access.
//!
//! Policy: each domain registers one [`PersonalData`] part naming the tables where it keeps a
//! person's id; "download my data" is the union of every part's export, "delete my account" runs
//! every part's erase (the accounts part last, which anonymises the account row itself), and the
//! moment a session ends or a privilege is lost every part hears of it at once (open notebooks
//! close, say). An API test fails when any table with a column pointing at a person is covered
//! by no part and not exempted with a reason, so a new domain cannot forget a person.

use anyhow::Context;
use sqlx::{AnyPool, Row};
use std::sync::Arc;

/// One domain's share of a person.
#[async_trait::async_trait]
pub trait PersonalData: Send + Sync + 'static {
    /// The domain's name: its key in the export.
    fn domain(&self) -> &'static str;

    /// Every (table, column) where this domain keeps a person's id.
    fn tables(&self) -> &'static [(&'static str, &'static str)];

    /// Everything the domain keeps about the person, as JSON.
    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value>;

    /// The person deletes their account: remove (or anonymise, where the community keeps the
    /// record) what this domain keeps.
    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()>;

    /// The person's account was disabled: stop what runs for them.
    async fn disabled(&self, _user_id: i64) -> anyhow::Result<()> {
        Ok(())
    }

    /// One session ended (logout, "end this session").
    async fn session_ended(&self, _session_hash: &str) -> anyhow::Result<()> {
        Ok(())
    }

    /// Every session of the person but `keep` ended (a password change in `keep`).
    async fn other_sessions_ended(&self, _user_id: i64, _keep: &str) -> anyhow::Result<()> {
        Ok(())
    }

    /// Every session of the person ended (log out everywhere, a password reset).
    async fn all_sessions_ended(&self, _user_id: i64) -> anyhow::Result<()> {
        Ok(())
    }

    /// The person lost a role: powers over other people's things end now.
    async fn privileges_lost(&self, _user_id: i64) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Every domain's part, in registration order (the accounts part is run last when erasing).
#[derive(Clone, Default)]
pub struct People {
    parts: Arc<Vec<Arc<dyn PersonalData>>>,
}

/// Tables that hold a person's id on purpose and are nobody's personal data to export or erase,
/// with why (the registry test accepts these).
pub const EXEMPT: &[(&str, &str, &str)] = &[
    ("user_roles", "granted_by", "who granted a role: an audit trail, pointing at the anonymised account"),
    ("cohorts", "created_by", "who created a cohort: an audit trail, pointing at the anonymised account"),
    (
        "attendance",
        "recorded_by",
        "who marked attendance: an audit trail, pointing at the anonymised account",
    ),
    ("certificates", "issued_by", "who issued a certificate: an audit trail for the holder's sake"),
    ("certificates", "revoked_by", "who revoked a certificate: an audit trail for the holder's sake"),
    ("checkouts", "welcome_by", "who recorded a trainee's welcome session: an audit trail"),
    ("demo_slots", "host_id", "who hosts a demo slot: the trainees who booked it rely on it"),
    ("demos", "evaluator_id", "who evaluated a trainee's demo: an audit trail for the trainee's sake"),
    ("involvements", "evaluator_id", "who confirmed a trainee's involvement: an audit trail"),
    ("forum_reviews", "decided_by", "which moderator decided a flagged post: the moderation record"),
    ("forum_mod_log", "moderator_id", "which moderator acted: the moderation log admins read"),
];

impl People {
    pub fn with(mut self, part: impl PersonalData) -> People {
        let mut parts = (*self.parts).clone();
        parts.push(Arc::new(part));
        self.parts = Arc::new(parts);
        self
    }

    /// Every (table, column) some part covers.
    pub fn covered(&self) -> Vec<(&'static str, &'static str)> {
        self.parts.iter().flat_map(|p| p.tables().iter().copied()).collect()
    }

    /// "Download my data": every domain's export under its name.
    pub async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        let mut out = serde_json::Map::new();
        out.insert("format".into(), "puente-export-2".into());
        out.insert("exported_at".into(), crate::kernel::clock::now().into());
        for p in self.parts.iter() {
            out.insert(p.domain().into(), p.export(pool, user_id).await?);
        }
        Ok(serde_json::Value::Object(out))
    }

    /// "Delete my account": every domain erases its part, the accounts part last.
    pub async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        let (accounts, others): (Vec<_>, Vec<_>) = self.parts.iter().partition(|p| p.domain() == "account");
        for p in others.into_iter().chain(accounts) {
            p.erase(pool, user_id).await?;
        }
        Ok(())
    }

    pub async fn disabled(&self, user_id: i64) -> anyhow::Result<()> {
        for p in self.parts.iter() {
            p.disabled(user_id).await?;
        }
        Ok(())
    }

    pub async fn session_ended(&self, session_hash: &str) -> anyhow::Result<()> {
        for p in self.parts.iter() {
            p.session_ended(session_hash).await?;
        }
        Ok(())
    }

    pub async fn other_sessions_ended(&self, user_id: i64, keep: &str) -> anyhow::Result<()> {
        for p in self.parts.iter() {
            p.other_sessions_ended(user_id, keep).await?;
        }
        Ok(())
    }

    pub async fn all_sessions_ended(&self, user_id: i64) -> anyhow::Result<()> {
        for p in self.parts.iter() {
            p.all_sessions_ended(user_id).await?;
        }
        Ok(())
    }

    pub async fn privileges_lost(&self, user_id: i64) -> anyhow::Result<()> {
        for p in self.parts.iter() {
            p.privileges_lost(user_id).await?;
        }
        Ok(())
    }
}

/// Rows of `sql` (one `$1` for the person) as JSON objects with the given keys.
pub async fn export_rows(
    pool: &AnyPool,
    sql: &str,
    user_id: i64,
    keys: &[&str],
) -> anyhow::Result<serde_json::Value> {
    let rows = sqlx::query(sql)
        .bind(user_id)
        .fetch_all(pool)
        .await
        .with_context(|| format!("Failed to export: {sql}"))?;
    Ok(rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            for (i, k) in keys.iter().enumerate() {
                let v = match r.try_get::<Option<i64>, _>(i) {
                    Ok(n) => serde_json::json!(n),
                    Err(_) => serde_json::json!(r.try_get::<Option<String>, _>(i).ok().flatten()),
                };
                o.insert((*k).to_owned(), v);
            }
            serde_json::Value::Object(o)
        })
        .collect())
}

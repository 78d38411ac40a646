//! The accounts domain's share of a person: the account itself, roles, sessions, one-time links
//! and recovery codes.

use super::store;
use crate::people::PersonalData;
use sqlx::AnyPool;

pub struct Accounts;

#[async_trait::async_trait]
impl PersonalData for Accounts {
    fn domain(&self) -> &'static str {
        "account"
    }

    fn tables(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("users", "id"),
            ("user_roles", "user_id"),
            ("sessions", "user_id"),
            ("email_tokens", "user_id"),
            ("recovery_codes", "user_id"),
        ]
    }

    async fn export(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<serde_json::Value> {
        store::export(pool, user_id).await
    }

    /// The account row stays, anonymised (the community's records point at it: forum posts
    /// signed "former member", notebook accounting by institution); everything else goes.
    async fn erase(&self, pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        store::delete_account(pool, user_id).await
    }
}

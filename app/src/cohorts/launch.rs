//! The cohorts' side of notebook launches: a launch from a cohort's course is accounted to the
//! newest open cohort of that course the person is in, which may grant extra profiles while its
//! core-hour budget lasts.

use crate::notebooks::scope::{LaunchScopes, Scope};
use sqlx::AnyPool;

pub struct CohortScopes {
    pub pool: AnyPool,
}

#[async_trait::async_trait]
impl LaunchScopes for CohortScopes {
    async fn scope(&self, user_id: i64, course: &str) -> anyhow::Result<Option<Scope>> {
        let Some(cohort) = super::store::cohort_for_launch(&self.pool, user_id, course).await? else {
            return Ok(None);
        };
        let granted_profiles = super::store::granted_profiles(&self.pool, cohort.id).await?;
        let budget_spent = match cohort.core_hour_budget {
            Some(budget) => super::store::cohort_core_hours(&self.pool, cohort.id).await? >= budget as f64,
            None => false,
        };
        Ok(Some(Scope { cohort_id: cohort.id, granted_profiles, budget_spent }))
    }
}

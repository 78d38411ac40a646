//! What a launch belongs to beyond its person. A domain that runs courses with people (cohorts)
//! plugs in here at start-up, so notebooks name no such domain: it says which group a launch is
//! accounted to, which profiles that group grants beyond those the person's role allows, and
//! whether the group's compute budget is spent.

/// A launch's group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Recorded on the server, for accounting (`notebook_servers.cohort_id`).
    pub cohort_id: i64,
    /// Profiles the group grants its members.
    pub granted_profiles: Vec<String>,
    /// The group's core-hour budget is used up: granted profiles are refused.
    pub budget_spent: bool,
}

#[async_trait::async_trait]
pub trait LaunchScopes: Send + Sync {
    /// The group a launch of `course` by `user_id` belongs to, if any.
    async fn scope(&self, user_id: i64, course: &str) -> anyhow::Result<Option<Scope>>;
}

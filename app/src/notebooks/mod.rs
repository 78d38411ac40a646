//! Notebooks: "Launch" on an episode gives the learner a running JupyterLab with that episode's
//! files, reached through Puente's own authenticated proxy on a separate origin.
//!
//! Policy: this module owns the decisions (profiles, who may launch, quotas, the launch state
//! machine, credentials for the notebook origin, culling, accounting); the server crate owns the
//! mechanisms (the back-ends behind [`spawner::Spawner`] and the reverse proxy).

/// Private pages: one's own notebooks and their launches.
pub const PAGES: &[(&str, crate::http::access::Need)] = &[("notebooks", crate::http::access::Need::Login)];

pub mod demo;
pub mod handlers;
pub mod jupyter;
pub mod names;
pub mod pages;
pub mod personal_data;
pub mod policy;
pub mod profile;
pub mod scope;
pub mod service;
pub mod spawner;
pub mod store;
pub mod usage;

//! Governance: the community decides by vote. A proposal has a Markdown body, a discussion (a
//! forum topic, linked both ways), polls and, once passed, an outcome that members follow.
//!
//! Policy: who may vote is a rule over roles and training records (members, certified trainers,
//! a course's finishers, a cohort's members, an admin's list; and/or; active within N months),
//! frozen into the electorate when a poll opens. Members, trainers and admins propose; admins (with
//! a second factor) add polls, change settings until the first ballot and record outcomes, and
//! every such action enters the poll's hash-chained log. Secret ballots keep the roll of who voted
//! apart from ballots that name nobody; after the close every ballot is published with its
//! receipt hash, so each voter finds theirs and anyone can recount (`tally` is the count, with
//! Scottish STV's rules). Opening, the 24-hour reminder and closing are durable jobs.

/// Pages that need a login (the rest are public).
#[cfg(feature = "ssr")]
pub const PAGES: &[(&str, crate::http::access::Need)] =
    &[("governance/new", crate::http::access::Need::Login)];

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod tally;
#[cfg(feature = "ssr")]
pub mod types;

//! Forums: a community of practice in Spanish and Portuguese. Categories are public, for a
//! role, or a cohort's own (made for every cohort, readable by its people, read-only once it
//! ends); every episode has its discussion in its course's category. Posts are Markdown made
//! safe; edits keep their history; likes, bookmarks, a marked answer in Q&A categories.
//! Reading state and notifications (replies, mentions) per person and topic.
//!
//! Policy: trust levels after Discourse's thresholds, with training records as a head start
//! (learners in a cohort start at 1, trainers at 2); new members meet Discourse's limits with a
//! reason they can read. Flags weigh by the flagger's trust and hide a post at once past the
//! threshold, pending a moderator's review; every moderator action is logged. A category one
//! may not read does not exist for them (404), also through notifications and mentions.

/// Private pages: notifications and bookmarks need a login; the queue and the log their roles.
#[cfg(feature = "ssr")]
pub const PAGES: &[(&str, crate::http::access::Need)] = &[
    ("forum/notifications", crate::http::access::Need::Login),
    ("forum/bookmarks", crate::http::access::Need::Login),
    ("forum/new", crate::http::access::Need::Login),
];

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod digest;
#[cfg(feature = "ssr")]
pub mod discussions;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod policy;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod types;

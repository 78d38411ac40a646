//! Accounts: who people are and how they prove it.
//!
//! Policy: inputs become typed values only through checked constructors ([`types`]); passwords are
//! hashed with argon2id off the async runtime ([`password`]); a password from the 10,000 most
//! common ones is refused, with no composition rules (NIST SP 800-63B).

/// Private pages: one's own account, and the admin pages.
#[cfg(feature = "ssr")]
pub const PAGES: &[(&str, crate::http::access::Need)] =
    &[("account", crate::http::access::Need::Login), ("admin", crate::http::access::Need::Admin)];

/// The code of conduct in force; accounts that accepted an older one are asked again at login.
pub const CONDUCT_VERSION: i64 = 1;

pub mod types;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod totp;

//! Accounts: who people are and how they prove it.
//!
//! Policy: inputs become typed values only through checked constructors ([`types`]); passwords are
//! hashed with argon2id off the async runtime ([`password`]); a password from the 10,000 most
//! common ones is refused, with no composition rules (NIST SP 800-63B).

pub mod types;

#[cfg(feature = "ssr")]
pub mod password;

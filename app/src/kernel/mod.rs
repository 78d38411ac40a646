//! The small kernel every domain shares and that depends on no domain: the clock, the database
//! handle's transaction type, random tokens, and HTML escaping.

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod html;
#[cfg(feature = "ssr")]
pub mod tokens;

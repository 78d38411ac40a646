//! The small kernel every domain shares and that depends on no domain: the clock, the database
//! handle and its engine, reads kept until the next write, random tokens, secrets sealed at rest, HTML escaping, people's Markdown made safe, and the words
//! (codes, slugs, free text) and time zones every form parses the same way.

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod html;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod recent;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod words;
#[cfg(feature = "ssr")]
pub mod zones;

//! Shared widgets, the page shell and the site-wide pages (home, code of conduct, privacy).
//!
//! Policy: pages are rendered on the server and work without JavaScript. Interactive parts that
//! truly need the browser are Leptos islands (`#[island]`); a page without one loads no wasm at
//! all, and today no page needs one: the cluster self-check is a plain form.

pub mod check;

#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod shell;
#[cfg(feature = "ssr")]
pub mod widgets;

//! Shared widgets, the page shell and the site-wide pages (home, code of conduct, privacy).
//!
//! Policy: pages are rendered on the server and work without JavaScript; the only code shipped to
//! the browser is in [`islands`], and a page without an island loads no wasm at all.

pub mod check;
pub mod islands;

#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod shell;

#[cfg(feature = "ssr")]
pub use shell::{shell, App, CspNonce, Site};

//! Site-wide settings the pages need, provided by the server.

/// Site-wide settings the pages need, provided by the server. Shared, not copied: every page and
/// every layer holding it clones it.
#[derive(Debug, Clone)]
pub struct Site(std::sync::Arc<SiteInfo>);

impl Site {
    pub fn new(info: SiteInfo) -> Site {
        Site(std::sync::Arc::new(info))
    }
}

impl std::ops::Deref for Site {
    type Target = SiteInfo;
    fn deref(&self) -> &SiteInfo {
        &self.0
    }
}

/// What [`Site`] holds.
#[derive(Debug)]
pub struct SiteInfo {
    /// Where people write to the operators (privacy and conduct reports).
    pub contact: String,
    /// The stylesheet's URL, versioned so browsers can cache it for long.
    pub css_href: String,
    /// URL prefix of the wasm bundle (`/pkg`).
    pub pkg_prefix: String,
    /// File names of the wasm-bindgen output in `pkg_prefix`.
    pub js_file: String,
    pub wasm_file: String,
    /// e.g. `https://puente.example.org`, no trailing slash: for addresses shown whole
    /// (a certificate's verification address, a calendar feed).
    pub public_base: String,
}

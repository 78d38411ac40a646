//! Site-wide settings the pages need, provided by the server.

/// Site-wide settings the pages need, provided by the server.
#[derive(Debug, Clone)]
pub struct Site {
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

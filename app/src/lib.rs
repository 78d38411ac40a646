//! Puente's pages, domain modules and islands.
//!
//! Built twice: with `ssr` for the server (everything) and with `hydrate` for the browser, where
//! only the islands in [`ui::islands`] exist.

#![recursion_limit = "256"]

pub mod accounts;
pub mod errors;
pub mod i18n;
pub mod lessons;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod notebooks;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod web;

pub use errors::AppError;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

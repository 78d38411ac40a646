//! Puente's pages and domain modules.
//!
//! Built twice: with `ssr` for the server (everything) and with `hydrate` for the browser, where
//! only islands (`#[island]` components) exist.

#![recursion_limit = "256"]

pub mod accounts;
pub mod auth;
pub mod cohorts;
pub mod errors;
pub mod forum;
pub mod governance;
#[cfg(feature = "ssr")]
pub mod http;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod kernel;
pub mod lessons;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod notebooks;
#[cfg(feature = "ssr")]
pub mod people;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod search;
pub mod ui;

pub use errors::AppError;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

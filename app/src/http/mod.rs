//! The one HTTP layer between axum and the domains. It names no domain: domains depend on it.
//!
//! Policy: a handler extracts who is asking ([`Ctx`]) and what they sent ([`Form`]), calls its
//! domain, and answers with a redirect, a page, or an [`AppError`](crate::AppError). It never
//! writes an error page itself: an `AppError` (and a form that must be shown again with its
//! problems, a [`Rerender`]) travels out of the handler as a marker in the response's extensions,
//! and [`render_failures`] turns it into the full page, with the site's layout, in the reader's
//! language. So every error path answers the same way, logged once where it happened. Which
//! pages need a person (or an admin) is declared by each domain and applied by [`access`].

pub mod access;
pub mod extract;
pub mod form;
pub mod request;
pub mod respond;
pub mod site;
pub mod state;
pub mod urls;

pub use extract::{Ctx, Form, FormData};
pub use request::{
    ClientIp, CspNonce, CsrfToken, CurrentSession, CurrentUser, Fragment, Fragments, SharedRender,
};
pub use respond::{render_failures, rerender, see_other, PageError, Reply, Rerender};
pub use site::Site;
pub use state::{cookie, rate_key, safe_next, Limits, Services, Shell, Web, WebState};

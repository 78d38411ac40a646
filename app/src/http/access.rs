//! Who may open which pages. Each domain declares its private areas (the first path segment
//! after the language) in its own `PAGES` list; this middleware applies all of them before any
//! page renders, so a refused visitor never gets private markup, and a visitor who must log in
//! gets a real redirect there and back.

use super::respond::see_other;
use crate::accounts::authz::{authorize, Action};
use crate::errors::AppError;
use crate::i18n::Locale;
use crate::web::CurrentUser;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What a page needs from the person asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone signed in.
    Login,
    /// An admin with two-factor login.
    Admin,
}

/// Every domain's private areas.
pub fn rules() -> impl Iterator<Item = &'static (&'static str, Need)> {
    crate::accounts::PAGES.iter().chain(crate::lessons::PAGES).chain(crate::notebooks::PAGES)
}

/// The area of a page path (`/pt/account/2fa` → `(pt, account)`) and what it needs.
pub fn need_of(path: &str) -> Option<(Locale, Need)> {
    let mut segments = path.trim_start_matches('/').split('/');
    let locale = Locale::from_segment(segments.next()?)?;
    let area = segments.next()?;
    rules().find(|(a, _)| *a == area).map(|(_, n)| (locale, *n))
}

pub async fn page_access(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let Some((locale, need)) = need_of(req.uri().path()) else { return next.run(req).await };
    let actor = req.extensions().get::<CurrentUser>().and_then(|c| c.0.clone());
    if actor.is_none() {
        let here = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let target = format!("/{}/login?next={}", locale.code(), crate::accounts::handlers::encode(here));
        let mut res = StatusCode::FOUND.into_response();
        if let Ok(v) = http::HeaderValue::from_str(&target) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        return res;
    }
    if need == Need::Admin {
        match authorize(actor.as_ref(), Action::Administer) {
            Ok(()) => {}
            Err(AppError::Conflict { code }) if code == "account-totp-required" => {
                return see_other(&format!("/{}/account/2fa?required=1", locale.code()), vec![]);
            }
            Err(e) => return e.into_response(),
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_areas_are_declared_by_their_domains() {
        assert_eq!(need_of("/pt/account"), Some((Locale::Pt, Need::Login)));
        assert_eq!(need_of("/es/account/2fa"), Some((Locale::Es, Need::Login)));
        assert_eq!(need_of("/en/admin/users"), Some((Locale::En, Need::Admin)));
        assert_eq!(need_of("/es/dashboard"), Some((Locale::Es, Need::Login)));
        assert_eq!(need_of("/es/notebooks"), Some((Locale::Es, Need::Login)));
        assert_eq!(need_of("/es/accounts"), None);
        assert_eq!(need_of("/es/"), None);
        assert_eq!(need_of("/es/courses/x"), None);
    }
}

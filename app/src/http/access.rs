//! Who may open which pages. Each domain declares its private areas (the first path segment
//! after the language) in its own `PAGES` list; the server hands all of them to this middleware,
//! which applies them before any page renders, so a refused visitor never gets private markup,
//! and a visitor who must log in gets a real redirect there and back.

use super::respond::see_other;
use crate::auth::{authorize, Action};
use crate::errors::AppError;
use crate::http::CurrentUser;
use crate::i18n::Locale;
use axum::extract::{Request, State};
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

/// Every domain's private areas: (first path segment after the language, what it needs).
pub type Areas = std::sync::Arc<Vec<(&'static str, Need)>>;

/// The area of a page path (`/pt/account/2fa` → `(pt, account)`) and what it needs.
pub fn need_of(areas: &[(&'static str, Need)], path: &str) -> Option<(Locale, Need)> {
    let (lang, rest) = path.trim_start_matches('/').split_once('/')?;
    let locale = Locale::from_segment(lang)?;
    // An area is a first segment (`account`) or a deeper prefix (`forum/notifications`).
    areas
        .iter()
        .find(|(a, _)| rest == *a || rest.strip_prefix(*a).is_some_and(|r| r.starts_with('/')))
        .map(|(_, n)| (locale, *n))
}

pub async fn page_access(State(areas): State<Areas>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let Some((locale, need)) = need_of(&areas, req.uri().path()) else { return next.run(req).await };
    let actor = req.extensions().get::<CurrentUser>().and_then(|c| c.0.clone());
    if actor.is_none() {
        let here = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let target = super::urls::login_then(locale, here);
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
    fn areas_are_matched_by_their_first_segment() {
        let areas = [("account", Need::Login), ("admin", Need::Admin), ("dashboard", Need::Login)];
        assert_eq!(need_of(&areas, "/pt/account"), Some((Locale::Pt, Need::Login)));
        assert_eq!(need_of(&areas, "/es/account/2fa"), Some((Locale::Es, Need::Login)));
        assert_eq!(need_of(&areas, "/en/admin/users"), Some((Locale::En, Need::Admin)));
        assert_eq!(need_of(&areas, "/es/dashboard"), Some((Locale::Es, Need::Login)));
        let deeper = [("forum/notifications", Need::Login)];
        assert_eq!(need_of(&deeper, "/es/forum/notifications"), Some((Locale::Es, Need::Login)));
        assert_eq!(need_of(&deeper, "/es/forum"), None);
        assert_eq!(need_of(&deeper, "/es/forum/notificationsx"), None);
        assert_eq!(need_of(&areas, "/es/accounts"), None);
        assert_eq!(need_of(&areas, "/es/"), None);
        assert_eq!(need_of(&areas, "/es/courses/x"), None);
        assert_eq!(need_of(&areas, "/xx/account"), None);
    }
}

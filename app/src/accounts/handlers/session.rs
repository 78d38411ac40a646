//! The session layer: finds the person behind the session cookie for every request.

use super::store;
use crate::http::{CurrentSession, CurrentUser, Web};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// Finds the session behind the cookie and puts the person in the request's extensions.
/// Rotates the id when privileges changed; clears a cookie that names no live session. Pages
/// and actions decide what a visitor may do ([`crate::http::access`]); this layer only tells who
/// is asking.
pub async fn session_layer(State(web): State<Web>, mut req: Request<Body>, next: Next) -> Response {
    let csrf = crate::http::cookie(req.headers(), web.csrf_cookie_name())
        .filter(|t| t.len() == 43 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(str::to_owned);
    // A page rendered for every anonymous reader hands out no cookie (it has no form to protect).
    let shared = req.extensions().get::<crate::http::SharedRender>().is_some();
    let new_csrf = (csrf.is_none() && !shared).then(crate::kernel::tokens::new_token);
    req.extensions_mut().insert(crate::http::CsrfToken(csrf.or(new_csrf.clone()).unwrap_or_default()));
    let token = crate::http::cookie(req.headers(), web.session_cookie_name()).map(str::to_owned);
    let mut set_cookie = None;
    let mut current = CurrentUser(None);
    if let Some(token) = token {
        match store::find_session(&web.pool, &token).await {
            Ok(Some(mut s)) => {
                if s.must_rotate && !s.mfa_pending {
                    match store::rotate_session(&web.pool, &s, false).await {
                        Ok(new_token) => {
                            set_cookie = Some(super::session_cookie(&web, &new_token, s.remember));
                            s.token_hash = crate::kernel::tokens::hash_token(&new_token);
                        }
                        Err(e) => tracing::error!(error = ?e, "session rotation failed"),
                    }
                }
                if !s.mfa_pending {
                    match store::actor(&web.pool, s.user_id).await {
                        Ok(a) => {
                            current = CurrentUser(a.map(|mut a| {
                                a.mfa = s.mfa_completed;
                                a
                            }))
                        }
                        Err(e) => tracing::error!(error = ?e, "cannot load the signed-in user"),
                    }
                }
                req.extensions_mut()
                    .insert(CurrentSession { token_hash: s.token_hash.clone(), mfa_pending: s.mfa_pending });
            }
            Ok(None) => set_cookie = Some(web.clear_session_cookie()),
            Err(e) => tracing::error!(error = ?e, "cannot read the session"),
        }
    }
    req.extensions_mut().insert(current);
    let mut res = next.run(req).await;
    if let Some(t) = new_csrf {
        res.headers_mut().append(header::SET_COOKIE, web.csrf_cookie(&t));
    }
    // The handler's own session cookie (login, logout) wins over the layer's.
    if let Some(c) = set_cookie {
        let name = format!("{}=", web.session_cookie_name());
        let handler_set_one = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.starts_with(&name)));
        if !handler_set_one {
            res.headers_mut().append(header::SET_COOKIE, c);
        }
    }
    res
}

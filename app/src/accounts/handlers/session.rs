//! The session layer: finds the person behind the session cookie for every request.

use super::store;
use crate::http::{CurrentSession, CurrentUser, Web};
use crate::kernel::clock::now;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// A session found a moment ago, and its person.
pub struct Known {
    pub actor: crate::auth::Actor,
    /// Unix seconds: the session's own end, checked on every use of the kept copy.
    pub valid_until: i64,
}

/// Sessions read in the last few seconds, by the hash of their cookie. Any successful write in
/// this process (a log-out, a role granted, a password changed, an account disabled) forgets
/// them all at once, so in one process a change shows on the very next request. Another
/// replica's change shows within [`KnownSessions::TTL`].
#[derive(Clone)]
pub struct KnownSessions(pub std::sync::Arc<crate::kernel::recent::Recent<String, std::sync::Arc<Known>>>);

impl KnownSessions {
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(5);

    pub fn new(writes: crate::kernel::recent::Writes) -> KnownSessions {
        KnownSessions(std::sync::Arc::new(crate::kernel::recent::Recent::new(writes, Self::TTL, 100_000)))
    }
}

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
    let known = web.services.get::<KnownSessions>();
    if let Some(token) = token {
        let hash = crate::kernel::tokens::hash_token(&token);
        let kept = known.as_ref().and_then(|k| k.0.get(&hash)).filter(|k| k.valid_until > now());
        if let Some(kept) = kept {
            current = CurrentUser(Some(kept.actor.clone()));
            req.extensions_mut().insert(CurrentSession { token_hash: hash, mfa_pending: false });
        } else {
            let stamp = known.as_ref().map(|k| k.0.stamp());
            match store::find_session(&web.pool, &token).await {
                Ok(Some(mut s)) => {
                    let rotate = s.must_rotate && !s.mfa_pending;
                    if rotate {
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
                    // Only a plain session is kept: one half-way through its second factor, or
                    // just given a new id, is read again next time.
                    if let (Some(k), Some(stamp), Some(actor)) = (&known, stamp, &current.0) {
                        if !rotate && !s.mfa_pending {
                            let kept = Known { actor: actor.clone(), valid_until: s.valid_until };
                            k.0.put(hash, std::sync::Arc::new(kept), stamp);
                        }
                    }
                    req.extensions_mut().insert(CurrentSession {
                        token_hash: s.token_hash.clone(),
                        mfa_pending: s.mfa_pending,
                    });
                }
                Ok(None) => set_cookie = Some(web.clear_session_cookie()),
                Err(e) => tracing::error!(error = ?e, "cannot read the session"),
            }
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

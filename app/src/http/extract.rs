//! Extractors every handler shares: the request's language, person, session and address, and
//! an urlencoded form read once with a size limit.

use crate::auth::{authorize, Action, Actor};
use crate::errors::AppError;
use crate::http::{ClientIp, CurrentSession, CurrentUser, Web};
use crate::i18n::Locale;
use axum::extract::{FromRequest, FromRequestParts, Request};
use http::request::Parts;
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::IpAddr;

/// Who is asking, in which language, from where. Built from what the session and address
/// layers put in the request; extracting it never fails.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The language of the path (`/pt/…`), Spanish when the path has none.
    pub locale: Locale,
    pub actor: Option<Actor>,
    pub session: Option<CurrentSession>,
    pub ip: IpAddr,
    pub user_agent: String,
    /// The request's path (for "log in and come back here").
    pub path: String,
}

impl Ctx {
    pub fn from_parts(parts: &Parts) -> Ctx {
        Ctx {
            locale: Locale::from_path(parts.uri.path()).unwrap_or_default(),
            actor: parts.extensions.get::<CurrentUser>().and_then(|c| c.0.clone()),
            session: parts.extensions.get::<CurrentSession>().cloned(),
            ip: parts.extensions.get::<ClientIp>().map(|c| c.0).unwrap_or(IpAddr::from([0, 0, 0, 0])),
            user_agent: parts
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .chars()
                .take(512)
                .collect(),
            path: parts.uri.path().to_owned(),
        }
    }

    /// The signed-in person, or `Unauthenticated` (the error page offers to log in).
    pub fn actor(&self) -> Result<&Actor, AppError> {
        self.actor.as_ref().ok_or(AppError::Unauthenticated)
    }

    /// The signed-in person if they may do `action`.
    pub fn allowed(&self, action: Action) -> Result<&Actor, AppError> {
        authorize(self.actor.as_ref(), action)?;
        self.actor()
    }

    /// The current session's hash, if any.
    pub fn session_hash(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.token_hash.as_str())
    }

    /// One more attempt from this address (sign-up, login, codes…), or `RateLimited`.
    pub fn limit_ip(&self, web: &Web) -> Result<(), AppError> {
        web.limits.check_ip(self.ip).map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })
    }

    /// One more attempt on `key` (an account, a form) from this address, or `RateLimited`.
    pub fn limit(&self, web: &Web, key: &str) -> Result<(), AppError> {
        web.limits
            .check_account(key, self.ip)
            .map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })
    }

    /// `/{lang}/{rest}` in this request's language.
    pub fn href(&self, rest: &str) -> String {
        format!("/{}/{}", self.locale.code(), rest.trim_start_matches('/'))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Ctx::from_parts(parts))
    }
}

/// The fields of an `application/x-www-form-urlencoded` body. Invalid UTF-8 becomes U+FFFD, a
/// body that is too large or unreadable is an empty form (which then fails validation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormData(pub HashMap<String, String>);

/// Largest form body read (the sign-up form is a few hundred bytes; forum posts come later).
pub const FORM_LIMIT: usize = 256 * 1024;
/// The key an oversized form carries instead of its fields (a name no form field has).
const TOO_LARGE: &str = "\u{0}too-large";

impl FormData {
    pub fn parse(bytes: &[u8]) -> FormData {
        FormData(url::form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The field's value, or "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or_default()
    }

    /// Every field, for forms with one field per row (`a-<id>`…).
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether the form was over [`FORM_LIMIT`] and so arrived empty.
    pub fn too_large(&self) -> bool {
        self.0.contains_key(TOO_LARGE)
    }

    /// Whether a checkbox with `value="yes"` was ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.get(name) == "yes"
    }

    /// The values to show again in a re-rendered form: everything but secrets.
    pub fn kept(&self, secrets: &[&str]) -> HashMap<String, String> {
        self.0
            .iter()
            .filter(|(k, _)| !secrets.contains(&k.as_str()) && *k != "csrf")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// Extracts a [`FormData`] (consumes the body).
pub struct Form(pub FormData);

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = Infallible;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        match axum::body::to_bytes(req.into_body(), FORM_LIMIT).await {
            Ok(bytes) => Ok(Form(FormData::parse(&bytes))),
            // Too large (or unreadable): an empty form that says so, for a precise message.
            Err(_) => Ok(Form(FormData([(TOO_LARGE.to_owned(), "1".to_owned())].into_iter().collect()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_percent_and_plus() {
        let m = FormData::parse(b"name=Mar%C3%ADa+Jos%C3%A9&email=a%40b.example&empty=&x&csrf=t&password=p");
        assert_eq!(m.get("name"), "María José");
        assert_eq!(m.get("email"), "a@b.example");
        assert_eq!(m.get("empty"), "");
        assert_eq!(m.get("x"), "");
        assert_eq!(m.get("missing"), "");
        assert_eq!(FormData::parse(b"bad=%C3").get("bad"), "\u{fffd}", "invalid UTF-8 never panics");
        let kept = m.kept(&["password"]);
        assert!(kept.contains_key("name") && !kept.contains_key("password") && !kept.contains_key("csrf"));
    }
}

//! Account actions posted by forms (they work without JavaScript): sign up, verify, log in with
//! an optional second factor, log out, passwords, profile, two-factor, the admin's user actions.
//!
//! Each handler: [`Ctx`] (who, language, address) → rate limit → parse the form into typed
//! values → domain call → a redirect, the form's page again ([`Rerender`]), or an `AppError`.

mod admin;
mod login;
mod password;
mod profile;
mod session;
mod signup;
mod totp;

pub use session::{session_layer, KnownSessions};

use super::{password as hashing, store};
use crate::http::Web;
use crate::i18n::Locale;
use axum::routing::{get, post};
use axum::Router;

/// Countries offered at sign-up (ISO 3166-1 alpha-2), Latin America first; `ZZ` is "another".
pub const COUNTRIES: [&str; 24] = [
    "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY", "PE",
    "PR", "UY", "VE", "ES", "PT", "US", "ZZ",
];

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/signup", post(signup::signup))
        .route("/{lang}/verify/{token}", post(signup::verify))
        .route("/{lang}/account/verify/resend", post(signup::resend_verification))
        .route("/{lang}/conduct/accept", post(signup::accept_conduct))
        .route("/{lang}/login", post(login::login))
        .route("/{lang}/login/code", post(login::login_code))
        .route("/{lang}/logout", post(login::logout))
        .route("/{lang}/account/sessions/{prefix}/end", post(login::end_session))
        .route("/{lang}/password/forgot", post(password::forgot_password))
        .route("/{lang}/password/reset/{token}", post(password::reset_password))
        .route("/{lang}/account/password", post(password::change_password))
        .route("/{lang}/account/email", post(profile::request_email_change))
        .route("/{lang}/email/confirm/{token}", post(profile::confirm_email_change))
        .route("/{lang}/account/profile", post(profile::update_profile))
        .route("/{lang}/account/export", get(profile::export_data))
        .route("/{lang}/account/delete", post(profile::delete_account))
        .route("/{lang}/account/2fa", post(totp::totp_enable))
        .route("/{lang}/account/2fa/disable", post(totp::totp_disable))
        .route("/{lang}/admin/users/{id}/role", post(admin::admin_role))
        .route("/{lang}/admin/users/{id}/disable", post(admin::admin_disable))
        .route("/{lang}/admin/outbox/{id}/retry", post(admin::admin_retry_email))
        .route("/{lang}/admin/jobs/{id}/retry", post(admin::admin_retry_job))
}

/// `Set-Cookie` for a new session id; persistent only with "remember me".
pub fn session_cookie(web: &Web, token: &str, remember: bool) -> axum::http::HeaderValue {
    web.session_cookie(token, remember.then_some(store::lifetime::REMEMBER_ABSOLUTE))
}

/// Checks the current password of the signed-in person (for sensitive changes).
async fn confirm_password(web: &Web, user_id: i64, given: &str) -> anyhow::Result<bool> {
    match store::password_hash(&web.pool, user_id).await? {
        Some(h) => hashing::verify(given.to_owned(), h).await,
        None => Ok(false),
    }
}

/// An absolute link for an email, in the recipient's language.
fn link(web: &Web, locale: Locale, path: &str) -> String {
    format!("{}/{}/{}", web.public_base, locale.code(), path)
}

/// Percent-encodes a local path for a `next=` parameter.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Sign-up and profile share these checks: a known country and an institution of sensible length.
fn check_place(form: &crate::http::FormData, state: &mut crate::http::form::FormState) -> (String, String) {
    let country = form.get("country").to_owned();
    if !COUNTRIES.contains(&country.as_str()) {
        state.push("country", "account-country-invalid");
    }
    let institution = form.get("institution").trim().to_owned();
    if institution.is_empty()
        || institution.chars().count() > 120
        || institution.chars().any(char::is_control)
    {
        state.push("institution", "account-institution-invalid");
    }
    (country, institution)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_percent_encoded_in_redirects() {
        assert_eq!(encode("/pt/account?x=1&y=2"), "/pt/account%3Fx%3D1%26y%3D2");
    }
}

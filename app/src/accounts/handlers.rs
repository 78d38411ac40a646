//! Account actions posted by forms (they work without JavaScript): sign up, verify, log in with
//! an optional second factor, log out, accept the code of conduct, two-factor enrolment.
//! Each handler: who is asking → rate limit → parse input → domain call → redirect or re-render.

use super::authz::{authorize, Action};
use super::store::{self, NewSession, NewUser, TokenPurpose};
use super::types::{DisplayName, Email, InputError, NewPassword};
use super::{password, totp, CONDUCT_VERSION};
use crate::i18n::Locale;
use crate::mail;
use crate::web::{safe_next, see_other, too_many, ClientIp, CurrentSession, CurrentUser, Web};
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::collections::HashMap;

/// Fields of a submitted form, and the errors found in them, for re-rendering the page.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: HashMap<String, String>,
    /// field → Fluent id of the problem.
    pub errors: Vec<(String, String)>,
    /// A message for the whole form (Fluent id).
    pub notice: Option<String>,
    /// Extra data a page shows once (e.g. freshly generated recovery codes).
    pub extra: Vec<String>,
}

impl FormState {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, c)| c.clone())
    }

    fn push(&mut self, field: &str, e: InputError) {
        self.errors.push((field.to_owned(), e.code().to_owned()));
    }
}

/// Countries offered at sign-up (ISO 3166-1 alpha-2), Latin America first; `ZZ` is "another".
pub const COUNTRIES: [&str; 24] = [
    "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY", "PE",
    "PR", "UY", "VE", "ES", "PT", "US", "ZZ",
];

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/signup", post(signup))
        .route("/{lang}/login", post(login))
        .route("/{lang}/login/code", post(login_code))
        .route("/{lang}/logout", post(logout))
        .route("/{lang}/verify/{token}", post(verify))
        .route("/{lang}/account/verify/resend", post(resend_verification))
        .route("/{lang}/conduct/accept", post(accept_conduct))
        .route("/{lang}/account/2fa", post(totp_enable))
        .route("/{lang}/account/2fa/disable", post(totp_disable))
        .route("/{lang}/password/forgot", post(forgot_password))
        .route("/{lang}/password/reset/{token}", post(reset_password))
        .route("/{lang}/account/password", post(change_password))
        .route("/{lang}/account/email", post(request_email_change))
        .route("/{lang}/email/confirm/{token}", post(confirm_email_change))
        .route("/{lang}/account/profile", post(update_profile))
        .route("/{lang}/account/sessions/{prefix}/end", post(end_session))
        .route("/{lang}/account/export", axum::routing::get(export_data))
        .route("/{lang}/account/delete", post(delete_account))
        .route("/{lang}/admin/users/{id}/role", post(admin_role))
        .route("/{lang}/admin/users/{id}/disable", post(admin_disable))
        .route("/{lang}/admin/outbox/{id}/retry", post(admin_retry_email))
}

fn login_redirect(locale: Locale) -> Response {
    see_other(&format!("/{}/login", locale.code()), vec![])
}

fn current_hash(parts: &http::request::Parts) -> Option<String> {
    parts.extensions.get::<CurrentSession>().map(|s| s.token_hash.clone())
}

async fn forgot_password(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let ip = client_ip(&parts);
    if let Err(wait) = web.limits.check_ip(ip) {
        return too_many(locale, wait);
    }
    let Ok(email) = Email::parse(form.get("email").map(String::as_str).unwrap_or_default()) else {
        let st = FormState {
            values: form,
            errors: vec![("email".into(), InputError::EmailInvalid.code().into())],
            ..Default::default()
        };
        return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    if let Err(wait) = web.limits.check_account(&format!("reset:{}", email.as_str()), ip) {
        return too_many(locale, wait);
    }
    let result: anyhow::Result<()> = async {
        let Some(row) = store::login_row(&web.pool, &email).await? else { return Ok(()) };
        if row.disabled {
            return Ok(());
        }
        let mut tx = web.pool.begin().await?;
        let token = store::issue_token(&mut tx, row.id, TokenPurpose::Reset, None).await?;
        let url = link(&web, row.locale, &format!("password/reset/{token}"));
        mail::enqueue(
            &mut tx,
            Some(row.id),
            email.as_str(),
            mail::compose(row.locale, "email-reset", &row.display_name, &url),
        )
        .await?;
        tx.commit().await?;
        web.mail_notify.notify_one();
        Ok(())
    }
    .await;
    if let Err(e) = result {
        return internal(locale, e);
    }
    // The same answer whether or not the address has an account.
    see_other(&format!("/{}/password/forgot?sent=1", locale.code()), vec![])
}

async fn reset_password(
    State(web): State<Web>,
    Path((lang, token)): Path<(String, String)>,
    req: Request,
) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    if let Err(wait) = web.limits.check_ip(client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let password = match NewPassword::parse(
        form.get("password").map(String::as_str).unwrap_or_default(),
        password::is_common,
    ) {
        Ok(p) => p,
        Err(e) => {
            let st = FormState { errors: vec![("password".into(), e.code().into())], ..Default::default() };
            return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let hash = match password::hash(password.expose().to_owned()).await {
        Ok(h) => h,
        Err(e) => return internal(locale, e),
    };
    let result: anyhow::Result<bool> = async {
        let mut tx = web.pool.begin().await?;
        let Some((user_id, _)) = store::consume_token(&mut tx, &token, TokenPurpose::Reset).await? else {
            return Ok(false);
        };
        // Every session ends: whoever knew the old password is out.
        store::set_password(&mut tx, user_id, &hash, None).await?;
        store::mark_verified(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(true)
    }
    .await;
    match result {
        Ok(true) => see_other(
            &format!("/{}/login?reset=1", locale.code()),
            vec![(header::SET_COOKIE, web.clear_session_cookie())],
        ),
        Ok(false) => {
            let st = FormState { notice: Some("account-link-invalid".into()), ..Default::default() };
            web.render(&parts, st, StatusCode::GONE).await
        }
        Err(e) => internal(locale, e),
    }
}

/// Checks the current password of the signed-in person (for sensitive changes).
async fn confirm_password(web: &Web, user_id: i64, given: &str) -> anyhow::Result<bool> {
    match store::password_hash(&web.pool, user_id).await? {
        Some(h) => password::verify(given.to_owned(), h).await,
        None => Ok(false),
    }
}

async fn change_password(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let Some(a) = actor(&parts) else { return login_redirect(locale) };
    if let Err(wait) = web.limits.check_account(&format!("pw:{}", a.user_id), client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let mut st = FormState::default();
    match confirm_password(&web, a.user_id, get("current")).await {
        Ok(true) => {}
        Ok(false) => st.errors.push(("current".into(), "account-password-wrong".into())),
        Err(e) => return internal(locale, e),
    }
    let new = NewPassword::parse(get("new"), password::is_common).map_err(|e| st.push("new", e)).ok();
    let (Some(new), true) = (new, st.errors.is_empty()) else {
        return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let result: anyhow::Result<()> = async {
        let hash = password::hash(new.expose().to_owned()).await?;
        let mut tx = web.pool.begin().await?;
        store::set_password(&mut tx, a.user_id, &hash, current_hash(&parts).as_deref()).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/{}/account?password=1", locale.code()), vec![]),
        Err(e) => internal(locale, e),
    }
}

async fn request_email_change(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let Some(a) = actor(&parts) else { return login_redirect(locale) };
    if let Err(wait) = web.limits.check_account(&format!("email:{}", a.user_id), client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let mut st = FormState { values: form.clone(), ..Default::default() };
    st.values.remove("password");
    let email = Email::parse(get("email")).map_err(|e| st.push("email", e)).ok();
    match confirm_password(&web, a.user_id, get("password")).await {
        Ok(true) => {}
        Ok(false) => st.errors.push(("password".into(), "account-password-wrong".into())),
        Err(e) => return internal(locale, e),
    }
    let (Some(email), true) = (email, st.errors.is_empty()) else {
        return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let result: anyhow::Result<()> = async {
        let mut tx = web.pool.begin().await?;
        let token =
            store::issue_token(&mut tx, a.user_id, TokenPurpose::EmailChange, Some(email.as_str())).await?;
        let url = link(&web, a.locale, &format!("email/confirm/{token}"));
        mail::enqueue(
            &mut tx,
            Some(a.user_id),
            email.as_str(),
            mail::compose(a.locale, "email-change", &a.display_name, &url),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            web.mail_notify.notify_one();
            see_other(&format!("/{}/account?email=1", locale.code()), vec![])
        }
        Err(e) => internal(locale, e),
    }
}

async fn confirm_email_change(
    State(web): State<Web>,
    Path((lang, token)): Path<(String, String)>,
    req: Request,
) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = form_of(req).await;
    if let Err(wait) = web.limits.check_ip(client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let result: anyhow::Result<Option<bool>> = async {
        let mut tx = web.pool.begin().await?;
        let Some((user_id, Some(new_email))) =
            store::consume_token(&mut tx, &token, TokenPurpose::EmailChange).await?
        else {
            return Ok(None);
        };
        let changed = store::change_email(&mut tx, user_id, &new_email).await?;
        tx.commit().await?;
        Ok(Some(changed))
    }
    .await;
    match result {
        Ok(Some(true)) => see_other(&format!("/{}/account?email-changed=1", locale.code()), vec![]),
        Ok(Some(false)) => {
            let st = FormState { notice: Some("account-email-taken".into()), ..Default::default() };
            web.render(&parts, st, StatusCode::CONFLICT).await
        }
        Ok(None) => {
            let st = FormState { notice: Some("account-link-invalid".into()), ..Default::default() };
            web.render(&parts, st, StatusCode::GONE).await
        }
        Err(e) => internal(locale, e),
    }
}

async fn update_profile(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let Some(a) = actor(&parts) else { return login_redirect(locale) };
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let mut st = FormState { values: form.clone(), ..Default::default() };
    let name = DisplayName::parse(get("name")).map_err(|e| st.push("name", e)).ok();
    let new_locale = Locale::from_segment(get("locale"));
    if new_locale.is_none() {
        st.errors.push(("locale".into(), "account-locale-invalid".into()));
    }
    if !COUNTRIES.contains(&get("country")) {
        st.errors.push(("country".into(), "account-country-invalid".into()));
    }
    let institution = get("institution").trim().to_owned();
    if institution.is_empty()
        || institution.chars().count() > 120
        || institution.chars().any(char::is_control)
    {
        st.errors.push(("institution".into(), "account-institution-invalid".into()));
    }
    let (Some(name), Some(new_locale), true) = (name, new_locale, st.errors.is_empty()) else {
        return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let profile = store::Profile {
        name: name.as_str().to_owned(),
        locale: new_locale.code().to_owned(),
        country: get("country").to_owned(),
        institution,
        notify_replies: get("notify_replies") == "yes",
        notify_cohorts: get("notify_cohorts") == "yes",
        notify_governance: get("notify_governance") == "yes",
    };
    match store::update_profile(&web.pool, a.user_id, &profile).await {
        Ok(()) => see_other(&format!("/{}/account?saved=1", new_locale.code()), vec![]),
        Err(e) => internal(locale, e),
    }
}

async fn end_session(
    State(web): State<Web>,
    Path((lang, prefix)): Path<(String, String)>,
    req: Request,
) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = form_of(req).await;
    let Some(a) = actor(&parts) else { return login_redirect(locale) };
    match store::delete_session_by_prefix(&web.pool, a.user_id, &prefix).await {
        Ok(_) => see_other(&format!("/{}/account", locale.code()), vec![]),
        Err(e) => internal(locale, e),
    }
}

async fn export_data(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = req.into_parts();
    let Some(a) = actor(&parts) else { return login_redirect(locale) };
    match store::export(&web.pool, a.user_id).await {
        Ok(json) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"puente-my-data.json\""),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&json).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => internal(locale, e),
    }
}

async fn delete_account(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let Some(a) = actor(&parts) else { return login_redirect(locale) };
    let mut st = FormState::default();
    if form.get("confirm").map(String::as_str) != Some("yes") {
        st.errors.push(("confirm".into(), "account-delete-confirm".into()));
    }
    match confirm_password(&web, a.user_id, form.get("password").map(String::as_str).unwrap_or_default())
        .await
    {
        Ok(true) => {}
        Ok(false) => st.errors.push(("delete-password".into(), "account-password-wrong".into())),
        Err(e) => return internal(locale, e),
    }
    if !st.errors.is_empty() {
        return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if let Err(e) = web.notebooks.stop_user(a.user_id, "user").await {
        return internal(locale, e);
    }
    match store::delete_account(&web.pool, a.user_id).await {
        Ok(()) => see_other(
            &format!("/{}/?deleted=1", locale.code()),
            vec![(header::SET_COOKIE, web.clear_session_cookie())],
        ),
        Err(e) => internal(locale, e),
    }
}

/// The admin behind this request, or the translated refusal.
fn admin(parts: &http::request::Parts, locale: Locale) -> Result<super::authz::Actor, Box<Response>> {
    let a = actor(parts);
    match authorize(a.as_ref(), Action::Administer) {
        Ok(()) => a.ok_or_else(|| {
            Box::new(crate::web::plain_error(locale, StatusCode::UNAUTHORIZED, "error-unauthenticated"))
        }),
        Err(e) => Err(Box::new(crate::web::plain_error(
            locale,
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN),
            e.code(),
        ))),
    }
}

fn back_to_users(locale: Locale, form: &HashMap<String, String>) -> String {
    let back = form.get("back").map(String::as_str).unwrap_or_default();
    safe_next(Some(back), &format!("/{}/admin/users", locale.code()))
}

async fn admin_role(State(web): State<Web>, Path((lang, id)): Path<(String, i64)>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let me = match admin(&parts, locale) {
        Ok(a) => a,
        Err(r) => return *r,
    };
    let Some(role) = form.get("role").and_then(|r| super::authz::Role::parse(r)) else {
        return crate::web::plain_error(locale, StatusCode::UNPROCESSABLE_ENTITY, "error-bad-request");
    };
    let grant = form.get("grant").map(String::as_str) == Some("yes");
    if !grant && role == super::authz::Role::Admin && id == me.user_id {
        // An admin cannot remove their own admin role by accident and lock everyone out.
        return crate::web::plain_error(locale, StatusCode::CONFLICT, "admin-cannot-demote-self");
    }
    match store::set_role(&web.pool, id, role, grant, me.user_id).await {
        Ok(_) => {
            tracing::info!(admin = me.user_id, user = id, role = role.code(), grant, "role changed");
            see_other(&back_to_users(locale, &form), vec![])
        }
        Err(e) => internal(locale, e),
    }
}

async fn admin_disable(
    State(web): State<Web>,
    Path((lang, id)): Path<(String, i64)>,
    req: Request,
) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let me = match admin(&parts, locale) {
        Ok(a) => a,
        Err(r) => return *r,
    };
    let disable = form.get("disabled").map(String::as_str) == Some("yes");
    if disable && id == me.user_id {
        return crate::web::plain_error(locale, StatusCode::CONFLICT, "admin-cannot-disable-self");
    }
    let result = match store::set_disabled(&web.pool, id, disable).await {
        // A disabled person's notebooks stop with their sessions.
        Ok(()) if disable => web.notebooks.stop_user(id, "admin").await,
        other => other,
    };
    match result {
        Ok(()) => {
            tracing::info!(admin = me.user_id, user = id, disable, "account disabled state changed");
            see_other(&back_to_users(locale, &form), vec![])
        }
        Err(e) => internal(locale, e),
    }
}

async fn admin_retry_email(
    State(web): State<Web>,
    Path((lang, id)): Path<(String, i64)>,
    req: Request,
) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = form_of(req).await;
    if let Err(r) = admin(&parts, locale) {
        return *r;
    }
    match mail::retry_dead(&web.pool, id).await {
        Ok(_) => {
            web.mail_notify.notify_one();
            see_other(&format!("/{}/admin/outbox", locale.code()), vec![])
        }
        Err(e) => internal(locale, e),
    }
}

fn locale_of(lang: &str) -> Locale {
    Locale::from_segment(lang).unwrap_or_default()
}

/// Reads an urlencoded body into a map; anything else is an empty form (and fails validation).
async fn form_of(req: Request) -> (http::request::Parts, HashMap<String, String>) {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let map = serde_urlencoded_pairs(&bytes);
    (parts, map)
}

fn serde_urlencoded_pairs(bytes: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn client_ip(parts: &http::request::Parts) -> std::net::IpAddr {
    parts.extensions.get::<ClientIp>().map(|c| c.0).unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]))
}

fn actor(parts: &http::request::Parts) -> Option<super::authz::Actor> {
    parts.extensions.get::<CurrentUser>().and_then(|c| c.0.clone())
}

fn internal(locale: Locale, e: anyhow::Error) -> Response {
    tracing::error!(error = ?e, "account action failed");
    crate::web::plain_error(locale, StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
}

fn link(web: &Web, locale: Locale, path: &str) -> String {
    format!("{}/{}/{}", web.public_base, locale.code(), path)
}

async fn signup(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    if let Err(wait) = web.limits.check_ip(client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let mut state = FormState { values: form.clone(), ..Default::default() };
    state.values.remove("password");
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let name = DisplayName::parse(get("name")).map_err(|e| state.push("name", e)).ok();
    let email = Email::parse(get("email")).map_err(|e| state.push("email", e)).ok();
    let password =
        NewPassword::parse(get("password"), password::is_common).map_err(|e| state.push("password", e)).ok();
    let user_locale = Locale::from_segment(get("locale"));
    if user_locale.is_none() {
        state.errors.push(("locale".into(), "account-locale-invalid".into()));
    }
    let country = get("country").to_owned();
    if !COUNTRIES.contains(&country.as_str()) {
        state.errors.push(("country".into(), "account-country-invalid".into()));
    }
    let institution = get("institution").trim().to_owned();
    if institution.is_empty()
        || institution.chars().count() > 120
        || institution.chars().any(char::is_control)
    {
        state.errors.push(("institution".into(), "account-institution-invalid".into()));
    }
    if get("conduct") != "yes" {
        state.errors.push(("conduct".into(), "account-conduct-required".into()));
    }
    let (Some(name), Some(email), Some(password), Some(user_locale), true) =
        (name, email, password, user_locale, state.errors.is_empty())
    else {
        return web.render(&parts, state, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    // Hash before looking at the database so both outcomes take the same time.
    let hash = match password::hash(password.expose().to_owned()).await {
        Ok(h) => h,
        Err(e) => return internal(locale, e),
    };
    let result: anyhow::Result<()> = async {
        let mut tx = web.pool.begin().await?;
        let new = NewUser {
            email: email.clone(),
            name: name.clone(),
            password_hash: Some(hash),
            locale: user_locale,
            country,
            institution,
            conduct_version: CONDUCT_VERSION,
            verified: false,
        };
        if let Some(user_id) = store::create_user(&mut tx, &new).await? {
            let token = store::issue_token(&mut tx, user_id, TokenPurpose::Verify, None).await?;
            let url = link(&web, user_locale, &format!("verify/{token}"));
            mail::enqueue(
                &mut tx,
                Some(user_id),
                email.as_str(),
                mail::compose(user_locale, "email-verify", name.as_str(), &url),
            )
            .await?;
        }
        // An existing address gets no second account and no hint that it exists.
        tx.commit().await?;
        Ok(())
    }
    .await;
    if let Err(e) = result {
        return internal(locale, e);
    }
    web.mail_notify.notify_one();
    see_other(&format!("/{}/signup/sent", locale.code()), vec![])
}

/// A dummy hash so unknown emails cost the same argon2 work as known ones.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$WzpQ0nNgcq1Cc6nX0XcCX0ybv1Zl3g3ApOaXSQdXGnU";

async fn login(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let ip = client_ip(&parts);
    if let Err(wait) = web.limits.check_ip(ip) {
        return too_many(locale, wait);
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let mut state = FormState { values: form.clone(), ..Default::default() };
    state.values.remove("password");
    let next = safe_next(form.get("next").map(String::as_str), &format!("/{}/account", locale.code()));
    let remember = get("remember") == "yes";
    let email = Email::parse(get("email")).ok();
    if let Some(email) = &email {
        if let Err(wait) = web.limits.check_account(email.as_str(), ip) {
            return too_many(locale, wait);
        }
    }
    let row = match &email {
        Some(e) => match store::login_row(&web.pool, e).await {
            Ok(r) => r,
            Err(e) => return internal(locale, e),
        },
        None => None,
    };
    let stored = row.as_ref().and_then(|r| r.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = password::verify(get("password").to_owned(), stored).await.unwrap_or(false);
    let Some(row) = row.filter(|r| ok && !r.disabled) else {
        state.notice = Some("account-login-failed".into());
        return web.render(&parts, state, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let ua = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let session = NewSession {
        user_id: row.id,
        remember,
        mfa_pending: row.totp_enabled,
        user_agent: ua,
        ip: &ip.to_string(),
    };
    // A new id at login: whatever id the browser had before is never reused.
    if let Some(old) = parts.extensions.get::<CurrentSession>() {
        let _ = store::delete_session(&web.pool, &old.token_hash).await;
    }
    let token = match store::create_session(&web.pool, &session).await {
        Ok(t) => t,
        Err(e) => return internal(locale, e),
    };
    let cookie = (header::SET_COOKIE, web.session_cookie(&token, remember));
    if row.totp_enabled {
        let to = format!("/{}/login/code?next={}", locale.code(), encode(&next));
        return see_other(&to, vec![cookie]);
    }
    see_other(&after_login(&web, row.id, locale, &next).await, vec![cookie])
}

/// Where to go once fully logged in: the code of conduct first if a new version awaits.
async fn after_login(web: &Web, user_id: i64, locale: Locale, next: &str) -> String {
    match store::actor(&web.pool, user_id).await {
        Ok(Some(a)) if a.conduct_version < CONDUCT_VERSION => {
            format!("/{}/conduct/accept?next={}", locale.code(), encode(next))
        }
        _ => next.to_owned(),
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

async fn login_code(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let ip = client_ip(&parts);
    if let Err(wait) = web.limits.check_ip(ip) {
        return too_many(locale, wait);
    }
    let next = safe_next(form.get("next").map(String::as_str), &format!("/{}/account", locale.code()));
    let Some(session) = parts.extensions.get::<CurrentSession>().filter(|s| s.mfa_pending).cloned() else {
        return see_other(&format!("/{}/login", locale.code()), vec![]);
    };
    let state = match store::find_session_by_hash(&web.pool, &session.token_hash).await {
        Ok(Some(s)) => s,
        Ok(None) => return see_other(&format!("/{}/login", locale.code()), vec![]),
        Err(e) => return internal(locale, e),
    };
    if let Err(wait) = web.limits.check_account(&format!("totp:{}", state.user_id), ip) {
        return too_many(locale, wait);
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let valid = async {
        let Some((secret, true)) = totp::secret(&web.pool, state.user_id).await? else { return Ok(false) };
        let email = store::actor_email(&web.pool, state.user_id).await?.unwrap_or_default();
        if totp::check(&secret, &email, &code)? {
            return Ok(true);
        }
        totp::use_recovery_code(&web.pool, state.user_id, &code).await
    }
    .await;
    match valid {
        Ok(true) => {}
        Ok(false) => {
            let st = FormState { notice: Some("account-code-wrong".into()), ..Default::default() };
            return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return internal(locale, e),
    }
    let token = match store::rotate_session(&web.pool, &state, false).await {
        Ok(t) => t,
        Err(e) => return internal(locale, e),
    };
    let to = after_login(&web, state.user_id, locale, &next).await;
    see_other(&to, vec![(header::SET_COOKIE, web.session_cookie(&token, state.remember))])
}

async fn logout(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    if let Some(s) = parts.extensions.get::<CurrentSession>() {
        let everywhere = form.get("everywhere").map(String::as_str) == Some("yes");
        // Ending a session also ends its notebook credentials and closes its notebook WebSockets.
        let result = match (everywhere, actor(&parts)) {
            (true, Some(a)) => match store::delete_user_sessions(&web.pool, a.user_id, None).await {
                Ok(_) => web.notebooks.revoke_user(a.user_id).await,
                Err(e) => Err(e),
            },
            _ => match store::delete_session(&web.pool, &s.token_hash).await {
                Ok(()) => web.notebooks.revoke_session(&s.token_hash).await,
                Err(e) => Err(e),
            },
        };
        if let Err(e) = result {
            return internal(locale, e);
        }
    }
    see_other(&format!("/{}/", locale.code()), vec![(header::SET_COOKIE, web.clear_session_cookie())])
}

async fn verify(
    State(web): State<Web>,
    Path((lang, token)): Path<(String, String)>,
    req: Request,
) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = form_of(req).await;
    if let Err(wait) = web.limits.check_ip(client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let result: anyhow::Result<bool> = async {
        let mut tx = web.pool.begin().await?;
        let Some((user_id, _)) = store::consume_token(&mut tx, &token, TokenPurpose::Verify).await? else {
            return Ok(false);
        };
        store::mark_verified(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(true)
    }
    .await;
    match result {
        // Signed in: back to the account; otherwise to the login page, which says it worked.
        Ok(true) if actor(&parts).is_some() => {
            see_other(&format!("/{}/account?verified=1", locale.code()), vec![])
        }
        Ok(true) => see_other(&format!("/{}/login?verified=1", locale.code()), vec![]),
        Ok(false) => {
            let st = FormState { notice: Some("account-link-invalid".into()), ..Default::default() };
            web.render(&parts, st, StatusCode::GONE).await
        }
        Err(e) => internal(locale, e),
    }
}

async fn resend_verification(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = form_of(req).await;
    let Some(a) = actor(&parts) else {
        return see_other(&format!("/{}/login", locale.code()), vec![]);
    };
    if let Err(wait) = web.limits.check_account(&format!("resend:{}", a.user_id), client_ip(&parts)) {
        return too_many(locale, wait);
    }
    if !a.verified {
        let result: anyhow::Result<()> = async {
            let mut tx = web.pool.begin().await?;
            let token = store::issue_token(&mut tx, a.user_id, TokenPurpose::Verify, None).await?;
            let url = link(&web, a.locale, &format!("verify/{token}"));
            mail::enqueue(
                &mut tx,
                Some(a.user_id),
                &a.email,
                mail::compose(a.locale, "email-verify", &a.display_name, &url),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        if let Err(e) = result {
            return internal(locale, e);
        }
        web.mail_notify.notify_one();
    }
    see_other(&format!("/{}/account?resent=1", locale.code()), vec![])
}

async fn accept_conduct(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let Some(a) = actor(&parts) else {
        return see_other(&format!("/{}/login", locale.code()), vec![]);
    };
    let next = safe_next(form.get("next").map(String::as_str), &format!("/{}/account", locale.code()));
    if form.get("conduct").map(String::as_str) != Some("yes") {
        let st = FormState {
            errors: vec![("conduct".into(), "account-conduct-required".into())],
            ..Default::default()
        };
        return web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if let Err(e) = store::accept_conduct(&web.pool, a.user_id, CONDUCT_VERSION).await {
        return internal(locale, e);
    }
    see_other(&next, vec![])
}

async fn totp_enable(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let a = actor(&parts);
    if let Err(e) = authorize(a.as_ref(), Action::ManageOwnAccount) {
        return crate::web::plain_error(
            locale,
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN),
            e.code(),
        );
    }
    let Some(a) = a else { return see_other(&format!("/{}/login", locale.code()), vec![]) };
    if let Err(wait) = web.limits.check_account(&format!("totp:{}", a.user_id), client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let result: anyhow::Result<Option<Vec<String>>> = async {
        let Some((secret, false)) = totp::secret(&web.pool, a.user_id).await? else { return Ok(None) };
        if !totp::check(&secret, &a.email, &code)? {
            return Ok(None);
        }
        let codes = totp::new_recovery_codes();
        let mut tx = web.pool.begin().await?;
        totp::enable(&mut tx, a.user_id, &codes).await?;
        tx.commit().await?;
        Ok(Some(codes))
    }
    .await;
    match result {
        Ok(Some(codes)) => {
            let st =
                FormState { notice: Some("account-totp-enabled".into()), extra: codes, ..Default::default() };
            // The privilege epoch moved: the session layer rotates this session's id on the next request.
            web.render(&parts, st, StatusCode::OK).await
        }
        Ok(None) => {
            let st = FormState {
                errors: vec![("code".into(), "account-code-wrong".into())],
                ..Default::default()
            };
            web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => internal(locale, e),
    }
}

async fn totp_disable(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let Some(a) = actor(&parts) else { return see_other(&format!("/{}/login", locale.code()), vec![]) };
    if let Err(wait) = web.limits.check_account(&format!("totp:{}", a.user_id), client_ip(&parts)) {
        return too_many(locale, wait);
    }
    let confirmed = async {
        let Some((secret, true)) = totp::secret(&web.pool, a.user_id).await? else { return Ok(false) };
        totp::check(&secret, &a.email, form.get("code").map(String::as_str).unwrap_or_default())
    }
    .await;
    match confirmed {
        Ok(true) => match totp::disable(&web.pool, a.user_id).await {
            Ok(()) => see_other(&format!("/{}/account/2fa", locale.code()), vec![]),
            Err(e) => internal(locale, e),
        },
        Ok(false) => {
            let st = FormState {
                errors: vec![("disable-code".into(), "account-code-wrong".into())],
                ..Default::default()
            };
            web.render(&parts, st, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => internal(locale, e),
    }
}

/// Finds the session behind the cookie and puts the person in the request's extensions.
/// Rotates the id when privileges changed; clears a cookie that names no live session.
pub async fn session_layer(State(web): State<Web>, mut req: Request<Body>, next: Next) -> Response {
    let csrf = crate::web::cookie(req.headers(), web.csrf_cookie_name())
        .filter(|t| t.len() == 43 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(str::to_owned);
    let new_csrf = csrf.is_none().then(super::secret::new_token);
    req.extensions_mut().insert(crate::web::CsrfToken(csrf.or(new_csrf.clone()).unwrap_or_default()));
    let token = crate::web::cookie(req.headers(), web.session_cookie_name()).map(str::to_owned);
    let mut set_cookie = None;
    let mut current = CurrentUser(None);
    if let Some(token) = token {
        match store::find_session(&web.pool, &token).await {
            Ok(Some(mut s)) => {
                if s.must_rotate && !s.mfa_pending {
                    match store::rotate_session(&web.pool, &s, false).await {
                        Ok(new_token) => {
                            set_cookie = Some(web.session_cookie(&new_token, s.remember));
                            s.token_hash = super::secret::hash_token(&new_token);
                        }
                        Err(e) => tracing::error!(error = ?e, "session rotation failed"),
                    }
                }
                if !s.mfa_pending {
                    match store::actor(&web.pool, s.user_id).await {
                        Ok(a) => current = CurrentUser(a),
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
    // Private pages send visitors to the login page and back (checked here, before rendering,
    // so the redirect is a real 302 and no private markup is produced).
    if req.method() == http::Method::GET {
        if let Some((locale, area)) = private_page(req.uri().path()) {
            let refusal = match (area, authorize(current.0.as_ref(), Action::Administer)) {
                (_, _) if current.0.is_none() => None,
                ("admin", Err(e)) if e.code() == "account-totp-required" => {
                    Some(see_other(&format!("/{}/account/2fa", locale.code()), vec![]))
                }
                ("admin", Err(e)) => Some(crate::web::plain_error(
                    locale,
                    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN),
                    e.code(),
                )),
                _ => None,
            };
            if let Some(r) = refusal {
                return r;
            }
        }
    }
    if current.0.is_none() && req.method() == http::Method::GET {
        if let Some((locale, _)) = private_page(req.uri().path()) {
            let target = format!("/{}/login?next={}", locale.code(), encode(req.uri().path()));
            let mut res = StatusCode::FOUND.into_response();
            if let Ok(v) = http::HeaderValue::from_str(&target) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            if let Some(c) = set_cookie {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            return res;
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

/// `/{lang}/account…` pages need a signed-in person, `/{lang}/admin…` an admin.
fn private_page(path: &str) -> Option<(Locale, &'static str)> {
    let mut segments = path.trim_start_matches('/').split('/');
    let locale = Locale::from_segment(segments.next()?)?;
    match segments.next()? {
        "account" | "dashboard" | "notebooks" => Some((locale, "account")),
        "admin" => Some((locale, "admin")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_percent_and_plus() {
        let m = serde_urlencoded_pairs(b"name=Mar%C3%ADa+Jos%C3%A9&email=a%40b.example&empty=&x");
        assert_eq!(m["name"], "María José");
        assert_eq!(m["email"], "a@b.example");
        assert_eq!(m["empty"], "");
        assert_eq!(m["x"], "");
        assert_eq!(serde_urlencoded_pairs(b"bad=%C3")["bad"], "\u{fffd}", "invalid UTF-8 never panics");
    }

    #[test]
    fn account_pages_are_private() {
        assert_eq!(private_page("/pt/account"), Some((Locale::Pt, "account")));
        assert_eq!(private_page("/es/account/2fa"), Some((Locale::Es, "account")));
        assert_eq!(private_page("/en/admin/users"), Some((Locale::En, "admin")));
        assert_eq!(private_page("/es/accounts"), None);
        assert_eq!(private_page("/es/"), None);
    }

    #[test]
    fn next_is_percent_encoded_in_redirects() {
        assert_eq!(encode("/pt/account?x=1&y=2"), "/pt/account%3Fx%3D1%26y%3D2");
    }
}

//! Sign-up, email verification and the code of conduct.

use super::{check_place, hashing, link, store};
use crate::accounts::store::{NewUser, TokenPurpose};
use crate::accounts::types::{DisplayName, Email, NewPassword};
use crate::accounts::CONDUCT_VERSION;
use crate::http::form::FormState;
use crate::http::{safe_next, Web};
use crate::http::{see_other, Ctx, Form, Reply, Rerender};
use crate::i18n::Locale;
use crate::mail;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;

pub async fn signup(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    ctx.limit_ip(&web)?;
    let mut state = FormState::with_values(form.kept(&["password"]));
    let name = DisplayName::parse(form.get("name")).map_err(|e| state.push("name", e.code())).ok();
    let email = Email::parse(form.get("email")).map_err(|e| state.push("email", e.code())).ok();
    let password = NewPassword::parse(form.get("password"), hashing::is_common)
        .map_err(|e| state.push("password", e.code()))
        .ok();
    let user_locale = Locale::from_segment(form.get("locale"));
    if user_locale.is_none() {
        state.push("locale", "account-locale-invalid");
    }
    let (country, institution) = check_place(&form, &mut state);
    if !form.checked("conduct") {
        state.push("conduct", "account-conduct-required");
    }
    let (Some(name), Some(email), Some(password), Some(user_locale), true) =
        (name, email, password, user_locale, state.is_ok())
    else {
        return Ok(Rerender::invalid(ctx.href("signup"), state).into());
    };
    // Hash before looking at the database so both outcomes take the same time.
    let hash = hashing::hash(password.expose().to_owned()).await?;
    let mut tx = crate::kernel::db::begin(&web.pool).await?;
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
    match store::create_user(&mut tx, &new).await? {
        Some(user_id) => {
            mail::enqueue(
                &mut tx,
                Some(user_id),
                email.as_str(),
                mail::compose_token(user_locale, "email-verify", name.as_str(), verify_link(user_locale)),
            )
            .await?;
        }
        None => {
            // The address already has an account: no second one and no hint on the page, but its
            // owner learns what happened and where to go (log in, or reset the password).
            let url = link(&web, user_locale, "login");
            mail::enqueue(
                &mut tx,
                None,
                email.as_str(),
                mail::compose(user_locale, "email-exists", name.as_str(), &url),
            )
            .await?;
        }
    }
    tx.commit().await?;
    web.mail_notify.notify_one();
    Ok(see_other(&ctx.href("signup/sent"), vec![]))
}

/// The confirmation link of a new account (made when the email is sent).
fn verify_link(locale: Locale) -> mail::TokenLink {
    mail::TokenLink { purpose: "verify".into(), path: format!("/{}/verify/", locale.code()), new_email: None }
}

pub async fn verify(State(web): State<Web>, ctx: Ctx, Path((_, token)): Path<(String, String)>) -> Reply {
    ctx.limit_ip(&web)?;
    let mut tx = crate::kernel::db::begin(&web.pool).await?;
    let Some((user_id, _)) = store::consume_token(&mut tx, &token, TokenPurpose::Verify).await? else {
        let state = FormState::notice("account-link-invalid");
        return Ok(
            Rerender::with_status(ctx.href(&format!("verify/{token}")), state, StatusCode::GONE).into()
        );
    };
    store::mark_verified(&mut tx, user_id).await?;
    tx.commit().await?;
    // Signed in: straight to the dashboard; otherwise to the login page, which says it worked.
    if ctx.actor.is_some() {
        return Ok(see_other(&ctx.href("dashboard?verified=1"), vec![]));
    }
    Ok(see_other(&ctx.href("login?verified=1"), vec![]))
}

pub async fn resend_verification(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.actor()?;
    ctx.limit(&web, &format!("resend:{}", a.user_id))?;
    if !a.verified {
        let mut tx = crate::kernel::db::begin(&web.pool).await?;
        mail::enqueue(
            &mut tx,
            Some(a.user_id),
            &a.email,
            mail::compose_token(a.locale, "email-verify", &a.display_name, verify_link(a.locale)),
        )
        .await?;
        tx.commit().await?;
        web.mail_notify.notify_one();
    }
    let back = safe_next(Some(form.get("next")), &ctx.href("account"));
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(see_other(&format!("{back}{sep}resent=1"), vec![]))
}

pub async fn accept_conduct(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.actor()?;
    let next = safe_next(Some(form.get("next")), &ctx.href("dashboard"));
    if !form.checked("conduct") {
        let mut state = FormState::with_values(form.kept(&[]));
        state.push("conduct", "account-conduct-required");
        let page = format!("{}?next={}", ctx.href("conduct/accept"), super::encode(&next));
        return Ok(Rerender::invalid(page, state).into());
    }
    store::accept_conduct(&web.pool, a.user_id, CONDUCT_VERSION).await?;
    Ok(see_other(&next, vec![]).into_response())
}

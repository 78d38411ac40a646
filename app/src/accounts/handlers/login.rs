//! Log in (password, then the second factor when enabled), log out, end one session.

use super::{hashing, store};
use crate::accounts::store::NewSession;
use crate::accounts::types::Email;
use crate::accounts::{totp, CONDUCT_VERSION};
use crate::http::form::FormState;
use crate::http::{safe_next, Web};
use crate::http::{see_other, Ctx, Form, Reply, Rerender};
use axum::extract::{Path, State};
use axum::http::header;

/// Wrong codes one pending sign-in may send before it ends.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

/// A dummy hash so unknown emails cost the same argon2 work as known ones.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$WzpQ0nNgcq1Cc6nX0XcCX0ybv1Zl3g3ApOaXSQdXGnU";

pub async fn login(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    ctx.limit_ip(&web)?;
    let mut state = FormState::with_values(form.kept(&["password"]));
    let next = safe_next(Some(form.get("next")), &ctx.href("dashboard"));
    let remember = form.checked("remember");
    let email = Email::parse(form.get("email")).ok();
    if let Some(email) = &email {
        ctx.limit(&web, email.as_str())?;
    }
    let row = match &email {
        Some(e) => store::login_row(&web.pool, e).await?,
        None => None,
    };
    let stored = row.as_ref().and_then(|r| r.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = hashing::verify(form.get("password").to_owned(), stored).await.unwrap_or(false);
    let Some(row) = row.filter(|r| ok && !r.disabled) else {
        state.notice = Some("account-login-failed".into());
        return Ok(Rerender::invalid(ctx.href("login"), state).into());
    };
    let session = NewSession {
        user_id: row.id,
        remember,
        mfa_pending: row.totp_enabled,
        user_agent: &ctx.user_agent,
        ip: &ctx.ip.to_string(),
    };
    // A new id at login: whatever id the browser had before is never reused.
    if let Some(old) = ctx.session_hash() {
        store::delete_session(&web.pool, old).await?;
    }
    let token = store::create_session(&web.pool, &session).await?;
    let cookie = (header::SET_COOKIE, super::session_cookie(&web, &token, remember));
    if row.totp_enabled {
        let to = format!("{}?next={}", ctx.href("login/code"), super::encode(&next));
        return Ok(see_other(&to, vec![cookie]));
    }
    Ok(see_other(&after_login(&web, row.id, &ctx, &next).await, vec![cookie]))
}

/// Where to go once fully logged in: the code of conduct first if a new version awaits.
async fn after_login(web: &Web, user_id: i64, ctx: &Ctx, next: &str) -> String {
    match store::actor(&web.pool, user_id).await {
        Ok(Some(a)) if a.conduct_version < CONDUCT_VERSION => {
            format!("{}?next={}", ctx.href("conduct/accept"), super::encode(next))
        }
        _ => next.to_owned(),
    }
}

pub async fn login_code(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    ctx.limit_ip(&web)?;
    let next = safe_next(Some(form.get("next")), &ctx.href("dashboard"));
    let Some(session) = ctx.session.clone().filter(|s| s.mfa_pending) else {
        return Ok(see_other(&ctx.href("login"), vec![]));
    };
    let Some(state) = store::find_session_by_hash(&web.pool, &session.token_hash).await? else {
        return Ok(see_other(&ctx.href("login"), vec![]));
    };
    ctx.limit(&web, &format!("totp:{}", state.user_id))?;
    // Also per account, whatever the address: guessing codes from many addresses gets nowhere.
    web.limits
        .check_key(&format!("totp-account:{}", state.user_id))
        .map_err(|retry_after_secs| crate::errors::AppError::RateLimited { retry_after_secs })?;
    let code = form.get("code").to_owned();
    let valid = match totp::secret(&web.pool, &web.secrets, state.user_id).await? {
        Some((secret, true)) => {
            let email = store::actor_email(&web.pool, state.user_id).await?.unwrap_or_default();
            totp::check_once(&web.pool, state.user_id, &secret, &email, &code).await?
                || totp::use_recovery_code(&web.pool, state.user_id, &code).await?
        }
        _ => false,
    };
    if !valid {
        // A pending sign-in gets a few tries; then it ends and the password is asked again.
        if store::count_mfa_failure(&web.pool, &session.token_hash).await? >= MAX_CODE_ATTEMPTS {
            store::delete_session(&web.pool, &session.token_hash).await?;
            return Ok(see_other(
                &ctx.href("login?codes=1"),
                vec![(header::SET_COOKIE, web.clear_session_cookie())],
            ));
        }
        let st = FormState::notice("account-code-wrong");
        let page = format!("{}?next={}", ctx.href("login/code"), super::encode(&next));
        return Ok(Rerender::invalid(page, st).into());
    }
    let token = store::rotate_session(&web.pool, &state, true).await?;
    let to = after_login(&web, state.user_id, &ctx, &next).await;
    Ok(see_other(&to, vec![(header::SET_COOKIE, super::session_cookie(&web, &token, state.remember))]))
}

pub async fn logout(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    if let Some(hash) = ctx.session_hash() {
        // Ending a session also ends its notebook credentials and closes its notebook WebSockets.
        match (form.checked("everywhere"), &ctx.actor) {
            (true, Some(a)) => {
                store::delete_user_sessions(&web.pool, a.user_id, None).await?;
                web.people.all_sessions_ended(a.user_id).await?;
            }
            _ => {
                store::delete_session(&web.pool, hash).await?;
                web.people.session_ended(hash).await?;
            }
        }
    }
    Ok(see_other(&ctx.href(""), vec![(header::SET_COOKIE, web.clear_session_cookie())]))
}

/// Ends one of the person's other sessions (a lost phone, say), with its notebook access.
pub async fn end_session(
    State(web): State<Web>,
    ctx: Ctx,
    Path((_, prefix)): Path<(String, String)>,
) -> Reply {
    let a = ctx.actor()?;
    if let Some(hash) = store::delete_session_by_prefix(&web.pool, a.user_id, &prefix).await? {
        web.people.session_ended(&hash).await?;
    }
    Ok(see_other(&ctx.href("account?ended=1"), vec![]))
}

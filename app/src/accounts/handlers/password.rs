//! Forgotten, reset and changed passwords.

use super::{confirm_password, hashing, store};
use crate::accounts::store::TokenPurpose;
use crate::accounts::types::{Email, NewPassword};
use crate::http::form::FormState;
use crate::http::Web;
use crate::http::{see_other, Ctx, Form, Reply, Rerender};
use crate::jobs;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};

pub async fn forgot_password(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    ctx.limit_ip(&web)?;
    let Ok(email) = Email::parse(form.get("email")) else {
        let mut st = FormState::with_values(form.kept(&[]));
        st.push("email", "account-email-invalid");
        return Ok(Rerender::invalid(ctx.href("password/forgot"), st).into());
    };
    ctx.limit(&web, &format!("reset:{}", email.as_str()))?;
    // The same work whether or not the address has an account: one row for a job that looks the
    // address up and, if it has an account, sends the link. Nothing here takes longer for either.
    let job = jobs::NewJob::now(
        super::super::jobs::PASSWORD_RESET,
        crate::kernel::tokens::new_token(),
        serde_json::json!({ "email": email.as_str() }),
    );
    jobs::enqueue(&web.pool, &job).await?;
    web.jobs_notify.notify_one();
    // The same answer whether or not the address has an account.
    Ok(see_other(&ctx.href("password/forgot?sent=1"), vec![]))
}

pub async fn reset_password(
    State(web): State<Web>,
    ctx: Ctx,
    Path((_, token)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    ctx.limit_ip(&web)?;
    let page = ctx.href(&format!("password/reset/{token}"));
    let password = match NewPassword::parse(form.get("password"), hashing::is_common) {
        Ok(p) => p,
        Err(e) => {
            let mut st = FormState::default();
            st.push("password", e.code());
            return Ok(Rerender::invalid(page, st).into());
        }
    };
    let hash = hashing::hash(password.expose().to_owned()).await?;
    let mut tx = crate::kernel::db::begin(&web.pool).await?;
    let Some((user_id, _)) = store::consume_token(&mut tx, &token, TokenPurpose::Reset).await? else {
        return Ok(
            Rerender::with_status(page, FormState::notice("account-link-invalid"), StatusCode::GONE).into()
        );
    };
    store::retire_tokens(&mut tx, user_id, TokenPurpose::Reset).await?;
    // Every session ends: whoever knew the old password is out, notebooks included.
    store::set_password(&mut tx, user_id, &hash, None).await?;
    store::mark_verified(&mut tx, user_id).await?;
    tx.commit().await?;
    web.people.all_sessions_ended(user_id).await?;
    Ok(see_other(&ctx.href("login?reset=1"), vec![(header::SET_COOKIE, web.clear_session_cookie())]))
}

pub async fn change_password(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.actor()?;
    ctx.limit(&web, &format!("pw:{}", a.user_id))?;
    let mut st = FormState::default();
    if !confirm_password(&web, a.user_id, form.get("current")).await? {
        st.push("current", "account-password-wrong");
    }
    let new =
        NewPassword::parse(form.get("new"), hashing::is_common).map_err(|e| st.push("new", e.code())).ok();
    let (Some(new), true) = (new, st.is_ok()) else {
        return Ok(Rerender::invalid(ctx.href("account"), st).into());
    };
    let hash = hashing::hash(new.expose().to_owned()).await?;
    let keep = ctx.session_hash();
    let mut tx = crate::kernel::db::begin(&web.pool).await?;
    store::set_password(&mut tx, a.user_id, &hash, keep).await?;
    tx.commit().await?;
    // The other sessions ended with the old password; so do their notebook credentials.
    web.people.other_sessions_ended(a.user_id, keep.unwrap_or_default()).await?;
    Ok(see_other(&ctx.href("account?password=1"), vec![]))
}

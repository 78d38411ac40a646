//! Forgotten, reset and changed passwords.

use super::{confirm_password, hashing, link, store};
use crate::accounts::store::TokenPurpose;
use crate::accounts::types::{Email, NewPassword};
use crate::http::{see_other, Ctx, Form, Reply, Rerender};
use crate::mail;
use crate::ui::form::FormState;
use crate::web::Web;
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
    if let Some(row) = store::login_row(&web.pool, &email).await?.filter(|r| !r.disabled) {
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
    }
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
    let mut tx = web.pool.begin().await?;
    let Some((user_id, _)) = store::consume_token(&mut tx, &token, TokenPurpose::Reset).await? else {
        return Ok(
            Rerender::with_status(page, FormState::notice("account-link-invalid"), StatusCode::GONE).into()
        );
    };
    // Every session ends: whoever knew the old password is out, notebooks included.
    store::set_password(&mut tx, user_id, &hash, None).await?;
    store::mark_verified(&mut tx, user_id).await?;
    tx.commit().await?;
    web.notebooks.revoke_user(user_id).await?;
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
    let mut tx = web.pool.begin().await?;
    store::set_password(&mut tx, a.user_id, &hash, keep).await?;
    tx.commit().await?;
    // The other sessions ended with the old password; so do their notebook credentials.
    web.notebooks.revoke_other_sessions(a.user_id, keep.unwrap_or_default()).await?;
    Ok(see_other(&ctx.href("account?password=1"), vec![]))
}

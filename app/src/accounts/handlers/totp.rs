//! Two-factor login: turning it on (with recovery codes) and off.

use crate::accounts::totp;
use crate::auth::Action;
use crate::http::form::FormState;
use crate::http::Web;
use crate::http::{see_other, Ctx, Form, Reply, Rerender};
use axum::extract::State;
use axum::http::StatusCode;

pub async fn totp_enable(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.allowed(Action::ManageOwnAccount)?;
    ctx.limit(&web, &format!("totp:{}", a.user_id))?;
    let page = ctx.href("account/2fa");
    let code = form.get("code");
    let secret = match totp::secret(&web.pool, &web.secrets, a.user_id).await? {
        Some((secret, false)) => secret,
        // Already on (another tab): the page says so.
        _ => return Ok(see_other(&page, vec![])),
    };
    if !totp::check_once(&web.pool, a.user_id, &secret, &a.email, code).await? {
        let mut st = FormState::default();
        st.push("code", "account-code-wrong");
        return Ok(Rerender::invalid(page, st).into());
    }
    let codes = totp::new_recovery_codes();
    let mut tx = crate::kernel::db::begin(&web.pool).await?;
    totp::enable(&mut tx, a.user_id, &codes).await?;
    // Proven just now, in this session.
    if let Some(hash) = ctx.session_hash() {
        crate::accounts::store::mark_mfa_completed(&mut *tx, hash).await?;
    }
    tx.commit().await?;
    // The privilege epoch moved: the session layer rotates this session's id on the next request.
    let st = FormState { notice: Some("account-totp-enabled".into()), extra: codes, ..FormState::default() };
    Ok(Rerender::with_status(page, st, StatusCode::OK).into())
}

pub async fn totp_disable(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.actor()?;
    ctx.limit(&web, &format!("totp:{}", a.user_id))?;
    let page = ctx.href("account/2fa");
    let confirmed = match totp::secret(&web.pool, &web.secrets, a.user_id).await? {
        Some((secret, true)) => {
            totp::check_once(&web.pool, a.user_id, &secret, &a.email, form.get("disable-code")).await?
        }
        _ => false,
    };
    if !confirmed {
        let mut st = FormState::default();
        st.push("disable-code", "account-code-wrong");
        return Ok(Rerender::invalid(page, st).into());
    }
    totp::disable(&web.pool, a.user_id).await?;
    Ok(see_other(&format!("{page}?disabled=1"), vec![]))
}

//! Profile, email change, data export and account deletion.

use super::{check_place, confirm_password, store};
use crate::accounts::store::TokenPurpose;
use crate::accounts::types::{DisplayName, Email};
use crate::http::form::FormState;
use crate::http::Web;
use crate::http::{see_other, Ctx, Form, Reply, Rerender};
use crate::i18n::Locale;
use crate::mail;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;

pub async fn request_email_change(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.actor()?;
    ctx.limit(&web, &format!("email:{}", a.user_id))?;
    let mut st = FormState::with_values(form.kept(&["password"]));
    let email = Email::parse(form.get("email")).map_err(|e| st.push("email", e.code())).ok();
    if !confirm_password(&web, a.user_id, form.get("password")).await? {
        st.push("password", "account-password-wrong");
    }
    let (Some(email), true) = (email, st.is_ok()) else {
        return Ok(Rerender::invalid(ctx.href("account"), st).into());
    };
    let mut tx = crate::kernel::db::begin(&web.pool).await?;
    let confirm = mail::TokenLink {
        purpose: "email-change".into(),
        path: format!("/{}/email/confirm/", a.locale.code()),
        new_email: Some(email.as_str().to_owned()),
    };
    mail::enqueue(
        &mut tx,
        Some(a.user_id),
        email.as_str(),
        mail::compose_token(a.locale, "email-change", &a.display_name, confirm),
    )
    .await?;
    tx.commit().await?;
    web.mail_notify.notify_one();
    Ok(see_other(&ctx.href("account?email=1"), vec![]))
}

pub async fn confirm_email_change(
    State(web): State<Web>,
    ctx: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> Reply {
    ctx.limit_ip(&web)?;
    let page = ctx.href(&format!("email/confirm/{token}"));
    let mut tx = crate::kernel::db::begin(&web.pool).await?;
    let Some((user_id, Some(new_email))) =
        store::consume_token(&mut tx, &token, TokenPurpose::EmailChange).await?
    else {
        return Ok(
            Rerender::with_status(page, FormState::notice("account-link-invalid"), StatusCode::GONE).into()
        );
    };
    let changed = store::change_email(&mut tx, user_id, &new_email).await?;
    tx.commit().await?;
    if !changed {
        return Ok(Rerender::with_status(
            page,
            FormState::notice("account-email-taken"),
            StatusCode::CONFLICT,
        )
        .into());
    }
    Ok(see_other(&ctx.href("account?email-changed=1"), vec![]))
}

pub async fn update_profile(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.actor()?;
    let mut st = FormState::with_values(form.kept(&[]));
    let name = DisplayName::parse(form.get("name")).map_err(|e| st.push("name", e.code())).ok();
    let new_locale = Locale::from_segment(form.get("locale"));
    if new_locale.is_none() {
        st.push("locale", "account-locale-invalid");
    }
    let (country, institution) = check_place(&form, &mut st);
    // A form without the field (an older page) keeps the stored choice.
    let digest = match form.get("digest") {
        "" => store::profile(&web.pool, a.user_id)
            .await?
            .and_then(|p| crate::accounts::types::Digest::parse(&p.digest)),
        sent => crate::accounts::types::Digest::parse(sent),
    };
    if digest.is_none() {
        st.push("digest", "profile-digest-invalid");
    }
    let zone = form.get("time_zone").trim().to_owned();
    if !zone.is_empty() && crate::kernel::zones::parse(&zone).is_none() {
        st.push("time_zone", "profile-zone-invalid");
    }
    let (Some(name), Some(new_locale), Some(digest), true) = (name, new_locale, digest, st.is_ok()) else {
        return Ok(Rerender::invalid(ctx.href("account"), st).into());
    };
    let profile = store::Profile {
        name: name.as_str().to_owned(),
        locale: new_locale.code().to_owned(),
        country,
        institution,
        notify_replies: form.checked("notify_replies"),
        notify_cohorts: form.checked("notify_cohorts"),
        notify_governance: form.checked("notify_governance"),
        digest: digest.code().to_owned(),
        time_zone: zone,
    };
    store::update_profile(&web.pool, a.user_id, &profile).await?;
    Ok(see_other(&format!("/{}/account?saved=1", new_locale.code()), vec![]))
}

pub async fn export_data(State(web): State<Web>, ctx: Ctx) -> Reply {
    let a = ctx.actor()?;
    let json = web.people.export(&web.pool, a.user_id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"puente-my-data.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    )
        .into_response())
}

pub async fn delete_account(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let a = ctx.actor()?;
    ctx.limit(&web, &format!("delete:{}", a.user_id))?;
    let mut st = FormState::default();
    if !form.checked("confirm") {
        st.push("confirm", "account-delete-confirm");
    }
    if !confirm_password(&web, a.user_id, form.get("password")).await? {
        st.push("delete-password", "account-password-wrong");
    }
    if !st.is_ok() {
        return Ok(Rerender::invalid(ctx.href("account"), st).into());
    }
    // Every domain erases its part (the workspace goes, progress goes…), the account row last.
    web.people.erase(&web.pool, a.user_id).await?;
    Ok(see_other(&ctx.href("?deleted=1"), vec![(header::SET_COOKIE, web.clear_session_cookie())]))
}

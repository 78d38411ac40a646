//! The admins' actions on people: roles, disabling, and retrying a dead email.

use super::store;
use crate::auth::{Action, Role};
use crate::http::form::FormState;
use crate::http::{safe_next, Web};
use crate::http::{see_other, Ctx, Form, Reply, Rerender};
use crate::mail;
use axum::extract::{Path, State};
use axum::http::StatusCode;

fn back_to_users(ctx: &Ctx, form: &crate::http::FormData) -> String {
    safe_next(Some(form.get("back")), &ctx.href("admin/users"))
}

pub async fn admin_role(
    State(web): State<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let me = ctx.allowed(Action::Administer)?;
    let back = back_to_users(&ctx, &form);
    let Some(role) = Role::parse(form.get("role")) else {
        return Ok(Rerender::invalid(back, FormState::notice("admin-role-unknown")).into());
    };
    let grant = form.checked("grant");
    if !grant && role == Role::Admin && id == me.user_id {
        // An admin cannot remove their own admin role by accident and lock everyone out.
        return Ok(Rerender::with_status(
            back,
            FormState::notice("admin-cannot-demote-self"),
            StatusCode::CONFLICT,
        )
        .into());
    }
    store::set_role(&web.pool, id, role, grant, me.user_id).await?;
    if !grant {
        // Powers end at once, also in open notebook sessions held through them.
        web.people.privileges_lost(id).await?;
    }
    tracing::info!(admin = me.user_id, user = id, role = role.code(), grant, "role changed");
    Ok(see_other(&back, vec![]))
}

pub async fn admin_disable(
    State(web): State<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let me = ctx.allowed(Action::Administer)?;
    let back = back_to_users(&ctx, &form);
    let disable = form.checked("disabled");
    if disable && id == me.user_id {
        return Ok(Rerender::with_status(
            back,
            FormState::notice("admin-cannot-disable-self"),
            StatusCode::CONFLICT,
        )
        .into());
    }
    store::set_disabled(&web.pool, id, disable).await?;
    if disable {
        // A disabled person's notebooks stop with their sessions.
        web.people.disabled(id).await?;
    }
    tracing::info!(admin = me.user_id, user = id, disable, "account disabled state changed");
    Ok(see_other(&back, vec![]))
}

pub async fn admin_retry_email(
    State(web): State<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
) -> Reply {
    ctx.allowed(Action::Administer)?;
    mail::retry_dead(&web.pool, id).await?;
    web.mail_notify.notify_one();
    Ok(see_other(&ctx.href("admin/outbox"), vec![]))
}

pub async fn admin_retry_job(State(web): State<Web>, ctx: Ctx, Path((_, id)): Path<(String, i64)>) -> Reply {
    let me = ctx.allowed(Action::Administer)?;
    if crate::jobs::retry_dead(&web.pool, id).await? {
        tracing::info!(admin = me.user_id, job = id, "dead job put back in the queue");
        web.jobs_notify.notify_one();
    }
    Ok(see_other(&ctx.href("admin/jobs?show=pending"), vec![]))
}

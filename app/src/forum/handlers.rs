//! Forum actions over HTTP: forms that work without JavaScript, each answered with a redirect
//! to where the change shows, or the same page with the problem explained (422, or 409 for a
//! conflict such as posting too soon). Who may do what is decided in the service.

use super::policy::Reader;
use super::service;
use super::store::{self, CategoryInput};
use super::types::{Decision, FlagReason, Kind, Level, Posting, Visibility};
use crate::errors::AppError;
use crate::http::form::FormState;
use crate::http::{rerender, see_other, Ctx, Form, FormData, Reply, Rerender, Web};
use crate::i18n::Locale;
use crate::lessons::Library;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/forum/new", post(create_topic))
        .route("/{lang}/forum/t/{topic}/reply", post(reply))
        .route("/{lang}/forum/t/{topic}/level", post(level))
        .route("/{lang}/forum/posts/{id}/edit", post(edit))
        .route("/{lang}/forum/posts/{id}/delete", post(delete))
        .route("/{lang}/forum/posts/{id}/{toggle}", post(toggle))
        .route("/{lang}/forum/posts/{id}/flag", post(flag))
        .route("/{lang}/forum/review/{id}", post(decide))
        .route("/{lang}/forum/notifications/read", post(read_notifications))
        .route("/{lang}/forum/discuss/{course}/{episode}", get(discuss))
        .route("/{lang}/forum/log.csv", get(log_csv))
        .route("/{lang}/admin/forum/categories", post(save_category))
        .route("/{lang}/forum/unsubscribe/{token}", post(unsubscribe))
}

async fn reader(web: &Web, ctx: &Ctx) -> Result<Reader, AppError> {
    store::reader(&web.pool, ctx.actor.clone()).await
}

fn topic_href(locale: Locale, id: i64, slug: &str, number: Option<i64>) -> String {
    let anchor = number.map(|n| format!("#post-{n}")).unwrap_or_default();
    format!("/{}/forum/t/{id}-{slug}{anchor}", locale.code())
}

/// Posting is limited per person and per address on top of the forum's own pace.
fn limit_posting(web: &Web, ctx: &Ctx) -> Result<(), AppError> {
    ctx.limit_ip(web)?;
    if let Some(a) = &ctx.actor {
        ctx.limit(web, &format!("forum-post:{}", a.user_id))?;
    }
    Ok(())
}

/// A post larger than any form Puente reads arrives empty: say why.
fn too_large(page: String, form: &FormData) -> Option<Reply> {
    form.too_large().then(|| {
        rerender(
            page,
            form,
            AppError::Validation { field: "body".into(), code: "forum-post-too-long".into() },
        )
    })
}

fn login_first(ctx: &Ctx, back: &str) -> Option<Reply> {
    ctx.actor.is_none().then(|| Ok(see_other(&crate::http::urls::login_then(ctx.locale, back), vec![])))
}

async fn create_topic(AxState(web): AxState<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let page = ctx.href(&format!("forum/new?c={}", crate::http::urls::query_value(form.get("category"))));
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    if let Some(r) = too_large(page.clone(), &form) {
        return r;
    }
    limit_posting(&web, &ctx)?;
    let reader = reader(&web, &ctx).await?;
    // A category one may not read is as unknown as one that does not exist.
    let category = store::category_by_slug(&web.pool, form.get("category"))
        .await?
        .filter(|c| super::policy::may_read(&reader, c));
    let Some(category) = category else {
        let unknown =
            AppError::Validation { field: "category".into(), code: "forum-category-invalid".into() };
        return rerender(page, &form, unknown);
    };
    match service::create_topic(
        &web.pool,
        &web.public_base,
        &reader,
        &category,
        form.get("title"),
        form.get("body"),
    )
    .await
    {
        Ok((id, slug)) => {
            web.mail_notify.notify_one();
            Ok(see_other(&topic_href(ctx.locale, id, &slug, None), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

fn topic_id(segment: &str) -> Result<i64, AppError> {
    super::types::topic_id(segment).ok_or(AppError::NotFound)
}

async fn reply(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, topic)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let id = topic_id(&topic)?;
    let page = ctx.href(&format!("forum/t/{topic}"));
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    if let Some(r) = too_large(page.clone(), &form) {
        return r;
    }
    limit_posting(&web, &ctx)?;
    let reader = reader(&web, &ctx).await?;
    let reply_to = form.get("reply_to").parse::<i64>().ok();
    match service::reply(&web.pool, &web.public_base, &reader, id, form.get("body"), reply_to).await {
        Ok(n) => {
            web.mail_notify.notify_one();
            let t = store::topic_by_id(&web.pool, id).await?.ok_or(AppError::NotFound)?;
            Ok(see_other(&topic_href(ctx.locale, id, &t.slug, Some(n)), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn level(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, topic)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let id = topic_id(&topic)?;
    let reader = reader(&web, &ctx).await?;
    let level = Level::parse(form.get("level"))
        .ok_or(AppError::Validation { field: "level".into(), code: "forum-level-invalid".into() })?;
    let t = service::follow(&web.pool, &reader, id, level).await?;
    Ok(see_other(&topic_href(ctx.locale, t.id, &t.slug, None), vec![]))
}

async fn edit(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href(&format!("forum/posts/{id}/edit"));
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    if let Some(r) = too_large(page.clone(), &form) {
        return r;
    }
    limit_posting(&web, &ctx)?;
    let reader = reader(&web, &ctx).await?;
    match service::edit(&web.pool, &reader, id, form.get("body"), form.get("reason")).await {
        Ok((t, n)) => Ok(see_other(&topic_href(ctx.locale, t.id, &t.slug, Some(n)), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

async fn delete(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let reader = reader(&web, &ctx).await?;
    let t = service::delete(&web.pool, &reader, id, form.get("reason")).await?;
    if t.deleted || store::topic_by_id(&web.pool, t.id).await?.is_some_and(|x| x.deleted) {
        return Ok(see_other(&ctx.href("forum"), vec![]));
    }
    Ok(see_other(&topic_href(ctx.locale, t.id, &t.slug, None), vec![]))
}

/// The topic page a post is on (where an action on the post is answered).
async fn page_of_post(web: &Web, ctx: &Ctx, post_id: i64) -> Result<String, AppError> {
    let post = store::post_by_id(&web.pool, post_id).await?.ok_or(AppError::NotFound)?;
    let t = store::topic_by_id(&web.pool, post.topic_id).await?.ok_or(AppError::NotFound)?;
    Ok(ctx.href(&format!("forum/t/{}-{}", t.id, t.slug)))
}

/// Like, bookmark, or mark as the answer (or undo): answered on the topic page, where a
/// conflict (liking one's own post) shows above the posts.
async fn toggle(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, id, what)): Path<(String, i64, String)>,
    Form(form): Form,
) -> Reply {
    ctx.actor()?;
    let reader = reader(&web, &ctx).await?;
    let on = form.get("on") != "no";
    let result = match what.as_str() {
        "like" => service::like(&web.pool, &reader, id, on).await,
        "bookmark" => service::bookmark(&web.pool, &reader, id, on).await,
        "solve" => service::solve(&web.pool, &reader, id, on).await,
        _ => return Err(AppError::NotFound),
    };
    match result {
        Ok((t, n)) => Ok(see_other(&topic_href(ctx.locale, t.id, &t.slug, Some(n)), vec![])),
        Err(AppError::Conflict { code }) => {
            rerender(page_of_post(&web, &ctx, id).await?, &form, AppError::Conflict { code })
        }
        Err(e) => Err(e),
    }
}

async fn flag(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    ctx.actor()?;
    ctx.limit(&web, &format!("forum-flag:{}", ctx.actor()?.user_id))?;
    let reader = reader(&web, &ctx).await?;
    let page = ctx.href(&format!("forum/posts/{id}/flag"));
    let Some(reason) = FlagReason::parse(form.get("reason")) else {
        // Checked readable first: a post one may not read does not exist.
        let post = store::post_by_id(&web.pool, id).await?.ok_or(AppError::NotFound)?;
        service::readable_topic(&web.pool, &reader, post.topic_id).await?;
        return rerender(page, &form, AppError::Conflict { code: "forum-flag-reason-invalid".into() });
    };
    match service::flag(&web.pool, &reader, id, reason, form.get("note")).await {
        Ok((t, n)) => Ok(see_other(
            &format!("{}?flagged=1#post-{n}", topic_href(ctx.locale, t.id, &t.slug, None)),
            vec![],
        )),
        Err(AppError::Validation { code, .. }) => rerender(page, &form, AppError::Conflict { code }),
        Err(e) => rerender(page, &form, e),
    }
}

async fn decide(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href("forum/review");
    let reader = reader(&web, &ctx).await?;
    super::policy::may_moderate(&reader)?;
    let Some(decision) = Decision::parse(form.get("decision")) else {
        return rerender(page, &form, AppError::Conflict { code: "forum-decision-invalid".into() });
    };
    let days = form.get("days").trim().parse::<i64>().unwrap_or(0);
    match service::decide(&web.pool, &reader, id, decision, form.get("reason"), days).await {
        Ok(()) => Ok(see_other(&format!("{page}?decided=1"), vec![])),
        Err(AppError::Validation { code, .. }) => rerender(page, &form, AppError::Conflict { code }),
        Err(e) => rerender(page, &form, e),
    }
}

async fn read_notifications(AxState(web): AxState<Web>, ctx: Ctx) -> Reply {
    let user = ctx.actor()?.user_id;
    super::notifications::mark_all_read(&web.pool, user).await?;
    Ok(see_other(&ctx.href("forum/notifications"), vec![]))
}

/// "Discuss this episode": its topic in the course's category, made on first use.
async fn discuss(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, course, episode)): Path<(String, String, String)>,
) -> Reply {
    let library = web.service::<Library>()?;
    let catalog = library.get();
    let c = catalog.course(&course).ok_or(AppError::NotFound)?;
    let (_, ep) = c.episode(&episode).ok_or(AppError::NotFound)?;
    let title_in = |l: Locale| c.title.get(l).to_owned();
    let category = store::course_category(
        &web.pool,
        &course,
        [&title_in(Locale::Es), &title_in(Locale::Pt), &title_in(Locale::En)],
    )
    .await?;
    let ep_title =
        ep.text_for(ctx.locale).map(|(_, t)| t.front.title.clone()).unwrap_or_else(|| episode.clone());
    let link = crate::http::urls::episode(ctx.locale, &course, &episode);
    let intro =
        crate::i18n::t_args(ctx.locale, "forum-episode-intro", &[("episode", &ep_title), ("link", &link)]);
    let topic = service::episode_topic(&web.pool, &category, &course, &episode, &ep_title, &intro).await?;
    Ok(see_other(&topic_href(ctx.locale, topic.id, &topic.slug, None), vec![]))
}

/// The moderation log as CSV, for admins.
async fn log_csv(AxState(web): AxState<Web>, ctx: Ctx) -> Reply {
    ctx.allowed(crate::auth::Action::Administer)?;
    let rows = super::notifications::mod_log(&web.pool, 100_000).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::from(anyhow::Error::from(e));
    w.write_record(["at", "moderator", "action", "post", "author", "reason"]).map_err(io)?;
    for r in rows {
        w.write_record([
            crate::ui::widgets::format_time(r.at),
            r.moderator.unwrap_or_else(|| "Puente".into()),
            r.action,
            r.post_id.map(|p| p.to_string()).unwrap_or_default(),
            r.target.unwrap_or_default(),
            r.reason,
        ])
        .map_err(io)?;
    }
    let body = w.into_inner().map_err(|e| AppError::from(anyhow::anyhow!("csv: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"moderation-log.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Reads a category's form, or the problems beside each field.
fn category_input(form: &FormData, st: &mut FormState) -> Option<CategoryInput> {
    let slug = crate::cohorts::types::parse_slug(form.get("slug"))
        .ok()
        .filter(|s| !s.starts_with("cohort-"))
        .ok_or("forum-category-slug-invalid")
        .map_err(|c| st.push("slug", c))
        .ok();
    let mut names = [String::new(), String::new(), String::new()];
    let mut descriptions = [String::new(), String::new(), String::new()];
    for (i, l) in ["es", "pt", "en"].iter().enumerate() {
        match crate::kernel::words::parse_line(
            form.get(&format!("name_{l}")),
            80,
            "forum-category-name-invalid",
        ) {
            Ok(n) => names[i] = n,
            Err(c) => st.push(&format!("name_{l}"), c),
        }
        match crate::kernel::words::parse_text(
            form.get(&format!("description_{l}")),
            500,
            "forum-category-description-invalid",
        ) {
            Ok(d) => descriptions[i] = d,
            Err(c) => st.push(&format!("description_{l}"), c),
        }
    }
    let position =
        crate::cohorts::types::parse_count(form.get("position"), 0, 1000, "forum-category-position-invalid")
            .map_err(|c| st.push("position", c))
            .ok();
    let visibility = Visibility::parse(form.get("visibility")).filter(|v| *v != Visibility::Cohort);
    if visibility.is_none() {
        st.push("visibility", "forum-category-visibility-invalid");
    }
    let posting = Posting::parse(form.get("posting"));
    if posting.is_none() {
        st.push("posting", "forum-category-posting-invalid");
    }
    let kind = Kind::parse(form.get("kind"));
    if kind.is_none() {
        st.push("kind", "forum-category-kind-invalid");
    }
    if !st.is_ok() {
        return None;
    }
    Some(CategoryInput {
        slug: slug?,
        names,
        descriptions,
        position: position?,
        visibility: visibility?,
        posting: posting?,
        kind: kind?,
    })
}

async fn save_category(AxState(web): AxState<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    ctx.allowed(crate::auth::Action::Administer)?;
    let page = ctx.href("admin/forum");
    let mut st = FormState::with_values(form.kept(&[]));
    let Some(input) = category_input(&form, &mut st) else {
        return Ok(Rerender::invalid(page, st).into());
    };
    let id = form.get("id").parse::<i64>().ok();
    match store::save_category(&web.pool, id, &input).await {
        Ok(_) => Ok(see_other(&format!("{page}?saved=1"), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

/// One-click unsubscribe from the forum's emails (RFC 8058): the secret is the address itself,
/// so a mail client may POST it without cookies; the page then says it is done.
async fn unsubscribe(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, token)): Path<(String, String)>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Reply {
    ctx.limit_ip(&web)?;
    let user = store::by_unsubscribe_token(&web.pool, &token).await?.ok_or(AppError::NotFound)?;
    // `?what=digest` (the digest's own link) stops the digest; otherwise reply and mention emails.
    let digest = query.as_deref() == Some("what=digest");
    let (page, notice) = if digest {
        crate::accounts::store::stop_digest(&web.pool, user).await?;
        (ctx.href(&format!("forum/unsubscribe/{token}?what=digest")), "forum-digest-unsubscribed")
    } else {
        crate::accounts::store::stop_forum_emails(&web.pool, user).await?;
        (ctx.href(&format!("forum/unsubscribe/{token}")), "forum-unsubscribed")
    };
    Ok(Rerender::with_status(page, FormState::notice(notice), axum::http::StatusCode::OK).into())
}

//! Surveys, certificates (and their public verification) and the Train-the-Trainer checkout.

use super::{links, rerender};
use crate::cohorts::certificates::{self, Keys};
use crate::cohorts::checkout;
use crate::cohorts::service;
use crate::cohorts::store;
use crate::cohorts::surveys;
use crate::cohorts::types::{self, StepResult, Survey};
use crate::errors::AppError;
use crate::http::form::FormState;
use crate::http::{see_other, Ctx, Form, Reply, Rerender, Web};
use crate::i18n::Locale;
use crate::lessons::Library;
use axum::extract::{Path, Request, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/cohorts/{slug}/surveys/{survey}", post(answer_survey))
        .route("/{lang}/cohorts/{slug}/results/questions", post(add_question))
        .route("/{lang}/cohorts/{slug}/certificates", post(issue))
        .route("/{lang}/cohorts/{slug}/certificates/{code}/revoke", post(revoke))
        .route("/verify/keys.json", get(keys))
        .route("/verify/{code}", get(verify))
        .route("/{lang}/checkout/slots/{slot}/book", post(book))
        .route("/{lang}/checkout/involvement", post(involvement))
        .route("/{lang}/checkout/queue/slots", post(add_slot))
        .route("/{lang}/checkout/queue/demos/{id}", post(evaluate_demo))
        .route("/{lang}/checkout/queue/involvements/{id}", post(evaluate_involvement))
        .route("/{lang}/checkout/queue/welcome/{user}", post(welcome))
        .route("/{lang}/checkout/queue/extend/{user}", post(extend))
}

async fn answer_survey(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug, survey)): Path<(String, String, String)>,
    Form(form): Form,
) -> Reply {
    let survey = Survey::parse(&survey).ok_or(AppError::NotFound)?;
    let actor = ctx.actor()?;
    let page = ctx.href(&format!("cohorts/{slug}/surveys/{}", survey.code()));
    let cohort = store::by_slug(&web.pool, &slug).await?.ok_or(AppError::NotFound)?;
    let questions = surveys::questions(&web.pool, cohort.id, survey).await?;
    let answers = match surveys::parse(&form, &questions) {
        Ok(a) => a,
        Err(problems) => {
            let mut st = FormState::with_values(form.kept(&[]));
            for (field, code) in problems {
                st.push(&field, code);
            }
            st.notice = Some("survey-problems".into());
            return Ok(Rerender::invalid(page, st).into());
        }
    };
    match surveys::submit(&web.pool, &cohort, actor.user_id, survey, &answers).await {
        Ok(()) => Ok(see_other(&ctx.href(&format!("cohorts/{slug}?survey={}", survey.code())), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

async fn add_question(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let cohort = service::managed(&web.pool, &slug, ctx.actor.as_ref()).await?;
    let page = ctx.href(&format!("cohorts/{slug}/results"));
    let mut st = FormState::with_values(form.kept(&[]));
    let survey = Survey::parse(form.get("survey"));
    if survey.is_none() {
        st.push("survey", "survey-kind-invalid");
    }
    let kind = form.get("kind");
    if !matches!(kind, "likert" | "text") {
        st.push("kind", "survey-kind-invalid");
    }
    let prompt = types::parse_line(form.get("prompt"), 300, "survey-prompt-invalid")
        .map_err(|c| st.push("prompt", c))
        .ok();
    let (Some(survey), Some(prompt), true) = (survey, prompt, st.is_ok()) else {
        return Ok(Rerender::invalid(page, st).into());
    };
    surveys::add_question(&web.pool, cohort.id, survey, kind, &prompt).await?;
    Ok(see_other(&format!("{page}?added=1#questions"), vec![]))
}

fn total_episodes(web: &Web, course: &str) -> i64 {
    web.service::<Library>()
        .ok()
        .and_then(|l| l.get().course(course).map(|c| c.episodes.len() as i64))
        .unwrap_or(0)
}

async fn issue(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let cohort = service::managed(&web.pool, &slug, ctx.actor.as_ref()).await?;
    let page = ctx.href(&format!("cohorts/{slug}/certificates"));
    let only: Vec<i64> = form.get("user").split(',').filter_map(|s| s.trim().parse().ok()).collect();
    if !form.get("user").trim().is_empty() && only.is_empty() {
        return Err(AppError::Validation { field: "user".into(), code: "certificate-not-a-learner".into() });
    }
    match certificates::issue(
        &web.pool,
        &links(&web),
        ctx.actor.as_ref(),
        &slug,
        &only,
        total_episodes(&web, &cohort.course),
    )
    .await
    {
        Ok(n) => {
            web.mail_notify.notify_one();
            Ok(see_other(&format!("{page}?issued={n}"), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn revoke(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug, code)): Path<(String, String, String)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href(&format!("cohorts/{slug}/certificates"));
    match certificates::revoke(&web.pool, ctx.actor.as_ref(), &slug, &code, form.get("reason")).await {
        Ok(()) => Ok(see_other(&format!("{page}?revoked=1"), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

fn json(value: &serde_json::Value) -> axum::response::Response {
    let mut res = (StatusCode::OK, value.to_string()).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    res
}

/// The published keys certificates are signed with.
async fn keys(AxState(web): AxState<Web>) -> Reply {
    let keys = web.service::<Arc<Keys>>()?;
    Ok(json(&keys.jwks()))
}

/// `/verify/{code}`: the certificate's page (in the reader's language), `.json` its signed
/// statement, `.pdf` its printable form (in the holder's language). No login.
async fn verify(AxState(web): AxState<Web>, ctx: Ctx, Path(code): Path<String>, req: Request) -> Reply {
    ctx.limit_ip(&web)?;
    let (code, format) = match code.rsplit_once('.') {
        Some((c, "json")) => (c.to_owned(), "json"),
        Some((c, "pdf")) => (c.to_owned(), "pdf"),
        Some(_) => return Err(AppError::NotFound),
        None => (code.clone(), "html"),
    };
    let code = types::normalise_code(&code);
    if code.len() != 26 {
        return Err(AppError::NotFound);
    }
    let (parts, _) = req.into_parts();
    let cert = certificates::by_code(&web.pool, &code).await?;
    match format {
        "html" => {
            let accept =
                parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let locale = Locale::negotiate(accept);
            let status = if cert.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
            Ok(web.render_at(&parts, &format!("/{}/certificates/{code}", locale.code()), (), status).await)
        }
        "json" => {
            let cert = cert.ok_or(AppError::NotFound)?;
            let keys = web.service::<Arc<Keys>>()?;
            let locale = Locale::from_segment(&cert.locale).unwrap_or_default();
            let course_title = course_title(&web, &cert.course, locale);
            let statement = certificates::statement(
                &cert,
                &course_title,
                &format!("{}/verify/{}", web.public_base, cert.code),
            );
            Ok(json(&keys.signed(&statement, &format!("{}/verify/keys.json", web.public_base))?))
        }
        _ => {
            let cert = cert.ok_or(AppError::NotFound)?;
            let fonts = web.service::<Arc<crate::cohorts::pdf::Fonts>>()?;
            let locale = Locale::from_segment(&cert.locale).unwrap_or_default();
            let course_title = course_title(&web, &cert.course, locale);
            let url = format!("{}/verify/{}", web.public_base, cert.code);
            let svg = crate::cohorts::pdf::svg(&cert, locale, &course_title, &url);
            let title = format!("{} — {}", cert.holder_name, cert.title);
            let issued_at = cert.issued_at;
            let bytes = tokio::task::spawn_blocking(move || {
                crate::cohorts::pdf::render(&svg, &fonts, &title, locale, issued_at)
            })
            .await
            .map_err(anyhow::Error::from)??;
            let mut res = (StatusCode::OK, bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            if let Ok(v) =
                HeaderValue::from_str(&format!("inline; filename=\"certificate-{}.pdf\"", cert.code))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            Ok(res)
        }
    }
}

pub fn course_title(web: &Web, course: &str, locale: Locale) -> String {
    web.service::<Library>()
        .ok()
        .and_then(|l| l.get().course(course).map(|c| c.title.get(locale).to_owned()))
        .unwrap_or_else(|| course.to_owned())
}

async fn book(AxState(web): AxState<Web>, ctx: Ctx, Path((_, slot)): Path<(String, i64)>) -> Reply {
    let page = ctx.href("checkout");
    match checkout::book(&web.pool, ctx.actor.as_ref(), slot).await {
        Ok(()) => Ok(see_other(&format!("{page}?booked=1"), vec![])),
        Err(e) => rerender(page, &Default::default(), e),
    }
}

async fn involvement(AxState(web): AxState<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let page = ctx.href("checkout");
    match checkout::submit_involvement(&web.pool, ctx.actor.as_ref(), form.get("url"), form.get("note")).await
    {
        Ok(()) => Ok(see_other(&format!("{page}?involvement=1"), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

async fn add_slot(AxState(web): AxState<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let page = ctx.href("checkout/queue");
    let mut st = FormState::with_values(form.kept(&[]));
    let zone = types::parse_time_zone(form.get("time_zone")).map_err(|c| st.push("time_zone", c)).ok();
    let at = zone.as_ref().and_then(|z| {
        types::parse_local(form.get("date"), form.get("time"), z).map_err(|c| st.push("date", c)).ok()
    });
    let minutes = types::parse_count(form.get("minutes"), 15, 240, "cohort-duration-invalid")
        .map_err(|c| st.push("minutes", c))
        .ok();
    let capacity = types::parse_count(form.get("capacity"), 1, 50, "cohort-capacity-invalid")
        .map_err(|c| st.push("capacity", c))
        .ok();
    let link = types::parse_link(form.get("link")).map_err(|c| st.push("link", c)).ok();
    if let (Some(at), Some(minutes)) = (at, minutes) {
        if at + minutes * 60 <= crate::kernel::clock::now() {
            st.push("date", "checkout-slot-past");
        }
    }
    let (Some(at), Some(minutes), Some(capacity), Some(link), true) =
        (at, minutes, capacity, link, st.is_ok())
    else {
        return Ok(Rerender::invalid(page, st).into());
    };
    checkout::add_slot(&web.pool, ctx.actor.as_ref(), at, minutes, &link, capacity).await?;
    Ok(see_other(&format!("{page}?slot=1"), vec![]))
}

async fn evaluate_demo(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href("checkout/queue");
    let result = StepResult::parse(form.get("result")).unwrap_or(StepResult::NotEvaluated);
    let growth: Vec<String> = form
        .pairs()
        .filter_map(|(k, v)| k.strip_prefix("g-").filter(|_| v == "yes").map(str::to_owned))
        .collect();
    match checkout::evaluate_demo(
        &web.pool,
        &links(&web),
        ctx.actor.as_ref(),
        id,
        result,
        &growth,
        form.get("notes"),
    )
    .await
    {
        Ok(()) => {
            web.mail_notify.notify_one();
            Ok(see_other(&format!("{page}?evaluated=1"), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn evaluate_involvement(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href("checkout/queue");
    let result = StepResult::parse(form.get("result")).unwrap_or(StepResult::NotEvaluated);
    match checkout::evaluate_involvement(&web.pool, &links(&web), ctx.actor.as_ref(), id, result).await {
        Ok(()) => {
            web.mail_notify.notify_one();
            Ok(see_other(&format!("{page}?evaluated=1"), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn welcome(AxState(web): AxState<Web>, ctx: Ctx, Path((_, user)): Path<(String, i64)>) -> Reply {
    let page = ctx.href("checkout/queue");
    match checkout::record_welcome(&web.pool, &links(&web), ctx.actor.as_ref(), user).await {
        Ok(()) => {
            web.mail_notify.notify_one();
            Ok(see_other(&format!("{page}?welcomed=1"), vec![]))
        }
        Err(e) => rerender(page, &Default::default(), e),
    }
}

async fn extend(AxState(web): AxState<Web>, ctx: Ctx, Path((_, user)): Path<(String, i64)>) -> Reply {
    let page = ctx.href("checkout/queue");
    match checkout::extend(&web.pool, ctx.actor.as_ref(), user).await {
        Ok(_) => Ok(see_other(&format!("{page}?extended=1"), vec![])),
        Err(e) => rerender(page, &Default::default(), e),
    }
}

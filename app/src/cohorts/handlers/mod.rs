//! Cohort actions: create and edit, move along its life, the team, the schedule, joining and
//! leaving, decisions on applications, attendance, the roster's CSV and the calendar feeds.
//! Every handler decides through the service, which asks the cohort's policy.

mod more;

use crate::cohorts::service::{self, Decision, Joined, Links};
use crate::cohorts::store::{self, CohortInput, SessionInput};
use crate::cohorts::types::{self, Attendance, Enrolment, Role, State, Visibility};
use crate::errors::AppError;
use crate::http::form::FormState;
use crate::http::{see_other, Ctx, Form, FormData, Reply, Rerender, Web};
use crate::i18n::Locale;
use crate::lessons::Library;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/cohorts/new", post(create))
        .route("/{lang}/cohorts/mine/feed", post(new_feed))
        .route("/{lang}/cohorts/mine/feed/revoke", post(revoke_feed))
        .route("/{lang}/cohorts/{slug}/join", post(join))
        .route("/{lang}/cohorts/{slug}/withdraw", post(withdraw))
        .route("/{lang}/cohorts/{slug}/calendar.ics", get(public_feed))
        .route("/{lang}/cohorts/{slug}/manage", post(update))
        .route("/{lang}/cohorts/{slug}/state", post(set_state))
        .route("/{lang}/cohorts/{slug}/code", post(rotate_code))
        .route("/{lang}/cohorts/{slug}/team", post(add_to_team))
        .route("/{lang}/cohorts/{slug}/team/{user}/remove", post(remove_from_team))
        .route("/{lang}/cohorts/{slug}/sessions", post(add_session))
        .route("/{lang}/cohorts/{slug}/sessions/{id}", post(update_session))
        .route("/{lang}/cohorts/{slug}/sessions/{id}/cancel", post(cancel_session))
        .route("/{lang}/cohorts/{slug}/members/{user}/decide", post(decide))
        .route("/{lang}/cohorts/{slug}/attendance/{session}", post(attendance))
        .route("/{lang}/cohorts/{slug}/roster.csv", get(roster_csv))
        .route("/calendar/{token}", get(private_feed))
        .merge(more::routes())
}

pub(super) fn links(web: &Web) -> Links {
    Links { base: web.public_base.clone() }
}

/// Reads a cohort's form into its input, or the problems beside each field.
fn cohort_input(web: &Web, form: &FormData, st: &mut FormState) -> Option<CohortInput> {
    let title = types::parse_line(form.get("title"), 120, "cohort-title-invalid")
        .map_err(|c| st.push("title", c))
        .ok();
    let slug_field = if form.get("slug").trim().is_empty() {
        types::slug_from(form.get("title"))
    } else {
        form.get("slug").to_owned()
    };
    let slug = types::parse_slug(&slug_field).map_err(|c| st.push("slug", c)).ok();
    let course = form.get("course").to_owned();
    let course_ok = web.service::<Library>().ok().is_some_and(|l| l.get().course(&course).is_some());
    if !course_ok {
        st.push("course", "cohort-course-invalid");
    }
    let locale = Locale::from_segment(form.get("locale")).map(|l| l.code().to_owned());
    if locale.is_none() {
        st.push("locale", "cohort-locale-invalid");
    }
    let description = types::parse_text(form.get("description"), 5000, "cohort-description-invalid")
        .map_err(|c| st.push("description", c))
        .ok();
    let institution = types::parse_text(form.get("institution"), 120, "cohort-institution-invalid")
        .map_err(|c| st.push("institution", c))
        .ok();
    let capacity = types::parse_count(form.get("capacity"), 1, 5000, "cohort-capacity-invalid")
        .map_err(|c| st.push("capacity", c))
        .ok();
    let visibility = Visibility::parse(form.get("visibility"));
    if visibility.is_none() {
        st.push("visibility", "cohort-visibility-invalid");
    }
    let enrolment = Enrolment::parse(form.get("enrolment"));
    if enrolment.is_none() {
        st.push("enrolment", "cohort-enrolment-invalid");
    }
    let zone = types::parse_time_zone(form.get("time_zone")).map_err(|c| st.push("time_zone", c)).ok();
    let budget = if form.get("budget").trim().is_empty() {
        Some(None)
    } else {
        types::parse_count(form.get("budget"), 0, 1_000_000, "cohort-budget-invalid")
            .map(Some)
            .map_err(|c| st.push("budget", c))
            .ok()
    };
    let cert_attendance =
        types::parse_count(form.get("cert_attendance"), 0, 100, "cohort-cert-attendance-invalid")
            .map_err(|c| st.push("cert_attendance", c))
            .ok();
    let (Some(title), Some(slug), Some(locale), Some(description), Some(institution), Some(capacity)) =
        (title, slug, locale, description, institution, capacity)
    else {
        return None;
    };
    let (Some(visibility), Some(enrolment), Some(_), Some(budget), Some(cert_attendance), true) =
        (visibility, enrolment, zone, budget, cert_attendance, course_ok)
    else {
        return None;
    };
    Some(CohortInput {
        slug,
        course,
        locale,
        title,
        description,
        institution,
        capacity,
        visibility,
        enrolment,
        time_zone: form.get("time_zone").trim().to_owned(),
        core_hour_budget: budget,
        cert_attendance,
        cert_survey: form.checked("cert_survey"),
        cert_episodes: form.checked("cert_episodes"),
    })
}

pub(super) use crate::http::rerender;

async fn create(AxState(web): AxState<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    crate::cohorts::policy::may_create(ctx.actor.as_ref())?;
    let page = ctx.href("cohorts/new");
    let mut st = FormState::with_values(form.kept(&[]));
    let Some(input) = cohort_input(&web, &form, &mut st) else {
        return Ok(Rerender::invalid(page, st).into());
    };
    match service::create(&web.pool, ctx.actor.as_ref(), &input).await {
        Ok(_) => Ok(see_other(&ctx.href(&format!("cohorts/{}/manage?created=1", input.slug)), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

async fn update(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    service::managed(&web.pool, &slug, ctx.actor.as_ref()).await?;
    let page = ctx.href(&format!("cohorts/{slug}/manage"));
    let mut st = FormState::with_values(form.kept(&[]));
    let Some(input) = cohort_input(&web, &form, &mut st) else {
        return Ok(Rerender::invalid(page, st).into());
    };
    let profiles: Vec<String> = form.get("profiles").split_whitespace().map(str::to_owned).collect();
    match service::update(&web.pool, &links(&web), ctx.actor.as_ref(), &slug, &input).await {
        Ok(cohort) => {
            let mut tx = crate::kernel::db::begin(&web.pool).await?;
            let known = web.service::<std::sync::Arc<crate::notebooks::service::Notebooks>>().ok();
            let valid: Vec<String> = profiles
                .into_iter()
                .filter(|p| known.as_ref().is_some_and(|n| n.settings.profiles.get(p).is_some()))
                .collect();
            store::set_granted_profiles(&mut tx, cohort.id, &valid).await?;
            tx.commit().await.map_err(anyhow::Error::from)?;
            web.mail_notify.notify_one();
            Ok(see_other(&ctx.href(&format!("cohorts/{}/manage?saved=1", cohort.slug)), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn set_state(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let to = State::parse(form.get("to"))
        .ok_or(AppError::Validation { field: "to".into(), code: "cohort-state-invalid".into() })?;
    let cohort = service::set_state(&web.pool, ctx.actor.as_ref(), &slug, to).await?;
    if cohort.state == State::Finished {
        crate::cohorts::checkout::on_cohort_finished(&web.pool, &links(&web), &cohort).await?;
        web.mail_notify.notify_one();
    }
    Ok(see_other(&ctx.href(&format!("cohorts/{slug}/manage?state={}", to.code())), vec![]))
}

async fn rotate_code(AxState(web): AxState<Web>, ctx: Ctx, Path((_, slug)): Path<(String, String)>) -> Reply {
    service::rotate_code(&web.pool, ctx.actor.as_ref(), &slug).await?;
    Ok(see_other(&ctx.href(&format!("cohorts/{slug}/manage?code=1#enrolment")), vec![]))
}

async fn add_to_team(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href(&format!("cohorts/{slug}/manage"));
    let role = Role::parse(form.get("role")).unwrap_or(Role::Learner);
    match service::add_to_team(&web.pool, &links(&web), ctx.actor.as_ref(), &slug, form.get("email"), role)
        .await
    {
        Ok(()) => {
            web.mail_notify.notify_one();
            Ok(see_other(&ctx.href(&format!("cohorts/{slug}/manage?team=1#team")), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn remove_from_team(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug, user)): Path<(String, String, i64)>,
) -> Reply {
    service::remove_from_team(&web.pool, ctx.actor.as_ref(), &slug, user).await?;
    Ok(see_other(&ctx.href(&format!("cohorts/{slug}/manage#team")), vec![]))
}

/// Reads a session's form (its local date and time in its zone).
fn session_input(
    web: &Web,
    cohort: &store::Cohort,
    form: &FormData,
    st: &mut FormState,
) -> Option<SessionInput> {
    let zone_name = form.get("time_zone").trim().to_owned();
    let zone = types::parse_time_zone(&zone_name).map_err(|c| st.push("time_zone", c)).ok();
    let starts_at = zone.as_ref().and_then(|z| {
        types::parse_local(form.get("date"), form.get("time"), z).map_err(|c| st.push("date", c)).ok()
    });
    let minutes = types::parse_count(form.get("minutes"), 15, 600, "cohort-duration-invalid")
        .map_err(|c| st.push("minutes", c))
        .ok();
    let title = types::parse_text(form.get("title"), 120, "cohort-title-invalid")
        .map_err(|c| st.push("title", c))
        .ok();
    let place = types::parse_text(form.get("place"), 200, "cohort-place-invalid")
        .map_err(|c| st.push("place", c))
        .ok();
    let link = types::parse_link(form.get("link")).map_err(|c| st.push("link", c)).ok();
    let catalog = web.service::<Library>().ok().map(|l| l.get());
    let course = catalog.as_ref().and_then(|c| c.course(&cohort.course).cloned());
    let episodes: Vec<String> = course
        .map(|c| {
            c.episodes
                .iter()
                .filter(|e| form.checked(&format!("ep-{}", e.slug)))
                .map(|e| e.slug.clone())
                .collect()
        })
        .unwrap_or_default();
    Some(SessionInput {
        title: title?,
        starts_at: starts_at?,
        minutes: minutes?,
        time_zone: zone_name,
        place: place?,
        link: link?,
        episodes,
    })
}

async fn add_session(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let cohort = service::managed(&web.pool, &slug, ctx.actor.as_ref()).await?;
    let page = ctx.href(&format!("cohorts/{slug}/manage"));
    let mut st = FormState::with_values(form.kept(&[]));
    let Some(input) = session_input(&web, &cohort, &form, &mut st) else {
        return Ok(Rerender::invalid(page, st).into());
    };
    service::add_session(&web.pool, ctx.actor.as_ref(), &slug, &input).await?;
    web.jobs_notify.notify_one();
    Ok(see_other(&ctx.href(&format!("cohorts/{slug}/manage?session=1#schedule")), vec![]))
}

async fn update_session(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, i64)>,
    Form(form): Form,
) -> Reply {
    let cohort = service::managed(&web.pool, &slug, ctx.actor.as_ref()).await?;
    let page = ctx.href(&format!("cohorts/{slug}/sessions/{id}"));
    let mut st = FormState::with_values(form.kept(&[]));
    let Some(input) = session_input(&web, &cohort, &form, &mut st) else {
        return Ok(Rerender::invalid(page, st).into());
    };
    match service::update_session(&web.pool, ctx.actor.as_ref(), &slug, id, &input).await {
        Ok(()) => {
            web.jobs_notify.notify_one();
            Ok(see_other(&ctx.href(&format!("cohorts/{slug}/manage?session=1#schedule")), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn cancel_session(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug, id)): Path<(String, String, i64)>,
) -> Reply {
    service::cancel_session(&web.pool, ctx.actor.as_ref(), &slug, id).await?;
    Ok(see_other(&ctx.href(&format!("cohorts/{slug}/manage?cancelled=1#schedule")), vec![]))
}

async fn join(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href(&format!("cohorts/{slug}"));
    if ctx.actor.is_none() {
        return Ok(see_other(&crate::http::urls::login_then(ctx.locale, &page), vec![]));
    }
    ctx.limit(&web, &format!("join:{}", ctx.actor()?.user_id))?;
    match service::join(
        &web.pool,
        &links(&web),
        ctx.actor.as_ref(),
        &slug,
        form.get("code"),
        form.get("motivation"),
    )
    .await
    {
        Ok(joined) => {
            web.mail_notify.notify_one();
            let what = match joined {
                Joined::Enrolled => "enrolled",
                Joined::Waitlisted => "waitlisted",
                Joined::Applied => "applied",
            };
            Ok(see_other(&format!("{page}?joined={what}"), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn withdraw(AxState(web): AxState<Web>, ctx: Ctx, Path((_, slug)): Path<(String, String)>) -> Reply {
    let page = ctx.href(&format!("cohorts/{slug}"));
    match service::withdraw(&web.pool, &links(&web), ctx.actor.as_ref(), &slug).await {
        Ok(()) => {
            web.mail_notify.notify_one();
            Ok(see_other(&format!("{page}?withdrawn=1"), vec![]))
        }
        Err(e) => rerender(page, &FormData::default(), e),
    }
}

async fn decide(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug, user)): Path<(String, String, i64)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href(&format!("cohorts/{slug}/roster"));
    let decision = Decision::parse(form.get("decision"))
        .ok_or(AppError::Validation { field: "decision".into(), code: "cohort-decision-invalid".into() });
    let result = match decision {
        Ok(d) => {
            service::decide(&web.pool, &links(&web), ctx.actor.as_ref(), &slug, user, d).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            web.mail_notify.notify_one();
            Ok(see_other(&format!("{page}?decided=1#applications"), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

/// The bulk attendance form: one `a-<user>` field per person, each present / late / excused /
/// absent (or empty: not recorded).
async fn attendance(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, slug, session)): Path<(String, String, i64)>,
    Form(form): Form,
) -> Reply {
    let page = ctx.href(&format!("cohorts/{slug}/attendance/{session}"));
    let mut marks = Vec::new();
    let mut st = FormState::with_values(form.kept(&[]));
    for (name, value) in form.pairs() {
        let Some(user) = name.strip_prefix("a-").and_then(|u| u.parse::<i64>().ok()) else { continue };
        if value.is_empty() {
            continue;
        }
        match Attendance::parse(value) {
            Some(a) => marks.push((user, a)),
            None => st.push("attendance", "cohort-attendance-invalid"),
        }
    }
    if !st.is_ok() {
        return Ok(Rerender::invalid(page, st).into());
    }
    match service::record_attendance(&web.pool, ctx.actor.as_ref(), &slug, session, &marks).await {
        Ok(_) => Ok(see_other(&format!("{page}?saved=1"), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

/// A spreadsheet cell that cannot run as a formula.
pub fn csv_safe(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

async fn roster_csv(AxState(web): AxState<Web>, ctx: Ctx, Path((_, slug)): Path<(String, String)>) -> Reply {
    let cohort = service::kept(&web.pool, &slug, ctx.actor.as_ref()).await?;
    let locale = ctx.locale;
    let sessions = store::sessions(&web.pool, cohort.id).await?;
    let held = service::held(&sessions, crate::kernel::clock::now());
    let rows = store::roster_with_marks(&web.pool, &cohort, &held).await?;
    let total_episodes = web
        .service::<Library>()
        .ok()
        .and_then(|l| l.get().course(&cohort.course).map(|c| c.episodes.len()))
        .unwrap_or(0);
    let t = |id: &str| crate::i18n::t(locale, id);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header = vec![
        t("cohort-roster-name"),
        t("cohort-roster-email"),
        t("signup-institution"),
        t("cohort-roster-role"),
        t("cohort-roster-state"),
        t("cohort-roster-attendance"),
        t("cohort-roster-episodes"),
        t("cohort-roster-survey"),
        t("cohort-roster-certificate"),
        t("cohort-roster-core-hours"),
    ];
    header.extend(sessions.iter().filter(|s| !s.cancelled()).map(|s| {
        let (date, time) = types::local_fields(
            s.starts_at,
            &jiff::tz::TimeZone::get(&cohort.time_zone).unwrap_or(jiff::tz::TimeZone::UTC),
        );
        format!("{date} {time}")
    }));
    w.write_record(header.iter().map(|h| csv_safe(h))).map_err(anyhow::Error::from)?;
    for r in &rows {
        let mut record = vec![
            csv_safe(&r.name),
            csv_safe(&r.email),
            csv_safe(&r.institution),
            t(&format!("cohort-role-{}", r.role.code())),
            t(&format!("cohort-member-{}", r.state.code())),
            service::attendance_percent(r.attended, held.len()).to_string(),
            format!("{}/{total_episodes}", r.episodes_done),
            if r.survey_answered { t("cohort-yes") } else { t("cohort-no") },
            if r.certificate.is_empty() {
                String::new()
            } else {
                t(&format!("certificate-state-{}", r.certificate))
            },
            format!("{:.2}", r.core_hours),
        ];
        record.extend(sessions.iter().filter(|s| !s.cancelled()).map(|s| {
            r.attendance.get(&s.id).map(|a| t(&format!("cohort-attendance-{}", a.code()))).unwrap_or_default()
        }));
        w.write_record(&record).map_err(anyhow::Error::from)?;
    }
    let body = w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))?;
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"roster-{}.csv\"", cohort.slug)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

fn host_of(web: &Web) -> String {
    url::Url::parse(&web.public_base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "puente".into())
}

fn calendar(body: String) -> axum::response::Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
    res
}

/// A published cohort's sessions, for anyone's calendar.
async fn public_feed(AxState(web): AxState<Web>, ctx: Ctx, Path((_, slug)): Path<(String, String)>) -> Reply {
    let cohort = store::by_slug(&web.pool, &slug).await?.ok_or(AppError::NotFound)?;
    if !cohort.state.public() {
        return Err(AppError::NotFound);
    }
    let sessions = store::sessions(&web.pool, cohort.id).await?;
    let url = format!("{}{}", web.public_base, ctx.href(&format!("cohorts/{slug}")));
    let items: Vec<_> = sessions
        .iter()
        .map(|s| crate::cohorts::ics::FeedItem {
            session: s,
            cohort_title: &cohort.title,
            cohort_url: url.clone(),
        })
        .collect();
    Ok(calendar(crate::cohorts::ics::feed(ctx.locale, &cohort.title, &host_of(&web), &items)))
}

/// Every session of one person's cohorts, at a secret address (`/calendar/<token>.ics`).
async fn private_feed(AxState(web): AxState<Web>, Path(token): Path<String>) -> Reply {
    let token = token.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let owner = store::feed_owner(&web.pool, &crate::kernel::tokens::hash_token(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = store::recipient(&web.pool, owner)
        .await?
        .and_then(|r| Locale::from_segment(&r.locale))
        .unwrap_or_default();
    let sessions = store::sessions_of_person(&web.pool, owner).await?;
    let items: Vec<_> = sessions
        .iter()
        .map(|(s, title, slug)| crate::cohorts::ics::FeedItem {
            session: s,
            cohort_title: title,
            cohort_url: format!("{}/{}/cohorts/{slug}", web.public_base, locale.code()),
        })
        .collect();
    Ok(calendar(crate::cohorts::ics::feed(
        locale,
        &crate::i18n::t(locale, "cohort-feed-name"),
        &host_of(&web),
        &items,
    )))
}

/// A new secret calendar address (the old one stops working). Shown once on the page.
async fn new_feed(AxState(web): AxState<Web>, ctx: Ctx) -> Reply {
    let actor = ctx.actor()?;
    let token = crate::kernel::tokens::new_token();
    store::set_feed_token(&web.pool, actor.user_id, &crate::kernel::tokens::hash_token(&token)).await?;
    let mut st = FormState::notice("cohort-feed-created");
    st.extra = vec![format!("{}/calendar/{token}.ics", web.public_base)];
    Ok(Rerender::with_status(ctx.href("cohorts/mine"), st, StatusCode::OK).into())
}

async fn revoke_feed(AxState(web): AxState<Web>, ctx: Ctx) -> Reply {
    let actor = ctx.actor()?;
    store::delete_feed(&web.pool, actor.user_id).await?;
    Ok(see_other(&ctx.href("cohorts/mine?revoked=1"), vec![]))
}

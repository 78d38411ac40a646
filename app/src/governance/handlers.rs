//! Governance over HTTP: forms that work without JavaScript (propose, add a poll, change its
//! settings, vote, record an outcome, follow), and the downloads anyone can recount from:
//! ballots as CSV and BLT, the result and the audit log as JSON.

use super::service::{self, PollForm};
use super::store;
use super::tally::{self, Kind};
use super::types::{self, Combine, PollState, Rule};
use crate::errors::AppError;
use crate::http::form::FormState;
use crate::http::{rerender, see_other, Ctx, Form, FormData, Reply, Rerender, Web};
use crate::i18n::Locale;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/governance/new", post(create_proposal))
        .route("/{lang}/governance/{proposal}/polls/new", post(add_poll))
        .route("/{lang}/governance/{proposal}/outcome", post(outcome))
        .route("/{lang}/governance/{proposal}/follow", post(follow))
        .route("/{lang}/governance/polls/{poll}/vote", post(vote))
        .route("/{lang}/governance/polls/{poll}/settings", post(settings))
        .route("/governance/polls/{file}", get(download))
}

fn proposal_href(locale: Locale, p: &types::Proposal) -> String {
    format!("/{}/governance/{}", locale.code(), service::segment(p))
}

async fn proposal_of(web: &Web, segment: &str) -> Result<types::Proposal, AppError> {
    let id = service::proposal_id(segment).ok_or(AppError::NotFound)?;
    store::proposal_by_id(&web.pool, id).await?.ok_or(AppError::NotFound)
}

fn login_first(ctx: &Ctx, back: &str) -> Option<Reply> {
    ctx.actor.is_none().then(|| Ok(see_other(&crate::http::urls::login_then(ctx.locale, back), vec![])))
}

async fn create_proposal(AxState(web): AxState<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let page = ctx.href("governance/new");
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    ctx.limit_ip(&web)?;
    match service::create_proposal(
        &web.pool,
        ctx.actor.as_ref(),
        ctx.locale,
        form.get("title"),
        form.get("body"),
    )
    .await
    {
        Ok(p) => Ok(see_other(&proposal_href(ctx.locale, &p), vec![])),
        Err(e) => rerender(page, &form, e),
    }
}

/// `YYYY-MM-DD` and `HH:MM` in a named zone, as Unix seconds (None when unreadable or in a DST gap).
fn local_time(date: &str, time: &str, zone: &str) -> Option<i64> {
    let zone = crate::kernel::zones::parse(zone)?;
    let d: jiff::civil::Date = date.trim().parse().ok()?;
    let t: jiff::civil::Time = time.trim().parse().ok()?;
    let zoned = zone.to_ambiguous_zoned(d.to_datetime(t)).unambiguous().ok()?;
    Some(zoned.timestamp().as_second())
}

/// The electorate's rule from the form; course and cohort must exist, listed emails must be accounts.
async fn rule_from(web: &Web, form: &FormData) -> Result<Rule, AppError> {
    let invalid = |code: &str| AppError::Validation { field: "rule".into(), code: code.into() };
    let course = form.get("rule_course").trim().to_owned();
    if !course.is_empty() {
        let library = web.service::<crate::lessons::Library>()?;
        if library.get().course(&course).is_none() {
            return Err(invalid("governance-rule-course-unknown"));
        }
    }
    let cohort = form.get("rule_cohort").trim().to_owned();
    if !cohort.is_empty() && crate::cohorts::store::by_slug(&web.pool, &cohort).await?.is_none() {
        return Err(invalid("governance-rule-cohort-unknown"));
    }
    let mut emails = Vec::new();
    for line in form.get("rule_emails").split(['\n', ',', ';']) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let email = crate::accounts::types::Email::parse(line)
            .map_err(|_| invalid("governance-rule-email-invalid"))?
            .as_str()
            .to_owned();
        if !emails.contains(&email) {
            emails.push(email);
        }
    }
    let months = form.get("rule_active_months").trim();
    let active_months = if months.is_empty() {
        0
    } else {
        months
            .parse::<u32>()
            .ok()
            .filter(|m| *m <= 120)
            .ok_or_else(|| invalid("governance-rule-months-invalid"))?
    };
    Ok(Rule {
        combine: Combine::parse(form.get("rule_combine")).unwrap_or(Combine::Any),
        members: form.checked("rule_members"),
        certified_trainers: form.checked("rule_trainers"),
        course,
        cohort,
        emails,
        active_months,
    })
}

async fn add_poll(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, segment)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let proposal = proposal_of(&web, &segment).await?;
    let page = format!("{}/polls/new", proposal_href(ctx.locale, &proposal));
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    service::may_administer(ctx.actor.as_ref())?;
    let rule = match rule_from(&web, &form).await {
        Ok(r) => r,
        Err(e) => return rerender(page, &form, e),
    };
    let zone = form.get("zone");
    let input = PollForm {
        title: form.get("poll_title"),
        kind: form.get("kind"),
        options: form.get("options"),
        seats: form.get("seats"),
        pass: form.get("pass_rule"),
        quorum: form.get("quorum"),
        anonymous: form.checked("anonymous"),
        hide_results: form.checked("hide_results"),
        rule,
        opens_at: local_time(form.get("opens_date"), form.get("opens_time"), zone),
        closes_at: local_time(form.get("closes_date"), form.get("closes_time"), zone),
    };
    let parsed = match service::parse_poll(&input, crate::kernel::clock::now()) {
        Ok(p) => p,
        Err(e) => return rerender(page, &form, e),
    };
    match service::add_poll(&web.pool, ctx.actor.as_ref(), proposal.id, &parsed).await {
        Ok(id) => {
            web.jobs_notify.notify_one();
            Ok(see_other(&format!("{}#poll-{id}", proposal_href(ctx.locale, &proposal)), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn settings(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, poll)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let p = store::poll_by_id(&web.pool, poll).await?.ok_or(AppError::NotFound)?;
    let proposal = store::proposal_by_id(&web.pool, p.proposal_id).await?.ok_or(AppError::NotFound)?;
    let page = proposal_href(ctx.locale, &proposal);
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    let closes_at = local_time(form.get("closes_date"), form.get("closes_time"), form.get("zone"));
    match service::change_settings(
        &web.pool,
        ctx.actor.as_ref(),
        poll,
        closes_at,
        form.get("quorum"),
        form.checked("hide_results"),
    )
    .await
    {
        Ok(()) => {
            web.jobs_notify.notify_one();
            Ok(see_other(&format!("{page}?changed=1#poll-{poll}"), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn vote(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, poll)): Path<(String, i64)>,
    Form(form): Form,
) -> Reply {
    let p = store::poll_by_id(&web.pool, poll).await?.ok_or(AppError::NotFound)?;
    let proposal = store::proposal_by_id(&web.pool, p.proposal_id).await?.ok_or(AppError::NotFound)?;
    let page = proposal_href(ctx.locale, &proposal);
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    if let Some(a) = &ctx.actor {
        ctx.limit(&web, &format!("governance-vote:{}", a.user_id))?;
    }
    let ballot = match types::ballot_from_form(&p, |k| form.get(k).to_owned()) {
        Ok(b) => b,
        Err(code) => {
            return rerender(
                page,
                &form,
                AppError::Validation { field: format!("ballot-{poll}"), code: code.into() },
            )
        }
    };
    // A secret ballot is final: the voter confirms it first, in the same form.
    if p.anonymous && !form.checked("confirm") {
        let e = AppError::Validation {
            field: format!("confirm-{poll}"),
            code: "governance-ballot-confirm".into(),
        };
        return rerender(page, &form, e);
    }
    match service::vote(&web.pool, ctx.actor.as_ref(), poll, &ballot).await {
        Ok(code) => {
            // The receipt is shown once, in this answer, never in an address (which logs keep).
            let st = FormState {
                notice: Some("governance-voted".to_owned()),
                extra: vec![poll.to_string(), code, format!("{page}#poll-{poll}")],
                ..Default::default()
            };
            let voted = format!("/{}/governance/polls/{poll}/voted", ctx.locale.code());
            Ok(Rerender::with_status(voted, st, StatusCode::OK).into())
        }
        Err(AppError::Validation { code, .. }) => {
            rerender(page, &form, AppError::Validation { field: format!("ballot-{poll}"), code })
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn outcome(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, segment)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let proposal = proposal_of(&web, &segment).await?;
    let page = proposal_href(ctx.locale, &proposal);
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    match service::set_outcome(
        &web.pool,
        &web.public_base,
        ctx.actor.as_ref(),
        proposal.id,
        form.get("outcome"),
        form.get("status"),
    )
    .await
    {
        Ok(()) => {
            web.mail_notify.notify_one();
            Ok(see_other(&format!("{page}?outcome=1#outcome"), vec![]))
        }
        Err(e) => rerender(page, &form, e),
    }
}

async fn follow(
    AxState(web): AxState<Web>,
    ctx: Ctx,
    Path((_, segment)): Path<(String, String)>,
    Form(form): Form,
) -> Reply {
    let proposal = proposal_of(&web, &segment).await?;
    let page = proposal_href(ctx.locale, &proposal);
    if let Some(r) = login_first(&ctx, &page) {
        return r;
    }
    let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
    store::set_follow(&web.pool, proposal.id, actor.user_id, form.get("on") == "yes").await?;
    Ok(see_other(&format!("{page}#outcome"), vec![]))
}

/// `/governance/polls/{id}.csv|.blt|.json|-log.json`: what anyone needs to recount a closed poll.
/// Ballots are published only once the poll has closed.
async fn download(AxState(web): AxState<Web>, Path(file): Path<String>) -> Reply {
    let (id, what) = file
        .strip_suffix("-log.json")
        .map(|id| (id, "log"))
        .or_else(|| file.strip_suffix(".csv").map(|id| (id, "csv")))
        .or_else(|| file.strip_suffix(".blt").map(|id| (id, "blt")))
        .or_else(|| file.strip_suffix(".json").map(|id| (id, "json")))
        .ok_or(AppError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let poll = store::poll_by_id(&web.pool, id).await?.ok_or(AppError::NotFound)?;
    let (body, kind) = match what {
        "log" => {
            let log = store::log(&web.pool, id).await?;
            let json = serde_json::json!({ "poll": id, "entries": log });
            (serde_json::to_vec_pretty(&json).map_err(anyhow::Error::from)?, "application/json")
        }
        _ if poll.state != PollState::Closed => return Err(AppError::NotFound),
        "json" => {
            let json = serde_json::json!({
                "poll": id,
                "title": poll.title,
                "kind": poll.kind.code(),
                "options": types::option_labels(&poll, Locale::En),
                "seats": poll.seats,
                "electorate_count": poll.electorate_count,
                "electorate_hash": poll.electorate_hash,
                "ballots_hash": poll.ballots_hash,
                "result_hash": poll.result_hash,
                "result": poll.result,
            });
            (serde_json::to_vec_pretty(&json).map_err(anyhow::Error::from)?, "application/json")
        }
        "blt" => {
            let ballots = store::ballots(&web.pool, id).await?;
            let choices: Vec<Vec<u32>> = ballots.into_iter().map(|b| b.choices).collect();
            let labels = types::option_labels(&poll, Locale::En);
            (tally::blt(&poll.title, &labels, poll.seats, &choices).into_bytes(), "text/plain; charset=utf-8")
        }
        _ => {
            let ballots = store::ballots(&web.pool, id).await?;
            let labels = types::option_labels(&poll, Locale::En);
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
            w.write_record(["receipt_hash", "cast_on", "choices", "labels"]).map_err(anyhow::Error::from)?;
            for b in &ballots {
                let names: Vec<String> = b
                    .choices
                    .iter()
                    .map(|i| {
                        crate::cohorts::handlers::csv_safe(
                            labels.get(*i as usize).map(String::as_str).unwrap_or("?"),
                        )
                    })
                    .collect();
                let indices: Vec<String> = b.choices.iter().map(u32::to_string).collect();
                let separator =
                    if poll.kind == Kind::Ranked || poll.kind == Kind::Stv { " > " } else { "; " };
                w.write_record([
                    b.receipt_hash.clone(),
                    b.cast_on.clone(),
                    indices.join(" "),
                    names.join(separator),
                ])
                .map_err(anyhow::Error::from)?;
            }
            (w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))?, "text/csv; charset=utf-8")
        }
    };
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"poll-{file}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

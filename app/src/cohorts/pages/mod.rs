//! Cohort pages: the public list and a cohort's page (schedule in the reader's zone, joining),
//! one's own cohorts and calendar, and the team's pages (settings, schedule, roster,
//! attendance). Every form works without JavaScript; refusals answer with their own status.

mod more;

pub use more::*;

use super::jobs::local_time;
use super::service;
use super::store::{self, Cohort, Membership, RosterRow, Session};
use super::types::{self, Attendance, Enrolment, MemberState, Role, State, Visibility};
use crate::errors::AppError;
use crate::http::urls;
use crate::i18n::{t, t_args, Locale};
use crate::lessons::Library;
use crate::ui::shell::page_locale;
use crate::ui::widgets::{
    current_actor, form_state, loaded, page_result, param, pool, query, Banner, Column, CsrfField, DataTable,
    Field, Notice, SelectField, TextArea,
};
use leptos::prelude::*;
use leptos_meta::Title;
use sqlx::AnyPool;

fn cohort_href(locale: Locale, slug: &str, rest: &str) -> String {
    if rest.is_empty() {
        format!("/{}/cohorts/{slug}", locale.code())
    } else {
        format!("/{}/cohorts/{slug}/{rest}", locale.code())
    }
}

/// The zone a person reads times in: their own, else the cohort's.
async fn reader_zone(pool: &AnyPool, user: Option<i64>, fallback: &str) -> Result<String, AppError> {
    let own = match user {
        Some(u) => sqlx::query_as::<_, (String,)>("SELECT time_zone FROM users WHERE id = $1")
            .bind(u)
            .fetch_optional(pool)
            .await?
            .map(|(z,)| z)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(if own.is_empty() { fallback.to_owned() } else { own })
}

fn course_title(locale: Locale, course: &str) -> String {
    use_context::<Library>()
        .and_then(|l| l.get().course(course).map(|c| c.title.get(locale).to_owned()))
        .unwrap_or_else(|| course.to_owned())
}

fn state_label(locale: Locale, state: State) -> String {
    t(locale, &format!("cohort-state-{}", state.code()))
}

// ---------- the public list ----------

#[component]
pub fn CohortsPage() -> impl IntoView {
    let locale = page_locale();
    let may_create = super::policy::may_create(current_actor().as_ref()).is_ok();
    let data = page_result(move || async move { Ok(store::listed(&pool()?).await?) });
    view! {
        <Title text=t(locale, "cohorts-title")/>
        <h1>{t(locale, "cohorts-title")}</h1>
        <p class="lead">{t(locale, "cohorts-intro")}</p>
        <p class="actions">
            {may_create.then(|| view! { <a class="button" href=format!("/{}/cohorts/new", locale.code())>{t(locale, "cohort-new")}</a>" " })}
            {current_actor().is_some().then(|| view! { <a href=format!("/{}/cohorts/mine", locale.code())>{t(locale, "cohorts-mine")}</a> })}
        </p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |rows| {
                if rows.is_empty() {
                    return view! { <p>{t(locale, "cohorts-none")}</p> }.into_any();
                }
                view! {
                    <ul class="cards">
                        {rows.into_iter().map(|c| {
                            let when = c.first_session.map(|at| local_time(at, &c.time_zone));
                            let full = c.enrolled >= c.capacity;
                            view! {
                                <li class="card">
                                    <h2><a href=cohort_href(locale, &c.slug, "")>{c.title.clone()}</a></h2>
                                    <p class="meta">
                                        {course_title(locale, &c.course)}" · "{t(locale, &format!("lang-name-{}", c.locale))}
                                        {(!c.institution.is_empty()).then(|| format!(" · {}", c.institution))}
                                    </p>
                                    <p>
                                        <span class="tag">{state_label(locale, c.state)}</span>" "
                                        <span class="tag">{t(locale, &format!("cohort-enrolment-{}", c.enrolment.code()))}</span>" "
                                        {if full { t(locale, "cohort-full") } else {
                                            t_args(locale, "cohort-seats", &[("free", &(c.capacity - c.enrolled).to_string()), ("capacity", &c.capacity.to_string())])
                                        }}
                                    </p>
                                    {when.map(|w| view! { <p class="meta">{t_args(locale, "cohort-starts", &[("when", &w)])}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }))}
        </Suspense>
    }
}

// ---------- a cohort's page ----------

/// Everything a cohort's page shows to this reader.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CohortView {
    cohort: Cohort,
    membership: Option<Membership>,
    sessions: Vec<Session>,
    zone: String,
    seats_taken: i64,
    lead: String,
    episodes_done: i64,
    certificate: Option<(String, bool)>,
    surveys_answered: (bool, bool),
    may_manage: bool,
    may_keep: bool,
}

async fn cohort_view(slug: String) -> Result<CohortView, AppError> {
    let pool = pool()?;
    let actor = current_actor();
    let cohort = store::by_slug(&pool, &slug).await?.ok_or(AppError::NotFound)?;
    let membership = service::membership_of(&pool, &cohort, actor.as_ref()).await?;
    let role = membership.and_then(|m| m.active_role());
    if !super::policy::may_view(actor.as_ref(), role, cohort.state) {
        return Err(AppError::NotFound);
    }
    let user = actor.as_ref().map(|a| a.user_id);
    let sessions = store::sessions(&pool, cohort.id).await?;
    let zone = reader_zone(&pool, user, &cohort.time_zone).await?;
    let mut tx = crate::kernel::db::begin(&pool).await?;
    let seats_taken = store::seats_taken(&mut tx, cohort.id).await?;
    tx.rollback().await.map_err(anyhow::Error::from)?;
    let lead = sqlx::query_as::<_, (String,)>(
        "SELECT u.display_name FROM cohort_members m JOIN users u ON u.id = m.user_id WHERE m.cohort_id = $1 \
         AND m.role = 'lead' LIMIT 1",
    )
    .bind(cohort.id)
    .fetch_optional(&pool)
    .await?
    .map(|(n,)| n)
    .unwrap_or_default();
    let (episodes_done, certificate, surveys_answered) = match (user, membership) {
        (Some(u), Some(m)) if m.active() => {
            let (done,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM lesson_progress WHERE user_id = $1 AND course = $2 AND done_at IS NOT NULL",
            )
            .bind(u)
            .bind(&cohort.course)
            .fetch_one(&pool)
            .await?;
            let cert = super::certificates::of_person(&pool, u, &format!("cohort:{}", cohort.id)).await?;
            let answered = super::surveys::answered(&pool, cohort.id, u).await?;
            (done, cert, answered)
        }
        _ => (0, None, (false, false)),
    };
    Ok(CohortView {
        may_manage: super::policy::may_manage(actor.as_ref(), role).is_ok(),
        may_keep: super::policy::may_keep_roster(actor.as_ref(), role).is_ok(),
        cohort,
        membership,
        sessions,
        zone,
        seats_taken,
        lead,
        episodes_done,
        certificate,
        surveys_answered,
    })
}

#[component]
pub fn CohortPage() -> impl IntoView {
    let locale = page_locale();
    let slug = param("slug");
    let data = page_result(move || cohort_view(slug.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| cohort_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn cohort_page(locale: Locale, v: CohortView) -> impl IntoView {
    let c = v.cohort.clone();
    let now = crate::kernel::clock::now();
    let next = v.sessions.iter().find(|s| !s.cancelled() && s.ends_at() > now).cloned();
    let total_episodes = use_context::<Library>()
        .and_then(|l| l.get().course(&c.course).map(|co| co.episodes.len()))
        .unwrap_or(0);
    let flash = query("joined")
        .map(|j| format!("cohort-joined-{j}"))
        .or(query("withdrawn").map(|_| "cohort-withdrawn".to_owned()));
    let flash = flash.filter(|f| {
        ["cohort-joined-enrolled", "cohort-joined-waitlisted", "cohort-joined-applied", "cohort-withdrawn"]
            .contains(&f.as_str())
    });
    view! {
        <Title text=c.title.clone()/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=format!("/{}/cohorts", locale.code())>{t(locale, "cohorts-title")}</a>
        </nav>
        <h1>{c.title.clone()}</h1>
        {flash.map(|f| view! { <p class="notice success" role="status">{t(locale, &f)}</p> })}
        <Notice locale=locale/>
        <p class="meta">
            <a href=urls::course(locale, &c.course)>{course_title(locale, &c.course)}</a>
            " · "{t(locale, &format!("lang-name-{}", c.locale))}
            {(!c.institution.is_empty()).then(|| format!(" · {}", c.institution))}
            {(!v.lead.is_empty()).then(|| format!(" · {}", t_args(locale, "cohort-led-by", &[("name", &v.lead)])))}
        </p>
        <p><span class="tag">{state_label(locale, c.state)}</span></p>
        {(v.may_manage || v.may_keep).then(|| view! {
            <p class="actions">
                {v.may_manage.then(|| view! { <a class="button secondary" href=cohort_href(locale, &c.slug, "manage")>{t(locale, "cohort-manage")}</a>" " })}
                <a class="button secondary" href=cohort_href(locale, &c.slug, "roster")>{t(locale, "cohort-roster")}</a>" "
                {v.may_manage.then(|| view! { <a class="button secondary" href=cohort_href(locale, &c.slug, "results")>{t(locale, "survey-results-title")}</a> })}
            </p>
        })}
        <div class="prose" inner_html=crate::kernel::markdown::user_html(&c.description)></div>
        {membership_box(locale, &v, next.as_ref(), total_episodes)}
        <section aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">{t(locale, "cohort-schedule")}</h2>
            <p class="meta">{t_args(locale, "cohort-times-in", &[("zone", &v.zone)])}</p>
            {if v.sessions.is_empty() {
                view! { <p>{t(locale, "cohort-no-sessions")}</p> }.into_any()
            } else {
                view! {
                    <ol class="sessions">
                        {v.sessions.iter().map(|s| session_item(locale, s, &v.zone, v.membership.is_some_and(|m| m.active()))).collect_view()}
                    </ol>
                }.into_any()
            }}
            {c.state.public().then(|| view! {
                <p><a href=cohort_href(locale, &c.slug, "calendar.ics")>{t(locale, "cohort-calendar-link")}</a></p>
            })}
        </section>
    }
}

fn session_item(locale: Locale, s: &Session, zone: &str, member: bool) -> impl IntoView {
    let title = if s.title.is_empty() { t(locale, "cohort-session") } else { s.title.clone() };
    view! {
        <li class=if s.cancelled() { "cancelled" } else { "" }>
            <strong>{local_time(s.starts_at, zone)}</strong>" · "{title}
            " · "{t_args(locale, "cohort-minutes", &[("minutes", &s.minutes.to_string())])}
            {s.cancelled().then(|| view! { " " <span class="tag">{t(locale, "cohort-session-cancelled")}</span> })}
            {(!s.place.is_empty()).then(|| view! { <br/><span class="meta">{s.place.clone()}</span> })}
            {(member && !s.link.is_empty() && !s.cancelled()).then(|| view! { <br/><a href=s.link.clone() rel="noopener noreferrer">{t(locale, "cohort-session-join")}</a> })}
        </li>
    }
}

/// What the reader can do here: join (by the cohort's mode), their state, their progress.
fn membership_box(locale: Locale, v: &CohortView, next: Option<&Session>, total_episodes: usize) -> AnyView {
    let c = &v.cohort;
    let actor = current_actor();
    let join_action = cohort_href(locale, &c.slug, "join");
    match (actor, v.membership) {
        (_, Some(m)) if m.active() => {
            let survey = |kind: &str, done: bool| {
                view! {
                    <li>
                        {if done {
                            view! { <span>{t(locale, &format!("survey-{kind}-title"))}" ✓"</span> }.into_any()
                        } else {
                            view! { <a href=cohort_href(locale, &c.slug, &format!("surveys/{kind}"))>{t(locale, &format!("survey-{kind}-title"))}</a> }.into_any()
                        }}
                    </li>
                }
            };
            view! {
                <section class="card" aria-labelledby="me-heading">
                    <h2 id="me-heading">{t(locale, &format!("cohort-you-{}", m.role.code()))}</h2>
                    {next.map(|s| view! { <p>{t_args(locale, "cohort-next-session", &[("when", &local_time(s.starts_at, &v.zone))])}</p> })}
                    <p><a href=format!("/{}/forum/c/cohort-{}", locale.code(), c.id)>{t(locale, "cohort-forum")}</a></p>
                    {(m.role == Role::Learner).then(|| view! {
                        <p>{t_args(locale, "cohort-your-progress", &[("done", &v.episodes_done.to_string()), ("total", &total_episodes.to_string())])}</p>
                        <ul class="inline-list">{survey("pre", v.surveys_answered.0)}{survey("post", v.surveys_answered.1)}</ul>
                    })}
                    {v.certificate.clone().map(|(code, valid)| view! {
                        <p>
                            <a class="button" href=format!("/verify/{code}")>{t(locale, "certificate-yours")}</a>
                            {(!valid).then(|| view! { " " <span class="tag">{t(locale, "certificate-state-revoked")}</span> })}
                        </p>
                    })}
                    {(m.role == Role::Learner).then(|| view! {
                        <form method="post" action=cohort_href(locale, &c.slug, "withdraw") class="inline-form">
                            <CsrfField/>
                            <button type="submit" class="link-button">{t(locale, "cohort-withdraw")}</button>
                        </form>
                    })}
                </section>
            }
            .into_any()
        }
        (_, Some(m)) if matches!(m.state, MemberState::Applied | MemberState::Waitlisted) => view! {
            <section class="card">
                <p>{t(locale, &format!("cohort-you-{}", m.state.code()))}</p>
                <form method="post" action=cohort_href(locale, &c.slug, "withdraw") class="inline-form">
                    <CsrfField/>
                    <button type="submit" class="link-button">{t(locale, "cohort-withdraw-application")}</button>
                </form>
            </section>
        }
        .into_any(),
        (_, Some(m)) if m.state == MemberState::Declined => {
            view! { <section class="card"><p>{t(locale, "cohort-you-declined")}</p></section> }.into_any()
        }
        _ if !c.state.open() => view! { <p class="notice">{t(locale, "cohort-closed")}</p> }.into_any(),
        (None, _) => view! {
            <section class="card">
                <p><a class="button" href=urls::login_then(locale, &cohort_href(locale, &c.slug, ""))>{t(locale, "cohort-login-to-join")}</a></p>
            </section>
        }
        .into_any(),
        (Some(_), _) => {
            let full = v.seats_taken >= c.capacity;
            view! {
                <section class="card" aria-labelledby="join-heading">
                    <h2 id="join-heading">{t(locale, "cohort-join-title")}</h2>
                    <p>{if full { t(locale, "cohort-full-waitlist") } else {
                        t_args(locale, "cohort-seats", &[("free", &(c.capacity - v.seats_taken).to_string()), ("capacity", &c.capacity.to_string())])
                    }}</p>
                    <form method="post" action=join_action novalidate>
                        <CsrfField/>
                        {match c.enrolment {
                            Enrolment::Code => view! {
                                <Field locale=locale name="code" label="cohort-code" autocomplete="off" maxlength=20 hint="cohort-code-hint"/>
                            }.into_any(),
                            Enrolment::Application => view! {
                                <TextArea locale=locale name="motivation" label="cohort-motivation" hint="cohort-motivation-hint" maxlength=1000/>
                            }.into_any(),
                            Enrolment::Open => ().into_any(),
                        }}
                        <button type="submit" class="button">{t(locale, &format!("cohort-join-{}", c.enrolment.code()))}</button>
                    </form>
                </section>
            }
            .into_any()
        }
    }
}

// ---------- creating and managing ----------

fn course_options(locale: Locale) -> Vec<(String, String)> {
    use_context::<Library>()
        .map(|l| l.get().courses.iter().map(|c| (c.slug.clone(), c.title.get(locale).to_owned())).collect())
        .unwrap_or_default()
}

fn locale_options() -> Vec<(String, String)> {
    Locale::ALL.into_iter().map(|l| (l.code().to_owned(), t(l, &format!("lang-name-{}", l.code())))).collect()
}

fn zone_options() -> Vec<(String, String)> {
    crate::kernel::zones::options()
}

fn code_options<T: Copy>(
    locale: Locale,
    all: &[T],
    code: fn(T) -> &'static str,
    prefix: &str,
) -> Vec<(String, String)> {
    all.iter().map(|v| (code(*v).to_owned(), t(locale, &format!("{prefix}-{}", code(*v))))).collect()
}

/// The form's value if it is being shown again, else the stored one.
fn value_or(name: &str, stored: impl Into<String>) -> String {
    let st = form_state();
    if st.values.contains_key(name) {
        st.value(name)
    } else {
        stored.into()
    }
}

/// The settings fields, for a new cohort (`None`) or an existing one.
fn settings_fields(locale: Locale, c: Option<&Cohort>) -> AnyView {
    let st = form_state();
    let checked =
        |name: &str, stored: bool| if st.values.is_empty() { stored } else { st.value(name) == "yes" };
    let survey = checked("cert_survey", c.is_none_or(|c| c.cert_survey));
    let episodes = checked("cert_episodes", c.is_some_and(|c| c.cert_episodes));
    view! {
        <Field locale=locale name="title" label="cohort-title" maxlength=120 initial=c.map(|c| c.title.clone()).unwrap_or_default()/>
        <Field locale=locale name="slug" label="cohort-slug" hint="cohort-slug-hint" required=c.is_some() maxlength=60 initial=c.map(|c| c.slug.clone()).unwrap_or_default()/>
        <SelectField locale=locale name="course" label="cohort-course" options=course_options(locale) selected=value_or("course", c.map(|c| c.course.clone()).unwrap_or_default())/>
        <SelectField locale=locale name="locale" label="cohort-locale" options=locale_options() selected=value_or("locale", c.map(|c| c.locale.clone()).unwrap_or_else(|| locale.code().to_owned()))/>
        <TextArea locale=locale name="description" label="cohort-description" hint="cohort-description-hint" required=false rows=6 maxlength=5000 initial=c.map(|c| c.description.clone()).unwrap_or_default()/>
        <Field locale=locale name="institution" label="signup-institution" required=false maxlength=120 initial=c.map(|c| c.institution.clone()).unwrap_or_default()/>
        <Field locale=locale name="capacity" label="cohort-capacity" kind="number" inputmode="numeric" initial=c.map(|c| c.capacity.to_string()).unwrap_or_else(|| "30".into())/>
        <SelectField locale=locale name="enrolment" label="cohort-enrolment" options=code_options(locale, Enrolment::ALL, Enrolment::code, "cohort-enrolment") selected=value_or("enrolment", c.map(|c| c.enrolment.code()).unwrap_or("code"))/>
        <SelectField locale=locale name="visibility" label="cohort-visibility" options=code_options(locale, Visibility::ALL, Visibility::code, "cohort-visibility") selected=value_or("visibility", c.map(|c| c.visibility.code()).unwrap_or("listed"))/>
        <SelectField locale=locale name="time_zone" label="cohort-zone" options=zone_options() selected=value_or("time_zone", c.map(|c| c.time_zone.clone()).unwrap_or_else(|| "America/Bogota".into()))/>
        <Field locale=locale name="budget" label="cohort-budget" hint="cohort-budget-hint" kind="number" inputmode="numeric" required=false initial=c.and_then(|c| c.core_hour_budget).map(|b| b.to_string()).unwrap_or_default()/>
        <fieldset>
            <legend>{t(locale, "cohort-cert-rule")}</legend>
            <Field locale=locale name="cert_attendance" label="cohort-cert-attendance" kind="number" inputmode="numeric" initial=c.map(|c| c.cert_attendance.to_string()).unwrap_or_else(|| "75".into())/>
            <div class="field checkbox">
                <input type="checkbox" id="f-cert_survey" name="cert_survey" value="yes" checked=survey/>
                <label for="f-cert_survey">{t(locale, "cohort-cert-survey")}</label>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="f-cert_episodes" name="cert_episodes" value="yes" checked=episodes/>
                <label for="f-cert_episodes">{t(locale, "cohort-cert-episodes")}</label>
            </div>
        </fieldset>
    }
    .into_any()
}

#[component]
pub fn NewCohortPage() -> impl IntoView {
    let locale = page_locale();
    if let Err(e) = super::policy::may_create(current_actor().as_ref()) {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::FORBIDDEN));
        }
        return view! { <crate::ui::pages::ErrorView error=e back=None/> }.into_any();
    }
    view! {
        <Title text=t(locale, "cohort-new")/>
        <section class="form-page">
            <h1>{t(locale, "cohort-new")}</h1>
            <Notice locale=locale/>
            <form method="post" action=format!("/{}/cohorts/new", locale.code()) novalidate>
                <CsrfField/>
                {settings_fields(locale, None)}
                <button type="submit" class="button">{t(locale, "cohort-create")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// What the managing page needs.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ManageView {
    cohort: Cohort,
    sessions: Vec<Session>,
    team: Vec<RosterRow>,
    granted: Vec<String>,
    core_hours: f64,
}

async fn manage_view(slug: String) -> Result<ManageView, AppError> {
    let pool = pool()?;
    let actor = current_actor();
    let cohort = service::managed(&pool, &slug, actor.as_ref()).await?;
    let sessions = store::sessions(&pool, cohort.id).await?;
    let team = store::roster(&pool, &cohort, &[])
        .await?
        .into_iter()
        .filter(|r| r.role.staff() && r.state == MemberState::Enrolled)
        .collect();
    let granted = store::granted_profiles(&pool, cohort.id).await?;
    let core_hours = store::cohort_core_hours(&pool, cohort.id).await?;
    Ok(ManageView { cohort, sessions, team, granted, core_hours })
}

#[component]
pub fn ManageCohortPage() -> impl IntoView {
    let locale = page_locale();
    let slug = param("slug");
    let data = page_result(move || manage_view(slug.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| manage_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn manage_page(locale: Locale, v: ManageView) -> impl IntoView {
    let c = v.cohort.clone();
    let zone = jiff::tz::TimeZone::get(&c.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let profiles: Vec<String> = use_context::<std::sync::Arc<crate::notebooks::service::Notebooks>>()
        .map(|n| n.settings.profiles.names())
        .unwrap_or_default();
    let banners = [
        ("created", "cohort-created"),
        ("saved", "cohort-saved"),
        ("code", "cohort-code-rotated"),
        ("team", "cohort-team-added"),
        ("session", "cohort-session-saved"),
        ("cancelled", "cohort-session-cancelled-notice"),
        ("state", "cohort-state-changed"),
    ];
    view! {
        <Title text=t_args(locale, "cohort-manage-title", &[("cohort", &c.title)])/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=format!("/{}/cohorts", locale.code())>{t(locale, "cohorts-title")}</a>" › "
            <a href=cohort_href(locale, &c.slug, "")>{c.title.clone()}</a>
        </nav>
        <h1>{t_args(locale, "cohort-manage-title", &[("cohort", &c.title)])}</h1>
        {banners.into_iter().filter(|(q, _)| query(q).is_some()).map(|(_, code)| view! { <Banner locale=locale code=code/> }).collect_view()}
        <Notice locale=locale/>
        <p class="actions">
            <a class="button secondary" href=cohort_href(locale, &c.slug, "roster")>{t(locale, "cohort-roster")}</a>" "
            <a class="button secondary" href=cohort_href(locale, &c.slug, "results")>{t(locale, "survey-results-title")}</a>" "
            <a class="button secondary" href=cohort_href(locale, &c.slug, "certificates")>{t(locale, "certificates-title")}</a>
        </p>

        <section aria-labelledby="state-heading">
            <h2 id="state-heading">{t(locale, "cohort-state")}</h2>
            <p><span class="tag">{state_label(locale, c.state)}</span></p>
            <div class="inline-list">
                {c.state.next().iter().map(|to| view! {
                    <form method="post" action=cohort_href(locale, &c.slug, "state") class="inline-form">
                        <CsrfField/>
                        <input type="hidden" name="to" value=to.code()/>
                        <button type="submit" class="button secondary">{t(locale, &format!("cohort-to-{}", to.code()))}</button>
                    </form>
                }).collect_view()}
            </div>
        </section>

        <section aria-labelledby="enrolment" id="enrolment">
            <h2 id="enrolment-heading">{t(locale, "cohort-enrolment")}</h2>
            <p>{t(locale, &format!("cohort-enrolment-{}", c.enrolment.code()))}</p>
            {(c.enrolment == Enrolment::Code).then(|| view! {
                <p>{t(locale, "cohort-code")}": "<code data-testid="enrolment-code">{c.code.clone()}</code></p>
                <form method="post" action=cohort_href(locale, &c.slug, "code")>
                    <CsrfField/>
                    <button type="submit" class="button secondary">{t(locale, "cohort-code-rotate")}</button>
                </form>
            })}
            <p class="meta">{t_args(locale, "cohort-core-hours-used", &[("used", &format!("{:.1}", v.core_hours)), ("budget", &c.core_hour_budget.map(|b| b.to_string()).unwrap_or_else(|| "—".into()))])}</p>
        </section>

        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">{t(locale, "cohort-settings")}</h2>
            <form method="post" action=cohort_href(locale, &c.slug, "manage") novalidate>
                <CsrfField/>
                {settings_fields(locale, Some(&c))}
                <fieldset>
                    <legend>{t(locale, "cohort-profiles")}</legend>
                    <p class="hint">{t(locale, "cohort-profiles-hint")}</p>
                    <Field locale=locale name="profiles" label="cohort-profiles-names" required=false initial=v.granted.join(" ")/>
                    <p class="meta">{t_args(locale, "cohort-profiles-known", &[("names", &profiles.join(", "))])}</p>
                </fieldset>
                <button type="submit" class="button">{t(locale, "cohort-save")}</button>
            </form>
        </section>

        <section aria-labelledby="team-heading" id="team">
            <h2 id="team-heading">{t(locale, "cohort-team")}</h2>
            <ul>
                {v.team.iter().map(|m| view! {
                    <li>
                        {m.name.clone()}" · "{t(locale, &format!("cohort-role-{}", m.role.code()))}
                        {matches!(m.role, Role::Trainer | Role::Helper).then(|| view! {
                            <form method="post" action=cohort_href(locale, &c.slug, &format!("team/{}/remove", m.user_id)) class="inline-form">
                                <CsrfField/>
                                <button type="submit" class="link-button">{t(locale, "cohort-team-remove")}</button>
                            </form>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action=cohort_href(locale, &c.slug, "team") novalidate>
                <CsrfField/>
                <Field locale=locale name="email" label="signup-email" kind="email" autocomplete="off"/>
                <SelectField locale=locale name="role" label="cohort-roster-role"
                    options=vec![("trainer".into(), t(locale, "cohort-role-trainer")), ("helper".into(), t(locale, "cohort-role-helper"))]
                    selected=value_or("role", "helper")/>
                <button type="submit" class="button secondary">{t(locale, "cohort-team-add")}</button>
            </form>
        </section>

        <section aria-labelledby="schedule-heading" id="schedule">
            <h2 id="schedule-heading">{t(locale, "cohort-schedule")}</h2>
            <p class="meta">{t_args(locale, "cohort-times-in", &[("zone", &c.time_zone)])}</p>
            <ol class="sessions">
                {v.sessions.iter().map(|s| view! {
                    <li class=if s.cancelled() { "cancelled" } else { "" }>
                        <strong>{local_time(s.starts_at, &c.time_zone)}</strong>" · "{if s.title.is_empty() { t(locale, "cohort-session") } else { s.title.clone() }}
                        {s.cancelled().then(|| view! { " " <span class="tag">{t(locale, "cohort-session-cancelled")}</span> })}
                        {(!s.cancelled()).then(|| view! {
                            " "<a href=cohort_href(locale, &c.slug, &format!("sessions/{}", s.id))>{t(locale, "cohort-session-edit")}</a>
                            " "<a href=cohort_href(locale, &c.slug, &format!("attendance/{}", s.id))>{t(locale, "cohort-attendance")}</a>
                        })}
                    </li>
                }).collect_view()}
            </ol>
            <h3>{t(locale, "cohort-session-add")}</h3>
            <form method="post" action=cohort_href(locale, &c.slug, "sessions") novalidate>
                <CsrfField/>
                {session_fields(locale, &c, None, &zone)}
                <button type="submit" class="button secondary">{t(locale, "cohort-session-add")}</button>
            </form>
        </section>
    }
}

/// A session's fields (its local date and time, in its zone).
fn session_fields(
    locale: Locale,
    c: &Cohort,
    s: Option<&Session>,
    default_zone: &jiff::tz::TimeZone,
) -> AnyView {
    let zone_name = s.map(|s| s.time_zone.clone()).unwrap_or_else(|| c.time_zone.clone());
    let zone = jiff::tz::TimeZone::get(&zone_name).unwrap_or_else(|_| default_zone.clone());
    let (date, time) = s.map(|s| types::local_fields(s.starts_at, &zone)).unwrap_or_default();
    let st = form_state();
    let episodes = use_context::<Library>()
        .and_then(|l| l.get().course(&c.course).cloned())
        .map(|course| course.episodes.clone())
        .unwrap_or_default();
    view! {
        <Field locale=locale name="title" label="cohort-session-title" required=false maxlength=120 initial=s.map(|s| s.title.clone()).unwrap_or_default()/>
        <Field locale=locale name="date" label="cohort-session-date" kind="date" initial=date/>
        <Field locale=locale name="time" label="cohort-session-time" kind="time" initial=time/>
        <SelectField locale=locale name="time_zone" label="cohort-zone" options=zone_options() selected=value_or("time_zone", zone_name.clone())/>
        <Field locale=locale name="minutes" label="cohort-session-minutes" kind="number" inputmode="numeric" initial=s.map(|s| s.minutes.to_string()).unwrap_or_else(|| "120".into())/>
        <Field locale=locale name="place" label="cohort-session-place" required=false maxlength=200 initial=s.map(|s| s.place.clone()).unwrap_or_default()/>
        <Field locale=locale name="link" label="cohort-session-link" kind="url" required=false initial=s.map(|s| s.link.clone()).unwrap_or_default()/>
        <fieldset>
            <legend>{t(locale, "cohort-session-episodes")}</legend>
            {episodes.into_iter().map(|e| {
                let name = format!("ep-{}", e.slug);
                let on = if st.values.is_empty() { s.is_some_and(|s| s.episodes.contains(&e.slug)) } else { st.value(&name) == "yes" };
                let title = e.text_for(locale).map(|(_, t)| t.front.title.clone()).unwrap_or_else(|| e.slug.clone());
                let id = format!("f-{name}");
                view! {
                    <div class="field checkbox">
                        <input type="checkbox" id=id.clone() name=name value="yes" checked=on/>
                        <label for=id>{title}</label>
                    </div>
                }
                .into_any()
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct SessionView {
    cohort: Cohort,
    session: Session,
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let locale = page_locale();
    let (slug, id) = (param("slug"), param("id"));
    let data = page_result(move || {
        let (slug, id) = (slug.clone(), id.clone());
        async move {
            let pool = pool()?;
            let cohort = service::managed(&pool, &slug, current_actor().as_ref()).await?;
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            let session = store::session(&pool, id)
                .await?
                .filter(|s| s.cohort_id == cohort.id)
                .ok_or(AppError::NotFound)?;
            Ok(SessionView { cohort, session })
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| {
                let c = v.cohort;
                let s = v.session;
                let zone = jiff::tz::TimeZone::get(&c.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
                view! {
                    <Title text=t(locale, "cohort-session-edit")/>
                    <section class="form-page">
                        <p><a href=cohort_href(locale, &c.slug, "manage#schedule")>{c.title.clone()}</a></p>
                        <h1>{t(locale, "cohort-session-edit")}</h1>
                        <Notice locale=locale/>
                        <form method="post" action=cohort_href(locale, &c.slug, &format!("sessions/{}", s.id)) novalidate>
                            <CsrfField/>
                            {session_fields(locale, &c, Some(&s), &zone)}
                            <button type="submit" class="button">{t(locale, "cohort-save")}</button>
                        </form>
                        <form method="post" action=cohort_href(locale, &c.slug, &format!("sessions/{}/cancel", s.id))>
                            <CsrfField/>
                            <button type="submit" class="button secondary">{t(locale, "cohort-session-cancel")}</button>
                        </form>
                    </section>
                }.into_any()
            }))}
        </Suspense>
    }
}

// ---------- the roster and attendance ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct RosterView {
    cohort: Cohort,
    sessions: Vec<Session>,
    held: usize,
    rows: Vec<RosterRow>,
    total_episodes: usize,
    may_manage: bool,
}

async fn roster_view(slug: String) -> Result<RosterView, AppError> {
    let pool = pool()?;
    let actor = current_actor();
    let cohort = service::kept(&pool, &slug, actor.as_ref()).await?;
    let role = service::membership_of(&pool, &cohort, actor.as_ref()).await?.and_then(|m| m.active_role());
    let sessions = store::sessions(&pool, cohort.id).await?;
    let held = service::held(&sessions, crate::kernel::clock::now());
    let rows = store::roster(&pool, &cohort, &held).await?;
    let total_episodes = use_context::<Library>()
        .and_then(|l| l.get().course(&cohort.course).map(|c| c.episodes.len()))
        .unwrap_or(0);
    Ok(RosterView {
        may_manage: super::policy::may_manage(actor.as_ref(), role).is_ok(),
        cohort,
        sessions,
        held: held.len(),
        rows,
        total_episodes,
    })
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let locale = page_locale();
    let slug = param("slug");
    let data = page_result(move || roster_view(slug.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| roster_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn roster_page(locale: Locale, v: RosterView) -> impl IntoView {
    let c = v.cohort.clone();
    let pending: Vec<RosterRow> = v
        .rows
        .iter()
        .filter(|r| {
            r.role == Role::Learner && matches!(r.state, MemberState::Applied | MemberState::Waitlisted)
        })
        .cloned()
        .collect();
    let mut pending = pending;
    pending.sort_by_key(|r| (r.state != MemberState::Applied, r.queued_at));
    view! {
        <Title text=t_args(locale, "cohort-roster-title", &[("cohort", &c.title)])/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=cohort_href(locale, &c.slug, "")>{c.title.clone()}</a>
        </nav>
        <h1>{t_args(locale, "cohort-roster-title", &[("cohort", &c.title)])}</h1>
        {query("decided").map(|_| view! { <Banner locale=locale code="cohort-decided"/> })}
        <Notice locale=locale/>
        <p class="actions">
            <a class="button secondary" href=cohort_href(locale, &c.slug, "roster.csv") download="">{t(locale, "cohort-roster-csv")}</a>
        </p>
        <section aria-labelledby="attendance-heading">
            <h2 id="attendance-heading">{t(locale, "cohort-attendance")}</h2>
            <ul class="inline-list">
                {v.sessions.iter().filter(|s| !s.cancelled()).map(|s| view! {
                    <li><a href=cohort_href(locale, &c.slug, &format!("attendance/{}", s.id))>{local_time(s.starts_at, &c.time_zone)}</a></li>
                }).collect_view()}
            </ul>
        </section>
        {(!pending.is_empty()).then(|| view! {
            <section aria-labelledby="applications" id="applications">
                <h2 id="applications-heading">{t(locale, "cohort-applications")}</h2>
                <ul class="applications">
                    {pending.iter().map(|r| view! {
                        <li class="card">
                            <strong>{r.name.clone()}</strong>" · "{t(locale, &format!("cohort-member-{}", r.state.code()))}
                            {(!r.motivation.is_empty()).then(|| view! { <blockquote>{r.motivation.clone()}</blockquote> })}
                            {v.may_manage.then(|| view! {
                                <form method="post" action=cohort_href(locale, &c.slug, &format!("members/{}/decide", r.user_id)) class="inline-list">
                                    <CsrfField/>
                                    <button type="submit" name="decision" value="accept" class="button">{t(locale, "cohort-accept")}</button>
                                    <button type="submit" name="decision" value="waitlist" class="button secondary">{t(locale, "cohort-waitlist")}</button>
                                    <button type="submit" name="decision" value="decline" class="button secondary">{t(locale, "cohort-decline")}</button>
                                </form>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="roster-heading">
            <h2 id="roster-heading">{t(locale, "cohort-roster")}</h2>
            <p class="meta">{t_args(locale, "cohort-sessions-held", &[("held", &v.held.to_string())])}</p>
            <DataTable locale=locale caption="cohort-roster" columns=vec![
                Column::shown("cohort-roster-name"), Column::shown("cohort-roster-role"), Column::shown("cohort-roster-state"),
                Column::shown("cohort-roster-attendance"), Column::shown("cohort-roster-episodes"), Column::shown("cohort-roster-survey"),
                Column::shown("cohort-roster-certificate"), Column::shown("cohort-roster-core-hours"),
            ]>
                {v.rows.iter().filter(|r| r.state == MemberState::Enrolled).map(|r| view! {
                    <tr>
                        <td>{r.name.clone()}<br/><span class="meta">{r.institution.clone()}</span></td>
                        <td>{t(locale, &format!("cohort-role-{}", r.role.code()))}</td>
                        <td>{t(locale, &format!("cohort-member-{}", r.state.code()))}</td>
                        <td>{format!("{} %", service::attendance_percent(r.attended, v.held))}</td>
                        <td>{format!("{}/{}", r.episodes_done, v.total_episodes)}</td>
                        <td>{if r.survey_answered { t(locale, "cohort-yes") } else { t(locale, "cohort-no") }}</td>
                        <td>{if r.certificate.is_empty() { "—".to_owned() } else { t(locale, &format!("certificate-state-{}", r.certificate)) }}</td>
                        <td>{format!("{:.2}", r.core_hours)}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct AttendanceView {
    cohort: Cohort,
    session: Session,
    people: Vec<RosterRow>,
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let locale = page_locale();
    let (slug, id) = (param("slug"), param("session"));
    let data = page_result(move || {
        let (slug, id) = (slug.clone(), id.clone());
        async move {
            let pool = pool()?;
            let cohort = service::kept(&pool, &slug, current_actor().as_ref()).await?;
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            let session = store::session(&pool, id)
                .await?
                .filter(|s| s.cohort_id == cohort.id)
                .ok_or(AppError::NotFound)?;
            let people = store::roster_with_marks(&pool, &cohort, &[])
                .await?
                .into_iter()
                .filter(|r| r.state == MemberState::Enrolled && r.role == Role::Learner)
                .collect();
            Ok(AttendanceView { cohort, session, people })
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| attendance_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn attendance_page(locale: Locale, v: AttendanceView) -> impl IntoView {
    let c = v.cohort.clone();
    let s = v.session.clone();
    let st = form_state();
    let error = st.error("attendance");
    view! {
        <Title text=t(locale, "cohort-attendance")/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=cohort_href(locale, &c.slug, "roster")>{t_args(locale, "cohort-roster-title", &[("cohort", &c.title)])}</a>
        </nav>
        <h1>{t(locale, "cohort-attendance")}</h1>
        <p>{local_time(s.starts_at, &c.time_zone)}{(!s.title.is_empty()).then(|| format!(" · {}", s.title))}</p>
        {query("saved").map(|_| view! { <Banner locale=locale code="cohort-attendance-saved"/> })}
        <Notice locale=locale/>
        {error.map(|e| view! { <p class="notice problem" role="alert">{t(locale, &e)}</p> })}
        {if v.people.is_empty() {
            view! { <p>{t(locale, "cohort-no-learners")}</p> }.into_any()
        } else {
            view! {
                <form method="post" action=cohort_href(locale, &c.slug, &format!("attendance/{}", s.id))>
                    <CsrfField/>
                    {v.people.iter().map(|p| {
                        let name = format!("a-{}", p.user_id);
                        let current = if st.values.contains_key(&name) { st.value(&name) } else {
                            p.attendance.get(&s.id).map(|a| a.code().to_owned()).unwrap_or_default()
                        };
                        view! {
                            <fieldset class="attendance-row">
                                <legend>{p.name.clone()}</legend>
                                <div class="inline-list">
                                    {Attendance::ALL.iter().map(|a| {
                                        let id = format!("{name}-{}", a.code());
                                        view! {
                                            <span class="choice">
                                                <input type="radio" id=id.clone() name=name.clone() value=a.code() checked=current == a.code()/>
                                                <label for=id>{t(locale, &format!("cohort-attendance-{}", a.code()))}</label>
                                            </span>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        }
                    }).collect_view()}
                    <button type="submit" class="button">{t(locale, "cohort-attendance-save")}</button>
                </form>
            }.into_any()
        }}
    }
}

// ---------- one's own cohorts and calendar ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct MineView {
    cohorts: Vec<store::Mine>,
    has_feed: bool,
    zone: String,
}

#[component]
pub fn MyCohortsPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let pool = pool()?;
        let actor = current_actor().ok_or(AppError::Unauthenticated)?;
        let cohorts = store::mine(&pool, actor.user_id).await?;
        let has_feed = store::has_feed(&pool, actor.user_id).await?;
        let zone = reader_zone(&pool, Some(actor.user_id), "").await?;
        Ok(MineView { cohorts, has_feed, zone })
    });
    let st = form_state();
    let new_feed = st.extra.first().cloned();
    view! {
        <Title text=t(locale, "cohorts-mine")/>
        <h1>{t(locale, "cohorts-mine")}</h1>
        {query("revoked").map(|_| view! { <Banner locale=locale code="cohort-feed-revoked"/> })}
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || {
                let new_feed = new_feed.clone();
                data.get().map(|d| loaded(d, move |v| view! {
                    {if v.cohorts.is_empty() {
                        view! { <p>{t(locale, "cohorts-mine-none")}" "<a href=format!("/{}/cohorts", locale.code())>{t(locale, "cohorts-title")}</a></p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards">
                                {v.cohorts.iter().map(|m| {
                                    let zone = if v.zone.is_empty() { m.time_zone.clone() } else { v.zone.clone() };
                                    view! {
                                        <li class="card">
                                            <h2><a href=cohort_href(locale, &m.slug, "")>{m.title.clone()}</a></h2>
                                            <p>
                                                <span class="tag">{t(locale, &format!("cohort-role-{}", m.role.code()))}</span>" "
                                                <span class="tag">{t(locale, &format!("cohort-member-{}", m.member_state.code()))}</span>" "
                                                <span class="tag">{state_label(locale, m.state)}</span>
                                            </p>
                                            {m.next_session.map(|at| view! { <p>{t_args(locale, "cohort-next-session", &[("when", &local_time(at, &zone))])}</p> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <section aria-labelledby="feed-heading">
                        <h2 id="feed-heading">{t(locale, "cohort-feed-title")}</h2>
                        <p>{t(locale, "cohort-feed-intro")}</p>
                        {new_feed.clone().map(|url| view! {
                            <p><code data-testid="feed-url" class="break">{url}</code></p>
                            <p class="hint">{t(locale, "cohort-feed-once")}</p>
                        })}
                        <form method="post" action=format!("/{}/cohorts/mine/feed", locale.code()) class="inline-form">
                            <CsrfField/>
                            <button type="submit" class="button secondary">{if v.has_feed { t(locale, "cohort-feed-rotate") } else { t(locale, "cohort-feed-create") }}</button>
                        </form>
                        {v.has_feed.then(|| view! {
                            <form method="post" action=format!("/{}/cohorts/mine/feed/revoke", locale.code()) class="inline-form">
                                <CsrfField/>
                                <button type="submit" class="link-button">{t(locale, "cohort-feed-revoke")}</button>
                            </form>
                        })}
                    </section>
                }.into_any()))
            }}
        </Suspense>
    }
}

//! Pages of surveys (answering, results), certificates (issuing, the public verification page)
//! and the Train-the-Trainer checkout (the trainee's page, the trainers' queue).

use super::{cohort_href, param, pool, query, value_or, zone_options};
use crate::cohorts::certificates::{self, Certificate};
use crate::cohorts::checkout::{self, Checkout, Demo, Involvement, Slot};
use crate::cohorts::jobs::local_time;
use crate::cohorts::service;
use crate::cohorts::store::{self, Cohort, RosterRow};
use crate::cohorts::surveys::{self, Question, Results, MIN_ANSWERS};
use crate::cohorts::types::{MemberState, Role, StepResult, Survey};
use crate::errors::AppError;
use crate::i18n::{t, t_args, Locale};
use crate::lessons::Library;
use crate::ui::shell::page_locale;
use crate::ui::widgets::{
    current_actor, form_state, loaded, page_result, Banner, Column, CsrfField, DataTable, Field, Notice,
    SelectField, TextArea,
};
use leptos::prelude::*;
use leptos_meta::Title;

// ---------- surveys ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct SurveyView {
    cohort: Cohort,
    survey: Survey,
    questions: Vec<Question>,
    answered: bool,
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    let locale = page_locale();
    let (slug, which) = (param("slug"), param("survey"));
    let data = page_result(move || {
        let (slug, which) = (slug.clone(), which.clone());
        async move {
            let pool = pool()?;
            let actor = current_actor().ok_or(AppError::Unauthenticated)?;
            let survey = Survey::parse(&which).ok_or(AppError::NotFound)?;
            let cohort = store::by_slug(&pool, &slug).await?.ok_or(AppError::NotFound)?;
            match store::membership(&pool, cohort.id, actor.user_id).await? {
                Some(m) if m.role == Role::Learner && m.state == MemberState::Enrolled => {}
                _ => return Err(AppError::Forbidden),
            }
            let questions = surveys::questions(&pool, cohort.id, survey).await?;
            let (pre, post) = surveys::answered(&pool, cohort.id, actor.user_id).await?;
            Ok(SurveyView {
                cohort,
                survey,
                questions,
                answered: if survey == Survey::Pre { pre } else { post },
            })
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| survey_page(locale, v).into_any()))}
        </Suspense>
    }
}

/// A 0–10 or 1–5 scale as radio buttons in a fieldset (its legend is the question).
fn scale(
    locale: Locale,
    name: String,
    legend: String,
    from: i64,
    to: i64,
    ends: Option<(&str, &str)>,
) -> impl IntoView {
    let st = form_state();
    let error = st.error(&name);
    let chosen = st.value(&name);
    let err_id = format!("f-{name}-error");
    view! {
        <fieldset class="scale" aria-describedby=error.as_ref().map(|_| err_id.clone())>
            <legend>{legend}</legend>
            {error.clone().map(|e| view! { <p class="error" id=err_id.clone()>{t(locale, &e)}</p> })}
            {ends.map(|(low, high)| view! { <p class="hint">{format!("{from} = {}, {to} = {}", t(locale, low), t(locale, high))}</p> })}
            <div class="inline-list">
                {(from..=to).map(|n| {
                    let id = format!("f-{name}-{n}");
                    view! {
                        <span class="choice">
                            <input type="radio" id=id.clone() name=name.clone() value=n.to_string() checked=chosen == n.to_string()/>
                            <label for=id>{n}</label>
                        </span>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

fn survey_page(locale: Locale, v: SurveyView) -> impl IntoView {
    let c = v.cohort.clone();
    let title = t(locale, &format!("survey-{}-title", v.survey.code()));
    view! {
        <Title text=title.clone()/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=cohort_href(locale, &c.slug, "")>{c.title.clone()}</a>
        </nav>
        <section class="form-page">
            <h1>{title}</h1>
            {if v.answered {
                view! { <p class="notice success" role="status">{t(locale, "survey-already-answered")}</p> }.into_any()
            } else {
                view! {
                    <p>{t(locale, "survey-anonymous")}</p>
                    <Notice locale=locale/>
                    <form method="post" action=cohort_href(locale, &c.slug, &format!("surveys/{}", v.survey.code())) novalidate>
                        <CsrfField/>
                        {scale(locale, "nps".into(), t(locale, "survey-nps"), 0, 10, Some(("survey-nps-low", "survey-nps-high")))}
                        {surveys::LIKERT.iter().map(|q| scale(locale, (*q).to_owned(), t(locale, &format!("survey-{q}")), 1, 5, Some(("survey-agree-low", "survey-agree-high")))).collect_view()}
                        <TextArea locale=locale name="comment" label="survey-comment" required=false maxlength=2000/>
                        {v.questions.iter().map(|q| {
                            let name = format!("q{}", q.id);
                            if q.kind == "likert" {
                                scale(locale, name, q.prompt.clone(), 1, 5, Some(("survey-agree-low", "survey-agree-high"))).into_any()
                            } else {
                                let st = form_state();
                                let id = format!("f-{name}");
                                view! {
                                    <div class="field">
                                        <label for=id.clone()>{q.prompt.clone()}</label>
                                        <textarea id=id name=name.clone() rows="3" maxlength="2000">{st.value(&name)}</textarea>
                                    </div>
                                }.into_any()
                            }
                        }).collect_view()}
                        <button type="submit" class="button">{t(locale, "survey-submit")}</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ResultsView {
    cohort: Cohort,
    pre: Results,
    post: Results,
    questions: Vec<(Survey, Question)>,
}

#[component]
pub fn SurveyResultsPage() -> impl IntoView {
    let locale = page_locale();
    let slug = param("slug");
    let data = page_result(move || {
        let slug = slug.clone();
        async move {
            let pool = pool()?;
            let cohort = service::managed(&pool, &slug, current_actor().as_ref()).await?;
            let pre_q = surveys::questions(&pool, cohort.id, Survey::Pre).await?;
            let post_q = surveys::questions(&pool, cohort.id, Survey::Post).await?;
            let pre = surveys::results(&pool, &cohort, Survey::Pre, &pre_q).await?;
            let post = surveys::results(&pool, &cohort, Survey::Post, &post_q).await?;
            let questions = pre_q
                .into_iter()
                .map(|q| (Survey::Pre, q))
                .chain(post_q.into_iter().map(|q| (Survey::Post, q)))
                .collect();
            Ok(ResultsView { cohort, pre, post, questions })
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| results_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn results_block(
    locale: Locale,
    survey: Survey,
    r: &Results,
    questions: &[(Survey, Question)],
) -> impl IntoView {
    let rate = if r.learners == 0 { 0 } else { r.responses * 100 / r.learners };
    let label = |key: &str| -> String {
        match key.strip_prefix('q').and_then(|id| id.parse::<i64>().ok()) {
            Some(id) => {
                questions.iter().find(|(_, q)| q.id == id).map(|(_, q)| q.prompt.clone()).unwrap_or_default()
            }
            None => t(locale, &format!("survey-{key}")),
        }
    };
    let rows: Vec<(String, i64, f64, [i64; 5])> =
        r.likert.iter().map(|(k, n, avg, c)| (label(k), *n, *avg, *c)).collect();
    view! {
        <section aria-labelledby=format!("{}-heading", survey.code())>
            <h2 id=format!("{}-heading", survey.code())>{t(locale, &format!("survey-{}-title", survey.code()))}</h2>
            <p>{t_args(locale, "survey-rate", &[("responses", &r.responses.to_string()), ("learners", &r.learners.to_string()), ("rate", &rate.to_string())])}</p>
            <p data-testid=format!("nps-{}", survey.code())>{match r.nps {
                Some(n) => t_args(locale, "survey-nps-value", &[("nps", &n.to_string())]),
                None => t_args(locale, "survey-nps-hidden", &[("min", &MIN_ANSWERS.to_string())]),
            }}</p>
            <DataTable locale=locale caption="survey-likert-caption" show_caption=true columns=vec![
                Column::shown("survey-statement"), Column::shown("survey-answers"), Column::shown("survey-average"), Column::shown("survey-distribution"),
            ]>
                {rows.into_iter().map(|(label, n, avg, counts)| view! {
                    <tr>
                        <td>{label}</td>
                        <td>{n}</td>
                        <td>{if n == 0 { "—".to_owned() } else { format!("{avg:.1}") }}</td>
                        <td>{counts.iter().enumerate().map(|(i, c)| format!("{}: {c}", i + 1)).collect::<Vec<_>>().join(" · ")}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
            <h3>{t(locale, "survey-comments")}</h3>
            {if r.comments.is_empty() && r.comment_count > 0 {
                view! { <p>{t_args(locale, "survey-comments-hidden", &[("count", &r.comment_count.to_string()), ("min", &MIN_ANSWERS.to_string())])}</p> }.into_any()
            } else if r.comments.is_empty() {
                view! { <p>{t(locale, "survey-no-comments")}</p> }.into_any()
            } else {
                view! { <ul class="comments">{r.comments.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

fn results_page(locale: Locale, v: ResultsView) -> impl IntoView {
    let c = v.cohort.clone();
    view! {
        <Title text=t(locale, "survey-results-title")/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=cohort_href(locale, &c.slug, "manage")>{c.title.clone()}</a>
        </nav>
        <h1>{t(locale, "survey-results-title")}</h1>
        <p>{t(locale, "survey-results-intro")}</p>
        {query("added").map(|_| view! { <Banner locale=locale code="survey-question-added"/> })}
        {results_block(locale, Survey::Pre, &v.pre, &v.questions)}
        {results_block(locale, Survey::Post, &v.post, &v.questions)}
        <section aria-labelledby="questions-heading" id="questions">
            <h2 id="questions-heading">{t(locale, "survey-questions")}</h2>
            <ul>{v.questions.iter().map(|(s, q)| view! {
                <li>{q.prompt.clone()}" · "<span class="tag">{t(locale, &format!("survey-{}-title", s.code()))}</span>" "<span class="tag">{t(locale, &format!("survey-kind-{}", q.kind))}</span></li>
            }).collect_view()}</ul>
            <Notice locale=locale/>
            <form method="post" action=cohort_href(locale, &c.slug, "results/questions") novalidate>
                <CsrfField/>
                <SelectField locale=locale name="survey" label="survey-which" options=vec![("pre".into(), t(locale, "survey-pre-title")), ("post".into(), t(locale, "survey-post-title"))] selected=value_or("survey", "post")/>
                <SelectField locale=locale name="kind" label="survey-kind" options=vec![("likert".into(), t(locale, "survey-kind-likert")), ("text".into(), t(locale, "survey-kind-text"))] selected=value_or("kind", "likert")/>
                <Field locale=locale name="prompt" label="survey-prompt" maxlength=300/>
                <button type="submit" class="button secondary">{t(locale, "survey-add-question")}</button>
            </form>
        </section>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct AdminSurveys {
    overview: surveys::Overview,
}

#[component]
pub fn AdminSurveysPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        crate::auth::authorize(current_actor().as_ref(), crate::auth::Action::Administer)?;
        Ok(AdminSurveys { overview: surveys::overview(&pool()?).await? })
    });
    let course_name = move |slug: &str| {
        use_context::<Library>()
            .and_then(|l| l.get().course(slug).map(|c| c.title.get(locale).to_owned()))
            .unwrap_or_else(|| slug.to_owned())
    };
    view! {
        <Title text=t(locale, "admin-surveys-title")/>
        <h1>{t(locale, "admin-surveys-title")}</h1>
        {crate::ui::widgets::admin_links(locale)}
        <p>{t_args(locale, "admin-surveys-intro", &[("min", &MIN_ANSWERS.to_string())])}</p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, move |v| {
                let row = |name: String, n: i64, nps: Option<i64>| view! {
                    <tr><td>{name}</td><td>{n}</td><td>{nps.map(|x| x.to_string()).unwrap_or_else(|| "—".into())}</td></tr>
                };
                view! {
                    <h2>{t(locale, "admin-surveys-by-course")}</h2>
                    <DataTable locale=locale caption="admin-surveys-by-course" columns=vec![Column::shown("cohort-course"), Column::shown("survey-answers"), Column::shown("survey-nps-short")]>
                        {v.overview.by_course.iter().map(|(k, n, nps)| row(course_name(k), *n, *nps)).collect_view()}
                    </DataTable>
                    <h2>{t(locale, "admin-surveys-by-institution")}</h2>
                    <DataTable locale=locale caption="admin-surveys-by-institution" columns=vec![Column::shown("signup-institution"), Column::shown("survey-answers"), Column::shown("survey-nps-short")]>
                        {v.overview.by_institution.iter().map(|(k, n, nps)| row(if k.is_empty() { t(locale, "admin-notebooks-no-institution") } else { k.clone() }, *n, *nps)).collect_view()}
                    </DataTable>
                }.into_any()
            }))}
        </Suspense>
    }
}

// ---------- certificates ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CertificatesView {
    cohort: Cohort,
    rows: Vec<(RosterRow, Option<String>, Option<String>)>,
    eligible: usize,
}

#[component]
pub fn CohortCertificatesPage() -> impl IntoView {
    let locale = page_locale();
    let slug = param("slug");
    let data = page_result(move || {
        let slug = slug.clone();
        async move {
            let pool = pool()?;
            let cohort = service::managed(&pool, &slug, current_actor().as_ref()).await?;
            let sessions = store::sessions(&pool, cohort.id).await?;
            let held = service::held(&sessions, crate::kernel::clock::now());
            let total = use_context::<Library>()
                .and_then(|l| l.get().course(&cohort.course).map(|c| c.episodes.len() as i64))
                .unwrap_or(0);
            let scope = format!("cohort:{}", cohort.id);
            let mut rows = Vec::new();
            let mut eligible = 0;
            for r in store::roster(&pool, &cohort, &held)
                .await?
                .into_iter()
                .filter(|r| r.role == Role::Learner && r.state == MemberState::Enrolled)
            {
                let why_not =
                    certificates::meets_rule(&cohort, &r, held.len(), total).err().map(str::to_owned);
                let code = certificates::of_person(&pool, r.user_id, &scope).await?.map(|(c, _)| c);
                if why_not.is_none() && code.is_none() {
                    eligible += 1;
                }
                rows.push((r, why_not, code));
            }
            Ok(CertificatesView { cohort, rows, eligible })
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| certificates_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn certificates_page(locale: Locale, v: CertificatesView) -> impl IntoView {
    let c = v.cohort.clone();
    view! {
        <Title text=t(locale, "certificates-title")/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=cohort_href(locale, &c.slug, "manage")>{c.title.clone()}</a>
        </nav>
        <h1>{t(locale, "certificates-title")}</h1>
        <p>{t_args(locale, "certificates-rule", &[
            ("attendance", &c.cert_attendance.to_string()),
            ("survey", &(if c.cert_survey { t(locale, "cohort-yes") } else { t(locale, "cohort-no") })),
            ("episodes", &(if c.cert_episodes { t(locale, "cohort-yes") } else { t(locale, "cohort-no") })),
        ])}</p>
        {query("issued").map(|n| view! { <p class="notice success" role="status">{t_args(locale, "certificates-issued", &[("count", &n)])}</p> })}
        {query("revoked").map(|_| view! { <Banner locale=locale code="certificates-revoked"/> })}
        <Notice locale=locale/>
        <form method="post" action=cohort_href(locale, &c.slug, "certificates")>
            <CsrfField/>
            <button type="submit" class="button" disabled=v.eligible == 0>{t_args(locale, "certificates-issue-all", &[("count", &v.eligible.to_string())])}</button>
        </form>
        <DataTable locale=locale caption="certificates-title" columns=vec![
            Column::shown("cohort-roster-name"), Column::shown("cohort-roster-attendance"), Column::shown("certificates-rule-met"),
            Column::shown("cohort-roster-certificate"), Column::actions("certificates-actions"),
        ]>
            {v.rows.iter().map(|(r, why, code)| view! {
                <tr>
                    <td>{r.name.clone()}</td>
                    <td>{r.attended}</td>
                    <td>{match why { None => t(locale, "cohort-yes"), Some(w) => t(locale, w) }}</td>
                    <td>{match code {
                        Some(code) => view! { <a href=format!("/verify/{code}")>{if r.certificate == "revoked" { t(locale, "certificate-state-revoked") } else { t(locale, "certificate-state-valid") }}</a> }.into_any(),
                        None => view! { "—" }.into_any(),
                    }}</td>
                    <td>{match (code, r.certificate.as_str()) {
                        (Some(code), "valid") => view! {
                            <form method="post" action=cohort_href(locale, &c.slug, &format!("certificates/{code}/revoke")) class="inline-form">
                                <CsrfField/>
                                <label for=format!("reason-{code}") class="visually-hidden">{t(locale, "certificates-reason")}</label>
                                <input id=format!("reason-{code}") name="reason" required maxlength="300" placeholder=t(locale, "certificates-reason")/>
                                <button type="submit" class="link-button">{t(locale, "certificates-revoke")}</button>
                            </form>
                        }.into_any(),
                        (None, _) if why.is_none() => view! {
                            <form method="post" action=cohort_href(locale, &c.slug, "certificates") class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="user" value=r.user_id.to_string()/>
                                <button type="submit" class="link-button">{t(locale, "certificates-issue-one")}</button>
                            </form>
                        }.into_any(),
                        _ => ().into_any(),
                    }}</td>
                </tr>
            }).collect_view()}
        </DataTable>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CertificateView {
    cert: Certificate,
    course_title: String,
    base: String,
    kid: String,
}

/// `/verify/{code}` renders this page: a certificate as anyone may check it, without login.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let locale = page_locale();
    let code = param("code");
    let data = page_result(move || {
        let code = code.clone();
        async move {
            let pool = pool()?;
            let cert = certificates::by_code(&pool, &crate::cohorts::types::normalise_code(&code))
                .await?
                .ok_or(AppError::NotFound)?;
            // In the reader's language, like the rest of the page and the PDF.
            let course_title = use_context::<Library>()
                .and_then(|l| l.get().course(&cert.course).map(|c| c.title.get(locale).to_owned()))
                .unwrap_or_else(|| cert.course.clone());
            let base = use_context::<crate::http::Site>().map(|s| s.public_base.clone()).unwrap_or_default();
            let kid = use_context::<std::sync::Arc<certificates::Keys>>()
                .map(|k| k.kid.clone())
                .unwrap_or_default();
            Ok(CertificateView { cert, course_title, base, kid })
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| certificate_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn certificate_page(locale: Locale, v: CertificateView) -> impl IntoView {
    let c = v.cert.clone();
    let url = format!("{}/verify/{}", v.base, c.code);
    let heading = if c.kind == "trainer" {
        t(locale, "certificate-trainer-heading")
    } else {
        t(locale, "certificate-heading")
    };
    view! {
        <Title text=format!("{heading} — {}", c.holder_name)/>
        <article class="certificate" aria-labelledby="cert-heading">
            <h1 id="cert-heading">{heading}</h1>
            {if c.valid() {
                view! { <p class="notice success" role="status" data-testid="certificate-status">{t(locale, "certificate-valid")}</p> }.into_any()
            } else {
                view! {
                    <p class="notice problem" role="alert" data-testid="certificate-status">
                        {t_args(locale, "certificate-revoked", &[("when", &local_time(c.revoked_at.unwrap_or_default(), "UTC"))])}
                        <br/>{t_args(locale, "certificate-revoked-reason", &[("reason", &c.revoked_reason)])}
                    </p>
                }.into_any()
            }}
            <dl class="facts">
                <dt>{t(locale, "certificate-holder")}</dt><dd>{c.holder_name.clone()}</dd>
                <dt>{t(locale, "cohort-course")}</dt><dd>{v.course_title.clone()}</dd>
                <dt>{t(locale, "certificate-title")}</dt><dd>{c.title.clone()}</dd>
                <dt>{t(locale, "certificate-dates-label")}</dt><dd>{t_args(locale, "certificate-dates", &[("from", &c.starts_on), ("to", &c.ends_on)])}</dd>
                {(c.hours > 0).then(|| view! { <dt>{t(locale, "certificate-hours-label")}</dt><dd>{c.hours}</dd> })}
                <dt>{t(locale, "certificate-issuer-label")}</dt><dd>{c.issuer.clone()}</dd>
                <dt>{t(locale, "certificate-issued-label")}</dt><dd>{local_time(c.issued_at, "UTC")}</dd>
                <dt>{t(locale, "certificate-code")}</dt><dd><code>{c.code.clone()}</code></dd>
            </dl>
            <div class="qr" role="img" aria-label=t(locale, "certificate-qr") inner_html=certificates::qr_svg(&url)></div>
            <p class="actions">
                <a class="button" href=format!("/verify/{}.pdf", c.code)>{t(locale, "certificate-pdf")}</a>" "
                <a href=format!("/verify/{}.json", c.code)>{t(locale, "certificate-json")}</a>
            </p>
            <p class="meta">{t_args(locale, "certificate-signature", &[("kid", &v.kid), ("keys", &format!("{}/verify/keys.json", v.base))])}</p>
        </article>
    }
}

// ---------- the checkout ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CheckoutView {
    checkout: Option<Checkout>,
    slots: Vec<Slot>,
    demos: Vec<Demo>,
    involvements: Vec<Involvement>,
    zone: String,
    certificate: Option<String>,
}

fn step_label(locale: Locale, r: StepResult) -> String {
    t(locale, &format!("checkout-result-{}", r.code()))
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let pool = pool()?;
        let actor = current_actor().ok_or(AppError::Unauthenticated)?;
        let base = use_context::<crate::http::Site>().map(|s| s.public_base.clone()).unwrap_or_default();
        let checkout = checkout::refresh(&pool, &service::Links { base }, actor.user_id).await?;
        let slots = checkout::upcoming_slots(&pool).await?;
        let demos = checkout::demos_of(&pool, Some(actor.user_id), false).await?;
        let involvements = checkout::involvements_of(&pool, Some(actor.user_id), false).await?;
        let zone = super::reader_zone(&pool, Some(actor.user_id), "UTC").await?;
        let certificate = certificates::of_person(&pool, actor.user_id, "trainer").await?.map(|(c, _)| c);
        Ok(CheckoutView { checkout, slots, demos, involvements, zone, certificate })
    });
    view! {
        <Title text=t(locale, "checkout-title")/>
        <h1>{t(locale, "checkout-title")}</h1>
        {[("booked", "checkout-booked"), ("involvement", "checkout-involvement-sent")].into_iter()
            .filter(|(q, _)| query(q).is_some()).map(|(_, code)| view! { <Banner locale=locale code=code/> }).collect_view()}
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| checkout_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn checkout_page(locale: Locale, v: CheckoutView) -> impl IntoView {
    let Some(c) = v.checkout.clone() else {
        return view! { <p>{t(locale, "checkout-none")}</p> }.into_any();
    };
    let now = crate::kernel::clock::now();
    let waiting_demo = v.demos.iter().any(|d| d.result == StepResult::NotEvaluated);
    let can_act = c.completed_at.is_none() && !c.expired(now);
    view! {
        {match (c.completed_at, c.expired(now)) {
            (Some(_), _) => view! {
                <p class="notice success" role="status" data-testid="checkout-complete">{t(locale, "checkout-complete-notice")}
                    {v.certificate.clone().map(|code| view! { " "<a href=format!("/verify/{code}")>{t(locale, "certificate-yours")}</a> })}
                </p>
            }.into_any(),
            (None, true) => view! { <p class="notice problem" role="alert">{t(locale, "checkout-expired")}</p> }.into_any(),
            (None, false) => view! { <p>{t_args(locale, "checkout-deadline", &[("when", &local_time(c.deadline, &v.zone))])}</p> }.into_any(),
        }}
        <ol class="steps" data-testid="checkout-steps">
            {c.steps().into_iter().map(|(name, r)| view! {
                <li class=format!("step-{}", r.code())>
                    <strong>{t(locale, &format!("checkout-step-{name}"))}</strong>": "{step_label(locale, r)}
                    <br/><span class="meta">{t(locale, &format!("checkout-step-{name}-help"))}</span>
                </li>
            }).collect_view()}
        </ol>
        {(can_act && c.demo != StepResult::Passed).then(|| view! {
            <section aria-labelledby="demo-heading">
                <h2 id="demo-heading">{t(locale, "checkout-demo-book")}</h2>
                {if waiting_demo {
                    view! { <p>{t(locale, "checkout-demo-waiting")}</p> }.into_any()
                } else if v.slots.is_empty() {
                    view! { <p>{t(locale, "checkout-no-slots")}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {v.slots.iter().filter(|s| s.starts_at + s.minutes * 60 > now).map(|s| view! {
                                <li>
                                    {local_time(s.starts_at, &v.zone)}" · "{t_args(locale, "checkout-slot-host", &[("name", &s.host)])}
                                    " · "{t_args(locale, "checkout-slot-free", &[("free", &(s.capacity - s.booked).max(0).to_string())])}
                                    {(s.booked < s.capacity).then(|| view! {
                                        <form method="post" action=format!("/{}/checkout/slots/{}/book", locale.code(), s.id) class="inline-form">
                                            <CsrfField/>
                                            <button type="submit" class="button secondary">{t(locale, "checkout-book")}</button>
                                        </form>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        })}
        {(can_act && c.involvement != StepResult::Passed).then(|| view! {
            <section aria-labelledby="involvement-heading">
                <h2 id="involvement-heading">{t(locale, "checkout-involvement-title")}</h2>
                <p>{t(locale, "checkout-involvement-intro")}</p>
                <form method="post" action=format!("/{}/checkout/involvement", locale.code()) novalidate>
                    <CsrfField/>
                    <Field locale=locale name="url" label="checkout-involvement-url" kind="url" required=false/>
                    <TextArea locale=locale name="note" label="checkout-involvement-note" maxlength=2000/>
                    <button type="submit" class="button secondary">{t(locale, "checkout-involvement-send")}</button>
                </form>
            </section>
        })}
        {(!v.demos.is_empty() || !v.involvements.is_empty()).then(|| view! {
            <section aria-labelledby="history-heading">
                <h2 id="history-heading">{t(locale, "checkout-history")}</h2>
                <ul>
                    {v.demos.iter().map(|d| view! {
                        <li>{t(locale, "checkout-step-demo")}" · "{local_time(d.starts_at, &v.zone)}" · "{step_label(locale, d.result)}
                            {(!d.notes.is_empty()).then(|| view! { <blockquote>{d.notes.clone()}</blockquote> })}
                        </li>
                    }).collect_view()}
                    {v.involvements.iter().map(|i| view! {
                        <li>{t(locale, "checkout-step-involvement")}" · "{i.note.clone()}" · "{step_label(locale, i.result)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
    .into_any()
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct QueueView {
    demos: Vec<Demo>,
    involvements: Vec<Involvement>,
    trainees: Vec<Checkout>,
    slots: Vec<Slot>,
    zone: String,
    admin: bool,
    me: i64,
}

#[component]
pub fn CheckoutQueuePage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let pool = pool()?;
        let actor = current_actor();
        crate::auth::authorize(actor.as_ref(), crate::auth::Action::Teach)?;
        let actor = actor.ok_or(AppError::Unauthenticated)?;
        Ok(QueueView {
            demos: checkout::demos_of(&pool, None, true).await?,
            involvements: checkout::involvements_of(&pool, None, true).await?,
            trainees: checkout::all(&pool).await?,
            slots: checkout::upcoming_slots(&pool).await?,
            zone: super::reader_zone(&pool, Some(actor.user_id), "UTC").await?,
            admin: actor.has(crate::auth::Role::Admin),
            me: actor.user_id,
        })
    });
    view! {
        <Title text=t(locale, "checkout-queue-title")/>
        <h1>{t(locale, "checkout-queue-title")}</h1>
        {[("evaluated", "checkout-evaluated"), ("welcomed", "checkout-welcomed"), ("slot", "checkout-slot-added"), ("extended", "checkout-extended")]
            .into_iter().filter(|(q, _)| query(q).is_some()).map(|(_, code)| view! { <Banner locale=locale code=code/> }).collect_view()}
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| queue_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn queue_page(locale: Locale, v: QueueView) -> impl IntoView {
    let now = crate::kernel::clock::now();
    let default_zone = if v.zone.is_empty() { "America/Bogota".to_owned() } else { v.zone.clone() };
    let (zone_demos, zone_trainees, zone_slots) = (v.zone.clone(), v.zone.clone(), v.zone.clone());
    let criteria = |group: &'static [&'static str], legend: &'static str| {
        view! {
            <fieldset>
                <legend>{t(locale, legend)}</legend>
                {group.iter().map(|c| {
                    let id = format!("g-{c}");
                    view! {
                        <div class="field checkbox">
                            <input type="checkbox" id=id.clone() name=id.clone() value="yes"/>
                            <label for=id>{t(locale, &format!("rubric-{c}"))}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <section aria-labelledby="demos-heading">
            <h2 id="demos-heading">{t(locale, "checkout-queue-demos")}</h2>
            <p class="hint">{t_args(locale, "checkout-rubric-hint", &[("marks", &checkout::REPEAT_HINT.to_string())])}</p>
            {if v.demos.is_empty() { view! { <p>{t(locale, "checkout-queue-empty")}</p> }.into_any() } else {
                view! {
                    <ul class="cards">
                        {v.demos.iter().map(|d| view! {
                            <li class="card">
                                <h3>{d.name.clone()}" · "{local_time(d.starts_at, &zone_demos)}</h3>
                                {if d.user_id == v.me {
                                    view! { <p>{t(locale, "checkout-own-demo")}</p> }.into_any()
                                } else if d.starts_at > now {
                                    view! { <p>{t(locale, "checkout-demo-not-yet")}</p> }.into_any()
                                } else {
                                    view! {
                                        <form method="post" action=format!("/{}/checkout/queue/demos/{}", locale.code(), d.id)>
                                            <CsrfField/>
                                            {criteria(&checkout::CONTENT_CRITERIA, "rubric-content")}
                                            {criteria(&checkout::DELIVERY_CRITERIA, "rubric-delivery")}
                                            <div class="field">
                                                <label for=format!("notes-{}", d.id)>{t(locale, "checkout-notes")}</label>
                                                <textarea id=format!("notes-{}", d.id) name="notes" rows="3" maxlength="4000"></textarea>
                                            </div>
                                            <button type="submit" name="result" value="p" class="button">{t(locale, "checkout-pass")}</button>" "
                                            <button type="submit" name="result" value="a" class="button secondary">{t(locale, "checkout-repeat")}</button>
                                        </form>
                                    }.into_any()
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="involvements-heading">
            <h2 id="involvements-heading">{t(locale, "checkout-queue-involvements")}</h2>
            {if v.involvements.is_empty() { view! { <p>{t(locale, "checkout-queue-empty")}</p> }.into_any() } else {
                view! {
                    <ul class="cards">
                        {v.involvements.iter().map(|i| view! {
                            <li class="card">
                                <h3>{i.name.clone()}</h3>
                                <p>{i.note.clone()}</p>
                                {(!i.url.is_empty()).then(|| view! { <p><a href=i.url.clone() rel="nofollow ugc noopener noreferrer">{i.url.clone()}</a></p> })}
                                {(i.user_id != v.me).then(|| view! {
                                    <form method="post" action=format!("/{}/checkout/queue/involvements/{}", locale.code(), i.id)>
                                        <CsrfField/>
                                        <button type="submit" name="result" value="p" class="button">{t(locale, "checkout-confirm")}</button>" "
                                        <button type="submit" name="result" value="a" class="button secondary">{t(locale, "checkout-repeat")}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="trainees-heading">
            <h2 id="trainees-heading">{t(locale, "checkout-queue-trainees")}</h2>
            <DataTable locale=locale caption="checkout-queue-trainees" columns=vec![
                Column::shown("cohort-roster-name"), Column::shown("checkout-step-training"), Column::shown("checkout-step-welcome"),
                Column::shown("checkout-step-demo"), Column::shown("checkout-step-involvement"), Column::shown("checkout-deadline-label"),
                Column::actions("certificates-actions"),
            ]>
                {v.trainees.iter().map(|c| view! {
                    <tr>
                        <td>{c.name.clone()}</td>
                        {c.steps().into_iter().map(|(_, r)| view! { <td>{step_label(locale, r)}</td> }).collect_view()}
                        <td>{if c.completed_at.is_some() { t(locale, "checkout-done") } else { local_time(c.deadline, &zone_trainees) }}</td>
                        <td>
                            {(c.welcome != StepResult::Passed && c.completed_at.is_none() && !c.expired(now) && c.user_id != v.me).then(|| view! {
                                <form method="post" action=format!("/{}/checkout/queue/welcome/{}", locale.code(), c.user_id) class="inline-form">
                                    <CsrfField/>
                                    <button type="submit" class="link-button">{t(locale, "checkout-welcome-record")}</button>
                                </form>
                            })}
                            {(v.admin && c.completed_at.is_none()).then(|| view! {
                                <form method="post" action=format!("/{}/checkout/queue/extend/{}", locale.code(), c.user_id) class="inline-form">
                                    <CsrfField/>
                                    <button type="submit" class="link-button">{t(locale, "checkout-extend")}</button>
                                </form>
                            })}
                        </td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
        <section aria-labelledby="slots-heading">
            <h2 id="slots-heading">{t(locale, "checkout-slots")}</h2>
            <ul>{v.slots.iter().map(|s| view! {
                <li>{local_time(s.starts_at, &zone_slots)}" · "{s.host.clone()}" · "{format!("{}/{}", s.booked, s.capacity)}</li>
            }).collect_view()}</ul>
            <form method="post" action=format!("/{}/checkout/queue/slots", locale.code()) novalidate>
                <CsrfField/>
                <Field locale=locale name="date" label="cohort-session-date" kind="date"/>
                <Field locale=locale name="time" label="cohort-session-time" kind="time"/>
                <SelectField locale=locale name="time_zone" label="cohort-zone" options=zone_options() selected=value_or("time_zone", default_zone.clone())/>
                <Field locale=locale name="minutes" label="cohort-session-minutes" kind="number" inputmode="numeric" initial="60"/>
                <Field locale=locale name="capacity" label="cohort-capacity" kind="number" inputmode="numeric" initial="4"/>
                <Field locale=locale name="link" label="cohort-session-link" kind="url" required=false/>
                <button type="submit" class="button secondary">{t(locale, "checkout-slot-add")}</button>
            </form>
        </section>
    }
}

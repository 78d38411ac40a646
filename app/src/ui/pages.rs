//! Site-wide pages: home, code of conduct, privacy, not found.

use crate::http::Site;
use crate::i18n::{t, t_args};
use crate::ui::check::{advise, parse_answer, Advice, Answers};
use crate::ui::shell::page_locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The course a newcomer starts with, from the home page and the self-check.
pub const FIRST_COURSE: &str = "desktop-to-cluster";

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = page_locale();
    let query = use_query_map().get_untracked();
    let initial = ["data", "time", "runs"].map(|q| parse_answer(query.get_str(q)));
    let signed_in = crate::ui::widgets::current_actor().is_some();
    let course = format!("/{}/courses/{FIRST_COURSE}", locale.code());
    let features = ["lessons", "notebooks", "cohorts", "community"]
        .into_iter()
        .map(|f| {
            view! {
                <li class="feature">
                    <h3>{t(locale, &format!("home-feature-{f}-title"))}</h3>
                    <p>{t(locale, &format!("home-feature-{f}-body"))}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=t(locale, "home-title")/>
        {query.get_str("deleted").map(|_| view! { <p class="notice success" role="status">{t(locale, "account-deleted")}</p> })}
        <section class="hero" aria-labelledby="hero-heading">
            <h1 id="hero-heading">{t(locale, "home-lead")}</h1>
            <p class="lead">{t(locale, "home-intro")}</p>
            <p class="cta">
                <a class="button" href=course.clone()>{t(locale, "home-cta-start")}</a>
                {if signed_in {
                    view! { <a class="button secondary" href=format!("/{}/dashboard", locale.code())>{t(locale, "home-cta-dashboard")}</a> }.into_any()
                } else {
                    view! { <a class="button secondary" href=format!("/{}/signup", locale.code())>{t(locale, "home-cta-signup")}</a> }.into_any()
                }}
            </p>
        </section>
        <section aria-labelledby="features-heading">
            <h2 id="features-heading" class="visually-hidden">{t(locale, "home-features-heading")}</h2>
            <ul class="features">{features}</ul>
        </section>
        <section class="why" aria-labelledby="why-heading">
            <h2 id="why-heading">{t(locale, "home-why-heading")}</h2>
            <p>{t(locale, "home-why-body")}</p>
        </section>
        <section class="card" id="check" aria-labelledby="check-heading">
            <h2 id="check-heading">{t(locale, "check-heading")}</h2>
            <p>{t(locale, "check-intro")}</p>
            <ClusterCheck locale=locale initial=initial course=course/>
        </section>
    }
}

/// The cluster self-check: a GET form the server answers (no JavaScript needed), with the
/// recommendation and, when a cluster may help, the course to start with.
#[component]
fn ClusterCheck(locale: crate::i18n::Locale, initial: Answers, course: String) -> impl IntoView {
    let names = ["data", "time", "runs"];
    let questions = ["check-q-data", "check-q-time", "check-q-runs"];
    let fieldsets = names
        .into_iter()
        .zip(questions)
        .enumerate()
        .map(|(i, (name, question))| {
            let yes_id = format!("check-{name}-yes");
            let no_id = format!("check-{name}-no");
            view! {
                <fieldset class="check-question">
                    <legend>{t(locale, question)}</legend>
                    <input type="radio" id=yes_id.clone() name=name value="yes" checked=initial[i] == Some(true)/>
                    <label for=yes_id>{t(locale, "check-yes")}</label>
                    <input type="radio" id=no_id.clone() name=name value="no" checked=initial[i] == Some(false)/>
                    <label for=no_id>{t(locale, "check-no")}</label>
                </fieldset>
            }
        })
        .collect_view();
    let answered = initial.iter().any(Option::is_some);
    let advice = advise(initial);
    view! {
        <form class="check" method="get" action=format!("/{}/#check", locale.code())>
            {fieldsets}
            <button type="submit" class="button">{t(locale, "check-submit")}</button>
            {answered.then(|| view! {
                <div class="check-result" role="status">
                    <h3>{t(locale, "check-result-heading")}</h3>
                    <p data-testid="check-result">{match advice {
                        Some(a) => t(locale, a.message_id()),
                        None => t(locale, "check-unanswered"),
                    }}</p>
                    {advice.map(|a| view! {
                        <p><a class="button" href=course.clone()>{t(locale, match a {
                            Advice::Desktop => "check-course-basics",
                            _ => "check-course-start",
                        })}</a></p>
                    })}
                </div>
            })}
        </form>
    }
}

/// Renders a heading and a list of numbered Fluent messages (`prefix-1`, `prefix-2`, …).
fn numbered_list(locale: crate::i18n::Locale, prefix: &str, count: usize) -> impl IntoView {
    (1..=count).map(|i| view! { <li>{t(locale, &format!("{prefix}-{i}"))}</li> }).collect_view()
}

fn contact() -> String {
    use_context::<Site>().map(|s| s.contact.clone()).unwrap_or_default()
}

#[component]
pub fn ConductPage() -> impl IntoView {
    let locale = page_locale();
    let contact = contact();
    view! {
        <Title text=t(locale, "conduct-title")/>
        <article class="prose">
            <h1>{t(locale, "conduct-title")}</h1>
            <p class="meta">{t(locale, "conduct-version")}</p>
            <p>{t(locale, "conduct-intro")}</p>
            <h2>{t(locale, "conduct-scope-heading")}</h2>
            <p>{t(locale, "conduct-scope-body")}</p>
            <h2>{t(locale, "conduct-expected-heading")}</h2>
            <ul>{numbered_list(locale, "conduct-expected", 6)}</ul>
            <h2>{t(locale, "conduct-unacceptable-heading")}</h2>
            <ul>{numbered_list(locale, "conduct-unacceptable", 7)}</ul>
            <h2>{t(locale, "conduct-reporting-heading")}</h2>
            <p>{t_args(locale, "conduct-reporting-body", &[("contact", &contact)])}</p>
            <h2>{t(locale, "conduct-enforcement-heading")}</h2>
            <p>{t(locale, "conduct-enforcement-body")}</p>
            <h2>{t(locale, "conduct-changes-heading")}</h2>
            <p>{t(locale, "conduct-changes-body")}</p>
        </article>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let locale = page_locale();
    let contact = contact();
    let section = move |name: &str| {
        view! {
            <h2>{t(locale, &format!("privacy-{name}-heading"))}</h2>
            <p>{t(locale, &format!("privacy-{name}-body"))}</p>
        }
    };
    view! {
        <Title text=t(locale, "privacy-title")/>
        <article class="prose">
            <h1>{t(locale, "privacy-title")}</h1>
            <p class="meta">{t(locale, "privacy-updated")}</p>
            <p>{t(locale, "privacy-intro")}</p>
            <h2>{t(locale, "privacy-controller-heading")}</h2>
            <p>{t_args(locale, "privacy-controller-body", &[("contact", &contact)])}</p>
            <h2>{t(locale, "privacy-data-heading")}</h2>
            <ul>{numbered_list(locale, "privacy-data", 6)}</ul>
            {section("purpose")}
            {section("legal")}
            <h2>{t(locale, "privacy-rights-heading")}</h2>
            <ul>{numbered_list(locale, "privacy-rights", 5)}</ul>
            {section("retention")}
            {section("cookies")}
            {section("notebooks")}
            <h2>{t(locale, "privacy-contact-heading")}</h2>
            <p>{t_args(locale, "privacy-contact-body", &[("contact", &contact)])}</p>
        </article>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let locale = page_locale();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t(locale, "notfound-title")/>
        <section class="prose">
            <h1>{t(locale, "notfound-title")}</h1>
            <p>{t(locale, "notfound-body")}</p>
            <p><a href=format!("/{}/", locale.code())>{t(locale, "notfound-home-link")}</a></p>
        </section>
    }
}

/// The page for a failed action or request: what went wrong in the reader's language, and what
/// to do next (log in, confirm the email, wait, go back).
#[component]
pub fn ErrorView(error: crate::errors::AppError, back: Option<String>) -> impl IntoView {
    use crate::errors::AppError;
    use crate::ui::widgets::CsrfField;
    let locale = page_locale();
    let title = match &error {
        AppError::NotFound => "notfound-title",
        AppError::Unauthenticated => "error-title-login",
        AppError::Forbidden => "error-title-forbidden",
        AppError::Validation { .. } | AppError::Conflict { .. } => "error-title-problem",
        AppError::RateLimited { .. } => "error-title-wait",
        AppError::Internal => "error-title-internal",
    };
    let message = match &error {
        AppError::RateLimited { retry_after_secs } => {
            t_args(locale, "error-rate-limited", &[("seconds", &retry_after_secs.to_string())])
        }
        AppError::NotFound => t(locale, "notfound-body"),
        e => t(locale, e.code()),
    };
    let here = use_context::<http::request::Parts>()
        .filter(|p| p.method == http::Method::GET)
        .map(|p| p.uri.path().to_owned());
    let come_back = here.clone().or_else(|| back.clone()).unwrap_or_else(|| format!("/{}/", locale.code()));
    let next = crate::http::urls::query_value(&come_back);
    let code = error.code().to_owned();
    let action = match code.as_str() {
        "error-unauthenticated" => Some(view! {
            <p><a class="button" href=format!("/{}/login?next={next}", locale.code())>{t(locale, "nav-login")}</a>
            " "<a href=format!("/{}/signup", locale.code())>{t(locale, "nav-signup")}</a></p>
        }.into_any()),
        "account-unverified" => Some(view! {
            <form method="post" action=format!("/{}/account/verify/resend", locale.code())>
                <CsrfField/>
                <input type="hidden" name="next" value=come_back.clone()/>
                <button type="submit" class="button">{t(locale, "account-resend")}</button>
            </form>
        }.into_any()),
        "account-mfa-session" => Some(view! {
            <p><a class="button" href=format!("/{}/login?next={next}", locale.code())>{t(locale, "nav-login")}</a></p>
        }.into_any()),
        "account-totp-required" => Some(view! {
            <p><a class="button" href=format!("/{}/account/2fa", locale.code())>{t(locale, "account-totp-manage")}</a></p>
        }.into_any()),
        c if c.starts_with("notebook-") => Some(view! {
            <p><a class="button" href=format!("/{}/notebooks", locale.code())>{t(locale, "notebook-mine-title")}</a></p>
        }.into_any()),
        _ => None,
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    view! {
        <Title text=t(locale, title)/>
        <section class="prose error-page" data-error=code>
            <h1>{t(locale, title)}</h1>
            <p role="alert">{message}</p>
            {action}
            <ul class="inline-list">
                {back.filter(|b| Some(b) != here.as_ref()).map(|b| view! { <li><a href=b>{t(locale, "error-back")}</a></li> })}
                <li><a href=format!("/{}/", locale.code())>{t(locale, "notfound-home-link")}</a></li>
            </ul>
        </section>
    }
}

/// The error page for the [`crate::http::PageError`] a handler answered with.
#[component]
pub fn ErrorPage() -> impl IntoView {
    match use_context::<crate::http::PageError>() {
        Some(p) => view! { <ErrorView error=p.error back=p.back/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

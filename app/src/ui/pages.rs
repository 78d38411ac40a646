//! Site-wide pages: home, code of conduct, privacy, not found.

use crate::i18n::{t, t_args};
use crate::ui::check::{parse_answer, Advice, CheckText};
use crate::ui::islands::ClusterCheck;
use crate::ui::shell::{page_locale, Site};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = page_locale();
    let query = use_query_map().get_untracked();
    let initial = ["data", "time", "runs"].map(|q| parse_answer(query.get_str(q)));
    let text = CheckText {
        questions: ["check-q-data", "check-q-time", "check-q-runs"].map(|id| t(locale, id)),
        yes: t(locale, "check-yes"),
        no: t(locale, "check-no"),
        submit: t(locale, "check-submit"),
        result_heading: t(locale, "check-result-heading"),
        unanswered: t(locale, "check-unanswered"),
        results: Advice::ALL.map(|a| t(locale, a.message_id())),
    };
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
        <section class="hero" aria-labelledby="hero-heading">
            <h1 id="hero-heading">{t(locale, "home-lead")}</h1>
            <p class="lead">{t(locale, "home-intro")}</p>
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
            <ClusterCheck text=text initial=initial action=format!("/{}/#check", locale.code())/>
        </section>
    }
}

/// Renders a heading and a list of numbered Fluent messages (`prefix-1`, `prefix-2`, …).
fn numbered_list(locale: crate::i18n::Locale, prefix: &str, count: usize) -> impl IntoView {
    (1..=count).map(|i| view! { <li>{t(locale, &format!("{prefix}-{i}"))}</li> }).collect_view()
}

fn contact() -> String {
    use_context::<Site>().map(|s| s.contact).unwrap_or_default()
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

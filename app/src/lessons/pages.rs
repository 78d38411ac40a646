//! Catalog, course, episode, glossary and dashboard pages.

use super::content::{Catalog, Course, Level};
use super::progress;
use super::Library;
use crate::auth::Role;
use crate::http::urls;
use crate::i18n::{t, t_args, Locale};
use crate::ui::shell::page_locale;
use crate::ui::widgets::{current_actor, loaded, page_data, param, CsrfField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;

fn catalog() -> Arc<Catalog> {
    use_context::<Library>().map(|l| l.get()).unwrap_or_default()
}

fn not_found() -> AnyView {
    view! { <crate::ui::pages::NotFound/> }.into_any()
}

fn level_label(locale: Locale, level: Level) -> String {
    t(locale, &format!("lesson-level-{}", level.code()))
}

fn minutes_label(locale: Locale, minutes: u32) -> String {
    t_args(locale, "lesson-minutes", &[("minutes", &minutes.to_string())])
}

/// Progress of the signed-in person, if any (empty for visitors).
fn use_progress() -> Resource<Result<Vec<progress::Entry>, crate::AppError>> {
    let tracker = use_context::<progress::Tracker>();
    let user = current_actor().map(|a| a.user_id);
    page_data(move || {
        let tracker = tracker.clone();
        async move {
            match (tracker, user) {
                (Some(t), Some(u)) => Ok(t.of_user(u).await?.to_vec()),
                _ => Ok(Vec::new()),
            }
        }
    })
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let locale = page_locale();
    let query = use_query_map().get_untracked();
    let level = query.get("level").unwrap_or_default();
    let language = query.get("language").unwrap_or_default();
    let catalog = catalog();
    let courses: Vec<&Course> = catalog
        .courses
        .iter()
        .filter(|c| level.is_empty() || c.level.code() == level)
        .filter(|c| language.is_empty() || c.languages.iter().any(|l| l.code() == language))
        .collect();
    let level_options = [Level::Beginner, Level::Intermediate, Level::Advanced]
        .into_iter()
        .map(
            |l| view! { <option value=l.code() selected=level == l.code()>{level_label(locale, l)}</option> },
        )
        .collect_view();
    let language_options = Locale::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=language == l.code()>{t(locale, &format!("lang-name-{}", l.code()))}</option> })
        .collect_view();
    let items = courses
        .iter()
        .map(|c| {
            let langs = c.languages.iter().map(|l| t(locale, &format!("lang-name-{}", l.code()))).collect::<Vec<_>>().join(", ");
            view! {
                <li class="course-card">
                    <h2><a href=format!("/{}/courses/{}", locale.code(), c.slug)>{c.title.get(locale).to_owned()}</a></h2>
                    <p>{c.summary.get(locale).to_owned()}</p>
                    <p class="meta">
                        {level_label(locale, c.level)}" · "
                        {t_args(locale, "lesson-episodes-count", &[("count", &c.episodes.len().to_string())])}" · "
                        {minutes_label(locale, c.minutes(locale))}" · "{langs}
                    </p>
                </li>
            }
        })
        .collect_view();
    let empty = courses.is_empty();
    view! {
        <Title text=t(locale, "catalog-title")/>
        <h1>{t(locale, "catalog-title")}</h1>
        <p class="lead">{t(locale, "catalog-intro")}</p>
        <form method="get" class="filters">
            <div class="field"><label for="level">{t(locale, "catalog-level")}</label>
                <select id="level" name="level"><option value="">{t(locale, "catalog-any")}</option>{level_options}</select></div>
            <div class="field"><label for="language">{t(locale, "catalog-language")}</label>
                <select id="language" name="language"><option value="">{t(locale, "catalog-any")}</option>{language_options}</select></div>
            <button type="submit" class="button">{t(locale, "catalog-filter")}</button>
        </form>
        {empty.then(|| view! { <p>{t(locale, "catalog-empty")}</p> })}
        <ul class="courses">{items}</ul>
    }
}

#[component]
pub fn CoursePage() -> impl IntoView {
    let locale = page_locale();
    let catalog = catalog();
    let Some(course) = catalog.course(&param("course")) else { return not_found() };
    let progress = use_progress();
    let slug = course.slug.clone();
    let objectives =
        course.objectives.get(locale).iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view();
    // What the list needs, taken once: the course itself (every episode's text) stays shared.
    let episodes: Vec<(String, Locale, String, u32)> = course
        .episodes
        .iter()
        .filter_map(|e| {
            let (shown, text) = e.text_for(locale)?;
            Some((
                e.slug.clone(),
                shown,
                text.front.title.clone(),
                text.front.teaching + text.front.exercises,
            ))
        })
        .collect();
    view! {
        <Title text=course.title.get(locale).to_owned()/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=format!("/{}/courses", locale.code())>{t(locale, "catalog-title")}</a>
        </nav>
        <h1>{course.title.get(locale).to_owned()}</h1>
        <p class="lead">{course.summary.get(locale).to_owned()}</p>
        <p class="meta">{level_label(locale, course.level)}" · "{minutes_label(locale, course.minutes(locale))}</p>
        <h2>{t(locale, "lesson-objectives")}</h2>
        <ul>{objectives}</ul>
        <h2>{t(locale, "lesson-episodes")}</h2>
        <Suspense fallback=|| ()>
            {move || progress.get().map(|data| loaded(data, |entries| {
                let slug = slug.clone();
                let items = episodes.iter().map(|(episode, shown, title, minutes)| {
                    let done = entries.iter().any(|p| p.course == slug && &p.episode == episode && p.done);
                    let shown = *shown;
                    view! {
                        <li>
                            <a href=format!("/{}/courses/{}/{}", locale.code(), slug, episode)>{title.clone()}</a>
                            {(shown != locale).then(|| view! { " " <span class="tag" lang=shown.code()>{t(shown, &format!("lang-name-{}", shown.code()))}</span> })}
                            <span class="meta">" · "{minutes_label(locale, *minutes)}</span>
                            {done.then(|| view! { " " <span class="tag done">{t(locale, "lesson-done")}</span> })}
                        </li>
                    }
                }).collect_view();
                view! { <ol class="episodes">{items}</ol> }.into_any()
            }))}
        </Suspense>
    }
    .into_any()
}

#[component]
pub fn EpisodePage() -> impl IntoView {
    let locale = page_locale();
    let catalog = catalog();
    let course_slug = param("course");
    let ep_slug = param("episode");
    // Borrowed from the shared catalog: an episode's texts are large, and never copied per page.
    let Some(course) = catalog.course(&course_slug) else { return not_found() };
    let Some((index, episode)) = course.episode(&ep_slug) else {
        return not_found();
    };
    let Some((shown, text)) = episode.text_for(locale) else {
        return not_found();
    };
    let actor = current_actor();
    let trainer = actor.as_ref().is_some_and(|a| a.has(Role::Trainer) || a.has(Role::Admin));
    // Opening an episode is progress too ("continue where you left off"): the visit is recorded
    // before the progress is read, both before the page renders (`handlers::episode_data`).
    let data =
        crate::ui::widgets::with_parts(|p| p.extensions.get::<super::handlers::EpisodeData>().cloned())
            .unwrap_or(super::handlers::EpisodeData { progress: Ok(Arc::default()), replies: None });
    if data.progress.is_err() {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
        }
    }
    let front = text.front.clone();
    let read_minutes = text.words.div_ceil(200).max(1);
    // The body, and what surrounds it alike for every reader of this page language, are rendered
    // once; a page rendered per reader leaves them to the server, which splices them back in (and
    // reuses their compressed forms).
    let body = text.rendered.fragment(trainer);
    let around = around_body(&catalog, text, locale, body.0);
    let slots = crate::ui::widgets::with_parts(|p| p.extensions.get::<crate::http::Fragments>().cloned());
    let place = |(id, html): &crate::http::Fragment| {
        leptos::tachys::html::InertElement::new(match &slots {
            Some(slots) => slots.slot(*id, html.clone()),
            None => html.to_string(),
        })
    };
    let (before_body, body, after_body) = (place(&around[0]), place(&body), place(&around[1]));
    let prev = index
        .checked_sub(1)
        .and_then(|i| course.episodes.get(i))
        .and_then(|e| e.text_for(locale).map(|(_, t)| (e.slug.clone(), t.front.title.clone())));
    let next = course
        .episodes
        .get(index + 1)
        .and_then(|e| e.text_for(locale).map(|(_, t)| (e.slug.clone(), t.front.title.clone())));
    let base = format!("/{}/courses/{}", locale.code(), course.slug);
    let notebook = front.notebook.clone();
    let done_form = {
        let action = format!("{base}/{}/done", ep_slug);
        let logged_in = actor.is_some();
        let done = data.done(&course_slug, &ep_slug).unwrap_or_default();
        loaded(data.progress, |_| {
            if logged_in {
                view! {
                            <form method="post" action=action.clone() class="done-form" id="done">
                                <CsrfField/>
                                <input type="hidden" name="done" value=if done { "no" } else { "yes" }/>
                                {done.then(|| view! { <p class="tag done">{t(locale, "lesson-done")}</p> })}
                                <button type="submit" class=if done { "button secondary" } else { "button" }>
                                    {if done { t(locale, "lesson-mark-undone") } else { t(locale, "lesson-mark-done") }}
                                </button>
                            </form>
                        }.into_any()
            } else {
                view! { <p><a href=format!("/{}/login", locale.code())>{t(locale, "lesson-login-to-track")}</a></p> }.into_any()
            }
        })
    };
    view! {
        <Title text=front.title.clone()/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=format!("/{}/courses", locale.code())>{t(locale, "catalog-title")}</a>" › "
            <a href=base.clone()>{course.title.get(locale).to_owned()}</a>
        </nav>
        <article class="episode" lang=shown.code()>
            {(shown != locale).then(|| view! {
                <p class="notice" role="note" lang=locale.code()>{t_args(locale, "lesson-other-language", &[("language", &t(locale, &format!("lang-name-{}", shown.code())))])}</p>
            })}
            <h1>{format!("{}. {}", index + 1, front.title)}</h1>
            <p class="meta" lang=locale.code()>
                {t_args(locale, "lesson-time", &[("teaching", &front.teaching.to_string()), ("exercises", &front.exercises.to_string())])}
                " · "{t_args(locale, "lesson-read-time", &[("minutes", &read_minutes.to_string())])}
            </p>
            // The notebook is the heart of a hands-on episode: its box comes first, so a phone
            // shows it without scrolling through the whole lesson.
            {notebook.map(|nb| view! {
                <aside class="block notebook" id="notebook" aria-labelledby="notebook-heading">
                    <h2 id="notebook-heading">{t(locale, "lesson-notebook")}</h2>
                    <p>{t(locale, "lesson-notebook-intro")}</p>
                    <LaunchForm locale=locale course=course_slug.clone() episode=ep_slug.clone()/>
                    <details class="notebook-files">
                        <summary>{t(locale, "lesson-notebook-files")}</summary>
                        <ul>{nb.files.iter().map(|f| view! { <li><a href=format!("/content/{}/{}/{}", course_slug, ep_slug, f) download="">{f.clone()}</a></li> }).collect_view()}</ul>
                    </details>
                </aside>
            })}
            {before_body}
            {body}
            {after_body}
        </article>
        {done_form}
        <p class="discuss">
            <a class="button secondary" href=format!("/{}/forum/discuss/{}/{}", locale.code(), course_slug, ep_slug)>{t(locale, "lesson-discuss")}</a>
            {data.replies.map(|n| view! { " "<span class="meta">{t_args(locale, "lesson-discuss-replies", &[("count", &n.to_string())])}</span> })}
        </p>
        <nav class="pager" aria-label=t(locale, "lesson-pager")>
            {prev.map(|(s, title)| view! { <a rel="prev" href=format!("{base}/{s}")>{format!("← {title}")}</a> })}
            {next.map(|(s, title)| view! { <a rel="next" href=format!("{base}/{s}")>{format!("{title} →")}</a> })}
        </nav>
    }
    .into_any()
}

/// An episode's parts around its body that read alike for everyone on a page language: questions
/// and objectives, contents and the body's opening tag; then its closing tag, key points and the
/// glossary terms used. Made once per rendering of the body (a content load gives new ones) and
/// page language, and kept.
fn around_body(
    catalog: &Catalog,
    text: &super::content::EpisodeText,
    locale: Locale,
    body: u64,
) -> Arc<[crate::http::Fragment; 2]> {
    use leptos::tachys::view::RenderHtml;
    type Kept = std::collections::HashMap<(u64, Locale), Arc<[crate::http::Fragment; 2]>>;
    static KEPT: std::sync::LazyLock<std::sync::Mutex<Kept>> = std::sync::LazyLock::new(Default::default);
    if let Some(kept) = KEPT.lock().unwrap_or_else(|p| p.into_inner()).get(&(body, locale)) {
        return kept.clone();
    }
    let front = &text.front;
    let list = |items: &[String]| items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view();
    let toc = &text.rendered.toc;
    let before = view! {
        <div class="overview">
            <div><h2>{t(locale, "lesson-questions")}</h2><ul>{list(&front.questions)}</ul></div>
            <div><h2>{t(locale, "lesson-objectives")}</h2><ul>{list(&front.objectives)}</ul></div>
        </div>
        {(!toc.is_empty()).then(|| view! {
            <nav class="toc" aria-labelledby="toc-heading">
                <h2 id="toc-heading">{t(locale, "lesson-toc")}</h2>
                <ol>{toc.iter().map(|e| view! { <li><a href=format!("#{}", e.id)>{e.text.clone()}</a></li> }).collect_view()}</ol>
            </nav>
        })}
    }
    .to_html();
    let glossary_terms = front
        .glossary
        .iter()
        .filter_map(|id| catalog.term(id).map(|t| (id.clone(), t.text(locale).term.clone())))
        .map(|(id, term)| view! { <li><a href=format!("/{}/glossary#{id}", locale.code())>{term}</a></li> })
        .collect_view();
    let after = view! {
        <aside class="block block-keypoints">
            <h2>{t(locale, "lesson-keypoints")}</h2>
            <ul>{list(&front.keypoints)}</ul>
        </aside>
        {(!front.glossary.is_empty()).then(|| view! {
            <aside class="glossary-used"><h2>{t(locale, "glossary-title")}</h2><ul class="inline-list">{glossary_terms}</ul></aside>
        })}
    }
    .to_html();
    let finished = |open: &str, html: &str, close: &str| -> Arc<str> {
        let mut out = String::with_capacity(open.len() + html.len() + close.len());
        out.push_str(open);
        crate::http::request::strip_markers(html, &mut out);
        out.push_str(close);
        out.into()
    };
    let parts = Arc::new([
        (super::render::new_fragment_id(), finished("", &before, "<div class=\"lesson-body\">")),
        (super::render::new_fragment_id(), finished("</div>", &after, "")),
    ]);
    let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    // Bodies of older loads are never asked for again: a reload's worth of new ones replaces them.
    if kept.len() >= 1024 {
        kept.clear();
    }
    kept.insert((body, locale), parts.clone());
    parts
}

#[component]
pub fn GlossaryPage() -> impl IntoView {
    let locale = page_locale();
    let catalog = catalog();
    let mut terms: Vec<_> = catalog.glossary.iter().map(|t| (t.id.clone(), t.text(locale).clone())).collect();
    // Alphabetical as a reader expects it: "Ámbito" with the a's, not after z.
    terms.sort_by_cached_key(|a| (super::search::fold(&a.1.term), a.1.term.clone()));
    view! {
        <Title text=t(locale, "glossary-title")/>
        <h1>{t(locale, "glossary-title")}</h1>
        <p class="lead">{t(locale, "glossary-intro")}</p>
        <dl class="glossary">
            {terms.into_iter().map(|(id, text)| view! {
                <dt id=id>{text.term}</dt>
                <dd>{text.definition}</dd>
            }).collect_view()}
        </dl>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let locale = page_locale();
    let catalog = catalog();
    let progress = use_progress();
    let unverified = current_actor().is_some_and(|a| !a.verified);
    let q = use_query_map().get_untracked();
    view! {
        <Title text=t(locale, "dashboard-title")/>
        <h1>{t(locale, "dashboard-title")}</h1>
        {q.get_str("verified").map(|_| view! { <p class="notice success" role="status">{t(locale, "account-verified")}</p> })}
        {q.get_str("resent").map(|_| view! { <p class="notice success" role="status">{t(locale, "account-verification-resent")}</p> })}
        {unverified.then(|| view! {
            <div class="card">
                <p>{t(locale, "account-unverified")}</p>
                <form method="post" action=format!("/{}/account/verify/resend", locale.code())>
                    <CsrfField/>
                    <input type="hidden" name="next" value=format!("/{}/dashboard", locale.code())/>
                    <button type="submit" class="button">{t(locale, "account-resend")}</button>
                </form>
            </div>
        })}
        <Suspense fallback=|| ()>
            {move || progress.get().map(|data| loaded(data, |entries| {
                let catalog = catalog.clone();
                let resume = super::progress::resume(&catalog, &entries).and_then(|(c, e)| {
                    let c = catalog.course(&c)?;
                    let (_, e) = c.episode(&e)?;
                    let (_, text) = e.text_for(locale)?;
                    Some((format!("/{}/courses/{}/{}", locale.code(), c.slug, e.slug), text.front.title.clone(), c.title.get(locale).to_owned()))
                });
                let rows = catalog.courses.iter().map(|c| {
                    let total = c.episodes.len();
                    let done = c.episodes.iter().filter(|e| entries.iter().any(|p| p.course == c.slug && p.episode == e.slug && p.done)).count();
                    let pct = (done * 100).checked_div(total).unwrap_or(0);
                    view! {
                        <li class="course-progress">
                            <a href=format!("/{}/courses/{}", locale.code(), c.slug)>{c.title.get(locale).to_owned()}</a>
                            <progress max=total.to_string() value=done.to_string()
                                aria-label=c.title.get(locale).to_owned()>{format!("{pct}%")}</progress>
                            <span class="meta" data-testid=format!("progress-{}", c.slug)>
                                {t_args(locale, "dashboard-done-of", &[("done", &done.to_string()), ("total", &total.to_string())])}
                            </span>
                        </li>
                    }
                }).collect_view();
                view! {
                    {match resume {
                        Some((href, title, course)) => view! {
                            <section class="card">
                                <h2>{t(locale, "dashboard-continue")}</h2>
                                <p><a href=href class="button">{title}</a>" "<span class="meta">{course}</span></p>
                            </section>
                        }.into_any(),
                        None => view! {
                            <p>{t(locale, "dashboard-empty")}" "<a href=format!("/{}/courses", locale.code())>{t(locale, "catalog-title")}</a></p>
                        }.into_any(),
                    }}
                    <h2>{t(locale, "dashboard-courses")}</h2>
                    <ul class="progress-list">{rows}</ul>
                }.into_any()
            }))}
        </Suspense>
    }
}

/// The launch button of an episode that brings a notebook. It opens the notebook in a new tab,
/// so the lesson stays one click away; without an account it leads to log in and back here.
#[component]
fn LaunchForm(locale: Locale, course: String, episode: String) -> impl IntoView {
    if current_actor().is_some() {
        view! {
            <form method="post" action=urls::notebook_launch(locale) class="launch-form" target="_blank">
                <CsrfField/>
                <input type="hidden" name="course" value=course/>
                <input type="hidden" name="episode" value=episode/>
                <button type="submit" class="button">
                    {t(locale, "notebook-launch")}
                    <span class="visually-hidden">" "{t(locale, "notebook-new-tab")}</span>
                </button>
            </form>
        }
        .into_any()
    } else {
        let back = format!("{}#notebook", urls::episode(locale, &course, &episode));
        view! {
            <p class="launch-form">
                <a class="button secondary" href=urls::login_then(locale, &back)>{t(locale, "notebook-login-to-launch")}</a>
            </p>
        }
        .into_any()
    }
}

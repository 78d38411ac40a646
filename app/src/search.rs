//! One search box for the whole site: lessons, glossary terms and forum posts, grouped. A
//! domain of its own, since it stands on two others (lessons and forum) and neither on it. Lessons
//! are searched in the reader's language; posts in every language, only where the reader may
//! read, with the forum's filters (category, author, solved, dates). A plain GET form: it works
//! without JavaScript and every result page has its own address.

use crate::errors::AppError;
use crate::forum::search::{self as forum_search, Filters, PostHit, Segment};
use crate::forum::store;
use crate::i18n::{t, t_args, Locale};
use crate::lessons::search::Hit;
use crate::lessons::Library;
use crate::ui::shell::page_locale;
use crate::ui::widgets::{current_actor, format_time, loaded, page_result, pool, query};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What the address asked for, as typed (shown again in the form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Asked {
    q: String,
    category: String,
    author: String,
    solved: bool,
    since: String,
    until: String,
    page: i64,
}

impl Asked {
    fn from_query() -> Asked {
        let get =
            |k: &str| query(k).map(|v| v.trim().chars().take(200).collect::<String>()).unwrap_or_default();
        Asked {
            q: get("q"),
            category: get("category"),
            author: get("author"),
            solved: !get("solved").is_empty(),
            since: get("since"),
            until: get("until"),
            page: get("page").parse::<i64>().unwrap_or(0).clamp(0, 50),
        }
    }

    /// This search's address with another page.
    fn href(&self, locale: Locale, page: i64) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", &self.q);
        for (k, v) in [
            ("category", &self.category),
            ("author", &self.author),
            ("since", &self.since),
            ("until", &self.until),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if self.solved {
            s.append_pair("solved", "1");
        }
        if page > 0 {
            s.append_pair("page", &page.to_string());
        }
        format!("/{}/search?{}", locale.code(), s.finish())
    }
}

/// A day typed as YYYY-MM-DD, as the Unix time it starts (UTC), or the Fluent id of the problem.
fn day(text: &str) -> Result<Option<i64>, &'static str> {
    if text.is_empty() {
        return Ok(None);
    }
    let date: jiff::civil::Date = text.parse().map_err(|_| "search-bad-date")?;
    let ts = date.to_zoned(jiff::tz::TimeZone::UTC).map_err(|_| "search-bad-date")?.timestamp().as_second();
    Ok(Some(ts))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Found {
    lessons: Vec<Hit>,
    posts: Vec<PostHit>,
    more: bool,
    /// The categories the reader may read: (id, slug, name).
    categories: Vec<(i64, String, String)>,
    /// A filter that could not be read: (field, Fluent id).
    problem: Option<(String, String)>,
}

async fn find(locale: Locale, asked: Asked) -> Result<Found, AppError> {
    let pool = pool()?;
    let reader = store::reader(&pool, current_actor()).await?;
    let categories = store::categories(&pool)
        .await?
        .into_iter()
        .filter(|c| crate::forum::policy::may_read(&reader, c))
        .map(|c| (c.id, c.slug.clone(), c.name(locale).to_owned()))
        .collect();
    let mut found = Found { categories, ..Found::default() };
    let (since, until) = match (day(&asked.since), day(&asked.until)) {
        (Err(code), _) => {
            found.problem = Some(("since".into(), code.into()));
            return Ok(found);
        }
        (_, Err(code)) => {
            found.problem = Some(("until".into(), code.into()));
            return Ok(found);
        }
        (Ok(s), Ok(u)) => (s, u.map(|u| u + 86_400)),
    };
    if asked.q.is_empty() {
        return Ok(found);
    }
    let filtered = !asked.category.is_empty()
        || !asked.author.is_empty()
        || asked.solved
        || since.is_some()
        || until.is_some();
    // Filters and later pages are the forum's: lessons show on the first, unfiltered page.
    if !filtered && asked.page == 0 {
        found.lessons = crate::lessons::search::search(&pool, locale, &asked.q).await?;
    }
    let filters = Filters {
        category: (!asked.category.is_empty()).then(|| asked.category.clone()),
        author: (!asked.author.is_empty()).then(|| asked.author.clone()),
        solved: asked.solved,
        since,
        until,
    };
    let (posts, more) = forum_search::search(&pool, &reader, &asked.q, &filters, asked.page).await?;
    found.posts = posts;
    found.more = more;
    Ok(found)
}

fn marked(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|(text, hit)| if hit { view! { <mark>{text}</mark> }.into_any() } else { text.into_any() })
        .collect_view()
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = page_locale();
    let asked = Asked::from_query();
    let catalog = use_context::<Library>().map(|l| l.get()).unwrap_or_default();
    let load = asked.clone();
    let found = page_result(move || find(locale, load.clone()));
    view! {
        <Title text=t(locale, "search-title")/>
        <h1>{t(locale, "search-title")}</h1>
        <Suspense fallback=|| ()>
            {move || found.get().map(|data| loaded(data, |found| {
                let asked = asked.clone();
                let problem = found.problem.clone();
                let err = |field: &str| problem.clone().filter(|(f, _)| f == field).map(|(_, c)| c);
                let (since_err, until_err) = (err("since"), err("until"));
                let options = found.categories.iter().map(|(_, slug, name)| {
                    let chosen = *slug == asked.category;
                    view! { <option value=slug.clone() selected=chosen>{name.clone()}</option> }
                }).collect_view();
                let names = found.categories.clone();
                let lessons = lesson_results(locale, &catalog, &found.lessons);
                let asked_any = !asked.q.is_empty() && problem.is_none();
                let filtering = !asked.category.is_empty() || !asked.author.is_empty() || asked.solved
                    || !asked.since.is_empty() || !asked.until.is_empty() || problem.is_some();
                let nothing = asked_any && found.lessons.is_empty() && found.posts.is_empty();
                let no_posts = found.posts.is_empty();
                let posts = found.posts.into_iter().map(|p| {
                    let category = names.iter().find(|(id, _, _)| *id == p.category_id).map(|(_, _, n)| n.clone()).unwrap_or_default();
                    let href = format!("{}?page={}#post-{}", crate::forum::pages::topic_href(locale, p.topic_id, &p.slug), (p.number - 1) / crate::forum::pages::PAGE_POSTS + 1, p.number);
                    view! {
                        <li>
                            <a href=href>{marked(p.title)}</a>
                            {p.solved.then(|| view! { " "<span class="tag">{t(locale, "forum-solved")}</span> })}
                            <p class="meta">
                                {category}" · "{p.author.unwrap_or_else(|| t(locale, "forum-former-member"))}" · "
                                <time datetime=jiff::Timestamp::from_second(p.created_at).map(|t| t.to_string()).unwrap_or_default()>{format_time(p.created_at)}</time>
                            </p>
                            <p>{marked(p.snippet)}</p>
                        </li>
                    }
                }).collect_view();
                let more = found.more.then(|| view! {
                    <p><a class="button" href=asked.href(locale, asked.page + 1)>{t(locale, "search-more")}</a></p>
                });
                let previous = (asked.page > 0).then(|| view! {
                    <p><a href=asked.href(locale, asked.page - 1)>{t(locale, "search-previous")}</a></p>
                });
                view! {
                    <form method="get" role="search" class="filters search-form">
                        <div class="field">
                            <label for="q">{t(locale, "search-label")}</label>
                            <input id="q" name="q" type="search" value=asked.q.clone() maxlength="200"/>
                        </div>
                        <details open=filtering>
                            <summary>{t(locale, "search-forum-filters")}</summary>
                            <div class="field">
                                <label for="f-category">{t(locale, "forum-category")}</label>
                                <select id="f-category" name="category">
                                    <option value="">{t(locale, "search-any-category")}</option>
                                    {options}
                                </select>
                            </div>
                            <div class="field">
                                <label for="f-author">{t(locale, "search-author")}</label>
                                <input id="f-author" name="author" type="text" value=asked.author.clone() maxlength="40" placeholder="@"/>
                            </div>
                            <div class="field checkbox">
                                <input id="f-solved" name="solved" type="checkbox" value="1" checked=asked.solved/>
                                <label for="f-solved">{t(locale, "search-solved-only")}</label>
                            </div>
                            <DateField locale name="since" label="search-since" value=asked.since.clone() error=since_err/>
                            <DateField locale name="until" label="search-until" value=asked.until.clone() error=until_err/>
                        </details>
                        <button type="submit" class="button">{t(locale, "search-submit")}</button>
                    </form>
                    <div role="status">
                        {nothing.then(|| view! { <p>{t(locale, "search-none")}</p> })}
                        {lessons}
                        {(asked_any && !nothing).then(|| view! {
                            <section aria-labelledby="found-posts">
                                <h2 id="found-posts">{t(locale, "search-posts")}</h2>
                                {no_posts.then(|| view! { <p>{t(locale, "search-no-posts")}</p> })}
                                <ol class="search-results" start=(asked.page * forum_search::PAGE + 1).to_string()>{posts}</ol>
                                {previous}
                                {more}
                            </section>
                        })}
                    </div>
                }.into_any()
            }))}
        </Suspense>
    }
}

#[component]
fn DateField(
    locale: Locale,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{t(locale, label)}</label>
            {error.clone().map(|e| view! { <p class="error" id=err_id.clone()>{t(locale, &e)}</p> })}
            <input id=id name=name type="date" value=value aria-invalid=error.is_some().then_some("true")
                aria-describedby=error.is_some().then_some(err_id)/>
        </div>
    }
}

/// Lessons and glossary terms found, as two groups.
fn lesson_results(locale: Locale, catalog: &crate::lessons::content::Catalog, hits: &[Hit]) -> AnyView {
    let (terms, episodes): (Vec<&Hit>, Vec<&Hit>) = hits.iter().partition(|h| h.course.is_empty());
    let episodes = episodes
        .into_iter()
        .filter_map(|h| {
            let course = catalog.course(&h.course)?;
            let (_, e) = course.episode(&h.episode)?;
            let (_, text) = e.text_for(locale)?;
            Some(view! {
                <li>
                    <a href=format!("/{}/courses/{}/{}", locale.code(), course.slug, e.slug)>{text.front.title.clone()}</a>
                    <span class="meta">" · "{course.title.get(locale).to_owned()}</span>
                    <p>{text.front.summary.clone()}</p>
                </li>
            })
        })
        .collect::<Vec<_>>();
    let terms = terms
        .into_iter()
        .filter_map(|h| {
            let term = catalog.term(&h.episode)?.text(locale).clone();
            Some(view! {
                <li>
                    <a href=format!("/{}/glossary#{}", locale.code(), h.episode)>{term.term}</a>
                    <p>{term.definition}</p>
                </li>
            })
        })
        .collect::<Vec<_>>();
    let group = |id: &'static str, title: String, items: Vec<_>| {
        (!items.is_empty()).then(|| view! {
            <section aria-labelledby=id>
                <h2 id=id>{title}" "<span class="meta">{t_args(locale, "search-count", &[("count", &items.len().to_string())])}</span></h2>
                <ol class="search-results">{items}</ol>
            </section>
        })
    };
    view! {
        {group("found-lessons", t(locale, "search-lessons"), episodes.into_iter().map(IntoAny::into_any).collect())}
        {group("found-terms", t(locale, "glossary-title"), terms.into_iter().map(IntoAny::into_any).collect())}
    }
    .into_any()
}

//! Forum pages: the categories and latest topics, a category, a topic with its posts and the
//! reply form, a new topic. Everything works without JavaScript: every button is a form. A
//! category the reader may not read, and anything in it, answers 404.

mod more;

pub use more::*;

use super::policy::{self, Reader};
use super::service;
use super::store::{self, PostRow, Topic, TopicRow};
use super::types::{Category, Kind, Level};
use crate::errors::AppError;
use crate::i18n::{t, t_args, Locale};
use crate::ui::shell::page_locale;
use crate::ui::widgets::{
    current_actor, format_time, loaded, page_result, param, pool, query, CsrfField, Field, Notice,
    SelectField, TextArea,
};
use leptos::prelude::*;
use leptos_meta::Title;

async fn reader() -> Result<Reader, AppError> {
    store::reader(&pool()?, current_actor()).await
}

fn forum_href(locale: Locale, rest: &str) -> String {
    if rest.is_empty() {
        format!("/{}/forum", locale.code())
    } else {
        format!("/{}/forum/{rest}", locale.code())
    }
}

pub fn topic_href(locale: Locale, id: i64, slug: &str) -> String {
    forum_href(locale, &format!("t/{id}-{slug}"))
}

/// The forum's own navigation: all categories, new topic, notifications with their count.
fn forum_nav(locale: Locale, unread: Option<i64>, moderates: bool) -> impl IntoView {
    view! {
        <nav aria-label=t(locale, "forum-nav") class="actions">
            <a href=forum_href(locale, "")>{t(locale, "forum-title")}</a>" · "
            <a class="button" href=forum_href(locale, "new")>{t(locale, "forum-new-topic")}</a>
            {unread.map(|n| view! {
                " · "<a href=forum_href(locale, "notifications")>{t(locale, "forum-notifications")}
                    {(n > 0).then(|| view! { " "<span class="badge" aria-label=t_args(locale, "forum-unread-count", &[("count", &n.to_string())])>{n}</span> })}
                </a>
                " · "<a href=forum_href(locale, "bookmarks")>{t(locale, "forum-bookmarks")}</a>
            })}
            {moderates.then(|| view! { " · "<a href=forum_href(locale, "review")>{t(locale, "forum-review-title")}</a> })}
        </nav>
    }
}

/// Topics as a list: title, category, replies, last activity, unread and solved marks.
fn topic_list(locale: Locale, rows: Vec<TopicRow>, categories: &[Category]) -> AnyView {
    if rows.is_empty() {
        return view! { <p>{t(locale, "forum-no-topics")}</p> }.into_any();
    }
    view! {
        <ul class="topics">
            {rows.into_iter().map(|r| {
                let cat = categories.iter().find(|c| c.id == r.category_id).map(|c| (c.slug.clone(), c.name(locale).to_owned()));
                let unread = match r.unread {
                    None => Some(t(locale, "forum-new")),
                    Some(0) => None,
                    Some(n) => Some(t_args(locale, "forum-unread-count", &[("count", &n.to_string())])),
                };
                view! {
                    <li>
                        <a href=topic_href(locale, r.id, &r.slug)><strong>{r.title.clone()}</strong></a>
                        {r.solved.then(|| view! { " "<span class="tag success">{t(locale, "forum-solved")}</span> })}
                        {unread.map(|u| view! { " "<span class="tag">{u}</span> })}
                        <br/>
                        <span class="meta">
                            {cat.map(|(slug, name)| view! { <a href=forum_href(locale, &format!("c/{slug}"))>{name}</a>" · " })}
                            {t_args(locale, "forum-replies", &[("count", &r.replies.to_string())])}" · "
                            {format_time(r.last_posted_at)}
                            {r.author.map(|a| format!(" · {a}"))}
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct IndexView {
    categories: Vec<Category>,
    latest: Vec<TopicRow>,
    unread: Option<i64>,
    moderates: bool,
}

async fn index_view() -> Result<IndexView, AppError> {
    let pool = pool()?;
    store::sync_cohort_categories(&pool).await?;
    let reader = reader().await?;
    let categories: Vec<Category> =
        store::categories(&pool).await?.into_iter().filter(|c| policy::may_read(&reader, c)).collect();
    let ids: Vec<i64> = categories.iter().map(|c| c.id).collect();
    let before = query("before").and_then(|b| b.parse().ok());
    let latest = store::latest(&pool, reader.user_id(), &ids, 30, before).await?;
    let unread = match reader.user_id() {
        Some(u) => Some(super::notifications::unread(&pool, u).await?),
        None => None,
    };
    Ok(IndexView { categories, latest, unread, moderates: reader.moderates() })
}

#[component]
pub fn ForumPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(index_view);
    view! {
        <Title text=t(locale, "forum-title")/>
        <h1>{t(locale, "forum-title")}</h1>
        <p class="lead">{t(locale, "forum-intro")}</p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| {
                let next = v.latest.last().map(|l| l.last_posted_at).filter(|_| v.latest.len() == 30);
                view! {
                    {forum_nav(locale, v.unread, v.moderates)}
                    <section aria-labelledby="categories-heading">
                        <h2 id="categories-heading">{t(locale, "forum-categories")}</h2>
                        <ul class="cards">
                            {v.categories.iter().map(|c| view! {
                                <li class="card">
                                    <h3><a href=forum_href(locale, &format!("c/{}", c.slug))>{c.name(locale).to_owned()}</a></h3>
                                    <p>{c.description(locale).to_owned()}</p>
                                    {(c.visibility != super::types::Visibility::Public).then(|| view! {
                                        <p class="meta">{t(locale, &format!("forum-visibility-{}", c.visibility.code()))}</p>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <section aria-labelledby="latest-heading">
                        <h2 id="latest-heading">{t(locale, "forum-latest")}</h2>
                        {topic_list(locale, v.latest.clone(), &v.categories)}
                        {next.map(|n| view! { <p><a href=format!("?before={n}")>{t(locale, "forum-older")}</a></p> })}
                    </section>
                }.into_any()
            }))}
        </Suspense>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CategoryView {
    category: Category,
    categories: Vec<Category>,
    topics: Vec<TopicRow>,
    may_post: bool,
    unread: Option<i64>,
    moderates: bool,
}

async fn category_view(slug: String) -> Result<CategoryView, AppError> {
    let pool = pool()?;
    store::sync_cohort_categories(&pool).await?;
    let reader = reader().await?;
    let category = store::category_by_slug(&pool, &slug).await?.ok_or(AppError::NotFound)?;
    policy::readable(&reader, &category)?;
    let before = query("before").and_then(|b| b.parse().ok());
    let topics = store::latest(&pool, reader.user_id(), &[category.id], 30, before).await?;
    let unread = match reader.user_id() {
        Some(u) => Some(super::notifications::unread(&pool, u).await?),
        None => None,
    };
    Ok(CategoryView {
        may_post: policy::may_post(&reader, &category, crate::kernel::clock::now()).is_ok(),
        categories: vec![category.clone()],
        category,
        topics,
        unread,
        moderates: reader.moderates(),
    })
}

#[component]
pub fn ForumCategoryPage() -> impl IntoView {
    let locale = page_locale();
    let slug = param("slug");
    let data = page_result(move || category_view(slug.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| {
                let c = v.category.clone();
                let next = v.topics.last().map(|l| l.last_posted_at).filter(|_| v.topics.len() == 30);
                view! {
                    <Title text=c.name(locale).to_owned()/>
                    <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
                        <a href=forum_href(locale, "")>{t(locale, "forum-title")}</a>
                    </nav>
                    <h1>{c.name(locale).to_owned()}</h1>
                    <p class="lead">{c.description(locale).to_owned()}</p>
                    {c.archived.then(|| view! { <p class="notice" role="status">{t(locale, "forum-category-archived")}</p> })}
                    {forum_nav(locale, v.unread, v.moderates)}
                    {v.may_post.then(|| view! {
                        <p><a class="button" href=forum_href(locale, &format!("new?c={}", c.slug))>{t(locale, "forum-new-topic-here")}</a></p>
                    })}
                    {topic_list(locale, v.topics.clone(), &v.categories)}
                    {next.map(|n| view! { <p><a href=format!("?before={n}")>{t(locale, "forum-older")}</a></p> })}
                }.into_any()
            }))}
        </Suspense>
    }
}

/// Posts per page of a topic.
pub const PAGE_POSTS: i64 = 100;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct TopicView {
    topic: Topic,
    category: Category,
    posts: Vec<PostRow>,
    level: Level,
    may_post: bool,
    may_solve: bool,
    moderates: bool,
    me: Option<i64>,
    page: i64,
    quote: Option<String>,
}

async fn topic_view(segment: String) -> Result<TopicView, AppError> {
    let pool = pool()?;
    let reader = reader().await?;
    let id = super::types::topic_id(&segment).ok_or(AppError::NotFound)?;
    let (topic, category) = service::readable_topic(&pool, &reader, id).await?;
    let page = query("page").and_then(|p| p.parse::<i64>().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let from = (page - 1) * PAGE_POSTS + 1;
    let posts = store::posts(&pool, topic.id, reader.user_id(), from, PAGE_POSTS).await?;
    let level = match reader.user_id() {
        Some(u) => {
            let upto = posts.last().map(|p| p.number).unwrap_or(0);
            store::mark_read(&pool, u, topic.id, upto).await?;
            store::level_of(&pool, u, topic.id).await?
        }
        None => Level::Normal,
    };
    // "Quote": the reply form starts with the quoted post and a link back to it.
    let quote = match query("quote").and_then(|q| q.parse::<i64>().ok()) {
        Some(n) => store::quotable(&pool, topic.id, n).await?.map(|(author, body)| {
            let quoted: String = body.lines().map(|l| format!("> {l}\n")).collect();
            let link = format!("{}#post-{n}", topic_href(page_locale(), topic.id, &topic.slug));
            format!("{quoted}> — [{author}, #{n}]({link})\n\n")
        }),
        None => None,
    };
    let now = crate::kernel::clock::now();
    Ok(TopicView {
        may_post: policy::may_post(&reader, &category, now).is_ok() && !topic.deleted,
        may_solve: category.kind == Kind::Qa && policy::may_solve(&reader, topic.user_id, now).is_ok(),
        moderates: reader.moderates(),
        me: reader.user_id(),
        topic,
        category,
        posts,
        level,
        page,
        quote,
    })
}

#[component]
pub fn TopicPage() -> impl IntoView {
    let locale = page_locale();
    let segment = param("topic");
    let data = page_result(move || topic_view(segment.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| topic_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn topic_page(locale: Locale, v: TopicView) -> impl IntoView {
    let topic = v.topic.clone();
    let here = topic_href(locale, topic.id, &topic.slug);
    let pages = (topic.last_number + PAGE_POSTS - 1) / PAGE_POSTS;
    let flagged = query("flagged").is_some();
    let levels = Level::ALL
        .iter()
        .map(|l| (l.code().to_owned(), t(locale, &format!("forum-level-{}", l.code()))))
        .collect::<Vec<_>>();
    let posts = v.posts.iter().map(|p| post_view(locale, &v, p).into_any()).collect_view();
    view! {
        <Title text=topic.title.clone()/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=forum_href(locale, "")>{t(locale, "forum-title")}</a>" › "
            <a href=forum_href(locale, &format!("c/{}", v.category.slug))>{v.category.name(locale).to_owned()}</a>
        </nav>
        <h1>{topic.title.clone()}
            {topic.solved_post_id.is_some().then(|| view! { " "<span class="tag success">{t(locale, "forum-solved")}</span> })}
        </h1>
        {flagged.then(|| view! { <p class="notice success" role="status">{t(locale, "forum-flag-thanks")}</p> })}
        <Notice locale=locale/>
        {v.me.is_some().then(|| view! {
            <form method="post" action=format!("{}/level", forum_href(locale, &format!("t/{}", topic.id))) class="inline">
                <CsrfField/>
                <SelectField locale=locale name="level" label="forum-level" options=levels.clone() selected=v.level.code().to_owned()/>
                <button type="submit" class="button secondary">{t(locale, "forum-level-save")}</button>
            </form>
        })}
        <div class="posts">{posts}</div>
        {(pages > 1).then(|| view! {
            <nav aria-label=t(locale, "forum-pages") class="pager">
                {(1..=pages).map(|p| if p == v.page {
                    view! { <span aria-current="page">{p}</span>" " }.into_any()
                } else {
                    view! { <a href=format!("{here}?page={p}")>{p}</a>" " }.into_any()
                }).collect_view()}
            </nav>
        })}
        {reply_box(locale, &v).into_any()}
    }
}

fn reply_box(locale: Locale, v: &TopicView) -> impl IntoView {
    let topic = &v.topic;
    if v.me.is_none() {
        let login = crate::http::urls::login_then(locale, &topic_href(locale, topic.id, &topic.slug));
        return view! { <p><a class="button" href=login>{t(locale, "forum-login-to-reply")}</a></p> }
            .into_any();
    }
    if !v.may_post {
        let why = if v.category.archived { "forum-category-archived" } else { "forum-cannot-reply" };
        return view! { <p class="notice">{t(locale, why)}</p> }.into_any();
    }
    let reply_to = query("reply_to").unwrap_or_default();
    view! {
        <section id="reply" aria-labelledby="reply-heading">
            <h2 id="reply-heading">{t(locale, "forum-reply")}</h2>
            <form method="post" action=format!("{}/reply", forum_href(locale, &format!("t/{}-{}", topic.id, topic.slug)))>
                <CsrfField/>
                <input type="hidden" name="reply_to" value=reply_to/>
                <TextArea locale=locale name="body" label="forum-body" hint="forum-body-hint" rows=8
                    maxlength=super::types::MAX_POST_CHARS as u32 initial=v.quote.clone().unwrap_or_default()/>
                <button type="submit" class="button">{t(locale, "forum-reply-send")}</button>
            </form>
        </section>
    }
    .into_any()
}

fn post_view(locale: Locale, v: &TopicView, p: &PostRow) -> impl IntoView {
    let mine = v.me.is_some() && p.user_id == v.me;
    let shown = !(p.deleted || p.hidden) || mine || v.moderates;
    let solved = v.topic.solved_post_id == Some(p.id);
    let post_action = |what: &str| forum_href(locale, &format!("posts/{}/{what}", p.id));
    let author = p.author.clone().unwrap_or_else(|| {
        if p.user_id.is_none() && p.number == 1 && v.topic.course.is_some() {
            "Puente".to_owned()
        } else {
            t(locale, "forum-former-member")
        }
    });
    let body = if shown { p.html.clone() } else { String::new() };
    let status = if p.deleted {
        Some("forum-post-deleted")
    } else if p.hidden {
        Some("forum-post-hidden")
    } else {
        None
    };
    let acts = v.me.is_some() && !p.deleted;
    view! {
        <article id=format!("post-{}", p.number) class=if solved { "post solved" } else { "post" } aria-labelledby=format!("post-{}-by", p.number)>
            <header>
                <p id=format!("post-{}-by", p.number)>
                    <strong>{author}</strong>
                    {p.handle.clone().map(|h| view! { " "<span class="meta">"@"{h}</span> })}
                    " · "<a href=format!("#post-{}", p.number) class="meta">{format_time(p.created_at)}</a>
                    {p.edited.then(|| view! { " · "<a class="meta" href=post_action("history")>{t(locale, "forum-edited")}</a> })}
                    {solved.then(|| view! { " "<span class="tag success">{t(locale, "forum-answer")}</span> })}
                </p>
            </header>
            {status.map(|s| view! { <p class="notice">{t(locale, s)}</p> })}
            {shown.then(|| view! { <div class="prose" inner_html=body></div> })}
            {acts.then(|| view! {
                <div class="post-actions">
                    {(!mine).then(|| view! {
                        <form method="post" action=post_action("like") class="inline">
                            <CsrfField/>
                            <input type="hidden" name="on" value=if p.liked { "no" } else { "yes" }/>
                            <button type="submit" class="link-button" aria-pressed=if p.liked { "true" } else { "false" }>
                                {t_args(locale, "forum-like", &[("count", &p.likes.to_string())])}
                            </button>
                        </form>
                    })}
                    {mine.then(|| view! { <span class="meta">{t_args(locale, "forum-likes", &[("count", &p.likes.to_string())])}</span> })}
                    <form method="post" action=post_action("bookmark") class="inline">
                        <CsrfField/>
                        <input type="hidden" name="on" value=if p.bookmarked { "no" } else { "yes" }/>
                        <button type="submit" class="link-button" aria-pressed=if p.bookmarked { "true" } else { "false" }>{t(locale, "forum-bookmark")}</button>
                    </form>
                    {(v.may_solve && p.number > 1 && !p.hidden).then(|| view! {
                        <form method="post" action=post_action("solve") class="inline">
                            <CsrfField/>
                            <input type="hidden" name="on" value=if solved { "no" } else { "yes" }/>
                            <button type="submit" class="link-button">{t(locale, if solved { "forum-unsolve" } else { "forum-solve" })}</button>
                        </form>
                    })}
                    {v.may_post.then(|| view! {
                        <a href=format!("{}?reply_to={}#reply", topic_href(locale, v.topic.id, &v.topic.slug), p.number)>{t(locale, "forum-reply-to")}</a>" "
                        <a href=format!("{}?quote={}&reply_to={}#reply", topic_href(locale, v.topic.id, &v.topic.slug), p.number, p.number)>{t(locale, "forum-quote")}</a>" "
                    })}
                    {(mine || v.moderates).then(|| view! {
                        <a href=post_action("edit")>{t(locale, "forum-edit")}</a>" "
                    })}
                    {(!mine).then(|| view! { <a href=post_action("flag")>{t(locale, "forum-flag")}</a> })}
                </div>
            })}
        </article>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct NewTopicView {
    categories: Vec<Category>,
    chosen: String,
}

#[component]
pub fn NewTopicPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let pool = pool()?;
        store::sync_cohort_categories(&pool).await?;
        let reader = reader().await?;
        policy::may_act(&reader, crate::kernel::clock::now())?;
        let now = crate::kernel::clock::now();
        let categories: Vec<Category> = store::categories(&pool)
            .await?
            .into_iter()
            .filter(|c| policy::may_post(&reader, c, now).is_ok())
            .collect();
        Ok(NewTopicView { categories, chosen: query("c").unwrap_or_default() })
    });
    view! {
        <Title text=t(locale, "forum-new-topic")/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=forum_href(locale, "")>{t(locale, "forum-title")}</a>
        </nav>
        <h1>{t(locale, "forum-new-topic")}</h1>
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| {
                let options = v.categories.iter().map(|c| (c.slug.clone(), c.name(locale).to_owned())).collect::<Vec<_>>();
                view! {
                    <form method="post" action=forum_href(locale, "new")>
                        <CsrfField/>
                        <SelectField locale=locale name="category" label="forum-category" options=options selected=v.chosen.clone() placeholder="forum-category-choose"/>
                        <Field locale=locale name="title" label="forum-topic-title" hint="forum-topic-title-hint" maxlength=super::types::MAX_TITLE_CHARS as u32/>
                        <TextArea locale=locale name="body" label="forum-body" hint="forum-body-hint" rows=10 maxlength=super::types::MAX_POST_CHARS as u32/>
                        <p class="meta"><a href=format!("/{}/conduct", locale.code())>{t(locale, "forum-conduct")}</a></p>
                        <button type="submit" class="button">{t(locale, "forum-create")}</button>
                    </form>
                }.into_any()
            }))}
        </Suspense>
    }
}

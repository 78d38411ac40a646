//! The other forum pages: editing a post and its history, one's notifications and bookmarks,
//! the moderators' review queue, the moderation log, and the admins' categories.

use super::{forum_href, param, pool, query, reader, topic_href};
use crate::errors::AppError;
use crate::forum::notifications::{self, LogLine, Notification, ReviewItem};
use crate::forum::policy;
use crate::forum::service;
use crate::forum::store::{self, Bookmark};
use crate::forum::types::{Category, Decision, Kind, Posting, Visibility};
use crate::i18n::{t, t_args, Locale};
use crate::ui::shell::page_locale;
use crate::ui::widgets::{
    format_time, loaded, page_result, Column, CsrfField, DataTable, Field, Notice, SelectField, TextArea,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct EditView {
    post_id: i64,
    body: String,
    topic: (i64, String, String),
    moderator_edit: bool,
}

#[component]
pub fn EditPostPage() -> impl IntoView {
    let locale = page_locale();
    let id = param("id").parse::<i64>().unwrap_or(0);
    let data = page_result(move || async move {
        let pool = pool()?;
        let reader = reader().await?;
        let post = store::post_by_id(&pool, id).await?.ok_or(AppError::NotFound)?;
        let (topic, _) = service::readable_topic(&pool, &reader, post.topic_id).await?;
        if post.deleted {
            return Err(AppError::NotFound);
        }
        policy::may_edit(&reader, post.user_id, crate::kernel::clock::now())?;
        Ok(EditView {
            post_id: post.id,
            body: post.body,
            moderator_edit: reader.user_id() != post.user_id,
            topic: (topic.id, topic.slug, topic.title),
        })
    });
    view! {
        <Title text=t(locale, "forum-edit")/>
        <h1>{t(locale, "forum-edit")}</h1>
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| view! {
                <p><a href=topic_href(locale, v.topic.0, &v.topic.1)>{v.topic.2.clone()}</a></p>
                <form method="post" action=forum_href(locale, &format!("posts/{}/edit", v.post_id))>
                    <CsrfField/>
                    <TextArea locale=locale name="body" label="forum-body" hint="forum-body-hint" rows=12
                        maxlength=crate::forum::types::MAX_POST_CHARS as u32 initial=v.body.clone()/>
                    {v.moderator_edit.then(|| view! { <Field locale=locale name="reason" label="forum-reason" required=false maxlength=500/> })}
                    <button type="submit" class="button">{t(locale, "forum-save")}</button>
                </form>
                <form method="post" action=forum_href(locale, &format!("posts/{}/delete", v.post_id))>
                    <CsrfField/>
                    <input type="hidden" name="reason" value="delete"/>
                    <button type="submit" class="button secondary">{t(locale, "forum-delete")}</button>
                </form>
            }.into_any()))}
        </Suspense>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct FlagView {
    post_id: i64,
    number: i64,
    author: Option<String>,
    topic: (i64, String, String),
}

/// Flagging a post: why moderators should look at it. Its own page (one link per post keeps a
/// long topic light), for anyone signed in who may read the post and did not write it.
#[component]
pub fn FlagPostPage() -> impl IntoView {
    let locale = page_locale();
    let id = param("id").parse::<i64>().unwrap_or(0);
    let data = page_result(move || async move {
        let pool = pool()?;
        let reader = reader().await?;
        let me = reader.user_id().ok_or(AppError::Unauthenticated)?;
        let post = store::post_by_id(&pool, id).await?.ok_or(AppError::NotFound)?;
        let (topic, _) = service::readable_topic(&pool, &reader, post.topic_id).await?;
        if post.deleted || post.user_id == Some(me) {
            return Err(AppError::NotFound);
        }
        let author = match post.user_id {
            Some(u) => store::handle_of(&pool, u).await?,
            None => None,
        };
        Ok(FlagView {
            post_id: post.id,
            number: post.number,
            author,
            topic: (topic.id, topic.slug, topic.title),
        })
    });
    view! {
        <Title text=t(locale, "forum-flag-title")/>
        <h1>{t(locale, "forum-flag-title")}</h1>
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| {
                let back = format!("{}#post-{}", topic_href(locale, v.topic.0, &v.topic.1), v.number);
                let label = match &v.author {
                    Some(h) => t_args(locale, "forum-flag-post-by", &[("number", &v.number.to_string()), ("handle", h)]),
                    None => t_args(locale, "forum-flag-post", &[("number", &v.number.to_string())]),
                };
                let state = crate::ui::widgets::form_state();
                let chosen = state.value("reason");
                view! {
                    <p><a href=back>{label}</a>" · "{v.topic.2.clone()}</p>
                    <form method="post" action=forum_href(locale, &format!("posts/{}/flag", v.post_id))>
                        <CsrfField/>
                        <fieldset>
                            <legend>{t(locale, "forum-flag-why")}</legend>
                            {crate::forum::types::FlagReason::ALL.iter().map(|r| view! {
                                <div class="field checkbox">
                                    <input type="radio" name="reason" id=format!("flag-{}", r.code()) value=r.code()
                                        required=true checked=chosen == r.code()/>
                                    <label for=format!("flag-{}", r.code())>{t(locale, &format!("forum-flag-{}", r.code()))}</label>
                                </div>
                            }).collect_view()}
                        </fieldset>
                        <TextArea locale=locale name="note" label="forum-flag-note" rows=3 maxlength=1000 required=false/>
                        <p class="meta"><a href=format!("/{}/conduct", locale.code())>{t(locale, "forum-conduct")}</a></p>
                        <button type="submit" class="button">{t(locale, "forum-flag-send")}</button>
                    </form>
                }.into_any()
            }))}
        </Suspense>
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct HistoryView {
    topic: (i64, String, String),
    number: i64,
    current: String,
    earlier: Vec<(String, i64)>,
}

#[component]
pub fn PostHistoryPage() -> impl IntoView {
    let locale = page_locale();
    let id = param("id").parse::<i64>().unwrap_or(0);
    let data = page_result(move || async move {
        let pool = pool()?;
        let reader = reader().await?;
        let (post, topic, earlier) = service::history(&pool, &reader, id).await?;
        Ok(HistoryView {
            topic: (topic.id, topic.slug, topic.title),
            number: post.number,
            current: post.body,
            earlier,
        })
    });
    view! {
        <Title text=t(locale, "forum-history")/>
        <h1>{t(locale, "forum-history")}</h1>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| view! {
                <p><a href=format!("{}#post-{}", topic_href(locale, v.topic.0, &v.topic.1), v.number)>{v.topic.2.clone()}</a></p>
                <h2>{t(locale, "forum-history-current")}</h2>
                <pre class="code" tabindex="0"><code>{v.current.clone()}</code></pre>
                {v.earlier.iter().map(|(body, at)| view! {
                    <h2>{t_args(locale, "forum-history-until", &[("when", &format_time(*at))])}</h2>
                    <pre class="code" tabindex="0"><code>{body.clone()}</code></pre>
                }).collect_view()}
            }.into_any()))}
        </Suspense>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let reader = reader().await?;
        notifications::list(&pool()?, &reader, 100).await
    });
    view! {
        <Title text=t(locale, "forum-notifications")/>
        <h1>{t(locale, "forum-notifications")}</h1>
        <p><a href=forum_href(locale, "")>{t(locale, "forum-title")}</a></p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |rows: Vec<Notification>| {
                if rows.is_empty() {
                    return view! { <p>{t(locale, "forum-notifications-none")}</p> }.into_any();
                }
                let any_unread = rows.iter().any(|n| n.unread);
                view! {
                    {any_unread.then(|| view! {
                        <form method="post" action=forum_href(locale, "notifications/read")>
                            <CsrfField/>
                            <button type="submit" class="button secondary">{t(locale, "forum-notifications-read")}</button>
                        </form>
                    })}
                    <ul class="notifications">
                        {rows.into_iter().map(|n| {
                            let kind = format!("forum-notification-{}", n.kind);
                            let who = n.actor.clone().unwrap_or_else(|| "Puente".into());
                            view! {
                                <li class=if n.unread { "unread" } else { "" }>
                                    {n.unread.then(|| view! { <span class="tag">{t(locale, "forum-new")}</span>" " })}
                                    {t_args(locale, &kind, &[("name", &who)])}": "
                                    <a href=format!("{}#post-{}", topic_href(locale, n.topic_id, &n.topic_slug), n.number)>{n.topic_title.clone()}</a>
                                    " "<span class="meta">{format_time(n.at)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }))}
        </Suspense>
    }
}

#[component]
pub fn BookmarksPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let pool = pool()?;
        let reader = reader().await?;
        let user = reader.user_id().ok_or(AppError::Unauthenticated)?;
        let categories = store::categories(&pool).await?;
        Ok(store::bookmarks(&pool, user)
            .await?
            .into_iter()
            .filter(|b| categories.iter().any(|c| c.id == b.category_id && policy::may_read(&reader, c)))
            .collect::<Vec<_>>())
    });
    view! {
        <Title text=t(locale, "forum-bookmarks")/>
        <h1>{t(locale, "forum-bookmarks")}</h1>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |rows: Vec<Bookmark>| {
                if rows.is_empty() {
                    return view! { <p>{t(locale, "forum-bookmarks-none")}</p> }.into_any();
                }
                view! {
                    <ul>
                        {rows.into_iter().map(|b| view! {
                            <li><a href=format!("{}#post-{}", topic_href(locale, b.topic_id, &b.slug), b.number)>{b.title.clone()}" #"{b.number}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }))}
        </Suspense>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let reader = reader().await?;
        policy::may_moderate(&reader)?;
        notifications::queue(&pool()?).await
    });
    let decided = query("decided").is_some();
    view! {
        <Title text=t(locale, "forum-review-title")/>
        <h1>{t(locale, "forum-review-title")}</h1>
        <p class="lead">{t(locale, "forum-review-intro")}</p>
        <p><a href=forum_href(locale, "log")>{t(locale, "forum-log-title")}</a></p>
        {decided.then(|| view! { <p class="notice success" role="status">{t(locale, "forum-review-decided")}</p> })}
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |items: Vec<ReviewItem>| {
                if items.is_empty() {
                    return view! { <p>{t(locale, "forum-review-empty")}</p> }.into_any();
                }
                items.into_iter().map(|i| review_item(locale, i).into_any()).collect_view().into_any()
            }))}
        </Suspense>
    }
}

fn review_item(locale: Locale, i: ReviewItem) -> impl IntoView {
    let decisions = Decision::ALL
        .iter()
        .map(|d| (d.code().to_owned(), t(locale, &format!("forum-decision-{}", d.code()))))
        .collect::<Vec<_>>();
    let id = |f: &str| format!("review-{}-{f}", i.id);
    view! {
        <section class="card review" aria-labelledby=id("heading")>
            <h2 id=id("heading")><a href=format!("{}#post-{}", topic_href(locale, i.topic_id, &i.topic_slug), i.number)>{i.topic_title.clone()}" #"{i.number}</a></h2>
            <p class="meta">
                {i.author.clone().unwrap_or_else(|| t(locale, "forum-former-member"))}" · "
                {t_args(locale, "forum-review-score", &[("score", &i.score.to_string())])}" · "
                {format_time(i.since)}
                {i.hidden.then(|| view! { " · "<strong>{t(locale, "forum-post-hidden")}</strong> })}
            </p>
            <ul>
                {i.flags.iter().map(|(reason, note)| view! {
                    <li>{t(locale, &format!("forum-flag-{reason}"))}{(!note.is_empty()).then(|| format!(": {note}"))}</li>
                }).collect_view()}
            </ul>
            <div class="prose quoted" inner_html=i.html.clone()></div>
            <form method="post" action=forum_href(locale, &format!("review/{}", i.id))>
                <CsrfField/>
                <label for=id("decision")>{t(locale, "forum-decision")}</label>
                <select id=id("decision") name="decision" required=true>
                    {decisions.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
                <label for=id("reason")>{t(locale, "forum-reason")}</label>
                <input id=id("reason") name="reason" required=true maxlength="500"/>
                <label for=id("days")>{t(locale, "forum-days")}</label>
                <input id=id("days") name="days" type="number" min="1" max="365" value="7"/>
                <button type="submit" class="button">{t(locale, "forum-decide")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ModLogPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let reader = reader().await?;
        crate::auth::authorize(reader.actor.as_ref(), crate::auth::Action::Administer)?;
        notifications::mod_log(&pool()?, 500).await
    });
    view! {
        <Title text=t(locale, "forum-log-title")/>
        <h1>{t(locale, "forum-log-title")}</h1>
        <p><a href=forum_href(locale, "log.csv") download="moderation-log.csv">{t(locale, "forum-log-csv")}</a></p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |rows: Vec<LogLine>| {
                let body = rows.into_iter().map(|r| view! {
                    <tr>
                        <td>{format_time(r.at)}</td>
                        <td>{r.moderator.clone().unwrap_or_else(|| "Puente".into())}</td>
                        <td>{t(locale, &format!("forum-log-{}", r.action))}</td>
                        <td>{r.target.clone().unwrap_or_default()}</td>
                        <td>{r.reason.clone()}</td>
                    </tr>
                }).collect_view();
                view! {
                    <DataTable locale=locale caption="forum-log-title" columns=vec![
                        Column::shown("forum-log-when"), Column::shown("forum-log-who"), Column::shown("forum-log-action"),
                        Column::shown("forum-log-author"), Column::shown("forum-reason"),
                    ]>{body}</DataTable>
                }.into_any()
            }))}
        </Suspense>
    }
}

#[component]
pub fn AdminForumPage() -> impl IntoView {
    let locale = page_locale();
    let editing = query("edit").and_then(|e| e.parse::<i64>().ok());
    let data = page_result(move || async move {
        let reader = reader().await?;
        crate::auth::authorize(reader.actor.as_ref(), crate::auth::Action::Administer)?;
        Ok(store::categories(&pool()?)
            .await?
            .into_iter()
            .filter(|c| c.cohort_id.is_none())
            .collect::<Vec<_>>())
    });
    let saved = query("saved").is_some();
    view! {
        <Title text=t(locale, "forum-admin-title")/>
        <h1>{t(locale, "forum-admin-title")}</h1>
        {crate::ui::widgets::admin_links(locale)}
        {saved.then(|| view! { <p class="notice success" role="status">{t(locale, "forum-admin-saved")}</p> })}
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |cats: Vec<Category>| {
                let current = editing.and_then(|id| cats.iter().find(|c| c.id == id).cloned());
                view! {
                    <ul>
                        {cats.iter().map(|c| view! {
                            <li>
                                <a href=forum_href(locale, &format!("c/{}", c.slug))>{c.name(locale).to_owned()}</a>" · "
                                {t(locale, &format!("forum-visibility-{}", c.visibility.code()))}" · "
                                <a href=format!("?edit={}", c.id)>{t(locale, "forum-edit")}</a>
                            </li>
                        }).collect_view()}
                    </ul>
                    {category_form(locale, current)}
                }.into_any()
            }))}
        </Suspense>
    }
}

fn category_form(locale: Locale, c: Option<Category>) -> AnyView {
    let options = |all: &[&'static str], prefix: &str| {
        all.iter().map(|v| ((*v).to_owned(), t(locale, &format!("{prefix}-{v}")))).collect::<Vec<_>>()
    };
    let visibilities: Vec<&'static str> =
        Visibility::ALL.iter().filter(|v| **v != Visibility::Cohort).map(|v| v.code()).collect();
    let postings: Vec<&'static str> = Posting::ALL.iter().map(|p| p.code()).collect();
    let kinds: Vec<&'static str> = Kind::ALL.iter().map(|k| k.code()).collect();
    let get = |f: &dyn Fn(&Category) -> String| c.as_ref().map(f).unwrap_or_default();
    view! {
        <h2>{t(locale, if c.is_some() { "forum-admin-edit" } else { "forum-admin-new" })}</h2>
        <form method="post" action=format!("/{}/admin/forum/categories", locale.code())>
            <CsrfField/>
            <input type="hidden" name="id" value=get(&|c| c.id.to_string())/>
            <Field locale=locale name="slug" label="forum-category-slug" hint="forum-category-slug-hint" maxlength=60 initial=get(&|c| c.slug.clone())/>
            <Field locale=locale name="name_es" label="forum-category-name-es" maxlength=80 initial=get(&|c| c.names[0].clone())/>
            <Field locale=locale name="name_pt" label="forum-category-name-pt" maxlength=80 initial=get(&|c| c.names[1].clone())/>
            <Field locale=locale name="name_en" label="forum-category-name-en" maxlength=80 initial=get(&|c| c.names[2].clone())/>
            <TextArea locale=locale name="description_es" label="forum-category-description-es" required=false rows=2 maxlength=500 initial=get(&|c| c.descriptions[0].clone())/>
            <TextArea locale=locale name="description_pt" label="forum-category-description-pt" required=false rows=2 maxlength=500 initial=get(&|c| c.descriptions[1].clone())/>
            <TextArea locale=locale name="description_en" label="forum-category-description-en" required=false rows=2 maxlength=500 initial=get(&|c| c.descriptions[2].clone())/>
            <Field locale=locale name="position" label="forum-category-position" kind="number" maxlength=4 initial=c.as_ref().map(|c| c.position.to_string()).unwrap_or_else(|| "0".into())/>
            <SelectField locale=locale name="visibility" label="forum-category-visibility" options=options(&visibilities, "forum-visibility")
                selected=c.as_ref().map(|c| c.visibility.code()).unwrap_or("public").to_owned()/>
            <SelectField locale=locale name="posting" label="forum-category-posting" options=options(&postings, "forum-posting")
                selected=c.as_ref().map(|c| c.posting.code()).unwrap_or("everyone").to_owned()/>
            <SelectField locale=locale name="kind" label="forum-category-kind" options=options(&kinds, "forum-kind")
                selected=c.as_ref().map(|c| c.kind.code()).unwrap_or("discussion").to_owned()/>
            <button type="submit" class="button">{t(locale, "forum-save")}</button>
        </form>
    }
    .into_any()
}

/// Where a forum email's "unsubscribe" leads: one button, no login needed (the address is the
/// secret). After it, the notice says it is done and how to turn emails on again.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let locale = page_locale();
    let token = param("token");
    let digest = query("what").as_deref() == Some("digest");
    let notice = crate::ui::widgets::form_state().notice;
    let done = matches!(notice.as_deref(), Some("forum-unsubscribed" | "forum-digest-unsubscribed"));
    let (title, intro, button, finished, again) = if digest {
        (
            "forum-digest-unsubscribe-title",
            "forum-digest-unsubscribe-intro",
            "forum-digest-unsubscribe-button",
            "forum-digest-unsubscribed",
            "forum-digest-unsubscribe-again",
        )
    } else {
        (
            "forum-unsubscribe-title",
            "forum-unsubscribe-intro",
            "forum-unsubscribe-button",
            "forum-unsubscribed",
            "forum-unsubscribe-again",
        )
    };
    let data = page_result(move || {
        let token = token.clone();
        async move {
            store::by_unsubscribe_token(&pool()?, &token).await?.ok_or(AppError::NotFound).map(|_| token)
        }
    });
    view! {
        <Title text=t(locale, title)/>
        <h1>{t(locale, title)}</h1>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |token: String| if done {
                view! {
                    <p class="notice success" role="status">{t(locale, finished)}</p>
                    <p><a href=format!("/{}/account", locale.code())>{t(locale, again)}</a></p>
                }.into_any()
            } else {
                view! {
                    <p>{t(locale, intro)}</p>
                    <form method="post" action=forum_href(locale, &format!("unsubscribe/{token}{}", if digest { "?what=digest" } else { "" }))>
                        <button type="submit" class="button">{t(locale, button)}</button>
                    </form>
                }.into_any()
            }))}
        </Suspense>
    }
}

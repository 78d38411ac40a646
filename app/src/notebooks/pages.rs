//! Notebook pages: "my notebooks", a launch's progress (streamed, with a no-JS fallback), and
//! the admins' running servers and usage.

use super::service::Notebooks;
use super::spawner::Stage;
use super::store::{self, ServerRow};
use super::usage;
use crate::errors::AppError;
use crate::http::CspNonce;
use crate::i18n::{t, t_args, Locale};
use crate::ui::shell::page_locale;
use crate::ui::widgets::{
    current_actor, format_time, loaded, page_data, query, Column, CsrfField, DataTable,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::sync::Arc;

fn notebooks() -> Option<Arc<Notebooks>> {
    use_context::<Arc<Notebooks>>()
}

fn nonce() -> String {
    crate::ui::widgets::with_parts(|p| p.extensions.get::<CspNonce>().map(|n| n.0.clone()))
        .unwrap_or_default()
}

fn session_hash() -> Option<String> {
    crate::ui::widgets::with_parts(|p| {
        p.extensions.get::<crate::http::CurrentSession>().map(|s| s.token_hash.clone())
    })
}

fn age(locale: Locale, since: i64) -> String {
    let mins = (crate::kernel::clock::now() - since).max(0) / 60;
    if mins < 60 {
        t_args(locale, "notebook-age-minutes", &[("minutes", &mins.to_string())])
    } else {
        t_args(locale, "notebook-age-hours", &[("hours", &(mins / 60).to_string())])
    }
}

fn stop_form(locale: Locale, key: &str) -> impl IntoView {
    view! {
        <form method="post" action=format!("/{}/notebooks/{key}/stop", locale.code()) class="inline-form">
            <CsrfField/>
            <button type="submit" class="button secondary">{t(locale, "notebook-stop")}</button>
        </form>
    }
}

/// The episode's title in the reader's language, for naming a server by what it is for.
fn episode_title(locale: Locale, course: &str, episode: &str) -> Option<(String, String)> {
    let library = use_context::<crate::lessons::Library>()?;
    let catalog = library.get();
    let c = catalog.course(course)?;
    let (_, e) = c.episode(episode)?;
    let (_, text) = e.text_for(locale)?;
    Some((text.front.title.clone(), format!("/{}/courses/{course}/{episode}", locale.code())))
}

/// `/{lang}/notebooks`: the person's running servers, with the episode each was opened for, a
/// way in and a stop button.
#[component]
pub fn NotebooksPage() -> impl IntoView {
    let locale = page_locale();
    let notice = query("e").filter(|c| super::handlers::PAGE_CODES.contains(&c.as_str()));
    let pool = use_context::<sqlx::AnyPool>();
    let user = current_actor().map(|a| a.user_id);
    let rows = page_data(move || {
        let pool = pool.clone();
        async move {
            match (pool, user) {
                (Some(p), Some(u)) => store::live_for_user(&p, u).await,
                _ => Ok(Vec::new()),
            }
        }
    });
    view! {
        <Title text=t(locale, "notebook-mine-title")/>
        <h1>{t(locale, "notebook-mine-title")}</h1>
        {notice.map(|code| view! { <p class="notice" role="status">{t(locale, &code)}</p> })}
        <Suspense fallback=|| ()>
            {move || rows.get().map(|rows| loaded(rows, |rows: Vec<ServerRow>| {
                if rows.is_empty() {
                    return view! {
                        <p>{t(locale, "notebook-mine-none")}" "<a href=format!("/{}/courses", locale.code())>{t(locale, "catalog-title")}</a></p>
                    }.into_any();
                }
                view! {
                    <ul class="servers">
                        {rows.into_iter().map(|r| {
                            let (title, lesson) = episode_title(locale, &r.course, &r.episode)
                                .unwrap_or_else(|| (r.profile.clone(), String::new()));
                            view! {
                                <li class="card">
                                    <h2 class="server-title">{title}</h2>
                                    <p class="meta">
                                        {t(locale, &format!("notebook-stage-{}", r.state))}" · "{age(locale, r.created_at)}
                                        {(!lesson.is_empty()).then(|| view! { " · "<a href=lesson.clone()>{t(locale, "notebook-back-to-lesson")}</a> })}
                                    </p>
                                    <p class="actions">
                                        <a class="button" href=format!("/{}/notebooks/{}?go=1", locale.code(), r.key)>
                                            {if r.state == "ready" { t(locale, "notebook-open") } else { t(locale, "notebook-follow") }}
                                        </a>
                                        " "{stop_form(locale, &r.key)}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }))}
        </Suspense>
    }
}

/// The small script that follows a launch live (server-sent events) and, once ready, enters.
fn follow_script(events_url: &str) -> String {
    format!(
        r#"(()=>{{const s=document.getElementById("nb-status"),l=document.getElementById("nb-stages");if(!s||!window.EventSource)return;
const es=new EventSource({url});es.addEventListener("progress",e=>{{const d=JSON.parse(e.data);s.textContent=d.label+(d.detail?" — "+d.detail:"");
let seen=true;for(const li of l.querySelectorAll("li")){{const st=li.dataset.stage;li.className=st===d.state?"current":(seen?"done":"");if(st===d.state)seen=false;}}
if(["ready","failed","stopped"].includes(d.state)){{es.close();location.reload();}}}});}})();"#,
        url = serde_json::Value::String(events_url.to_owned())
    )
}

/// A stage's name and, when the back-end said what is happening inside it, that too.
fn status_text(locale: Locale, row: &ServerRow) -> String {
    let stage = t(locale, &format!("notebook-stage-{}", row.state));
    match super::spawner::Detail::parse(&row.detail) {
        Some(d) if row.state != "ready" && row.state != "failed" => {
            format!("{stage} — {}", t(locale, d.code()))
        }
        _ => stage,
    }
}

/// `/{lang}/notebooks/{key}`: where a launch is, how it ended, and the way in.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let locale = page_locale();
    let key = use_params_map().get_untracked().get("key").unwrap_or_default();
    let go = query("go").is_some();
    let actor = current_actor();
    let me = actor.as_ref().map(|a| a.user_id);
    let session = session_hash();
    let service = notebooks();
    let origin = service.as_ref().map(|n| n.settings.origin.clone()).unwrap_or_default();
    let backend = service.as_ref().map(|n| n.backend()).unwrap_or("local");
    let data = page_data({
        let key = key.clone();
        move || {
            let (service, actor, session, key) =
                (service.clone(), actor.clone(), session.clone(), key.clone());
            async move {
                let (Some(n), Some(a), Some(s)) = (service, actor, session) else { return Ok(None) };
                // Someone else's server, or none: the same "not found".
                let hidden = |e: &AppError| matches!(e, AppError::NotFound | AppError::Forbidden);
                let view = match n.view(&a, &key).await {
                    Ok(v) => v,
                    Err(e) if hidden(&e) => return Ok(None),
                    Err(e) => return Err(anyhow::Error::new(e).context("Failed to read a notebook server")),
                };
                let ticket = match view.may_enter {
                    false => None,
                    true => match n.ticket(&a, &s, &key).await {
                        Ok(t) => Some(t),
                        Err(e) if hidden(&e) => None,
                        Err(e) => {
                            return Err(anyhow::Error::new(e).context("Failed to issue an entry ticket"))
                        }
                    },
                };
                Ok(Some((view.row, ticket)))
            }
        }
    });
    let nonce = nonce();
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|data| loaded(data, |found| {
                let Some((row, ticket)) = found else {
                    return view! { <crate::ui::pages::NotFound/> }.into_any();
                };
                let current = Stage::parse(&row.state);
                let launching = current.is_some() && current != Some(Stage::Ready);
                let title = match row.state.as_str() {
                    "ready" => "notebook-ready-title",
                    "failed" => "notebook-failed-title",
                    "stopped" | "stopping" => "notebook-stopped-title",
                    _ => "notebook-progress-title",
                };
                let stages = Stage::shown_for(backend).into_iter().map(|s| {
                    let class = match current {
                        Some(c) if c == s => "current",
                        Some(c) if s < c => "done",
                        _ => "",
                    };
                    view! { <li data-stage=s.code() class=class>{t(locale, &format!("notebook-stage-{}", s.code()))}</li> }
                }).collect_view();
                let events_url = format!("/{}/notebooks/{}/events", locale.code(), row.key);
                let retry = (row.state == "failed" || row.state == "stopped") && !row.course.is_empty();
                let lesson = episode_title(locale, &row.course, &row.episode);
                // Only one's own server opens by itself; entering someone else's takes a click.
                let auto_enter = go && me == Some(row.user_id);
                view! {
                    <Title text=t(locale, title)/>
                    <h1>{t(locale, title)}</h1>
                    {lesson.clone().map(|(name, href)| view! {
                        <p class="meta">{name}" · "<a href=href>{t(locale, "notebook-back-to-lesson")}</a></p>
                    })}
                    <ol id="nb-stages" class="stages" aria-label=t(locale, "notebook-stages")>{stages}</ol>
                    <p id="nb-status" role="status" aria-live="polite">{status_text(locale, &row)}</p>
                    {launching.then(|| view! {
                        // Without JavaScript the page reloads itself until the launch ends.
                        <noscript><meta http-equiv="refresh" content="2"/></noscript>
                        <script nonce=nonce.clone()>{follow_script(&events_url)}</script>
                    })}
                    {row.error_code.clone().map(|code| view! {
                        <p class="error" role="alert">{t(locale, &code)}</p>
                    })}
                    {retry.then(|| view! {
                        <form method="post" action=format!("/{}/notebooks/launch", locale.code())>
                            <CsrfField/>
                            <input type="hidden" name="course" value=row.course.clone()/>
                            <input type="hidden" name="episode" value=row.episode.clone()/>
                            <button type="submit" class="button">{t(locale, "notebook-retry")}</button>
                        </form>
                    })}
                    {ticket.map(|ticket| view! {
                        <form id="nb-enter" method="post" action=format!("{}/_puente/enter", server_origin(&origin, &row.key))>
                            <input type="hidden" name="ticket" value=ticket/>
                            <input type="hidden" name="view" id="nb-view" value=""/>
                            <script nonce=nonce.clone()>
                                "document.getElementById(\"nb-view\").value=matchMedia(\"(max-width: 760px)\").matches?\"doc\":\"lab\";"
                            </script>
                            <button type="submit" class="button">{t(locale, "notebook-open")}</button>
                        </form>
                        {auto_enter.then(|| view! {
                            <script nonce=nonce.clone()>
                                "history.replaceState(null,\"\",location.pathname);document.getElementById(\"nb-enter\").submit();"
                            </script>
                        })}
                    })}
                    {(row.state == "ready" || launching).then(|| stop_form(locale, &row.key))}
                    <p><a href=format!("/{}/notebooks", locale.code())>{t(locale, "notebook-mine-title")}</a></p>
                }.into_any()
            }.into_any()))}
        </Suspense>
    }
}

/// The origin of one server: `<key>.<notebook host>` (each server is its own origin).
pub fn server_origin(origin: &str, key: &str) -> String {
    match origin.split_once("://") {
        Some((scheme, host)) => format!("{scheme}://{key}.{host}"),
        None => origin.to_owned(),
    }
}

/// `/{lang}/admin/notebooks`: running servers with stop, and usage for a period.
#[component]
pub fn AdminNotebooksPage() -> impl IntoView {
    let locale = page_locale();
    let q = use_query_map().get_untracked();
    let params: std::collections::HashMap<String, String> =
        ["from", "to"].iter().filter_map(|k| q.get(k).map(|v| ((*k).to_owned(), v))).collect();
    let period = super::handlers::period(&params);
    let from_value = params.get("from").cloned().unwrap_or_default();
    let to_value = params.get("to").cloned().unwrap_or_default();
    let pool = use_context::<sqlx::AnyPool>();
    let overview = page_data(move || {
        let pool = pool.clone();
        let period = period.clone();
        async move {
            let p = pool.ok_or_else(|| anyhow::anyhow!("no database in the page's context"))?;
            let running = admin_running(&p).await?;
            // A period that does not parse is the reader's mistake, shown beside the form.
            let usage = match period {
                Ok((from, to)) => Ok(store::usage::spans(&p, from, to).await?),
                Err(e) => Err(e.code().to_owned()),
            };
            Ok((running, usage))
        }
    });
    let csv_query = {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("from", &from_value).append_pair("to", &to_value);
        s.finish()
    };
    view! {
        <Title text=t(locale, "admin-notebooks-title")/>
        <h1>{t(locale, "admin-notebooks-title")}</h1>
        {crate::ui::widgets::admin_links(locale)}
        {query("stopped").map(|_| view! { <p class="notice" role="status">{t(locale, "notebook-stopped")}</p> })}
        <Suspense fallback=|| ()>
            {move || overview.get().map(|data| loaded(data, |(running, spans)| {
                let running_rows = running.into_iter().map(|(r, name, institution)| view! {
                    <tr>
                        <td>{name}</td>
                        <td>{institution}</td>
                        <td>{r.profile.clone()}</td>
                        <td>{t(locale, &format!("notebook-stage-{}", r.state))}</td>
                        <td>{age(locale, r.created_at)}</td>
                        <td>{r.last_activity_at.map(format_time).unwrap_or_default()}</td>
                        <td>
                            <form method="post" action=format!("/{}/admin/notebooks/{}/stop", locale.code(), r.id)>
                                <CsrfField/>
                                <button type="submit" class="button secondary">{t(locale, "notebook-stop")}</button>
                            </form>
                        </td>
                    </tr>
                }).collect_view();
                let usage_view = match spans {
                    Err(code) => view! { <p class="error" role="alert">{t(locale, &code)}</p> }.into_any(),
                    Ok(spans) => {
                        let table = |caption: &'static str, first: &'static str, empty: &'static str, totals: Vec<usage::Total>| view! {
                            <DataTable locale=locale caption=caption show_caption=true columns=vec![
                                Column::shown(first), Column::shown("admin-notebooks-people"),
                                Column::shown("admin-notebooks-servers"), Column::shown("admin-notebooks-core-hours"),
                                Column::shown("admin-notebooks-gib-hours"),
                            ]>
                                    {totals.into_iter().map(|u| view! {
                                        <tr>
                                            <td>{if u.name.is_empty() { t(locale, empty) } else { u.name }}</td>
                                            <td>{u.people}</td>
                                            <td>{u.servers}</td>
                                            <td>{format!("{:.2}", u.core_hours)}</td>
                                            <td>{format!("{:.2}", u.gib_hours)}</td>
                                        </tr>
                                    }).collect_view()}
                            </DataTable>
                        };
                        let by_cohort = usage::by_cohort(&spans);
                        view! {
                            {table("admin-notebooks-usage-caption", "admin-notebooks-institution", "admin-notebooks-no-institution", usage::by_institution(&spans))}
                            {(!by_cohort.is_empty()).then(|| table("admin-notebooks-cohort-caption", "admin-notebooks-cohort", "admin-notebooks-no-institution", by_cohort))}
                        }.into_any()
                    }
                };
                view! {
                    <section>
                        <h2>{t(locale, "admin-notebooks-running")}</h2>
                        <DataTable locale=locale caption="admin-notebooks-running" columns=vec![
                            Column::shown("admin-notebooks-person"), Column::shown("admin-notebooks-institution"),
                            Column::shown("admin-notebooks-profile"), Column::shown("admin-notebooks-state"),
                            Column::shown("admin-notebooks-age"), Column::shown("admin-notebooks-last-activity"),
                            Column::actions("notebook-stop"),
                        ]>{running_rows}</DataTable>
                    </section>
                    <section>
                        <h2>{t(locale, "admin-notebooks-usage")}</h2>
                        <form method="get" class="filters">
                            <label>{t(locale, "admin-notebooks-from")}" "<input type="date" name="from" value=from_value.clone()/></label>
                            " "<label>{t(locale, "admin-notebooks-to")}" "<input type="date" name="to" value=to_value.clone()/></label>
                            " "<button type="submit" class="button secondary">{t(locale, "admin-notebooks-show")}</button>
                        </form>
                        {usage_view}
                        <p>
                            <a href=format!("/{}/admin/notebooks/usage.csv?{csv_query}", locale.code())>{t(locale, "admin-notebooks-csv-institutions")}</a>
                            " · "
                            <a href=format!("/{}/admin/notebooks/usage.csv?by=person&{csv_query}", locale.code())>{t(locale, "admin-notebooks-csv-people")}</a>
                        </p>
                    </section>
                }.into_any()
            }.into_any()))}
        </Suspense>
    }
}

/// Live servers with their person's name and institution.
async fn admin_running(pool: &sqlx::AnyPool) -> anyhow::Result<Vec<(ServerRow, String, String)>> {
    use anyhow::Context;
    use sqlx::Row;
    let rows = store::live(pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let u = sqlx::query("SELECT display_name, institution FROM users WHERE id = $1")
            .bind(r.user_id)
            .fetch_optional(pool)
            .await
            .context("Failed to read a server's owner")?;
        let (name, institution) = u.map(|u| (u.get(0), u.get(1))).unwrap_or_default();
        out.push((r, name, institution));
    }
    Ok(out)
}

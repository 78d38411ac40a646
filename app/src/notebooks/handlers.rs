//! Notebook actions on Puente's origin: launch, stop, the progress stream, and the admin's stop
//! and usage export. Every handler decides through the service, which asks `authorize`.

use super::names::parse_server_key;
use super::service::Notebooks;
use super::spawner::Stage;
use super::store;
use super::usage;
use crate::errors::AppError;
use crate::http::Web;
use crate::http::{see_other, Ctx, Form, Reply};
use crate::i18n::{t, Locale};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/notebooks/launch", post(launch))
        .route("/{lang}/notebooks/{key}/stop", post(stop))
        .route("/{lang}/notebooks/{key}/events", get(events))
        .route("/{lang}/admin/notebooks/{id}/stop", post(admin_stop))
        .route("/{lang}/admin/notebooks/usage.csv", get(usage_csv))
}

/// Conflicts the "my notebooks" page explains (with the servers to stop right there).
pub const PAGE_CODES: [&str; 3] = ["notebook-limit", "notebook-stopping", "notebook-stopped"];

async fn launch(State(web): State<Web>, ctx: Ctx, Form(form): Form) -> Reply {
    let (course, episode) = (form.get("course"), form.get("episode"));
    let Some(actor) = &ctx.actor else {
        let back = ctx.href(&format!("courses/{course}/{episode}#notebook"));
        let next: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
        return Ok(see_other(&format!("{}?next={next}", ctx.href("login")), vec![]));
    };
    match web.service::<Arc<Notebooks>>()?.launch(actor, course, episode, ctx.locale).await {
        Ok(key) => Ok(see_other(&ctx.href(&format!("notebooks/{key}?go=1")), vec![])),
        Err(AppError::Conflict { code }) if PAGE_CODES.contains(&code.as_str()) => {
            Ok(see_other(&ctx.href(&format!("notebooks?e={code}")), vec![]))
        }
        Err(e) => Err(e),
    }
}

async fn stop(State(web): State<Web>, ctx: Ctx, Path((_, key)): Path<(String, String)>) -> Reply {
    let actor = ctx.actor()?;
    if parse_server_key(&key).is_none() {
        return Err(AppError::NotFound);
    }
    web.service::<Arc<Notebooks>>()?.stop_key(actor, &key).await?;
    Ok(see_other(&ctx.href("notebooks?e=notebook-stopped"), vec![]))
}

/// What the progress page shows for a server's row, as sent on the stream.
pub fn progress_json(locale: Locale, row: &store::ServerRow) -> serde_json::Value {
    let label = t(locale, &format!("notebook-stage-{}", row.state));
    let error = row.error_code.as_deref().map(|c| t(locale, c));
    serde_json::json!({
        "state": row.state,
        "label": label,
        "detail": row.detail,
        "error": error,
        "stages": Stage::ALL.iter().map(|s| s.code()).collect::<Vec<_>>(),
    })
}

fn terminal(state: &str) -> bool {
    matches!(state, "ready" | "failed" | "stopped")
}

/// Server-sent events with each state change of one launch, until it is ready or has failed.
async fn events(State(web): State<Web>, ctx: Ctx, Path((_, key)): Path<(String, String)>) -> Reply {
    let locale = ctx.locale;
    let actor = ctx.actor()?;
    let notebooks = web.service::<Arc<Notebooks>>()?;
    notebooks.view(actor, &key).await?;
    let rx = notebooks.subscribe();
    struct St {
        web: Web,
        key: String,
        rx: tokio::sync::broadcast::Receiver<i64>,
        last: Option<(String, String)>,
        done: bool,
    }
    let st = St { web, key, rx, last: None, done: false };
    let stream = futures::stream::unfold(st, move |mut st| async move {
        if st.done {
            return None;
        }
        loop {
            let row = match store::latest_by_key(&st.web.pool, &st.key).await {
                Ok(Some(row)) => row,
                _ => return None,
            };
            let now = (row.state.clone(), row.detail.clone());
            if st.last.as_ref() != Some(&now) {
                st.last = Some(now);
                st.done = terminal(&row.state);
                let event = Event::default().event("progress").data(progress_json(locale, &row).to_string());
                return Some((Ok::<Event, std::convert::Infallible>(event), st));
            }
            // Wake on any change, and look again every second in any case (another replica
            // may be the one launching).
            let _ = tokio::time::timeout(Duration::from_secs(1), st.rx.recv()).await;
        }
    });
    let mut res =
        Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Proxies must pass each event on at once.
    res.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(res)
}

async fn admin_stop(State(web): State<Web>, ctx: Ctx, Path((_, id)): Path<(String, i64)>) -> Reply {
    web.service::<Arc<Notebooks>>()?.stop_id(ctx.actor()?, id).await?;
    Ok(see_other(&ctx.href("admin/notebooks?stopped=1"), vec![]))
}

/// `YYYY-MM-DD` (UTC) to Unix seconds at the start of that day.
pub fn day_start(date: &str) -> Option<i64> {
    let d: jiff::civil::Date = date.trim().parse().ok()?;
    d.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second())
}

/// The period asked for: `from` inclusive, `to` inclusive (whole days), the last 30 days by default.
pub fn period(query: &HashMap<String, String>) -> Result<(i64, i64), AppError> {
    let bad = || AppError::Validation { field: "period".into(), code: "notebook-usage-bad-period".into() };
    let today = crate::kernel::clock::now().div_euclid(86_400) * 86_400;
    let from = match query.get("from").filter(|s| !s.is_empty()) {
        Some(s) => day_start(s).ok_or_else(bad)?,
        None => today - 29 * 86_400,
    };
    let to = match query.get("to").filter(|s| !s.is_empty()) {
        Some(s) => day_start(s).ok_or_else(bad)? + 86_400,
        None => today + 86_400,
    };
    if to <= from {
        return Err(bad());
    }
    Ok((from, to))
}

async fn usage_csv(State(web): State<Web>, ctx: Ctx, Query(query): Query<HashMap<String, String>>) -> Reply {
    ctx.allowed(crate::auth::Action::Administer)?;
    let (from, to) = period(&query)?;
    let spans = store::usage::spans(&web.pool, from, to).await?;
    let by_person = query.get("by").is_some_and(|b| b == "person");
    let body = if by_person {
        usage::csv(&usage::by_person(&spans), "person")
    } else {
        usage::csv(&usage::by_institution(&spans), "institution")
    };
    let name = format!("puente-usage-{}-{}.csv", if by_person { "people" } else { "institutions" }, from);
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_whole_utc_days() {
        assert_eq!(day_start("2026-11-01"), Some(1_793_491_200));
        assert_eq!(day_start("2026-13-01"), None);
        assert_eq!(day_start("yesterday"), None);
        let q: HashMap<String, String> =
            [("from".to_owned(), "2026-11-01".to_owned()), ("to".to_owned(), "2026-11-01".to_owned())].into();
        assert_eq!(period(&q), Ok((1_793_491_200, 1_793_491_200 + 86_400)));
        let backwards: HashMap<String, String> =
            [("from".to_owned(), "2026-11-02".to_owned()), ("to".to_owned(), "2026-11-01".to_owned())].into();
        assert!(period(&backwards).is_err());
    }
}

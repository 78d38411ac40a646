//! Notebook actions on Puente's origin: launch, stop, the progress stream, and the admin's stop
//! and usage export. Every handler decides through the service, which asks `authorize`.

use super::names::parse_server_key;
use super::spawner::Stage;
use super::store;
use super::usage;
use crate::errors::AppError;
use crate::i18n::{t, Locale};
use crate::web::{plain_error, see_other, too_many, CurrentUser, Web};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::time::Duration;

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/notebooks/launch", post(launch))
        .route("/{lang}/notebooks/{key}/stop", post(stop))
        .route("/{lang}/notebooks/{key}/events", get(events))
        .route("/{lang}/admin/notebooks/{id}/stop", post(admin_stop))
        .route("/{lang}/admin/notebooks/usage.csv", get(usage_csv))
}

fn locale_of(lang: &str) -> Locale {
    Locale::from_segment(lang).unwrap_or_default()
}

async fn form_of(req: Request) -> (http::request::Parts, HashMap<String, String>) {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 16 * 1024).await.unwrap_or_default();
    (parts, url::form_urlencoded::parse(&bytes).into_owned().collect())
}

fn actor(parts: &http::request::Parts) -> Option<crate::accounts::authz::Actor> {
    parts.extensions.get::<CurrentUser>().and_then(|c| c.0.clone())
}

fn refusal(locale: Locale, e: &AppError) -> Response {
    match e {
        AppError::RateLimited { retry_after_secs } => too_many(locale, *retry_after_secs),
        e => {
            plain_error(locale, StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST), e.code())
        }
    }
}

/// Conflicts the "my notebooks" page explains (with the servers to stop right there).
pub const PAGE_CODES: [&str; 3] = ["notebook-limit", "notebook-stopping", "notebook-stopped"];

async fn launch(State(web): State<Web>, Path(lang): Path<String>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, form) = form_of(req).await;
    let course = form.get("course").cloned().unwrap_or_default();
    let episode = form.get("episode").cloned().unwrap_or_default();
    let Some(actor) = actor(&parts) else {
        let back = format!("/{}/courses/{course}/{episode}", locale.code());
        let next: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
        return see_other(&format!("/{}/login?next={next}", locale.code()), vec![]);
    };
    match web.notebooks.launch(&actor, &course, &episode).await {
        Ok(key) => see_other(&format!("/{}/notebooks/{key}?go=1", locale.code()), vec![]),
        Err(AppError::Conflict { code }) if PAGE_CODES.contains(&code.as_str()) => {
            see_other(&format!("/{}/notebooks?e={code}", locale.code()), vec![])
        }
        Err(e) => refusal(locale, &e),
    }
}

async fn stop(State(web): State<Web>, Path((lang, key)): Path<(String, String)>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = form_of(req).await;
    let Some(actor) = actor(&parts) else {
        return plain_error(locale, StatusCode::UNAUTHORIZED, "error-unauthenticated");
    };
    if parse_server_key(&key).is_none() {
        return plain_error(locale, StatusCode::NOT_FOUND, "error-not-found");
    }
    match web.notebooks.stop_key(&actor, &key).await {
        Ok(()) => see_other(&format!("/{}/notebooks?e=notebook-stopped", locale.code()), vec![]),
        Err(e) => refusal(locale, &e),
    }
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
async fn events(State(web): State<Web>, Path((lang, key)): Path<(String, String)>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let Some(actor) = actor(&req.into_parts().0) else {
        return plain_error(locale, StatusCode::UNAUTHORIZED, "error-unauthenticated");
    };
    if let Err(e) = web.notebooks.view(&actor, &key).await {
        return refusal(locale, &e);
    }
    let rx = web.notebooks.subscribe();
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
    res
}

async fn admin_stop(State(web): State<Web>, Path((lang, id)): Path<(String, i64)>, req: Request) -> Response {
    let locale = locale_of(&lang);
    let (parts, _) = form_of(req).await;
    let Some(actor) = actor(&parts) else {
        return plain_error(locale, StatusCode::UNAUTHORIZED, "error-unauthenticated");
    };
    match web.notebooks.stop_id(&actor, id).await {
        Ok(()) => see_other(&format!("/{}/admin/notebooks?stopped=1", locale.code()), vec![]),
        Err(e) => refusal(locale, &e),
    }
}

/// `YYYY-MM-DD` (UTC) to Unix seconds at the start of that day.
pub fn day_start(date: &str) -> Option<i64> {
    let d: jiff::civil::Date = date.trim().parse().ok()?;
    d.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second())
}

/// The period asked for: `from` inclusive, `to` inclusive (whole days), the last 30 days by default.
pub fn period(query: &HashMap<String, String>) -> Result<(i64, i64), AppError> {
    let bad = || AppError::Validation { field: "period".into(), code: "notebook-usage-bad-period".into() };
    let today = crate::accounts::store::now().div_euclid(86_400) * 86_400;
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

async fn usage_csv(
    State(web): State<Web>,
    Path(lang): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    req: Request,
) -> Response {
    let locale = locale_of(&lang);
    let parts = req.into_parts().0;
    if let Err(e) =
        crate::accounts::authz::authorize(actor(&parts).as_ref(), crate::accounts::authz::Action::Administer)
    {
        return refusal(locale, &e);
    }
    let (from, to) = match period(&query) {
        Ok(p) => p,
        Err(e) => return refusal(locale, &e),
    };
    let spans = match store::usage::spans(&web.pool, from, to).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = ?e, "cannot read notebook usage");
            return plain_error(locale, StatusCode::INTERNAL_SERVER_ERROR, "error-internal");
        }
    };
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
    res
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

//! Lesson actions and files: mark an episode done, and serve the files an episode brings.

use super::progress;
use crate::errors::AppError;
use crate::http::Web;
use crate::http::{see_other, Ctx, Form, Reply};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<Web> {
    Router::new()
        .route("/{lang}/courses/{course}/{episode}/done", post(mark_done))
        .route("/content/{course}/{episode}/{*path}", get(episode_file))
}

async fn mark_done(
    State(state): State<Web>,
    ctx: Ctx,
    Path((_, course, episode)): Path<(String, String, String)>,
    Form(form): Form,
) -> Reply {
    let back = ctx.href(&format!("courses/{course}/{episode}"));
    let Some(actor) = &ctx.actor else {
        return Ok(see_other(&crate::http::urls::login_then(ctx.locale, &back), vec![]));
    };
    let catalog = state.service::<super::Library>()?.get();
    if catalog.course(&course).and_then(|c| c.episode(&episode)).is_none() {
        return Err(AppError::NotFound);
    }
    progress::set_done(&state.pool, actor.user_id, &course, &episode, form.checked("done")).await?;
    Ok(see_other(&format!("{back}#done"), vec![]))
}

/// Images, data and notebooks of an episode, and nothing else under `content/`.
async fn episode_file(
    State(state): State<Web>,
    Path((course, episode, path)): Path<(String, String, String)>,
) -> Response {
    let Ok(library) = state.service::<super::Library>() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let catalog = library.get();
    let Some(c) = catalog.course(&course) else { return StatusCode::NOT_FOUND.into_response() };
    if c.episode(&episode).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let allowed_dir = ["images/", "data/", "notebooks/"].iter().any(|d| path.starts_with(d));
    let safe = !path.split('/').any(|s| s.is_empty() || s == "." || s == "..") && !path.contains('\\');
    if !allowed_dir || !safe {
        return StatusCode::NOT_FOUND.into_response();
    }
    let file = c.dir.join(&episode).join(&path);
    let Ok(bytes) = tokio::fs::read(&file).await else { return StatusCode::NOT_FOUND.into_response() };
    let mime = match file.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "csv" => "text/csv; charset=utf-8",
        "ipynb" | "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    // Opened directly, an SVG is a document: it may not run script or load anything.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    if !mime.starts_with("image/") {
        h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment"));
    }
    res
}

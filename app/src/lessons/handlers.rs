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

/// What an episode page shows beside its text, read before the page renders (so the page renders
/// without waiting): the reader's progress, her visit recorded first, and how many replies the
/// episode's discussion has.
#[derive(Clone)]
pub struct EpisodeData {
    pub progress: Result<std::sync::Arc<Vec<progress::Entry>>, AppError>,
    pub replies: Option<i64>,
}

impl EpisodeData {
    /// Whether the reader marked this episode done (`None` when her progress could not be read).
    pub fn done(&self, course: &str, episode: &str) -> Option<bool> {
        let entries = self.progress.as_ref().ok()?;
        Some(entries.iter().any(|p| p.course == course && p.episode == episode && p.done))
    }
}

/// Reads [`EpisodeData`] for a `GET` of an existing episode's page; other requests pass untouched.
pub async fn episode_data(
    State(state): State<Web>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let episode = [axum::http::Method::GET, axum::http::Method::HEAD]
        .contains(req.method())
        .then(|| episode_path(req.uri().path()))
        .flatten()
        .filter(|(course, episode)| {
            state
                .services
                .get::<super::Library>()
                .is_some_and(|l| l.get().course(course).and_then(|c| c.episode(episode)).is_some())
        });
    if let Some((course, episode)) = episode {
        let user =
            req.extensions().get::<crate::http::CurrentUser>().and_then(|c| c.0.as_ref()).map(|a| a.user_id);
        let progress = match (state.services.get::<progress::Tracker>(), user) {
            (Some(tracker), Some(user)) => tracker.visit(user, &course, &episode).await.map_err(|e| {
                tracing::error!(error = ?e, "cannot load a page's data");
                AppError::Internal
            }),
            _ => Ok(std::sync::Arc::default()),
        };
        let replies = match state.services.get::<super::Discussions>() {
            Some(d) => d.0.replies(&course, &episode).await,
            None => None,
        };
        req.extensions_mut().insert(EpisodeData { progress, replies });
    }
    next.run(req).await
}

/// `(course, episode)` of `/{lang}/courses/{course}/{episode}`.
pub fn episode_path(path: &str) -> Option<(String, String)> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let (Some(lang), Some("courses"), Some(course), Some(episode), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    crate::i18n::Locale::from_segment(lang)?;
    (!course.is_empty() && !episode.is_empty()).then(|| (course.to_owned(), episode.to_owned()))
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

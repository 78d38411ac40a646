//! How handlers answer: a redirect, a form shown again with its problems ([`Rerender`]), or an
//! [`AppError`]; and the middleware that renders the last two as full pages.

use crate::errors::AppError;
use crate::http::form::FormState;
use crate::http::Web;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What a handler returns: `?` works on `AppError` and on `anyhow` errors (logged, then
/// `Internal`).
pub type Reply = Result<Response, AppError>;

/// A 303 to a local path, with extra headers (e.g. `Set-Cookie`).
pub fn see_other(to: &str, headers: Vec<(header::HeaderName, HeaderValue)>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    for (k, v) in headers {
        res.headers_mut().append(k, v);
    }
    res
}

/// The page a form lives on, shown again with the submitted values and the problems found
/// (each next to its field). `page` is that page's path, e.g. `/pt/account`, which need not be
/// the address the form posted to.
#[derive(Debug, Clone)]
pub struct Rerender {
    pub page: String,
    pub state: FormState,
    pub status: StatusCode,
}

impl Rerender {
    /// A form with problems: 422.
    pub fn invalid(page: impl Into<String>, state: FormState) -> Rerender {
        Rerender { page: page.into(), state, status: StatusCode::UNPROCESSABLE_ENTITY }
    }

    /// The same page with a message and a chosen status (e.g. 410 for a spent link).
    pub fn with_status(page: impl Into<String>, state: FormState, status: StatusCode) -> Rerender {
        Rerender { page: page.into(), state, status }
    }
}

impl IntoResponse for Rerender {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        res.extensions_mut().insert(self);
        res
    }
}

impl From<Rerender> for Response {
    fn from(r: Rerender) -> Response {
        r.into_response()
    }
}

/// What the error page shows (provided as context when it renders).
#[derive(Debug, Clone)]
pub struct PageError {
    pub error: AppError,
    /// Where "back" goes: the page the person came from, when it is one of ours.
    pub back: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = status.into_response();
        if let AppError::RateLimited { retry_after_secs } = &self {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        res.extensions_mut().insert(PageError { error: self, back: None });
        res
    }
}

/// The path of a `Referer` on this site, if any (for the error page's "back" link).
fn local_referer(headers: &http::HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer.strip_prefix("http://").or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    let safe = crate::http::safe_next(Some(path), "");
    (!safe.is_empty()).then_some(safe)
}

/// Turns the markers handlers leave ([`Rerender`], [`PageError`]) into full pages. Runs inside
/// the session layer, so the page knows who is signed in. Headers the handler set (cookies,
/// `Retry-After`) are kept.
pub async fn render_failures(State(web): State<Web>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let mut saved = Request::builder()
        .method(parts.method.clone())
        .uri(parts.uri.clone())
        .version(parts.version)
        .body(())
        .map(|r| r.into_parts().0)
        .unwrap_or_else(|_| Request::new(()).into_parts().0);
    saved.headers = parts.headers.clone();
    saved.extensions = parts.extensions.clone();
    let mut res = next.run(Request::from_parts(parts, body)).await;
    if let Some(form) = res.extensions_mut().remove::<Rerender>() {
        let page = web.render_at(&saved, &form.page, form.state, form.status).await;
        return keep_headers(res, page);
    }
    if let Some(mut failure) = res.extensions_mut().remove::<PageError>() {
        let status = res.status();
        failure.back = local_referer(&saved.headers);
        let page = web.render_at(&saved, saved.uri.path(), failure, status).await;
        return keep_headers(res, page);
    }
    res
}

/// The rendered page's body and type, with the handler's own headers (cookies, Retry-After).
fn keep_headers(handler: Response, mut page: Response) -> Response {
    for name in [header::SET_COOKIE, header::RETRY_AFTER] {
        for v in handler.headers().get_all(&name) {
            page.headers_mut().append(name.clone(), v.clone());
        }
    }
    *page.status_mut() = handler.status();
    page
}

/// A service's answer on a form: a field's problem shows beside it, a conflict above the form.
pub fn rerender(page: String, form: &crate::http::FormData, err: AppError) -> Reply {
    let mut st = FormState::with_values(form.kept(&[]));
    match err {
        AppError::Validation { field, code } => st.push(&field, &code),
        AppError::Conflict { code } => {
            st.notice = Some(code);
            return Ok(Rerender::with_status(page, st, StatusCode::CONFLICT).into());
        }
        other => return Err(other),
    }
    Ok(Rerender::invalid(page, st).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_referers_are_back_links() {
        let mut h = http::HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        h.insert(header::REFERER, HeaderValue::from_static("http://127.0.0.1:3000/pt/courses/x?y=1"));
        assert_eq!(local_referer(&h).as_deref(), Some("/pt/courses/x?y=1"));
        h.insert(header::REFERER, HeaderValue::from_static("https://evil.example/pt/courses"));
        assert_eq!(local_referer(&h), None);
        h.insert(header::REFERER, HeaderValue::from_static("http://127.0.0.1:3000//evil.example"));
        assert_eq!(local_referer(&h), None);
    }

    #[test]
    fn errors_carry_their_status_and_wait() {
        let res = AppError::RateLimited { retry_after_secs: 7 }.into_response();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers()[header::RETRY_AFTER], "7");
        assert!(res.extensions().get::<PageError>().is_some());
        let res = Rerender::invalid("/es/account", FormState::default()).into_response();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}

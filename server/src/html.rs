//! The last touch on every page Leptos renders: Puente hydrates only islands, so the hydration
//! residue Leptos leaves for whole-page hydration goes. That is the empty resource scripts it
//! writes *after* `</html>` (a "stray start tag" to any HTML parser) and the `<!>` comments that
//! mark text and branch boundaries (a "bogus comment"). Both stay inside an island, which does
//! hydrate; a script after `</html>` that carries data moves inside `<body>`.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What Leptos writes after `</html>` when a page has no resources and no pending chunks.
const EMPTY_HYDRATION_SCRIPTS: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

/// The page without hydration residue outside islands.
pub fn finish(page: &str) -> String {
    let (document, tail) = match page.rfind("</html>") {
        Some(i) => page.split_at(i + "</html>".len()),
        None => (page, ""),
    };
    let kept = kept_scripts(tail);
    let mut out = String::with_capacity(document.len());
    strip_markers(document, &mut out);
    if !kept.is_empty() {
        match out.rfind("</body>") {
            Some(i) => out.insert_str(i, &kept),
            None => out.push_str(&kept),
        }
    }
    out
}

/// The scripts after `</html>` that carry something (each whole, in order).
fn kept_scripts(mut tail: &str) -> String {
    let mut kept = String::new();
    loop {
        tail = tail.trim_start();
        if tail.is_empty() {
            return kept;
        }
        let Some(open_end) = tail.starts_with("<script").then(|| tail.find('>')).flatten() else {
            // Anything else after the document is kept as it is, inside the body.
            kept.push_str(tail);
            return kept;
        };
        let Some(close) = tail.find("</script>") else {
            kept.push_str(tail);
            return kept;
        };
        let content = &tail[open_end + 1..close];
        let whole = &tail[..close + "</script>".len()];
        if !EMPTY_HYDRATION_SCRIPTS.contains(&content) {
            kept.push_str(whole);
        }
        tail = &tail[whole.len()..];
    }
}

/// Copies `html` without `<!>` markers, except inside islands and raw-text elements.
fn strip_markers(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with("<!>") {
            rest = &rest[3..];
            continue;
        }
        // Elements whose content is copied untouched up to their end tag.
        let verbatim =
            [("<leptos-island", "</leptos-island>"), ("<script", "</script>"), ("<style", "</style>")]
                .into_iter()
                .find(|(open, _)| {
                    rest.starts_with(open)
                        && rest[open.len()..].starts_with(|c: char| c == '>' || c.is_whitespace())
                });
        match verbatim {
            Some((_, close)) => {
                let end = rest.find(close).map(|e| e + close.len()).unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Applies [`finish`] to every HTML page that is not yet compressed.
pub async fn finish_pages(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "cannot read a rendered page");
            return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let finished = match std::str::from_utf8(&bytes) {
        Ok(page) => finish(page).into_bytes(),
        Err(_) => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(v) = HeaderValue::from_str(&finished.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, v);
    }
    Response::from_parts(parts, Body::from(finished))
}

#[cfg(test)]
mod tests {
    use super::finish;

    #[test]
    fn empty_hydration_scripts_and_markers_go() {
        let page = "<!DOCTYPE html><html><head><script type=\"module\">a<!>b</script></head><body><p>x<!>y</p><!><ul><!></ul></body></html><script nonce=\"n\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script><script nonce=\"n\">__INCOMPLETE_CHUNKS=[];</script>";
        assert_eq!(
            finish(page),
            "<!DOCTYPE html><html><head><script type=\"module\">a<!>b</script></head><body><p>xy</p><ul></ul></body></html>"
        );
    }

    #[test]
    fn islands_keep_their_markers_and_data_moves_into_the_body() {
        let page = "<html><body><leptos-island data-component=\"c\"><p>a<!>b</p></leptos-island><p>c<!>d</p></body></html><script>__RESOLVED_RESOURCES=[1];</script>";
        assert_eq!(
            finish(page),
            "<html><body><leptos-island data-component=\"c\"><p>a<!>b</p></leptos-island><p>cd</p><script>__RESOLVED_RESOURCES=[1];</script></body></html>"
        );
    }

    #[test]
    fn text_that_only_looks_like_markup_is_untouched() {
        for page in ["<p>1 &lt;!&gt; 2</p>", "<pre>a &lt; b</pre>", "<p>a < b</p>", "<scripts><!></scripts>"]
        {
            let expected = page.replace("<!>", "");
            assert_eq!(finish(page), expected, "{page}");
        }
        assert_eq!(finish("<p>unterminated <"), "<p>unterminated <");
    }
}

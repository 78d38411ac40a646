//! The last touch on every page Leptos renders: Puente hydrates only islands, so the hydration
//! residue Leptos leaves for whole-page hydration goes. That is the empty resource scripts it
//! writes *after* `</html>` (a "stray start tag" to any HTML parser) and the `<!>` comments that
//! mark text and branch boundaries (a "bogus comment"). Both stay inside an island, which does
//! hydrate; a script after `</html>` that carries data moves inside `<body>`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

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
    app::http::request::strip_markers(document, &mut out);
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

/// Marks a page that was finished already (made from a finished template): not finished again.
#[derive(Clone, Copy)]
pub struct Finished;

/// An HTML page not yet compressed (what this layer and the page cache work on).
pub fn is_plain_html(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
        && !res.headers().contains_key(header::CONTENT_ENCODING)
}

/// Fragments compressed once: raw deflate ending on a full flush (so it can sit between other
/// deflate data), with its CRC-32 and length for the gzip trailer.
#[derive(Default)]
pub struct Splicer {
    kept: std::sync::Mutex<std::collections::HashMap<u64, Arc<Deflated>>>,
    /// Compressors for the reader's own parts, reset and reused: a new one allocates and clears
    /// a few hundred KB of tables, more than compressing a page's own parts costs.
    idle: std::sync::Mutex<Vec<flate2::Compress>>,
}

/// The level for the reader's own parts (a few KB around the episode's body): made per request,
/// so the fastest (zlib-rs's level 1 uses fixed codes, no tree to build per page: about 600 bytes
/// more than level 2 on a signed-in episode, 12.2 KB in all); the fragments, made once, are at 9.
const OWN_LEVEL: u32 = 1;

struct Deflated {
    data: Vec<u8>,
    crc: crc32fast::Hasher,
    len: usize,
}

/// Fragments kept at most (every episode body in three languages, twice, fits).
const KEPT_FRAGMENTS: usize = 1024;

impl Splicer {
    fn kept(&self, id: u64) -> Option<Arc<Deflated>> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).get(&id).cloned()
    }

    fn deflated(&self, id: u64, html: &str) -> Arc<Deflated> {
        if let Some(d) = self.kept(id) {
            return d;
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(html.as_bytes());
        let d = Arc::new(Deflated { data: deflate(html.as_bytes(), 9, false), crc, len: html.len() });
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= KEPT_FRAGMENTS {
            kept.clear();
        }
        kept.insert(id, d.clone());
        d
    }

    /// Compresses the fragments not kept yet on a blocking thread (level 9 of a whole episode
    /// body is milliseconds: not on the async runtime); once per fragment.
    async fn prepare(self: &Arc<Self>, fragments: &[app::http::Fragment]) {
        let missing: Vec<app::http::Fragment> =
            fragments.iter().filter(|(id, _)| self.kept(*id).is_none()).cloned().collect();
        if missing.is_empty() {
            return;
        }
        let this = self.clone();
        let _ = tokio::task::spawn_blocking(move || {
            for (id, html) in missing {
                this.deflated(id, &html);
            }
        })
        .await;
    }

    /// The page as gzip: its own parts compressed now (fast), each fragment's kept form between.
    fn gzip(&self, pieces: &[Piece<'_>]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut own = match pooled {
            Some(mut c) => {
                c.reset();
                c
            }
            None => flate2::Compress::new(flate2::Compression::new(OWN_LEVEL), false),
        };
        let mut crc = crc32fast::Hasher::new();
        let mut len = 0usize;
        for (i, piece) in pieces.iter().enumerate() {
            let last = i + 1 == pieces.len();
            match piece {
                // Nothing between two fragments: no flush for it.
                Piece::Text("") if !last => {}
                Piece::Text(t) => {
                    deflate_into(&mut own, t.as_bytes(), last, &mut out);
                    crc.update(t.as_bytes());
                    len += t.len();
                }
                Piece::Fragment(id, html) => {
                    let d = self.deflated(*id, html);
                    out.extend_from_slice(&d.data);
                    crc.combine(&d.crc);
                    len += d.len;
                    if last {
                        deflate_into(&mut own, b"", true, &mut out);
                    }
                }
            }
        }
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        out.extend_from_slice(&(len as u32).to_le_bytes());
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        // As many as pages are compressed at once (one per core, mostly); a burst's extras go.
        if idle.len() < 64 {
            idle.push(own);
        }
        out
    }
}

/// Raw deflate of `input` on its own (no reference to what comes before): ends with the final
/// block when `last`, else with a full flush (byte-aligned, dictionary reset).
fn deflate(input: &[u8], level: u32, last: bool) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::new(level), false);
    let mut out = Vec::with_capacity(input.len() / 3 + 64);
    deflate_into(&mut c, input, last, &mut out);
    out
}

/// Appends `input` compressed by `c` to `out`, ending as [`deflate`] says. After a full flush
/// the compressor refers to nothing before it, so one compressor serves a whole page's pieces
/// (its tables are allocated once per page, not once per piece).
fn deflate_into(c: &mut flate2::Compress, input: &[u8], last: bool, out: &mut Vec<u8>) {
    let flush = if last { flate2::FlushCompress::Finish } else { flate2::FlushCompress::Full };
    let start = c.total_in();
    loop {
        let consumed = usize::try_from(c.total_in() - start).unwrap_or(input.len()).min(input.len());
        out.reserve(input.len().saturating_sub(consumed) / 2 + 1024);
        let status = c.compress_vec(&input[consumed..], out, flush);
        let all_in = usize::try_from(c.total_in() - start).is_ok_and(|n| n >= input.len());
        match status {
            Ok(flate2::Status::StreamEnd) => break,
            Ok(_) if !last && all_in && out.len() < out.capacity() => break,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "deflate failed");
                break;
            }
        }
    }
}

enum Piece<'a> {
    Text(&'a str),
    Fragment(u64, Arc<str>),
}

/// The page cut at its fragment markers.
fn pieces(page: &str, fragments: Vec<(u64, Arc<str>)>) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = page;
    let mut fragments: Vec<Option<(u64, Arc<str>)>> = fragments.into_iter().map(Some).collect();
    while let Some(i) = rest.find(app::http::Fragments::MARKER) {
        let after = &rest[i + app::http::Fragments::MARKER.len()..];
        let Some(end) = after.find("-->") else { break };
        let Some(fragment) = after[..end].parse::<usize>().ok().and_then(|n| fragments.get_mut(n)?.take())
        else {
            break;
        };
        out.push(Piece::Text(&rest[..i]));
        out.push(Piece::Fragment(fragment.0, fragment.1));
        rest = &after[end + 3..];
    }
    out.push(Piece::Text(rest));
    out
}

/// Applies [`finish`] to every HTML page that is not yet compressed, and splices fragments back
/// into pages rendered per reader (gzip when the client takes it: the fragments' compressed
/// forms are reused, only the page's own parts are compressed per request).
pub async fn finish_pages(State(splicer): State<Arc<Splicer>>, mut req: Request, next: Next) -> Response {
    let fragments = app::http::Fragments::default();
    let accepts = crate::page_cache::Accepts::of(req.headers());
    if req.extensions().get::<app::http::SharedRender>().is_none() {
        req.extensions_mut().insert(fragments.clone());
    }
    let res = next.run(req).await;
    if !is_plain_html(&res) {
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
    let Ok(page) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let page = match parts.extensions.get::<Finished>() {
        Some(Finished) => std::borrow::Cow::Borrowed(page),
        None => std::borrow::Cow::Owned(finish(page)),
    };
    let taken = fragments.take();
    let out = if taken.is_empty() {
        page.into_owned().into_bytes()
    } else {
        if accepts.gzip {
            splicer.prepare(&taken).await;
        }
        let pieces = pieces(&page, taken);
        if accepts.gzip {
            parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            parts.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
            splicer.gzip(&pieces)
        } else {
            let mut whole = String::with_capacity(page.len() + 64 * 1024);
            for p in &pieces {
                match p {
                    Piece::Text(t) => whole.push_str(t),
                    Piece::Fragment(_, html) => whole.push_str(html),
                }
            }
            whole.into_bytes()
        }
    };
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(out.len()));
    Response::from_parts(parts, Body::from(out))
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

    #[test]
    fn spliced_gzip_decodes_to_the_whole_page() {
        use std::io::Read;
        let splicer = super::Splicer::default();
        let body: std::sync::Arc<str> = "<p>Un cuerpo largo de lección.</p>\n".repeat(2000).into();
        let slots = app::http::Fragments::default();
        let page = format!(
            "<html><body><h1>Hola, Ana</h1>{}<footer>fin</footer></body></html>",
            slots.slot(7, body.clone())
        );
        let expected = page.replace("<!--puente-fragment-0-->", &body);
        for _ in 0..2 {
            let pieces =
                super::pieces(&page, slots.take().into_iter().chain([(7, body.clone())]).take(1).collect());
            let gz = splicer.gzip(&pieces);
            let mut plain = String::new();
            flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut plain).unwrap();
            assert_eq!(plain, expected);
            assert!(gz.len() < expected.len() / 10, "compressed: {}", gz.len());
        }
        // A fragment at the very end, and two of them.
        let page = "<p>a</p><!--puente-fragment-0--><!--puente-fragment-1-->";
        let pieces = super::pieces(page, vec![(7, body.clone()), (8, "<p>b</p>".into())]);
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&splicer.gzip(&pieces)[..]).read_to_string(&mut plain).unwrap();
        assert_eq!(plain, format!("<p>a</p>{body}<p>b</p>"));
    }
}

//! Pages every anonymous reader gets alike (home, catalog, course, episode, glossary, conduct,
//! privacy, public forum topics), rendered once per language and content version, compressed
//! once at high levels off the request path, and served from memory with a strong `ETag`.
//!
//! Policy:
//! - Only `GET`/`HEAD` without a query and without a session cookie is answered from here; a
//!   request that carries a session cookie always goes to the page itself, so nobody ever gets
//!   another reader's view, and a signed-in reader never gets the anonymous one.
//! - A shared page is rendered without a nonce and without handing out a cookie; its CSP allows
//!   the island loader by its hash ([`SharedPage`] tells the security layer), which is as strict.
//! - An entry is current while the lessons are at the same load, no write succeeded since it was
//!   rendered (a reply, an edit, a rename: any successful `POST` counts), and it is younger than
//!   [`MAX_AGE`] (what changes outside a request, a job or another replica, shows within that).
//! - Cache hits read no database and no session.
//!
//! Memory is bounded ([`PageCache::max_bytes`]); when full, the oldest entries go first.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::Digest;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

/// How long an entry may serve before it is rendered again (changes made outside a request).
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// What a CDN and a browser may do with a shared page: browsers ask again each time (a 304 is
/// cheap), a CDN may keep it a minute; `Vary: Cookie` keeps signed-in readers off the shared copy.
const CACHE_CONTROL: &str = "public, max-age=0, s-maxage=60, stale-while-revalidate=30";
const VARY: &str = "accept-encoding, cookie";

/// Response marker: this page is shared by every anonymous reader (no nonce in it).
#[derive(Debug, Clone, Copy)]
pub struct SharedPage;

/// One body in identity, gzip and brotli, the last two made once off the request path.
pub struct Compressed {
    pub identity: Bytes,
    /// The strong validator of the identity bytes (a content hash, so the same bytes rendered
    /// again, or by another replica, revalidate).
    pub tag: String,
    gzip: OnceLock<Bytes>,
    br: OnceLock<Bytes>,
}

/// The encodings a client accepts, from `Accept-Encoding` (a zero q-value refuses).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Accepts {
    pub br: bool,
    pub gzip: bool,
}

impl Accepts {
    pub fn of(headers: &HeaderMap) -> Accepts {
        let mut a = Accepts::default();
        for value in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()) {
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                match coding.as_str() {
                    "br" => a.br = !refused,
                    "gzip" | "x-gzip" => a.gzip = !refused,
                    _ => {}
                }
            }
        }
        a
    }
}

impl Compressed {
    pub fn new(identity: Bytes) -> Compressed {
        let digest = sha2::Sha256::digest(&identity);
        let tag = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        Compressed { identity, tag, gzip: OnceLock::new(), br: OnceLock::new() }
    }

    /// Makes the gzip (level 9) and brotli (quality 11) forms; slow, so off the request path.
    pub fn compress(&self) {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let gzip = gz.write_all(&self.identity).and_then(|()| gz.finish());
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
        if brotli::BrotliCompress(&mut &self.identity[..], &mut out, &params).is_ok() {
            let _ = self.br.set(Bytes::from(out));
        }
        // Brotli first: once gzip is there, both are.
        if let Ok(g) = gzip {
            let _ = self.gzip.set(Bytes::from(g));
        }
    }

    /// Bytes held in memory, all forms.
    pub fn size(&self) -> usize {
        self.identity.len() + self.gzip.get().map_or(0, Bytes::len) + self.br.get().map_or(0, Bytes::len)
    }

    pub fn gzip(&self) -> Option<&Bytes> {
        self.gzip.get()
    }

    pub fn br(&self) -> Option<&Bytes> {
        self.br.get()
    }

    /// True when `If-None-Match` names this body (in any of its encodings) or is `*`.
    pub fn matches(&self, headers: &HeaderMap) -> bool {
        headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).any(|v| {
            v.split(',').any(|t| {
                let t = t.trim();
                let t = t.strip_prefix("W/").unwrap_or(t).trim_matches('"');
                t == "*" || t.split('-').next() == Some(self.tag.as_str())
            })
        })
    }

    /// The best form for this client: `(content-encoding, body, etag)`. Until the compressed
    /// forms exist, the identity goes out with a weak validator (the compression layer may
    /// still compress it on the way).
    pub fn choose(&self, accepts: Accepts) -> (Option<&'static str>, Bytes, String) {
        if accepts.br {
            if let Some(b) = self.br.get() {
                return (Some("br"), b.clone(), format!("\"{}-br\"", self.tag));
            }
        }
        if accepts.gzip {
            if let Some(g) = self.gzip.get() {
                return (Some("gzip"), g.clone(), format!("\"{}-gz\"", self.tag));
            }
        }
        if (accepts.br || accepts.gzip) && self.gzip.get().is_none() {
            return (None, self.identity.clone(), format!("W/\"{}\"", self.tag));
        }
        (None, self.identity.clone(), format!("\"{}\"", self.tag))
    }

    /// The response to `headers` (a 304 when the client has it), with `fixed` headers added.
    pub fn respond(
        &self,
        headers: &HeaderMap,
        head: bool,
        fixed: &[(header::HeaderName, HeaderValue)],
    ) -> Response {
        let (encoding, body, etag) = self.choose(Accepts::of(headers));
        let not_modified = self.matches(headers);
        let mut res = if not_modified {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let len = body.len();
            let mut res = Response::new(if head { Body::empty() } else { Body::from(body) });
            res.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
            if let Some(e) = encoding {
                res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
            }
            res
        };
        let h = res.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        for (k, v) in fixed {
            h.insert(k.clone(), v.clone());
        }
        res
    }
}

struct Entry {
    page: Arc<Compressed>,
    lessons: u64,
    writes: u64,
    made: Instant,
}

/// The shared pages in memory.
pub struct PageCache {
    entries: RwLock<HashMap<String, Entry>>,
    /// Successful writes seen by this process (counted here for forms, by the worker for jobs).
    writes: app::kernel::recent::Writes,
    lessons: app::lessons::Library,
    session_cookies: [&'static str; 2],
    pub max_bytes: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// What the cache holds, for operators.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub pages: usize,
    pub bytes: usize,
    pub identity_bytes: usize,
    pub hits: u64,
    pub misses: u64,
}

impl PageCache {
    pub fn new(
        lessons: app::lessons::Library,
        writes: app::kernel::recent::Writes,
        max_bytes: usize,
    ) -> PageCache {
        PageCache {
            entries: RwLock::default(),
            writes,
            lessons,
            session_cookies: ["puente_session", "__Host-puente_session"],
            max_bytes,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn stats(&self) -> Stats {
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        Stats {
            pages: entries.len(),
            bytes: entries.values().map(|e| e.page.size()).sum(),
            identity_bytes: entries.values().map(|e| e.page.identity.len()).sum(),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    /// Whether this request may be answered with the shared page.
    fn shareable(&self, req: &Request) -> bool {
        (req.method() == Method::GET || req.method() == Method::HEAD)
            && req.uri().query().is_none()
            && app::routes::shared_page(req.uri().path())
            && !self.session_cookies.iter().any(|name| app::http::cookie(req.headers(), name).is_some())
    }

    fn current(&self, path: &str) -> Option<Arc<Compressed>> {
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        let e = entries.get(path)?;
        (e.lessons == self.lessons.generation()
            && e.writes == self.writes.count()
            && e.made.elapsed() < MAX_AGE)
            .then(|| e.page.clone())
    }

    /// Stores a freshly rendered page (unless the world moved on while it rendered) and returns
    /// what to serve. The same bytes as before keep their compressed forms.
    fn store(&self, path: &str, body: Bytes, lessons: u64, writes: u64) -> Arc<Compressed> {
        let fresh = Compressed::new(body);
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        let page = match entries.get(path) {
            Some(old) if old.page.tag == fresh.tag => old.page.clone(),
            _ => Arc::new(fresh),
        };
        if lessons != self.lessons.generation() || writes != self.writes.count() {
            return page;
        }
        entries.insert(path.to_owned(), Entry { page: page.clone(), lessons, writes, made: Instant::now() });
        let mut total: usize = entries.values().map(|e| e.page.size() + e.page.identity.len() / 2).sum();
        while total > self.max_bytes && entries.len() > 1 {
            let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.made).map(|(k, _)| k.clone()) else {
                break;
            };
            if let Some(e) = entries.remove(&oldest) {
                total = total.saturating_sub(e.page.size() + e.page.identity.len() / 2);
            }
        }
        page
    }
}

fn fixed_headers(hit: bool) -> [(header::HeaderName, HeaderValue); 4] {
    [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        (header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL)),
        (header::VARY, HeaderValue::from_static(VARY)),
        (
            header::HeaderName::from_static("x-puente-cache"),
            HeaderValue::from_static(if hit { "hit" } else { "miss" }),
        ),
    ]
}

/// The layer: answers shared pages from memory, renders and keeps them on a miss, and counts
/// successful writes (which make every entry out of date).
pub async fn page_cache(State(cache): State<Arc<PageCache>>, mut req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        let res = next.run(req).await;
        if res.status().is_success() || res.status().is_redirection() {
            cache.writes.bump();
        }
        return res;
    }
    if !cache.shareable(&req) {
        return next.run(req).await;
    }
    let head = method == Method::HEAD;
    let path = req.uri().path().to_owned();
    if let Some(page) = cache.current(&path) {
        cache.hits.fetch_add(1, Ordering::Relaxed);
        let mut res = page.respond(req.headers(), head, &fixed_headers(true));
        res.extensions_mut().insert(SharedPage);
        return res;
    }
    cache.misses.fetch_add(1, Ordering::Relaxed);
    let (lessons, writes) = (cache.lessons.generation(), cache.writes.count());
    let headers = req.headers().clone();
    req.extensions_mut().remove::<app::http::CspNonce>();
    req.extensions_mut().insert(app::http::SharedRender);
    // A HEAD renders the page like a GET, so the entry has its body.
    *req.method_mut() = Method::GET;
    let res = next.run(req).await;
    if res.status() != StatusCode::OK || !crate::html::is_plain_html(&res) {
        let mut res = res;
        res.extensions_mut().insert(SharedPage);
        return res;
    }
    let body = match axum::body::to_bytes(res.into_body(), usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "cannot read a rendered page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if contains_bytes(&body, b"name=\"csrf\"") {
        // A form on a shared page would carry no anti-forgery token: a programming error.
        tracing::error!(path, "a shared page has a form that needs a token; not cached");
        let mut res = Compressed::new(body).respond(&headers, head, &fixed_headers(false));
        res.extensions_mut().insert(SharedPage);
        return res;
    }
    let page = cache.store(&path, body, lessons, writes);
    if page.gzip().is_none() {
        let p = page.clone();
        tokio::task::spawn_blocking(move || p.compress());
    }
    let mut res = page.respond(&headers, head, &fixed_headers(false));
    res.extensions_mut().insert(SharedPage);
    res
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn accept_encoding_is_read_with_q_values() {
        assert_eq!(
            Accepts::of(&headers(&[("accept-encoding", "gzip, deflate, br")])),
            Accepts { br: true, gzip: true }
        );
        assert_eq!(
            Accepts::of(&headers(&[("accept-encoding", "gzip;q=1.0, br;q=0")])),
            Accepts { br: false, gzip: true }
        );
        assert_eq!(Accepts::of(&headers(&[("accept-encoding", "identity")])), Accepts::default());
        assert_eq!(Accepts::of(&headers(&[])), Accepts::default());
    }

    #[test]
    fn compressed_forms_decode_to_the_same_bytes_and_validate_by_content() {
        let page = Compressed::new(Bytes::from("<!DOCTYPE html><p>hola</p>".repeat(100)));
        assert_eq!(page.choose(Accepts { br: true, gzip: true }).2, format!("W/\"{}\"", page.tag));
        page.compress();
        let (enc, body, etag) = page.choose(Accepts { br: true, gzip: true });
        assert_eq!((enc, etag.clone()), (Some("br"), format!("\"{}-br\"", page.tag)));
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
        assert_eq!(plain, page.identity);
        let (enc, body, _) = page.choose(Accepts { br: false, gzip: true });
        assert_eq!(enc, Some("gzip"));
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut plain).unwrap();
        assert_eq!(plain, page.identity);
        assert_eq!(page.choose(Accepts::default()).0, None);
        let again = Compressed::new(page.identity.clone());
        assert_eq!(again.tag, page.tag, "the same bytes get the same validator");
        assert!(!page.matches(&headers(&[("if-none-match", "\"nope\"")])));
        let h = HeaderMap::from_iter([(header::IF_NONE_MATCH, HeaderValue::from_str(&etag).unwrap())]);
        assert!(page.matches(&h), "its own validator");
        let weak = format!("W/\"{}\"", page.tag);
        let h = HeaderMap::from_iter([(header::IF_NONE_MATCH, HeaderValue::from_str(&weak).unwrap())]);
        assert!(page.matches(&h), "a weak validator compares weakly");
        assert!(page.matches(&headers(&[("if-none-match", "*")])));
    }
}

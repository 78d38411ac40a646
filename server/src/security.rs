//! Headers every response gets, and the per-response CSP nonce.
//!
//! Policy: HTML may only run scripts that carry this response's nonce (the island loader and
//! Leptos's own streamed scripts) plus same-origin modules; wasm may be compiled; nothing may
//! frame Puente; forms post only to Puente.

use app::http::CspNonce;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use http::header::{self, HeaderValue};
use rand::RngCore;

#[derive(Clone)]
pub struct SecurityConfig {
    pub https: bool,
    /// Forms may post to the notebook origin (the one-time ticket hand-over), and nowhere else.
    pub notebook_origin: String,
    /// The hash sources of the inline scripts shared pages carry (the island loader).
    pub shared_scripts: String,
}

pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

/// `'sha256-…'`: the CSP source that allows exactly this inline script.
pub fn script_hash(script: &str) -> String {
    use sha2::Digest;
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script)))
}

/// The policy of a page: its scripts are those carrying `script_source` (a nonce, or the hashes
/// of a shared page's fixed inline scripts) plus same-origin modules.
pub fn content_security_policy(script_source: &str, notebook_origin: &str) -> String {
    // Every server has its own origin under the notebook host: forms may post to any of them.
    let notebook_origin = match notebook_origin.split_once("://") {
        Some((scheme, host)) => format!("{scheme}://*.{host}"),
        None => notebook_origin.to_owned(),
    };
    format!(
        "default-src 'self'; script-src 'self' {script_source} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self' {notebook_origin}; frame-ancestors 'none'"
    )
}

pub async fn security_headers(State(cfg): State<SecurityConfig>, mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let shared = res.extensions().get::<crate::page_cache::SharedPage>().is_some();
    let headers = res.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        // A page shared by every anonymous reader was rendered without a nonce.
        let scripts = match shared {
            true => cfg.shared_scripts.clone(),
            false => format!("'nonce-{nonce}'"),
        };
        if let Ok(v) = HeaderValue::from_str(&content_security_policy(&scripts, &cfg.notebook_origin)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        // Pages differ by cookie and language; shared caches must not mix them up.
        headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-cache, private"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        http::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    headers.insert(
        http::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if cfg.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_random_and_128_bits() {
        let a = new_nonce();
        let b = new_nonce();
        assert_ne!(a, b);
        assert_eq!(base64::engine::general_purpose::STANDARD_NO_PAD.decode(&a).unwrap().len(), 16);
    }

    #[test]
    fn policy_forbids_framing_and_inline_script() {
        let p = content_security_policy("'nonce-abc'", "https://nb.example.org");
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("form-action 'self' https://*.nb.example.org;"));
        assert!(p.contains("'nonce-abc'"));
        assert!(!p.contains("unsafe-inline"));
    }

    #[test]
    fn script_hashes_are_csp_sha256_sources() {
        // The example from the CSP specification's hash-source section.
        assert_eq!(
            script_hash("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }
}

/// Where requests that change state may come from.
#[derive(Clone)]
pub struct CsrfConfig {
    /// The public origin, e.g. `https://puente.example.org`.
    pub public_origin: String,
    /// Largest body read while looking for the form token.
    pub body_limit: usize,
    /// The anti-forgery cookie: `__Host-puente_csrf` over https, which no other host (a notebook
    /// server's origin under Puente's domain, say) can set; only then `puente_csrf`.
    pub cookie_name: &'static str,
}

/// What the browser's own headers say about where a state-changing request comes from.
#[derive(Debug, PartialEq, Eq)]
pub enum Provenance {
    SameOrigin,
    CrossSite,
    /// Neither `Sec-Fetch-Site` nor `Origin`: the form's anti-forgery token decides.
    Unknown,
}

/// Fetch Metadata first, then `Origin` (the public origin, or this request's own host).
pub fn provenance(headers: &http::HeaderMap, public_origin: &str) -> Provenance {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return if matches!(site, "same-origin" | "none") {
            Provenance::SameOrigin
        } else {
            Provenance::CrossSite
        };
    }
    match get("origin") {
        None => Provenance::Unknown,
        Some("null") => Provenance::CrossSite,
        Some(origin) => {
            let same = origin == public_origin
                || get("host").is_some_and(|host| {
                    origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host)
                });
            if same {
                Provenance::SameOrigin
            } else {
                Provenance::CrossSite
            }
        }
    }
}

/// Constant-time comparison, so the token cannot be guessed byte by byte.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses cross-site POST/PUT/PATCH/DELETE with 403 and a translated sentence; changes nothing.
/// Requests whose browser sent neither header must carry the form token matching the cookie.
pub async fn csrf_guard(State(cfg): State<CsrfConfig>, req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    let safe = matches!(*req.method(), http::Method::GET | http::Method::HEAD | http::Method::OPTIONS);
    // A one-click unsubscribe (RFC 8058) comes from a mail client, without cookies or origin;
    // its secret is the address itself, and it can only turn emails off.
    if safe || req.uri().path().contains("/forum/unsubscribe/") {
        return next.run(req).await;
    }
    let locale = app::i18n::Locale::from_path(req.uri().path()).unwrap_or_else(|| {
        app::i18n::Locale::negotiate(
            req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default(),
        )
    });
    let req = match provenance(req.headers(), &cfg.public_origin) {
        Provenance::SameOrigin => return next.run(req).await,
        Provenance::CrossSite => None,
        Provenance::Unknown => {
            // Only Puente's own cookie counts: over https the `__Host-` one, which a sibling host
            // cannot toss in, never the unprefixed name.
            let cookie = app::http::cookie(req.headers(), cfg.cookie_name).map(str::to_owned);
            let (parts, body) = req.into_parts();
            match (cookie, axum::body::to_bytes(body, cfg.body_limit).await) {
                (Some(cookie), Ok(bytes)) => {
                    let field = url::form_urlencoded::parse(&bytes)
                        .find(|(k, _)| k == "csrf")
                        .map(|(_, v)| v.into_owned());
                    match field {
                        Some(f) if same_token(&f, &cookie) => {
                            Some(Request::from_parts(parts, axum::body::Body::from(bytes)))
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        }
    };
    if let Some(req) = req {
        return next.run(req).await;
    }
    tracing::warn!("cross-site or token-less request refused");
    (
        http::StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        app::i18n::t(locale, "error-cross-site"),
    )
        .into_response()
}

#[cfg(test)]
mod csrf_tests {
    use super::{provenance, same_token, Provenance};

    fn same_origin_request(h: &HeaderMap, o: &str) -> bool {
        provenance(h, o) == Provenance::SameOrigin
    }
    use http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_first() {
        let o = "https://puente.example.org";
        assert!(same_origin_request(&headers(&[("sec-fetch-site", "same-origin")]), o));
        assert!(!same_origin_request(&headers(&[("sec-fetch-site", "cross-site"), ("origin", o)]), o));
        assert!(!same_origin_request(&headers(&[("sec-fetch-site", "same-site")]), o));
    }

    #[test]
    fn origin_must_match_the_public_origin_or_host() {
        let o = "https://puente.example.org";
        assert!(same_origin_request(&headers(&[("origin", "https://puente.example.org")]), o));
        assert!(!same_origin_request(&headers(&[("origin", "https://evil.example")]), o));
        assert!(!same_origin_request(&headers(&[("origin", "null")]), o));
        assert!(same_origin_request(
            &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]),
            o
        ));
        assert!(!same_origin_request(
            &headers(&[("origin", "http://127.0.0.1:3001"), ("host", "127.0.0.1:3000")]),
            o
        ));
        assert_eq!(provenance(&headers(&[]), o), Provenance::Unknown, "then the form token decides");
        assert!(same_token("abc", "abc") && !same_token("abc", "abd") && !same_token("abc", "ab"));
    }
}

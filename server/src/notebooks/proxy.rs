//! The notebook origin: Puente's authenticated reverse proxy to the learners' Jupyter servers.
//!
//! Policy: every notebook server is served on an origin of its own (`<key>.<notebook host>`, a
//! wildcard name), never Puente's, so nothing a notebook renders can run script on Puente's origin
//! or on another server's (an admin helping two learners holds credentials for both: each stays
//! in its own origin). Jupyter trusts the token the proxy injects and then skips its own Origin
//! and XSRF checks, so this proxy is the only guard, on every request and every WebSocket upgrade:
//! - the path is checked before routing: no `.`/`..` segment (also percent-encoded), no encoded
//!   slash or backslash, no backslash; `/user/<key>/` must name a well-formed server key;
//! - a per-server credential (cookie on the notebook origin, obtained with a one-time ticket from
//!   Puente's origin) must hold: unexpired, its Puente session alive, its server that key's;
//! - the host names the server, and the path (`/user/<key>/…`) must name the same one;
//! - WebSocket upgrades must come from that server's own origin (`Origin`), as must unsafe
//!   methods when the browser says where they come from;
//! - tokens in query strings are refused (Jupyter would accept them);
//! - Puente's cookies, the browser's own `Authorization` and any forwarding header a client
//!   could forge never reach the notebook server;
//! - a notebook server's `Set-Cookie` that names Puente's cookies or sets a `Domain` is dropped.

use app::i18n::{t, Locale};
use app::notebooks::names::parse_server_key;
use app::notebooks::service::Notebooks;
use app::notebooks::store::grants::Upstream;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::sync::Arc;
use std::time::Duration;

/// The notebook origin's shared state.
#[derive(Clone)]
pub struct Proxy {
    pub notebooks: Arc<Notebooks>,
    /// e.g. `http://nb.localhost:3000`.
    pub origin: String,
    /// Puente's own origin, the only page allowed to hand over tickets.
    pub puente_origin: String,
    pub secure: bool,
    client: Client<HttpConnector, Body>,
    /// Compression of what the servers send (JupyterLab's files kept compressed).
    squeezer: Arc<super::squeeze::Squeezer>,
}

impl Proxy {
    pub fn new(notebooks: Arc<Notebooks>, origin: String, puente_origin: String) -> Proxy {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(Duration::from_secs(5)));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(16)
            .build(connector);
        let secure = origin.starts_with("https://");
        Proxy { notebooks, origin, puente_origin, secure, client, squeezer: Arc::default() }
    }

    /// The notebook host with its port (`nb.localhost:3000`); each server is `<key>.` + this.
    pub fn authority(&self) -> &str {
        self.origin.split_once("://").map_or(self.origin.as_str(), |(_, a)| a.trim_end_matches('/'))
    }

    /// The server key a request's `Host` names (`u1-python.nb.localhost:3000` → `u1-python`),
    /// or `None` when the host is not a notebook server's.
    pub fn key_of_host(&self, host: &str) -> Option<String> {
        let authority = self.authority();
        let host = host.to_ascii_lowercase();
        let prefix = host.strip_suffix(&authority.to_ascii_lowercase())?.strip_suffix('.')?;
        parse_server_key(prefix).map(|_| prefix.to_owned())
    }

    /// The origin of one server.
    pub fn server_origin(&self, key: &str) -> String {
        app::notebooks::pages::server_origin(&self.origin, key)
    }
}

/// The cookie that carries a server's credential on the notebook origin.
fn cookie_name(key: &str) -> String {
    format!("puente_nb_{key}")
}

fn locale_of(headers: &HeaderMap) -> Locale {
    Locale::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
}

fn refuse(headers: &HeaderMap, status: StatusCode, code: &str) -> Response {
    let locale = locale_of(headers);
    (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        t(locale, code),
    )
        .into_response()
}

/// Why a path is refused, or the server key and the path as forwarded.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    Server {
        key: String,
    },
    /// `/user/<key>` without the slash: redirect to the prefix.
    Slash {
        key: String,
    },
    Bad,
}

/// Checks a raw (still percent-encoded) request path before anything routes on it.
pub fn route(raw_path: &str) -> Route {
    let lower = raw_path.to_ascii_lowercase();
    if raw_path.contains('\\')
        || ["%5c", "%2f", "%00", "%25"].iter().any(|bad| lower.contains(bad))
        || raw_path.bytes().any(|b| b.is_ascii_control())
    {
        return Route::Bad;
    }
    let segments: Vec<&str> = raw_path.split('/').collect();
    // "" "user" key ...
    if segments.len() < 3 || !segments[0].is_empty() || segments[1] != "user" {
        return Route::Bad;
    }
    for (i, s) in segments.iter().enumerate().skip(1) {
        let decoded = s.to_ascii_lowercase().replace("%2e", ".");
        if decoded == "." || decoded == ".." {
            return Route::Bad;
        }
        // Empty segments ("//") only as the final slash.
        if s.is_empty() && i != segments.len() - 1 {
            return Route::Bad;
        }
    }
    let key = segments[2];
    if parse_server_key(key).is_none() {
        return Route::Bad;
    }
    if segments.len() == 3 {
        return Route::Slash { key: key.to_owned() };
    }
    Route::Server { key: key.to_owned() }
}

fn has_token_param(uri: &Uri) -> bool {
    uri.query().is_some_and(|q| {
        url::form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k.eq_ignore_ascii_case("token"))
    })
}

fn is_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// The credential cookie for `key`, if the browser sent it.
fn credential<'a>(headers: &'a HeaderMap, key: &str) -> Option<&'a str> {
    app::http::cookie(headers, &cookie_name(key))
}

/// Cookies for the notebook server: everything except Puente's own.
fn forwarded_cookies(headers: &HeaderMap) -> Option<HeaderValue> {
    let kept: Vec<&str> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !name.is_empty() && !name.starts_with("puente") && !name.starts_with("__Host-puente")
        })
        .collect();
    if kept.is_empty() {
        None
    } else {
        HeaderValue::from_str(&kept.join("; ")).ok()
    }
}

/// Drops a notebook server's `Set-Cookie` that would name one of Puente's cookies (its own
/// credential included) or reach other hosts with `Domain`: a notebook may keep its own cookies
/// on its own origin, nothing more.
fn keep_safe_cookies(headers: &mut HeaderMap) {
    let kept: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter(|v| {
            let Ok(text) = v.to_str() else { return false };
            let mut parts = text.split(';');
            let name = parts.next().and_then(|p| p.split_once('=')).map_or("", |(n, _)| n.trim());
            let puente = name.to_ascii_lowercase().starts_with("puente") || name.starts_with("__Host-puente");
            let domain = parts.any(|a| a.trim().to_ascii_lowercase().starts_with("domain"));
            !name.is_empty() && !puente && !domain
        })
        .cloned()
        .collect();
    headers.remove(header::SET_COOKIE);
    for v in kept {
        headers.append(header::SET_COOKIE, v);
    }
}

/// Headers that belong to one hop and are never forwarded as they are.
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Every request on a notebook server's origin (`host_key` is the key its `Host` names).
pub async fn handle(State(proxy): State<Proxy>, host_key: String, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/_puente/enter" {
        return enter(&proxy, &host_key, req).await;
    }
    let key = match route(&path) {
        Route::Server { key } if key == host_key => key,
        Route::Slash { key } if key == host_key => {
            return (StatusCode::SEE_OTHER, [(header::LOCATION, format!("/user/{key}/"))]).into_response()
        }
        _ => return refuse(req.headers(), StatusCode::NOT_FOUND, "error-not-found"),
    };
    if has_token_param(req.uri()) {
        return refuse(req.headers(), StatusCode::BAD_REQUEST, "notebook-token-in-url");
    }
    let upgrade = is_upgrade(req.headers());
    let own_origin = proxy.server_origin(&key);
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if upgrade && origin != Some(own_origin.as_str()) {
        return refuse(req.headers(), StatusCode::FORBIDDEN, "notebook-foreign-origin");
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        let site = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let foreign = match origin {
            Some(o) => o != own_origin,
            None => site.is_some_and(|s| s != "same-origin" && s != "none"),
        };
        if foreign {
            return refuse(req.headers(), StatusCode::FORBIDDEN, "notebook-foreign-origin");
        }
    }
    let up = match credential(req.headers(), &key) {
        Some(c) => match proxy.notebooks.authorize_request(c).await {
            Ok(up) => up.filter(|u| u.key == key),
            Err(e) => {
                tracing::error!(error = ?e, "cannot check a notebook credential");
                return refuse(req.headers(), StatusCode::SERVICE_UNAVAILABLE, "error-internal");
            }
        },
        None => None,
    };
    let Some(up) = up else {
        // A page load goes back to Puente, which hands over a fresh ticket if the person may enter.
        let navigation = req.method() == Method::GET
            && !upgrade
            && req
                .headers()
                .get("sec-fetch-mode")
                .and_then(|v| v.to_str().ok())
                .is_none_or(|m| m == "navigate")
            && req
                .headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/html"));
        if navigation {
            // Back through Puente, which asks before handing over a fresh ticket.
            let locale = locale_of(req.headers());
            let to = format!("{}/{}/notebooks/{key}", proxy.puente_origin, locale.code());
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        }
        return refuse(req.headers(), StatusCode::UNAUTHORIZED, "notebook-unauthorized");
    };
    forward(&proxy, req, up, upgrade).await
}

async fn forward(proxy: &Proxy, mut req: Request, up: Upstream, upgrade: bool) -> Response {
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let target = format!("{}{}", up.endpoint.trim_end_matches('/'), path_and_query);
    let Ok(uri) = target.parse::<Uri>() else {
        return refuse(req.headers(), StatusCode::BAD_REQUEST, "error-bad-request");
    };
    let client_headers = req.headers().clone();
    let mut headers = HeaderMap::new();
    for (name, value) in client_headers.iter() {
        let n = name.as_str();
        if HOP_BY_HOP.contains(&n)
            || n == "cookie"
            || n == "authorization"
            || n == "host"
            || n.starts_with("x-forwarded")
            || n == "x-real-ip"
            || n == "forwarded"
            || n == "x-scheme"
            || n == "x-puente-proxy-secret"
        {
            continue;
        }
        headers.append(name.clone(), value.clone());
    }
    if let Some(c) = forwarded_cookies(&client_headers) {
        headers.insert(header::COOKIE, c);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("token {}", up.token)) {
        headers.insert(header::AUTHORIZATION, v);
    }
    if let Some(host) = uri.authority().and_then(|a| HeaderValue::from_str(a.as_str()).ok()) {
        headers.insert(header::HOST, host);
    }
    let proto = if proxy.secure { "https" } else { "http" };
    headers.insert(HeaderName::from_static("x-forwarded-proto"), HeaderValue::from_static(proto));
    if upgrade {
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    }
    let client_upgrade = upgrade.then(|| hyper::upgrade::on(&mut req));
    let method = req.method().clone();
    let mut out = hyper::Request::new(req.into_body());
    *out.method_mut() = method.clone();
    *out.uri_mut() = uri;
    *out.headers_mut() = headers;

    // A notebook server that stops answering must not hold the browser's request for ever.
    let wait = if upgrade { Duration::from_secs(30) } else { Duration::from_secs(300) };
    let res = match tokio::time::timeout(wait, proxy.client.request(out)).await {
        Ok(Ok(res)) => res,
        Err(_) => {
            tracing::warn!(key = %up.key, "notebook server did not answer in time");
            return refuse(&client_headers, StatusCode::GATEWAY_TIMEOUT, "notebook-unreachable");
        }
        Ok(Err(e)) => {
            tracing::warn!(key = %up.key, error = %e, "notebook server unreachable");
            return refuse(&client_headers, StatusCode::BAD_GATEWAY, "notebook-unreachable");
        }
    };
    if let (Some(client_upgrade), StatusCode::SWITCHING_PROTOCOLS) = (client_upgrade, res.status()) {
        return splice(proxy, res, client_upgrade, &up);
    }
    let (mut parts, body) = res.into_parts();
    for h in HOP_BY_HOP {
        parts.headers.remove(h);
    }
    keep_safe_cookies(&mut parts.headers);
    proxy.squeezer.respond(&method, &client_headers, parts, Body::new(body)).await
}

/// Joins the browser's and the notebook server's upgraded connections byte for byte until
/// either closes or the person's credential ends (logout, stop).
fn splice(
    proxy: &Proxy,
    mut res: hyper::Response<hyper::body::Incoming>,
    client_upgrade: hyper::upgrade::OnUpgrade,
    up: &Upstream,
) -> Response {
    let server_upgrade = hyper::upgrade::on(&mut res);
    let (socket_id, cancel, traffic) = proxy.notebooks.register_socket(up);
    let notebooks = proxy.notebooks.clone();
    let key = up.key.clone();
    tokio::spawn(async move {
        let joined = async {
            let (client, server) =
                tokio::try_join!(client_upgrade, server_upgrade).map_err(|e| e.to_string())?;
            let (client_read, client_write) = tokio::io::split(TokioIo::new(client));
            let (server_read, server_write) = tokio::io::split(TokioIo::new(server));
            tokio::try_join!(
                pump(client_read, server_write, &traffic),
                pump(server_read, client_write, &traffic)
            )
            .map_err(|e| e.to_string())?;
            Ok::<(), String>(())
        };
        tokio::select! {
            r = joined => {
                if let Err(e) = r {
                    tracing::debug!(key = %key, error = %e, "notebook WebSocket ended");
                }
            }
            _ = cancel.cancelled() => tracing::debug!(key = %key, "notebook WebSocket closed by Puente"),
        }
        notebooks.unregister_socket(socket_id);
    });
    let mut out = Response::builder().status(StatusCode::SWITCHING_PROTOCOLS);
    for (name, value) in res.headers() {
        out = out.header(name, value);
    }
    out.body(Body::empty()).unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}

/// Copies one direction of a WebSocket, noting when bytes last passed (the culler's own record
/// of activity, which a notebook server cannot forge).
async fn pump<R, W>(mut from: R, mut to: W, traffic: &std::sync::atomic::AtomicI64) -> std::io::Result<()>
where
    R: tokio::io::AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin,
{
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0u8; 16 * 1024];
    let mut noted = 0;
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            return to.shutdown().await;
        }
        to.write_all(&buf[..n]).await?;
        let now = app::kernel::clock::now();
        if now != noted {
            traffic.store(now, std::sync::atomic::Ordering::Relaxed);
            noted = now;
        }
    }
}

/// `POST /_puente/enter`: spends the one-time ticket Puente's origin handed over (in a form
/// body, never a URL), sets the server's credential cookie and opens JupyterLab on the episode's
/// notebook. Only a page on Puente's own origin may post here, so nobody can log a learner into
/// someone else's notebook.
async fn enter(proxy: &Proxy, host_key: &str, req: Request) -> Response {
    let headers = req.headers().clone();
    if req.method() != Method::POST {
        return refuse(&headers, StatusCode::METHOD_NOT_ALLOWED, "error-bad-request");
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if origin != Some(proxy.puente_origin.as_str()) {
        return refuse(&headers, StatusCode::FORBIDDEN, "notebook-foreign-origin");
    }
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), 4096).await else {
        return refuse(&headers, StatusCode::BAD_REQUEST, "error-bad-request");
    };
    let field = |name: &str| {
        url::form_urlencoded::parse(&bytes).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    };
    let ticket = field("ticket");
    // Phones get JupyterLab's simple interface with the side bar closed (the file browser would
    // cover most of the screen): the page says so when it knows the width, else the browser.
    let narrow = match field("view").as_deref() {
        Some("doc") => true,
        Some("lab") => false,
        _ => headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ua| ua.contains("Mobi")),
    };
    let Some(ticket) = ticket.filter(|t| !t.is_empty() && t.len() <= 128) else {
        return refuse(&headers, StatusCode::BAD_REQUEST, "notebook-ticket-invalid");
    };
    let (cookie, row) = match proxy.notebooks.redeem(&ticket, host_key).await {
        Ok(Some(found)) => found,
        Ok(None) => return refuse(&headers, StatusCode::FORBIDDEN, "notebook-ticket-invalid"),
        Err(e) => {
            tracing::error!(error = ?e, "cannot spend a notebook ticket");
            return refuse(&headers, StatusCode::SERVICE_UNAVAILABLE, "error-internal");
        }
    };
    let secure = if proxy.secure { "; Secure" } else { "" };
    let set_cookie = format!(
        "{}={cookie}; Path=/user/{}/; HttpOnly; SameSite=Lax{secure}",
        cookie_name(&row.key),
        row.key
    );
    let open: Vec<String> = row
        .open_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20"))
        .collect();
    let to = match (open.is_empty(), narrow) {
        (true, false) => format!("/user/{}/lab", row.key),
        (false, false) => format!("/user/{}/lab/tree/{}", row.key, open.join("/")),
        (true, true) => format!("/user/{}/doc?reset", row.key),
        (false, true) => format!("/user/{}/doc/tree/{}?reset", row.key, open.join("/")),
    };
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&set_cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked_before_routing() {
        assert_eq!(route("/user/u1-python/lab"), Route::Server { key: "u1-python".into() });
        assert_eq!(route("/user/u1-python/"), Route::Server { key: "u1-python".into() });
        assert_eq!(route("/user/u1-python"), Route::Slash { key: "u1-python".into() });
        for bad in [
            "/user/u1-python/../u2-python/api/status",
            "/user/u1-python/%2e%2e/u2-python/api",
            "/user/u1-python/%2E%2e/u2-python/api",
            "/user/u1-python/.%2e/u2-python/api",
            "/user/u1-python/..%2fu2-python/api",
            "/user/u1-python%2f..%2fu2-python/api",
            "/user/u1-python/..\\u2-python/api",
            "/user/u1-python/%5c../u2-python",
            "/user/u1-python/./api",
            "/user/u1-python//api",
            "/user/../user/u2-python/api",
            "/user/U1-python/api",
            "/user/u01-python/api",
            "/user/u1-python/%252e%252e/x",
            "/hub/login",
            "/",
        ] {
            assert_eq!(route(bad), Route::Bad, "{bad}");
        }
    }

    #[test]
    fn puente_cookies_are_never_forwarded() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static(
                "puente_session=s; _xsrf=x; __Host-puente_session=t; puente_nb_u1-python=c",
            ),
        );
        h.append(header::COOKIE, HeaderValue::from_static("puente_csrf=y; username-127-0-0-1=z"));
        assert_eq!(forwarded_cookies(&h).unwrap(), "_xsrf=x; username-127-0-0-1=z");
        assert_eq!(credential(&h, "u1-python"), Some("c"));
        assert_eq!(credential(&h, "u2-python"), None);
    }

    #[test]
    fn tokens_in_urls_are_spotted() {
        assert!(has_token_param(&"/user/u1-python/lab?token=abc".parse().unwrap()));
        assert!(has_token_param(&"/user/u1-python/lab?a=1&TOKEN=abc".parse().unwrap()));
        assert!(!has_token_param(&"/user/u1-python/lab?tokens=1".parse().unwrap()));
    }
}

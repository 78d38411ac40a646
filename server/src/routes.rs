//! The HTTP surface: operations endpoints, static assets, the Leptos pages, and the layers every
//! response passes through (security headers, compression, body limit, tracing).

use crate::config::Config;
use crate::db;
use crate::security::{csrf_guard, security_headers, CsrfConfig, SecurityConfig};
use app::http::Site;
use app::i18n::Locale;
use app::routes::{shell, App};
use axum::extract::{FromRef, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::AnyPool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

const CSS: &str = include_str!("../../style/puente.css");
const FAVICON: &str = include_str!("../../style/favicon.svg");

#[derive(Clone)]
pub struct AppState {
    pub pool: AnyPool,
    pub leptos_options: LeptosOptions,
    pub site: Site,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// FNV-1a, enough to tell one version of an asset from the next in its URL.
fn asset_version(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash & 0xffff_ffff_ffff)
}

/// The reverse proxies believed, and what they must send to be.
#[derive(Clone)]
pub struct Proxies {
    pub trusted: Vec<std::net::IpAddr>,
    pub secret: Option<String>,
}

/// The header a trusted proxy sends with the secret.
pub const PROXY_SECRET_HEADER: &str = "x-puente-proxy-secret";

/// Puts the client's address in the request's extensions (rate limits, session lists).
async fn client_ip(
    State(proxies): State<std::sync::Arc<Proxies>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let vouched = match &proxies.secret {
        None => true,
        Some(secret) => req
            .headers()
            .get(PROXY_SECRET_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| constant_time_eq(v.as_bytes(), secret.as_bytes())),
    };
    req.headers_mut().remove(PROXY_SECRET_HEADER);
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let ip = if vouched { real_client(peer.ip(), forwarded, &proxies.trusted) } else { peer.ip() };
    req.extensions_mut().insert(app::http::ClientIp(ip));
    next.run(req).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client's address: the peer, unless the peer is a trusted proxy; then the right-most
/// `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its left can be forged).
pub fn real_client(
    peer: std::net::IpAddr,
    forwarded: Option<&str>,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(list) = forwarded else { return peer };
    for hop in list.rsplit(',') {
        match hop.trim().parse::<std::net::IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            Err(_) => return peer,
        }
    }
    peer
}

/// What the HTTP surface serves from, built once at start-up.
pub struct Services {
    pub pool: AnyPool,
    pub mail_notify: std::sync::Arc<tokio::sync::Notify>,
    pub jobs_notify: std::sync::Arc<tokio::sync::Notify>,
    pub library: app::lessons::Library,
    pub proxy: crate::notebooks::proxy::Proxy,
    pub secrets: std::sync::Arc<app::kernel::secrets::Secrets>,
    pub certificate_keys: std::sync::Arc<app::cohorts::certificates::Keys>,
    pub fonts: Option<std::sync::Arc<app::cohorts::pdf::Fonts>>,
    /// Successful writes in this process (forms and jobs), shared by everything kept in memory.
    pub writes: app::kernel::recent::Writes,
}

/// Every domain's share of a person. Accounts last: erasing a person ends with the account row.
pub fn people(notebooks: std::sync::Arc<app::notebooks::service::Notebooks>) -> app::people::People {
    app::people::People::default()
        .with(app::notebooks::personal_data::NotebookData(notebooks))
        .with(app::lessons::personal_data::Lessons)
        .with(app::mail::Outbox)
        .with(app::cohorts::personal_data::Cohorts)
        .with(app::forum::personal_data::Forum)
        .with(app::governance::personal_data::Governance)
        .with(app::accounts::personal_data::Accounts)
}

/// The app's route list, generated once per process. Generating it runs the whole app with a
/// process-global "suppress resource loading" flag set (leptos_server's
/// `SuppressResourceLoad`); a page rendering at that moment on another thread parks its data
/// loading forever (leptos-rs/leptos#4773). `puente serve` builds one router before serving, but
/// a process with several routers (the API tests, a future reload) must not generate it again
/// while pages render.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| {
            ROUTE_GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            generate_route_list(App)
        })
        .clone()
}

/// How many times this process generated the route list (once; the tests check it).
pub static ROUTE_GENERATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub fn router(config: Config, addr: SocketAddr, services: Services) -> anyhow::Result<Router> {
    let Services { pool, mail_notify, jobs_notify, library, proxy, secrets, certificate_keys, fonts, writes } =
        services;
    let notebooks = proxy.notebooks.clone();
    let proxy_origin = proxy.origin.clone();
    let pkg_dir = config.site_root.join("pkg");
    let wasm_path = pkg_dir.join("puente_bg.wasm");
    let wasm_version = match std::fs::read(&wasm_path) {
        Ok(bytes) => asset_version(&bytes),
        Err(e) => {
            tracing::warn!(path = %wasm_path.display(), error = %e,
                "browser bundle not found: pages work, islands stay static (run scripts/build-wasm.sh)");
            String::from("missing")
        }
    };
    let site = Site::new(app::http::site::SiteInfo {
        contact: config.contact_email.clone(),
        css_href: format!("/style/puente.css?v={}", asset_version(CSS.as_bytes())),
        pkg_prefix: "/pkg".to_owned(),
        js_file: format!("puente.js?v={wasm_version}"),
        wasm_file: format!("puente_bg.wasm?v={wasm_version}"),
        public_base: config.public_url.as_str().trim_end_matches('/').to_owned(),
    });
    let leptos_options = LeptosOptions::builder()
        .output_name("puente")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let state = AppState { pool: pool.clone(), leptos_options: leptos_options.clone(), site: site.clone() };

    let web = app::http::Web::new(app::http::WebState {
        pool: pool.clone(),
        options: leptos_options.clone(),
        site: site.clone(),
        public_base: config.public_url.as_str().trim_end_matches('/').to_owned(),
        secure_cookies: config.is_https(),
        limits: std::sync::Arc::new(app::http::Limits::new(
            config.rate_ip_per_minute,
            config.rate_account_per_15_min,
        )),
        mail_notify,
        jobs_notify,
        secrets: secrets.clone(),
        people: people(notebooks.clone()),
        services: {
            let services = app::http::Services::default()
                .with(library.clone())
                .with(notebooks.clone())
                .with(certificate_keys)
                .with(app::forum::discussions::service(pool.clone(), writes.clone()))
                .with(app::lessons::progress::Tracker::new(pool.clone(), writes.clone()))
                .with(app::accounts::handlers::KnownSessions::new(writes.clone()));
            match fonts {
                Some(f) => services.with(f),
                None => services,
            }
        },
        shell: app::routes::shell_fn(),
    });
    let routes = route_list();
    let context = {
        let site = site.clone();
        let pool = pool.clone();
        let services = web.services.clone();
        let secrets = secrets.clone();
        move || {
            provide_context(site.clone());
            provide_context(pool.clone());
            provide_context(secrets.clone());
            services.provide_all();
        }
    };
    let not_found = leptos_axum::render_app_to_stream_with_context(context.clone(), {
        let options = leptos_options.clone();
        move || shell(options.clone())
    });

    let immutable = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    let bundle = Arc::new(Assets::bundle(&pkg_dir));
    let pkg = Router::new()
        .route("/{file}", get(pkg_file))
        .with_state(bundle)
        .fallback_service(ServeDir::new(pkg_dir))
        .layer(immutable);
    let page_cache = Arc::new(crate::page_cache::PageCache::new(
        library.clone(),
        writes,
        usize::try_from(config.page_cache_mib).unwrap_or(64).saturating_mul(1 << 20),
    ));
    let templates = Arc::new(crate::templates::Templates::new(library.clone()));
    // What needs no person, no database and no page: no session layer, no page cache.
    let statics = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state.clone())
        .route("/metrics", get(metrics).with_state((page_cache.clone(), templates.clone())))
        .route("/style/puente.css", get(css).with_state(Arc::new(Assets::css())))
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .nest("/pkg", pkg);

    let pages = Router::new()
        .route("/", get(root_redirect))
        .leptos_routes_with_context(&state, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(not_found)
        .with_state(state)
        .merge(app::accounts::handlers::routes().with_state(web.clone()))
        .merge(app::lessons::handlers::routes().with_state(web.clone()))
        .merge(app::notebooks::handlers::routes().with_state(web.clone()))
        .merge(app::cohorts::handlers::routes().with_state(web.clone()))
        .merge(app::forum::handlers::routes().with_state(web.clone()))
        .merge(app::governance::handlers::routes().with_state(web.clone()));
    // The layers below wrap the routers once, as one service (a router kept as the fallback of an
    // empty one). Laid on the routers themselves, they would wrap each route's handler, and every
    // layer clones what it wraps on each call: the page handler, with its options and the site it
    // captures, was cloned 24 times a request.
    let router = Router::new()
        .fallback_service(pages)
        // Inside out: signed-in episodes from their shape's template (needs the person and the
        // episode's data), page access (needs the person), then failures rendered as pages (needs
        // the person, so the page's header is right), then the session layer that finds the person.
        .layer(axum::middleware::from_fn_with_state(templates.clone(), crate::templates::episode_templates))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(app::routes::private_areas()),
            app::http::access::page_access,
        ))
        // An episode's progress and reply count are read before it renders.
        .layer(axum::middleware::from_fn_with_state(web.clone(), app::lessons::handlers::episode_data))
        .layer(axum::middleware::from_fn_with_state(web.clone(), app::http::render_failures))
        .layer(axum::middleware::from_fn_with_state(web, app::accounts::handlers::session_layer))
        // Every page leaves without hydration residue; shared pages are kept finished.
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(crate::html::Splicer::default()),
            crate::html::finish_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(page_cache, crate::page_cache::page_cache))
        .merge(statics);
    let router = Router::new()
        .fallback_service(router)
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(Proxies {
                trusted: config.trusted_proxies.clone(),
                secret: config.trusted_proxy_secret.clone(),
            }),
            client_ip,
        ))
        .layer(axum::middleware::from_fn_with_state(
            CsrfConfig {
                public_origin: config.public_url.origin().ascii_serialization(),
                body_limit: config.body_limit_bytes,
                cookie_name: if config.is_https() { "__Host-puente_csrf" } else { "puente_csrf" },
            },
            csrf_guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            SecurityConfig {
                https: config.is_https(),
                notebook_origin: proxy_origin,
                shared_scripts: crate::security::script_hash(&app::routes::island_loader(&site)),
            },
            security_headers,
        ))
        // Brotli's default quality (11) is for files compressed once: 82 ms for 110 KB of HTML on
        // a 2-core machine, against 2.7 ms at quality 4, which still beats gzip's size. What
        // arrives compressed already (shared pages, assets) passes through.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(4)))
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        // The notebook origin shares the listener but nothing else: none of the layers above.
        .layer(axum::middleware::from_fn_with_state(proxy, notebook_host))
        .layer(TraceLayer::new_for_http());
    Ok(router)
}

/// Requests whose `Host` is a notebook server's origin go to the notebook proxy.
async fn notebook_host(
    State(proxy): State<crate::notebooks::proxy::Proxy>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if let Some(key) = proxy.key_of_host(host) {
        crate::notebooks::proxy::handle(State(proxy), key, req).await
    } else if host.eq_ignore_ascii_case(proxy.authority())
        || host.to_ascii_lowercase().ends_with(&format!(".{}", proxy.authority().to_ascii_lowercase()))
    {
        // The notebook host itself, or a name under it that is no server: nothing here.
        (StatusCode::NOT_FOUND, "").into_response()
    } else {
        next.run(req).await
    }
}

/// `/` sends people to their language, by `Accept-Language`, Spanish by default.
async fn root_redirect(headers: HeaderMap) -> Response {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let locale = Locale::negotiate(accept);
    (
        StatusCode::FOUND,
        [
            (
                header::LOCATION,
                HeaderValue::from_static(match locale {
                    Locale::Es => "/es/",
                    Locale::Pt => "/pt/",
                    Locale::En => "/en/",
                }),
            ),
            (header::VARY, HeaderValue::from_static("Accept-Language")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
    )
        .into_response()
}

/// The process is up and answering.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers and is migrated; otherwise 503 so a load balancer stops sending traffic.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), db::ready(&state.pool)).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %format!("{e:#}"), "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timed out").into_response(),
    }
}

/// A fixed file served from memory in identity, gzip and brotli (compressed once, on its first
/// request, off the request path), with a strong validator.
struct Asset {
    body: crate::page_cache::Compressed,
    content_type: &'static str,
    compressing: std::sync::Once,
}

impl Asset {
    fn new(bytes: impl Into<bytes::Bytes>, content_type: &'static str) -> Asset {
        Asset {
            body: crate::page_cache::Compressed::new(bytes.into()),
            content_type,
            compressing: std::sync::Once::new(),
        }
    }

    fn respond(self: &Arc<Self>, headers: &HeaderMap, head: bool) -> Response {
        let this = self.clone();
        self.compressing.call_once(move || {
            tokio::task::spawn_blocking(move || this.body.compress());
        });
        self.body.respond(
            headers,
            head,
            &[
                (header::CONTENT_TYPE, HeaderValue::from_static(self.content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
                (header::VARY, HeaderValue::from_static("accept-encoding")),
            ],
        )
    }
}

/// The stylesheet and the browser bundle.
struct Assets {
    files: std::collections::HashMap<&'static str, Arc<Asset>>,
}

impl Assets {
    fn css() -> Asset {
        Asset::new(CSS, "text/css; charset=utf-8")
    }

    /// The wasm bundle and its JS glue, read once at start (what is missing is left to `ServeDir`).
    fn bundle(pkg_dir: &std::path::Path) -> Assets {
        let mut files = std::collections::HashMap::new();
        for (name, content_type) in
            [("puente.js", "text/javascript; charset=utf-8"), ("puente_bg.wasm", "application/wasm")]
        {
            if let Ok(bytes) = std::fs::read(pkg_dir.join(name)) {
                files.insert(name, Arc::new(Asset::new(bytes, content_type)));
            }
        }
        Assets { files }
    }
}

async fn css(State(css): State<Arc<Asset>>, method: axum::http::Method, headers: HeaderMap) -> Response {
    css.respond(&headers, method == axum::http::Method::HEAD)
}

async fn pkg_file(
    State(bundle): State<Arc<Assets>>,
    axum::extract::Path(file): axum::extract::Path<String>,
    method: axum::http::Method,
    headers: HeaderMap,
) -> Response {
    match bundle.files.get(file.as_str()) {
        Some(asset) => asset.respond(&headers, method == axum::http::Method::HEAD),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Operators' figures in Prometheus's text format, for scrapers on this machine only.
async fn metrics(
    State((cache, templates)): State<(Arc<crate::page_cache::PageCache>, Arc<crate::templates::Templates>)>,
    axum::Extension(ip): axum::Extension<app::http::ClientIp>,
) -> Response {
    if !ip.0.is_loopback() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let s = cache.stats();
    let t = templates.stats();
    let mut body = format!(
        "# HELP puente_page_cache_pages Pages shared by anonymous readers held in memory.\n\
         # TYPE puente_page_cache_pages gauge\npuente_page_cache_pages {}\n\
         # HELP puente_page_cache_bytes Bytes those pages take, identity, gzip and brotli.\n\
         # TYPE puente_page_cache_bytes gauge\npuente_page_cache_bytes {}\n\
         # HELP puente_page_cache_identity_bytes Bytes of those pages uncompressed.\n\
         # TYPE puente_page_cache_identity_bytes gauge\npuente_page_cache_identity_bytes {}\n\
         # HELP puente_page_cache_hits_total Shared pages answered from memory.\n\
         # TYPE puente_page_cache_hits_total counter\npuente_page_cache_hits_total {}\n\
         # HELP puente_page_cache_misses_total Shared pages rendered.\n\
         # TYPE puente_page_cache_misses_total counter\npuente_page_cache_misses_total {}\n",
        s.pages, s.bytes, s.identity_bytes, s.hits, s.misses
    );
    body.push_str(&format!(
        "# HELP puente_page_templates Signed-in page templates held in memory (one per shape).\n\
         # TYPE puente_page_templates gauge\npuente_page_templates {}\n\
         # HELP puente_page_templates_bytes Bytes of those templates' own text.\n\
         # TYPE puente_page_templates_bytes gauge\npuente_page_templates_bytes {}\n\
         # HELP puente_page_template_hits_total Signed-in pages filled in from a template.\n\
         # TYPE puente_page_template_hits_total counter\npuente_page_template_hits_total {}\n\
         # HELP puente_page_template_misses_total Templates made.\n\
         # TYPE puente_page_template_misses_total counter\npuente_page_template_misses_total {}\n\
         # HELP puente_page_template_refusals_total Pages that could not be templates (rendered in full).\n\
         # TYPE puente_page_template_refusals_total counter\npuente_page_template_refusals_total {}\n",
        t.templates, t.bytes, t.hits, t.misses, t.refusals
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4"), (header::CACHE_CONTROL, "no-store")], body)
        .into_response()
}

async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=604800")], FAVICON)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::asset_version;

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        use super::real_client;
        let proxy: std::net::IpAddr = [10, 0, 0, 1].into();
        let client: std::net::IpAddr = [203, 0, 113, 7].into();
        let other: std::net::IpAddr = [198, 51, 100, 9].into();
        assert_eq!(
            real_client(other, Some("203.0.113.7"), &[proxy]),
            other,
            "untrusted peers cannot claim an address"
        );
        assert_eq!(real_client(proxy, Some("203.0.113.7"), &[proxy]), client);
        assert_eq!(
            real_client(proxy, Some("1.2.3.4, 203.0.113.7"), &[proxy]),
            client,
            "the forgeable left part is ignored"
        );
        assert_eq!(real_client(proxy, Some("203.0.113.7, 10.0.0.1"), &[proxy]), client);
        assert_eq!(real_client(proxy, Some("garbage"), &[proxy]), proxy);
        assert_eq!(real_client(proxy, None, &[proxy]), proxy);
    }

    #[test]
    fn asset_versions_change_with_content() {
        assert_ne!(asset_version(b"a"), asset_version(b"b"));
        assert_eq!(asset_version(b"a").len(), 12);
    }
}

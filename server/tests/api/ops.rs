//! Operations: health, readiness, headers, compression, limits, migrations.

use crate::both_engines;
use crate::helpers::{fresh_database, spawn_app, Engine, TempDir};
use puente::config::Config;
use std::collections::HashMap;

async fn health_and_readiness(engine: Engine) {
    let app = spawn_app(engine).await;
    assert_eq!(app.get_text("/healthz").await, (200, "ok".to_owned()));
    assert_eq!(app.get_text("/readyz").await, (200, "ready".to_owned()));
    // Without its database the process is alive but not ready.
    app.pool.close().await;
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    assert_eq!(app.get("/readyz").await.status().as_u16(), 503);
    app.stop().await.expect("clean stop");
}

async fn html_carries_security_headers_with_a_fresh_nonce(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut nonces = Vec::new();
    // A page rendered per reader (shared pages carry the loader's hash instead: cache.rs).
    for _ in 0..2 {
        let res = app.get("/es/login").await;
        let h = res.headers().clone();
        let csp = h["content-security-policy"].to_str().expect("ascii").to_owned();
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("object-src 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert_eq!(h["x-frame-options"], "DENY");
        assert!(h.get("strict-transport-security").is_none(), "no HSTS over plain http");
        let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("nonce").to_owned();
        let body = res.text().await.expect("body");
        // Every script on the page carries this response's nonce.
        assert_eq!(body.matches("<script").count(), body.matches(&format!("nonce=\"{nonce}\"")).count());
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1]);
    let css = app.get("/style/puente.css").await;
    assert!(css.headers()["cache-control"].to_str().expect("ascii").contains("immutable"));
    assert_eq!(css.headers()["x-content-type-options"], "nosniff");
    app.stop().await.expect("clean stop");
}

async fn https_deployments_send_hsts(engine: Engine) {
    let app =
        crate::helpers::spawn_app_with(engine, &[("PUENTE_PUBLIC_URL", "https://puente.example.org")]).await;
    let res = app.get("/es/").await;
    assert!(res.headers()["strict-transport-security"].to_str().expect("ascii").contains("max-age="));
    app.stop().await.expect("clean stop");
}

async fn responses_are_compressed(engine: Engine) {
    let app = spawn_app(engine).await;
    for encoding in ["gzip", "br"] {
        let res = app
            .client
            .get(app.url("/es/privacy"))
            .header("Accept-Encoding", encoding)
            .send()
            .await
            .expect("request");
        assert_eq!(res.headers()["content-encoding"], encoding);
        let compressed = res.bytes().await.expect("body").len();
        let (_, plain) = app.get_text("/es/privacy").await;
        assert!(compressed * 2 < plain.len(), "{encoding}: {compressed} vs {}", plain.len());
    }
    app.stop().await.expect("clean stop");
}

async fn oversized_bodies_are_refused(engine: Engine) {
    let app = crate::helpers::spawn_app_with(engine, &[("PUENTE_BODY_LIMIT", "4096")]).await;
    let res = app.client.post(app.url("/es/")).body(vec![b'a'; 10_000]).send().await.expect("request");
    assert_eq!(res.status().as_u16(), 413);
    app.stop().await.expect("clean stop");
}

async fn migrations_are_applied_once_and_failures_stop_startup(engine: Engine) {
    let app = spawn_app(engine).await;
    let url = app.database_url.clone();
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM instance").fetch_one(&app.pool).await.expect("query");
    assert_eq!(n, 1);
    app.stop().await.expect("clean stop");
    // Starting again on the same database applies nothing twice.
    let pool = puente::db::connect(&url).await.expect("connect");
    puente::db::migrate(&pool, &url).await.expect("second migrate is a no-op");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM instance").fetch_one(&pool).await.expect("query");
    assert_eq!(n, 1);
    pool.close().await;

    // A database whose schema conflicts with the migrations: start-up must fail, not log and go on.
    let dir = TempDir::new();
    let url = fresh_database(engine, &dir).await;
    let pool = puente::db::connect(&url).await.expect("connect");
    sqlx::query("CREATE TABLE instance (unrelated TEXT)").execute(&pool).await.expect("create");
    pool.close().await;
    let env: HashMap<String, String> =
        [("LEPTOS_SITE_ADDR".to_owned(), "127.0.0.1:0".to_owned()), ("DATABASE_URL".to_owned(), url)]
            .into_iter()
            .collect();
    let result = puente::Application::build(Config::from_sources(&env).expect("config")).await;
    let err = result.err().expect("start-up fails on a failed migration");
    assert!(format!("{err:#}").contains("migrations"), "{err:#}");
}

async fn cross_site_writes_are_refused_in_the_readers_language(engine: Engine) {
    let app = spawn_app(engine).await;
    let res = app
        .client
        .post(app.url("/pt/"))
        .header("Origin", "https://evil.example")
        .header("Sec-Fetch-Site", "cross-site")
        .body("x=1")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 403);
    assert!(res.text().await.expect("body").contains("não veio de uma página do Puente"));
    // The same request from Puente's own origin passes the guard (and reaches routing).
    let own = format!("http://{}", app.addr);
    let res =
        app.client.post(app.url("/pt/")).header("Origin", own).body("x=1").send().await.expect("request");
    assert_ne!(res.status().as_u16(), 403);
    // Without Origin or Fetch Metadata, the form must carry the token from the cookie.
    let page = app.get("/pt/login").await;
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("puente_csrf="))
        .and_then(|v| v.split(';').next())
        .expect("a csrf cookie")
        .to_owned();
    let html = page.text().await.expect("body");
    assert!(html.contains(&format!("name=\"csrf\" value=\"{cookie}\"")), "forms embed the token");
    let bare = |body: String| {
        app.client
            .post(app.url("/pt/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", format!("puente_csrf={cookie}"))
            .body(body)
            .send()
    };
    assert_eq!(bare("email=a%40b.example&password=x".into()).await.expect("req").status().as_u16(), 403);
    assert_eq!(
        bare("email=a%40b.example&password=x&csrf=forged".into()).await.expect("req").status().as_u16(),
        403
    );
    let ok = bare(format!("email=a%40b.example&password=xxxxxxxx&csrf={cookie}")).await.expect("req");
    assert_eq!(ok.status().as_u16(), 422, "the token lets the form through to its handler");
    // Reading is never blocked, whatever the origin.
    let res =
        app.client.get(app.url("/pt/")).header("Sec-Fetch-Site", "cross-site").send().await.expect("request");
    assert_eq!(res.status().as_u16(), 200);
    app.stop().await.expect("clean stop");
}

/// Over https only the `__Host-` anti-forgery cookie counts: a cookie named `puente_csrf` that
/// another host under the same domain (a notebook's origin) tossed in is not Puente's.
async fn tossed_csrf_cookies_do_not_count_over_https(engine: Engine) {
    let app =
        crate::helpers::spawn_app_with(engine, &[("PUENTE_PUBLIC_URL", "https://puente.example.org")]).await;
    let token = "t".repeat(43);
    let send = |cookie: String| {
        app.client
            .post(app.url("/pt/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .body(format!("email=a%40b.example&password=xxxxxxxx&csrf={token}"))
            .send()
    };
    assert_eq!(send(format!("puente_csrf={token}")).await.expect("req").status().as_u16(), 403);
    assert_eq!(send(format!("__Host-puente_csrf={token}")).await.expect("req").status().as_u16(), 422);
    app.stop().await.expect("clean stop");
}

both_engines!(
    tossed_csrf_cookies_do_not_count_over_https,
    health_and_readiness,
    html_carries_security_headers_with_a_fresh_nonce,
    https_deployments_send_hsts,
    responses_are_compressed,
    oversized_bodies_are_refused,
    migrations_are_applied_once_and_failures_stop_startup,
    cross_site_writes_are_refused_in_the_readers_language,
);

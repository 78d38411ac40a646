//! Notebooks with the local back-end: real `jupyter-server` processes behind Puente's proxy.

use crate::accounts::{app_with_smtp, get, login, post, session_cookie, signup_and_verify, PASSWORD};
use crate::both_engines;
use crate::helpers::{Engine, TestApp};
use futures::{SinkExt, StreamExt};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const EPISODE: [(&str, &str); 2] = [("course", "desktop-to-cluster"), ("episode", "06-slurm")];
const NOTEBOOK: &str = "desktop-to-cluster/06-slurm/notebooks/job-efficiency.ipynb";

/// A verified, logged-in learner: (session cookie, user id).
pub async fn learner(app: &TestApp, smtp: &crate::smtp::SmtpSink, email: &str) -> (String, i64) {
    signup_and_verify(app, smtp, email).await;
    let cookie = session_cookie(&login(app, email, PASSWORD).await).unwrap();
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    (cookie, id)
}

/// Launches the episode's notebook and waits until its progress page offers the way in;
/// returns the server key and a fresh one-time ticket.
pub async fn launch_and_wait(app: &TestApp, cookie: &str) -> (String, String) {
    let res = post(app, "/es/notebooks/launch", &EPISODE, Some(cookie)).await;
    assert_eq!(res.status().as_u16(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    let key = to.trim_start_matches("/es/notebooks/").trim_end_matches("?go=1").to_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let page = get(app, &format!("/es/notebooks/{key}"), Some(cookie)).await.text().await.unwrap();
        if let Some(ticket) = page.split("name=\"ticket\" value=\"").nth(1) {
            return (key, ticket.split('"').next().unwrap().to_owned());
        }
        assert!(!page.contains("role=\"alert\""), "the launch failed: {page}");
        assert!(Instant::now() < deadline, "not ready in 60 s: {page}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Spends a ticket on the server's origin; returns the credential cookie (`name=value`).
pub async fn enter(app: &TestApp, key: &str, ticket: &str) -> (String, String) {
    let res = app
        .nb_client
        .post(app.nb_url_for(key, "/_puente/enter"))
        .header("Origin", format!("http://{}", app.addr))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("ticket={ticket}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303, "{:?}", res.text().await);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    (set_cookie.split(';').next().unwrap().to_owned(), location)
}

/// Opens a kernel's channels WebSocket through the proxy, with the given headers.
pub async fn ws_connect(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    origin: Option<&str>,
) -> Result<tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>, tokio_tungstenite::tungstenite::Error>
{
    let url = app.nb_url(path).replace("http://", "ws://");
    let mut req = url.into_client_request().unwrap();
    if let Some(c) = cookie {
        req.headers_mut().insert("Cookie", c.parse().unwrap());
    }
    if let Some(o) = origin {
        req.headers_mut().insert("Origin", o.parse().unwrap());
    }
    let tcp = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    tokio::time::timeout(Duration::from_secs(30), tokio_tungstenite::client_async(req, tcp))
        .await
        .unwrap_or_else(|_| panic!("no WebSocket handshake answer in 30 s for {path}"))
        .map(|(ws, _)| ws)
}

/// Starts a kernel through the proxy's REST API; returns its channels WebSocket path.
pub async fn new_kernel(app: &TestApp, key: &str, nb_cookie: &str) -> String {
    let kernel: serde_json::Value = app
        .nb_client
        .post(app.nb_url(&format!("/user/{key}/api/kernels")))
        .header("Cookie", nb_cookie)
        .header("Origin", app.nb_origin_of(key))
        .json(&serde_json::json!({"name": "python3"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    format!("/user/{key}/api/kernels/{}/channels", kernel["id"].as_str().expect("a kernel id"))
}

/// The process has exited (or is a zombie waiting to be collected), within a few seconds.
async fn process_gone(pid: u32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.is_empty() || stat.contains(") Z") {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn execute_request(code: &str) -> String {
    serde_json::json!({
        "header": {"msg_id": "m1", "username": "t", "session": "s1", "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": false, "store_history": false, "user_expressions": {}, "allow_stdin": false}
    })
    .to_string()
}

/// Runs `code` on a kernel over the WebSocket and returns its `text/plain` result.
pub async fn run_cell(
    ws: &mut tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    code: &str,
) -> String {
    ws.send(Message::Text(execute_request(code).into())).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let msg = tokio::time::timeout_at(deadline.into(), ws.next()).await.expect("a result in time");
        let Some(Ok(Message::Text(text))) = msg else { continue };
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        if v["msg_type"] == "execute_result" {
            return v["content"]["data"]["text/plain"].as_str().unwrap().to_owned();
        }
        if v["msg_type"] == "error" {
            panic!("the cell failed: {v}");
        }
    }
}

/// Sends raw bytes (paths exactly as written, no client normalisation) and returns the status.
pub async fn raw_status(app: &TestApp, request: &str) -> u16 {
    let mut tcp = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(20), tcp.read(&mut buf))
        .await
        .unwrap_or_else(|_| panic!("no answer in 20 s to {request}"))
        .unwrap();
    let head = String::from_utf8_lossy(&buf[..n]).to_string();
    head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

async fn launch_run_a_cell_and_stop(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let (cookie, uid) = learner(&app, &smtp, "ana@uni.example").await;
    let episode =
        get(&app, "/es/courses/desktop-to-cluster/06-slurm", Some(&cookie)).await.text().await.unwrap();
    assert!(episode.contains("action=\"/es/notebooks/launch\""), "the episode offers a launch button");

    // The progress stream reports real stages, in order, and ends at "ready".
    let res = post(&app, "/es/notebooks/launch", &EPISODE, Some(&cookie)).await;
    let key = format!("u{uid}-python");
    assert_eq!(res.headers()["location"], format!("/es/notebooks/{key}?go=1").as_str());
    let mut stream = get(&app, &format!("/es/notebooks/{key}/events"), Some(&cookie)).await;
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let mut text = String::new();
    while let Ok(Some(chunk)) = tokio::time::timeout(Duration::from_secs(60), stream.chunk()).await.unwrap() {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    let states: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str::<serde_json::Value>(d).unwrap()["state"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(states.last().map(String::as_str), Some("ready"), "{text}");
    assert!(states.iter().any(|s| s == "starting"), "{states:?}");
    assert!(text.contains("Iniciando Jupyter"), "stages are translated: {text}");

    // Launching again reuses the same server.
    let (key2, ticket) = launch_and_wait(&app, &cookie).await;
    assert_eq!(key2, key);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notebook_servers").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1, "one server per learner and profile");

    let (nb_cookie, location) = enter(&app, &key, &ticket).await;
    assert_eq!(location, format!("/user/{key}/lab/tree/{NOTEBOOK}"));
    // A ticket works once.
    let again = app
        .nb_client
        .post(app.nb_url_for(&key, "/_puente/enter"))
        .header("Origin", format!("http://{}", app.addr))
        .body(format!("ticket={ticket}"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 403);

    // The episode's files are in the workspace.
    let file = app
        .nb_client
        .get(app.nb_url(&format!("/user/{key}/api/contents/{NOTEBOOK}?content=0")))
        .header("Cookie", &nb_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status().as_u16(), 200);
    // JupyterLab itself loads through the proxy.
    let lab = app
        .nb_client
        .get(app.nb_url(&location))
        .header("Cookie", &nb_cookie)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(lab.status().as_u16(), 200);
    assert!(lab.text().await.unwrap().contains("JupyterLab"));

    // A kernel, through the REST API and the WebSocket API: 6*7 is 42.
    let channels = new_kernel(&app, &key, &nb_cookie).await;
    let mut ws = ws_connect(&app, &channels, Some(&nb_cookie), Some(&app.nb_origin_of(&key))).await.unwrap();
    assert_eq!(run_cell(&mut ws, "6*7").await, "42");
    drop(ws);

    // Stop: the process ends, the workspace stays, the proxy refuses.
    let res = post(&app, &format!("/es/notebooks/{key}/stop"), &[], Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 303);
    let row = app::notebooks::store::latest_by_key(&app.pool, &key).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.stop_reason.as_deref()), ("stopped", Some("user")));
    let after = app
        .nb_client
        .get(app.nb_url(&format!("/user/{key}/api/status")))
        .header("Cookie", &nb_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status().as_u16(), 401);
    let pid: u32 = row.handle.unwrap().parse().unwrap();
    assert!(process_gone(pid).await, "the notebook process ended");
    app.stop().await.unwrap();
}

async fn the_proxy_lets_only_the_owner_in(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let (ana, ana_id) = learner(&app, &smtp, "ana@uni.example").await;
    let (bea, bea_id) = learner(&app, &smtp, "bea@uni.example").await;
    let (key, ticket) = launch_and_wait(&app, &ana).await;
    let (nb_cookie, _) = enter(&app, &key, &ticket).await;
    let status_path = format!("/user/{key}/api/status");
    let get_nb = |path: String, cookie: Option<String>| {
        let mut req = app.nb_client.get(app.nb_url(&path));
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(get_nb(status_path.clone(), Some(nb_cookie.clone())).await, 200);

    // Anonymous: nothing; a page load is sent back to Puente.
    assert_eq!(get_nb(status_path.clone(), None).await, 401);
    let nav =
        app.nb_client.get(app.nb_url(&format!("/user/{key}/lab"))).header("Accept", "text/html").send().await;
    let nav = nav.unwrap();
    assert_eq!(nav.status().as_u16(), 303);
    assert!(nav.headers()["location"].to_str().unwrap().ends_with(&format!("/notebooks/{key}")));
    // Another learner: cannot see Ana's progress page or get a ticket for it, and Bea's own
    // credential (for her own server) does not open Ana's.
    let theirs = get(&app, &format!("/es/notebooks/{key}"), Some(&bea)).await.text().await.unwrap();
    assert!(!theirs.contains("ticket"), "no way into someone else's notebook");
    assert_eq!(
        post(&app, &format!("/es/notebooks/{key}/stop"), &[], Some(&bea)).await.status().as_u16(),
        404
    );
    let (bea_key, bea_ticket) = launch_and_wait(&app, &bea).await;
    assert_eq!(bea_key, format!("u{bea_id}-python"));
    let (bea_cookie, _) = enter(&app, &bea_key, &bea_ticket).await;
    let bea_value = bea_cookie.split_once('=').unwrap().1;
    let forged = format!("puente_nb_{key}={bea_value}");
    assert_eq!(get_nb(status_path.clone(), Some(forged.clone())).await, 401);
    assert_eq!(get_nb(format!("/user/{bea_key}/api/status"), Some(bea_cookie.clone())).await, 200);
    // Tokens in URLs are refused even with a valid credential.
    assert_eq!(get_nb(format!("{status_path}?token=abc"), Some(nb_cookie.clone())).await, 400);

    // Traversal, exactly as sent on the wire, with Ana's valid credential: never reaches Bea's server.
    let host = app.nb_origin_of(&key).trim_start_matches("http://").to_owned();
    for path in [
        format!("/user/{key}/../{bea_key}/api/status"),
        format!("/user/{key}/%2e%2e/{bea_key}/api/status"),
        format!("/user/{key}/%2E%2E/{bea_key}/api/status"),
        format!("/user/{key}/..%2f{bea_key}/api/status"),
        format!("/user/{key}%2f..%2f{bea_key}/api/status"),
        format!("/user/{key}/..\\{bea_key}/api/status"),
        format!("/user/{key}/.%2e/{bea_key}/api/status"),
    ] {
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {nb_cookie}\r\nConnection: close\r\n\r\n"
        );
        let status = raw_status(&app, &req).await;
        assert!(status == 404 || status == 400, "{path} answered {status}");
        let upgrade = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {nb_cookie}\r\nOrigin: {}\r\nConnection: Upgrade\r\n\
             Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            app.nb_origin_of(&key)
        );
        let status = raw_status(&app, &upgrade).await;
        assert!(status == 404 || status == 400, "upgrade {path} answered {status}");
    }

    // A kernel to talk to.
    let channels = new_kernel(&app, &key, &nb_cookie).await;
    // A foreign Origin: refused for unsafe HTTP methods and for WebSocket upgrades.
    let foreign = app
        .nb_client
        .post(app.nb_url(&format!("/user/{key}/api/kernels")))
        .header("Cookie", &nb_cookie)
        .header("Origin", "https://evil.example")
        .json(&serde_json::json!({"name": "python3"}))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status().as_u16(), 403);
    assert!(ws_connect(&app, &channels, Some(&nb_cookie), Some("https://evil.example")).await.is_err());
    assert!(ws_connect(&app, &channels, Some(&nb_cookie), Some(&format!("http://{}", app.addr)))
        .await
        .is_err());
    assert!(ws_connect(&app, &channels, Some(&nb_cookie), None).await.is_err());
    // Anonymous and other users' WebSockets: refused.
    assert!(ws_connect(&app, &channels, None, Some(&app.nb_origin_of(&key))).await.is_err());
    assert!(ws_connect(&app, &channels, Some(&forged), Some(&app.nb_origin_of(&key))).await.is_err());

    // Logging out of Puente closes the notebook's open WebSockets and ends the credential.
    let mut ws = ws_connect(&app, &channels, Some(&nb_cookie), Some(&app.nb_origin_of(&key))).await.unwrap();
    assert_eq!(run_cell(&mut ws, "6*7").await, "42");
    assert_eq!(post(&app, "/es/logout", &[], Some(&ana)).await.status().as_u16(), 303);
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the WebSocket closed at logout");
    assert_eq!(get_nb(status_path, Some(nb_cookie)).await, 401);
    let _ = ana_id;
    app.stop_notebooks().await;
    app.stop().await.unwrap();
}

async fn puente_credentials_never_reach_the_notebook_server(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let (cookie, _) = learner(&app, &smtp, "ana@uni.example").await;
    let (key, ticket) = launch_and_wait(&app, &cookie).await;
    let (nb_cookie, _) = enter(&app, &key, &ticket).await;
    // Beside the real server: an upstream that echoes the headers it receives.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let echo_addr = listener.local_addr().unwrap();
    let echo = axum::Router::new().fallback(|headers: axum::http::HeaderMap| async move {
        let map: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_str().unwrap_or("").to_owned())))
            .collect();
        axum::Json(serde_json::Value::Object(map))
    });
    tokio::spawn(async move { axum::serve(listener, echo).await.unwrap() });
    let real: (Option<String>,) =
        sqlx::query_as("SELECT endpoint FROM notebook_servers WHERE server_key = $1")
            .bind(&key)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    sqlx::query("UPDATE notebook_servers SET endpoint = $1 WHERE server_key = $2")
        .bind(format!("http://{echo_addr}"))
        .bind(&key)
        .execute(&app.pool)
        .await
        .unwrap();
    let seen: serde_json::Value = app
        .nb_client
        .get(app.nb_url(&format!("/user/{key}/api/status")))
        .header(
            "Cookie",
            format!("{nb_cookie}; puente_session={cookie}; __Host-puente_session=x; _xsrf=keep"),
        )
        .header("Authorization", "Bearer from-the-browser")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cookies = seen["cookie"].as_str().unwrap_or_default();
    assert!(!cookies.contains("puente"), "Puente's cookies were forwarded: {cookies}");
    assert!(cookies.contains("_xsrf=keep"), "Jupyter's own cookies pass: {cookies}");
    let auth = seen["authorization"].as_str().unwrap();
    assert!(auth.starts_with("token ") && !auth.contains("from-the-browser"), "{auth}");
    sqlx::query("UPDATE notebook_servers SET endpoint = $1 WHERE server_key = $2")
        .bind(real.0)
        .bind(&key)
        .execute(&app.pool)
        .await
        .unwrap();
    app.stop_notebooks().await;
    app.stop().await.unwrap();
}

async fn idle_servers_are_culled_and_restarts_keep_notebooks(engine: Engine) {
    let profiles = crate::helpers::TempDir::new();
    let path = profiles.0.join("profiles.toml");
    std::fs::write(
        &path,
        r#"
[[profile]]
name = "python"
image = "quay.io/jupyter/scipy-notebook:2025-11-24"
cpu_request = "500m"
cpu_limit = "1"
memory_request = "1Gi"
memory_limit = "2Gi"
storage = "1Gi"
audience = ["learner"]
idle_timeout = "3s"
max_lifetime = "8h"
"#,
    )
    .unwrap();
    let p = path.display().to_string();
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_NOTEBOOK_PROFILES", &p)]).await;
    let (cookie, _) = learner(&app, &smtp, "ana@uni.example").await;
    let (key, ticket) = launch_and_wait(&app, &cookie).await;
    let (nb_cookie, _) = enter(&app, &key, &ticket).await;

    // Restarting Puente keeps the running notebook reachable through the new process.
    let app = app.restart().await;
    app.notebooks.reconcile().await.unwrap();
    let status = app
        .nb_client
        .get(app.nb_url(&format!("/user/{key}/api/status")))
        .header("Cookie", &nb_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(status.status().as_u16(), 200, "re-adopted after restart");
    assert_eq!(app.notebooks.cull_once().await.unwrap(), 0, "just used: not idle");

    // Idle past the profile's timeout: culled, by Jupyter's own activity data.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(app.notebooks.cull_once().await.unwrap(), 1);
    let row = app::notebooks::store::latest_by_key(&app.pool, &key).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.stop_reason.as_deref()), ("stopped", Some("idle")));

    // Orphans (a server nobody knows) are stopped by the reconciler.
    let (key, _) = launch_and_wait(&app, &cookie).await;
    let row = app::notebooks::store::live_by_key(&app.pool, &key).await.unwrap().unwrap();
    sqlx::query("UPDATE notebook_servers SET state = 'stopped' WHERE id = $1")
        .bind(row.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let pid: u32 = row.handle.clone().unwrap().parse().unwrap();
    app.notebooks.reconcile().await.unwrap();
    assert!(process_gone(pid).await, "the orphan was stopped");
    app.stop().await.unwrap();
}

async fn quotas_and_concurrent_launch_limits(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_NOTEBOOK_MAX_LAUNCHES", "1")]).await;
    let (cookie, _) = learner(&app, &smtp, "ana@uni.example").await;
    let (_, bea) = learner(&app, &smtp, "bea@uni.example").await;
    // Visitors are sent to log in.
    let res = post(&app, "/es/notebooks/launch", &EPISODE, None).await;
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/es/login?next="));
    // Someone else's launch is in progress: over the site's limit, 429 with Retry-After, translated.
    sqlx::query(
        "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, token, cpu_millis, memory_bytes, created_at) \
         VALUES ($1, 'u999-python', 'python', 'local', 'creating', 't', 500, 1, 1)",
    )
    .bind(bea)
    .execute(&app.pool)
    .await
    .unwrap();
    let res = post(&app, "/pt/notebooks/launch", &EPISODE, Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert!(res.text().await.unwrap().contains("Tentativas demais"), "translated");
    // An unknown episode: 404, nothing recorded.
    sqlx::query("DELETE FROM notebook_servers").execute(&app.pool).await.unwrap();
    let res = post(
        &app,
        "/es/notebooks/launch",
        &[("course", "desktop-to-cluster"), ("episode", "nope")],
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status().as_u16(), 404);
    // At most one running server per learner: a second profile is refused with the stop button shown.
    sqlx::query(
        "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, token, cpu_millis, memory_bytes, created_at) \
         SELECT id, 'u' || CAST(id AS TEXT) || '-other', 'other', 'local', 'ready', 't', 500, 1, 1 FROM users \
         WHERE email = 'ana@uni.example'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let res = post(&app, "/es/notebooks/launch", &EPISODE, Some(&cookie)).await;
    assert_eq!(res.headers()["location"], "/es/notebooks?e=notebook-limit");
    let page = get(&app, "/es/notebooks?e=notebook-limit", Some(&cookie)).await.text().await.unwrap();
    assert!(page.contains("Detén uno para iniciar otro"), "{page}");
    assert!(page.contains("Detener servidor"));
    app.stop().await.unwrap();
}

async fn admins_see_running_servers_and_usage(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let admin = crate::admin::admin_session(&app, &smtp, "admin@uni.example").await;
    let (cookie, uid) = learner(&app, &smtp, "ana@uni.example").await;
    // A learner cannot see the admin page or stop servers by id.
    assert_eq!(get(&app, "/es/admin/notebooks", Some(&cookie)).await.status().as_u16(), 403);
    assert_eq!(post(&app, "/es/admin/notebooks/1/stop", &[], Some(&cookie)).await.status().as_u16(), 403);
    assert_eq!(get(&app, "/es/admin/notebooks/usage.csv", Some(&cookie)).await.status().as_u16(), 403);
    // A finished server of two hours at half a core, yesterday and today.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    sqlx::query(
        "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, token, cpu_millis, memory_bytes, \
         institution, created_at, ready_at, stopped_at, stop_reason) \
         VALUES ($1, $2, 'python', 'local', 'stopped', 't', 500, 1073741824, 'Universidade Federal, \"FCFM\"', $3, $3, $4, 'idle')",
    )
    .bind(uid)
    .bind(format!("u{uid}-python"))
    .bind(now - 7200)
    .bind(now)
    .execute(&app.pool)
    .await
    .unwrap();
    let (key, _) = launch_and_wait(&app, &cookie).await;
    // Admins do not enter learners' notebooks unless the operator enables it.
    let theirs = get(&app, &format!("/es/notebooks/{key}"), Some(&admin)).await.text().await.unwrap();
    assert!(!theirs.contains("name=\"ticket\""), "no admin access by default");
    let page = get(&app, "/es/admin/notebooks", Some(&admin)).await.text().await.unwrap();
    assert!(page.contains("Servidores en marcha") && page.contains("Ana"), "{page}");
    assert!(page.contains("Universidade Federal"));
    let csv = get(&app, "/es/admin/notebooks/usage.csv", Some(&admin)).await.text().await.unwrap();
    let line = csv.lines().find(|l| l.contains("FCFM")).unwrap_or_else(|| panic!("{csv}"));
    // 2 h at 0.5 cores and 1 GiB = 1 core-hour and 2 GiB-hours; the name is quoted for CSV.
    assert_eq!(line, "\"Universidade Federal, \"\"FCFM\"\"\",1,1,2.00,1.00,2.00");
    // The running server counts for the learner's current institution.
    assert!(csv.lines().any(|l| l.starts_with("Universidade Federal,1,1,")), "{csv}");
    let people =
        get(&app, "/es/admin/notebooks/usage.csv?by=person", Some(&admin)).await.text().await.unwrap();
    assert!(people.starts_with("person,") && people.contains(&format!("Ana (#{uid}),1,2,")), "{people}");
    let bad = get(&app, "/es/admin/notebooks/usage.csv?from=2026-02-30", Some(&admin)).await;
    assert_eq!(bad.status().as_u16(), 422);
    // Admin stop.
    let row = app::notebooks::store::live_by_key(&app.pool, &key).await.unwrap().unwrap();
    let res = post(&app, &format!("/es/admin/notebooks/{}/stop", row.id), &[], Some(&admin)).await;
    assert_eq!(res.status().as_u16(), 303);
    let row = app::notebooks::store::by_id(&app.pool, row.id).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.stop_reason.as_deref()), ("stopped", Some("admin")));
    app.stop().await.unwrap();
}

both_engines!(
    launch_run_a_cell_and_stop,
    the_proxy_lets_only_the_owner_in,
    puente_credentials_never_reach_the_notebook_server,
    idle_servers_are_culled_and_restarts_keep_notebooks,
    quotas_and_concurrent_launch_limits,
    admins_see_running_servers_and_usage,
);

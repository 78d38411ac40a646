//! Learners' code is hostile: on the local back-end (what the README's run command starts, as
//! root) it can never reach Puente, its data or another learner, and Puente never follows what a
//! learner planted in their workspace.

use crate::accounts::{app_with_smtp, login, post, session_cookie, PASSWORD};
use crate::admin::admin_session;
use crate::both_engines;
use crate::helpers::{Engine, TestApp};
use crate::notebooks::{enter, launch_and_wait, learner, new_kernel, run_cell, ws_connect};
use futures::StreamExt;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

const NOTEBOOK: &str = "desktop-to-cluster/06-slurm/notebooks/job-efficiency.ipynb";

fn home(app: &TestApp, user: i64) -> PathBuf {
    app.dir().join("notebooks/homes").join(format!("u{user}"))
}

fn uid_of(app: &TestApp, user: i64) -> u32 {
    app.setting("PUENTE_NOTEBOOK_UID_BASE").unwrap().parse::<u32>().unwrap() + user as u32
}

/// A kernel of `key`'s server to run code in, through the proxy.
async fn kernel(
    app: &TestApp,
    key: &str,
    ticket: &str,
) -> (String, tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>) {
    let (nb_cookie, _) = enter(app, key, ticket).await;
    let channels = new_kernel(app, key, &nb_cookie).await;
    let ws = ws_connect(app, &channels, Some(&nb_cookie), Some(&app.nb_origin_of(key))).await.unwrap();
    (nb_cookie, ws)
}

/// Runs Python that returns a JSON string; gives back the parsed value.
async fn run_json(
    ws: &mut tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    code: &str,
) -> serde_json::Value {
    let repr = run_cell(ws, code).await;
    let inner = repr.trim_matches('\'');
    serde_json::from_str(inner).unwrap_or_else(|e| panic!("{e}: {repr}"))
}

async fn a_planted_symlink_never_leads_puente_outside_the_workspace(engine: Engine) {
    assert!(nix::unistd::geteuid().is_root(), "the suite runs as root, as Puente does from the README");
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let (cookie, ana) = learner(&app, &smtp, "ana@uni.example").await;
    let (key, _) = launch_and_wait(&app, &cookie).await;
    let ana_home = home(&app, ana);
    assert!(ana_home.join(NOTEBOOK).is_file(), "the episode's files were copied in");
    let meta = std::fs::metadata(&ana_home).unwrap();
    assert_eq!((meta.uid(), meta.mode() & 0o777), (uid_of(&app, ana), 0o700), "the workspace is hers alone");
    assert_eq!(std::fs::metadata(ana_home.join(NOTEBOOK)).unwrap().uid(), uid_of(&app, ana));
    assert_eq!(
        post(&app, &format!("/es/notebooks/{key}/stop"), &[], Some(&cookie)).await.status().as_u16(),
        303
    );

    // What a learner can do in their own workspace: the course folder becomes a link to a system
    // folder, and (in a second round) one notebook a link to a system file.
    let outside = std::env::temp_dir().join(format!("puente-outside-{}", crate::helpers::random_suffix()));
    std::fs::create_dir(&outside).unwrap();
    std::fs::set_permissions(&outside, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(ana_home.join("desktop-to-cluster")).unwrap();
    std::os::unix::fs::symlink(&outside, ana_home.join("desktop-to-cluster")).unwrap();
    let (key, _) = launch_and_wait(&app, &cookie).await;
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing was created through the link");
    let m = std::fs::metadata(&outside).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o777), (0, 0, 0o755), "the system folder was not handed over");
    assert_eq!(
        post(&app, &format!("/es/notebooks/{key}/stop"), &[], Some(&cookie)).await.status().as_u16(),
        303
    );

    let system_file = outside.join("system.conf");
    std::fs::write(&system_file, "root's\n").unwrap();
    std::fs::remove_file(ana_home.join("desktop-to-cluster")).unwrap();
    std::fs::create_dir_all(ana_home.join("desktop-to-cluster/06-slurm/notebooks")).unwrap();
    std::os::unix::fs::symlink(&system_file, ana_home.join(NOTEBOOK)).unwrap();
    let (key, _) = launch_and_wait(&app, &cookie).await;
    assert_eq!(std::fs::read_to_string(&system_file).unwrap(), "root's\n");
    let m = std::fs::metadata(&system_file).unwrap();
    assert_eq!((m.uid(), m.gid()), (0, 0), "the system file was not handed over");
    assert_eq!(
        post(&app, &format!("/es/notebooks/{key}/stop"), &[], Some(&cookie)).await.status().as_u16(),
        303
    );
    std::fs::remove_dir_all(&outside).unwrap();
    app.stop().await.unwrap();
}

async fn one_learner_cannot_reach_another_or_puente(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let (ana_cookie, ana) = learner(&app, &smtp, "ana@uni.example").await;
    let (bea_cookie, bea) = learner(&app, &smtp, "bea@uni.example").await;
    let (ana_key, _) = launch_and_wait(&app, &ana_cookie).await;
    let ana_pid: u32 = app::notebooks::store::live_by_key(&app.pool, &ana_key)
        .await
        .unwrap()
        .unwrap()
        .handle
        .unwrap()
        .parse()
        .unwrap();
    let (bea_key, bea_ticket) = launch_and_wait(&app, &bea_cookie).await;
    let (_, mut ws) = kernel(&app, &bea_key, &bea_ticket).await;
    let db = app.database_url.strip_prefix("sqlite://").map(PathBuf::from);
    let probe = format!(
        r#"
import os, json
def read(p):
    try:
        open(p, 'rb').read(1); return 'read'
    except PermissionError: return 'denied'
    except FileNotFoundError: return 'missing'
    except Exception as e: return type(e).__name__
def listing(p):
    try:
        os.listdir(p); return 'listed'
    except PermissionError: return 'denied'
    except Exception as e: return type(e).__name__
def write(p):
    try:
        open(p, 'w').write('x'); return 'written'
    except PermissionError: return 'denied'
    except Exception as e: return type(e).__name__
json.dumps({{
    "uid": os.getuid(), "groups": os.getgroups(),
    "ana_home": listing({ana_home:?}), "ana_file": read({ana_file:?}), "ana_write": write({ana_new:?}),
    "ana_environ": read("/proc/{ana_pid}/environ"),
    "puente_environ": read("/proc/{puente}/environ"), "db": read({db:?}), "db_dir": listing({db_dir:?}),
    "run_dir": listing({run_dir:?}), "config_write": write({config:?}),
}})
"#,
        ana_home = home(&app, ana).display().to_string(),
        ana_file = home(&app, ana).join(NOTEBOOK).display().to_string(),
        ana_new = home(&app, ana).join("from-bea.txt").display().to_string(),
        puente = std::process::id(),
        db = db.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
        db_dir = db.as_ref().and_then(|p| p.parent()).map(|p| p.display().to_string()).unwrap_or_default(),
        run_dir = app.dir().join("notebooks/run").display().to_string(),
        config = app.dir().join("notebooks/config/jupyter_server_config.py").display().to_string(),
    );
    let seen = run_json(&mut ws, &probe).await;
    assert_eq!(seen["uid"], uid_of(&app, bea), "Bea's code runs as her own account: {seen}");
    assert_eq!(seen["groups"], serde_json::json!([]), "with no other groups: {seen}");
    for (what, expected) in [
        ("ana_home", "denied"),
        ("ana_file", "denied"),
        ("ana_write", "denied"),
        ("ana_environ", "denied"),
        ("puente_environ", "denied"),
        ("run_dir", "denied"),
        ("config_write", "denied"),
    ] {
        assert_eq!(seen[what], expected, "{what}: {seen}");
    }
    if engine == Engine::Sqlite {
        assert_eq!(seen["db"], "denied", "Puente's database: {seen}");
        assert_eq!(seen["db_dir"], "denied", "{seen}");
    }
    assert!(!home(&app, ana).join("from-bea.txt").exists());
    drop(ws);
    app.stop().await.unwrap();
}

async fn puentes_own_files_are_its_alone(engine: Engine) {
    let app = crate::helpers::spawn_app(engine).await;
    if let Some(db) = app.database_url.strip_prefix("sqlite://").map(PathBuf::from) {
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().mode() & 0o777;
        assert_eq!(mode(db.parent().unwrap()), 0o700, "the database folder");
        assert_eq!(mode(&db), 0o600, "the database file");
        for suffix in ["-wal", "-shm"] {
            let f = PathBuf::from(format!("{}{suffix}", db.display()));
            if f.exists() {
                assert_eq!(mode(&f), 0o600, "{}", f.display());
            }
        }
    }
    let run = app.dir().join("notebooks/run");
    assert_eq!(std::fs::metadata(&run).unwrap().mode() & 0o777, 0o700, "run files and logs");
    app.stop().await.unwrap();
}

async fn each_server_is_its_own_origin(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_NOTEBOOK_ADMIN_ACCESS", "true")]).await;
    let (ana_cookie, _) = learner(&app, &smtp, "ana@uni.example").await;
    let (bea_cookie, _) = learner(&app, &smtp, "bea@uni.example").await;
    let (ana_key, ana_ticket) = launch_and_wait(&app, &ana_cookie).await;
    let (bea_key, bea_ticket) = launch_and_wait(&app, &bea_cookie).await;
    // A ticket spent on another server's origin opens nothing (and is gone).
    let res = app
        .nb_client
        .post(app.nb_url_for(&bea_key, "/_puente/enter"))
        .header("Origin", format!("http://{}", app.addr))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("ticket={ana_ticket}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let (bea_nb, _) = enter(&app, &bea_key, &bea_ticket).await;
    // Bea's credential, Bea's path, on Ana's origin: nothing.
    let res = app
        .nb_client
        .get(app.nb_url_for(&ana_key, &format!("/user/{bea_key}/api/status")))
        .header("Cookie", &bea_nb)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    // The bare notebook host serves nothing.
    let res = app.nb_client.get(format!("{}/user/{ana_key}/api/status", app.nb_origin)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 404);

    // An admin may help (admin access is on), but a link never takes them in by itself.
    let admin = admin_session(&app, &smtp, "admin@uni.example").await;
    let page = crate::accounts::get(&app, &format!("/es/notebooks/{ana_key}?go=1"), Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"ticket\""), "the admin may enter with a click");
    assert!(!page.contains("getElementById(\"nb-enter\").submit()"), "… but not without one: {page}");
    let own = crate::accounts::get(&app, &format!("/es/notebooks/{ana_key}?go=1"), Some(&ana_cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(own.contains("getElementById(\"nb-enter\").submit()"), "one's own server opens by itself");
    // The form posts to that server's own origin.
    assert!(own.contains(&format!("action=\"{}/_puente/enter\"", app.nb_origin_of(&ana_key))));
    app.stop_notebooks().await;
    app.stop().await.unwrap();
}

async fn upstream_cookies_and_forwarding_headers_are_filtered(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let (cookie, _) = learner(&app, &smtp, "ana@uni.example").await;
    let (key, ticket) = launch_and_wait(&app, &cookie).await;
    let (nb_cookie, _) = enter(&app, &key, &ticket).await;
    // A notebook server (the learner controls it) that echoes headers and tries to set cookies.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let echo_addr = listener.local_addr().unwrap();
    let echo = axum::Router::new().fallback(|headers: axum::http::HeaderMap| async move {
        let map: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_str().unwrap_or("").to_owned())))
            .collect();
        let mut res = axum::response::IntoResponse::into_response(axum::Json(serde_json::Value::Object(map)));
        for c in [
            "puente_session=stolen; Path=/",
            "__Host-puente_csrf=x; Path=/; Secure",
            "theirs=1; Domain=localhost; Path=/",
            "_xsrf=fine; Path=/",
        ] {
            res.headers_mut().append("set-cookie", c.parse().unwrap());
        }
        res
    });
    tokio::spawn(async move { axum::serve(listener, echo).await.unwrap() });
    sqlx::query("UPDATE notebook_servers SET endpoint = $1 WHERE server_key = $2")
        .bind(format!("http://{echo_addr}"))
        .bind(&key)
        .execute(&app.pool)
        .await
        .unwrap();
    let res = app
        .nb_client
        .get(app.nb_url(&format!("/user/{key}/api/status")))
        .header("Cookie", &nb_cookie)
        .header("X-Real-Ip", "10.0.0.1")
        .header("Forwarded", "for=10.0.0.1")
        .header("X-Forwarded-For", "10.0.0.1")
        .header("X-Puente-Proxy-Secret", "guess")
        .send()
        .await
        .unwrap();
    let set: Vec<String> =
        res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert_eq!(set, vec!["_xsrf=fine; Path=/".to_owned()], "only the notebook's own host-only cookies pass");
    let seen: serde_json::Value = res.json().await.unwrap();
    for h in ["x-real-ip", "forwarded", "x-forwarded-for", "x-puente-proxy-secret"] {
        assert!(seen.get(h).is_none(), "{h} reached the notebook server: {seen}");
    }
    app.stop_notebooks().await;
    app.stop().await.unwrap();
}

/// Waits until the WebSocket is closed (by Puente), at most 5 s.
async fn closed(ws: &mut tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>) -> bool {
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await
    .is_ok()
}

async fn revocation_reaches_open_notebooks_at_once(engine: Engine) {
    let (app, smtp) = app_with_smtp(
        engine,
        &[("PUENTE_NOTEBOOK_ADMIN_ACCESS", "true"), ("PUENTE_RATE_ACCOUNT_PER_15_MIN", "50")],
    )
    .await;
    let (phone, _) = learner(&app, &smtp, "ana@uni.example").await;
    let laptop = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let (key, ticket) = launch_and_wait(&app, &phone).await;
    // Ending one session (the lost phone) from another closes that session's notebook at once.
    let (_, mut ws) = kernel(&app, &key, &ticket).await;
    let page = crate::accounts::get(&app, "/es/account", Some(&laptop)).await.text().await.unwrap();
    let prefix = page
        .split("/es/account/sessions/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("the other session can be ended")
        .to_owned();
    assert_eq!(
        post(&app, &format!("/es/account/sessions/{prefix}/end"), &[], Some(&laptop)).await.status().as_u16(),
        303
    );
    assert!(closed(&mut ws).await, "ending a session closes its notebook WebSockets");

    // A password change closes the other sessions' notebooks.
    let (_, ticket) = launch_and_wait(&app, &laptop).await;
    let (_, mut ws) = kernel(&app, &key, &ticket).await;
    let third = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let res = post(
        &app,
        "/es/account/password",
        &[("current", PASSWORD), ("new", "otra frase bastante larga")],
        Some(&third),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(closed(&mut ws).await, "a password change closes the other sessions' notebooks");

    // An admin helping Ana loses the way in the moment the admin role goes.
    let admin = admin_session(&app, &smtp, "admin@uni.example").await;
    let (_, admin_ticket) = {
        let page = crate::accounts::get(&app, &format!("/es/notebooks/{key}"), Some(&admin))
            .await
            .text()
            .await
            .unwrap();
        let t = page.split("name=\"ticket\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        (key.clone(), t)
    };
    let (_, mut ws) = kernel(&app, &key, &admin_ticket).await;
    let other_admin = admin_session(&app, &smtp, "admin2@uni.example").await;
    let admin_id: (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'admin@uni.example'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let res = post(
        &app,
        &format!("/es/admin/users/{}/role", admin_id.0),
        &[("role", "admin"), ("grant", "no")],
        Some(&other_admin),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(closed(&mut ws).await, "a demoted admin's notebook access ends at once");
    app.stop_notebooks().await;
    app.stop().await.unwrap();
}

async fn deleting_an_account_deletes_its_workspace(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let (cookie, ana) = learner(&app, &smtp, "ana@uni.example").await;
    launch_and_wait(&app, &cookie).await;
    assert!(home(&app, ana).exists());
    let res =
        post(&app, "/es/account/delete", &[("password", PASSWORD), ("confirm", "yes")], Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(!home(&app, ana).exists(), "the workspace went with the account");
    let uid = uid_of(&app, ana);
    let left = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| std::fs::metadata(e.path()).map(|m| m.uid() == uid).unwrap_or(false))
        .count();
    assert_eq!(left, 0, "no process of hers is left");
    app.stop().await.unwrap();
}

/// A notebook server's answers are capped and its clock is not believed.
#[tokio::test]
async fn what_a_notebook_server_says_is_checked() {
    use axum::routing::get;
    let big = "x".repeat(200 * 1024);
    let router = axum::Router::new()
        .route(
            "/user/u1-python/api/status",
            get(|| async {
                axum::Json(serde_json::json!({"last_activity": "2099-01-01T00:00:00Z", "kernels": 1}))
            }),
        )
        .route(
            "/user/u1-python/api/kernels",
            get(|| async {
                axum::Json(
                    serde_json::json!([{"execution_state": "idle", "last_activity": "2098-01-01T00:00:00Z"}]),
                )
            }),
        )
        .route(
            "/user/u2-python/api/status",
            get(move || {
                let big = big.clone();
                async move { format!("{{\"last_activity\": \"{big}\"}}") }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let jupyter = app::notebooks::jupyter::Jupyter::new();
    let endpoint = format!("http://{addr}");
    let now = app::kernel::clock::now();
    let a = jupyter.activity(&endpoint, "/user/u1-python/", "t", now).await.unwrap();
    assert_eq!(a.last_activity, now, "a time in the future counts as now, no later");
    assert!(!a.busy);
    let err = jupyter.activity(&endpoint, "/user/u2-python/", "t", now).await.unwrap_err();
    assert!(format!("{err:#}").contains("too large"), "{err:#}");
}

both_engines!(
    a_planted_symlink_never_leads_puente_outside_the_workspace,
    one_learner_cannot_reach_another_or_puente,
    puentes_own_files_are_its_alone,
    each_server_is_its_own_origin,
    upstream_cookies_and_forwarding_headers_are_filtered,
    revocation_reaches_open_notebooks_at_once,
    deleting_an_account_deletes_its_workspace,
);

//! Nothing acknowledged is lost: Puente killed with SIGKILL under concurrent writes on SQLite
//! keeps every write it answered with success; PostgreSQL restarted under traffic makes
//! `/readyz` answer 503 while it is down, and Puente recovers by itself.

use crate::helpers::{jupyter, random_suffix, spawn_app_on, TempDir};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "tres tristes tigres";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

async fn post(
    c: &reqwest::Client,
    base: &str,
    path: &str,
    pairs: &[(&str, &str)],
    cookie: Option<&str>,
) -> Option<reqwest::Response> {
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    let mut req = c
        .post(format!("{base}{path}"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", base)
        .body(body);
    if let Some(cookie) = cookie {
        req = req.header("Cookie", format!("puente_session={cookie}"));
    }
    req.send().await.ok()
}

fn session_of(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("puente_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .filter(|v| !v.is_empty())
}

fn signup_form(email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Ana".into()),
        ("email", email.into()),
        ("password", PASSWORD.into()),
        ("locale", "es".into()),
        ("country", "MX".into()),
        ("institution", "UNAM".into()),
        ("conduct", "yes".into()),
    ]
}

/// Kills every process whose command line mentions `dir` (notebook servers outlive Puente).
fn kill_mentioning(dir: &Path) {
    let needle = dir.display().to_string();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let cmd = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmd).contains(&needle) {
            let _ =
                nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
        }
    }
}

/// Puente as a process of its own on a SQLite file in `dir`, ready: (child, base URL, database URL).
async fn spawn_puente(dir: &TempDir) -> (std::process::Child, String, String) {
    let db = dir.0.join("db/puente.db");
    let url = format!("sqlite://{}", db.display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_puente"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("PUENTE_JUPYTER", jupyter())
        .env("PUENTE_NOTEBOOK_DIR", dir.0.join("notebooks"))
        .env("PUENTE_SECRET_KEY_FILE", dir.0.join("keys/secret.key"))
        .env("PUENTE_NOTEBOOK_UID_BASE", (3_000_000 + (rand::random::<u32>() % 100_000) * 1_000).to_string())
        .env("PUENTE_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content"))
        .env("PUENTE_SITE_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"))
        .env("PUENTE_RATE_IP_PER_MINUTE", "100000")
        .env("PUENTE_RATE_ACCOUNT_PER_15_MIN", "100000")
        .env("PUENTE_LOG", "error")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let c = client();
    let started = Instant::now();
    while c.get(format!("{base}/readyz")).send().await.map(|r| r.status() != 200).unwrap_or(true) {
        assert!(started.elapsed() < Duration::from_secs(30), "puente did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (child, base, url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_under_concurrent_writes_loses_no_acknowledged_write() {
    let dir = TempDir::new();
    let (mut child, base, url) = spawn_puente(&dir).await;
    let c = client();

    // Learners with sessions, verified directly in the database (WAL: readers and one writer).
    let side = sqlx::AnyPool::connect(&url).await.unwrap();
    let mut cookies = Vec::new();
    for i in 0..4 {
        let email = format!("learner{i}@uni.example");
        let form = signup_form(&email);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(post(&c, &base, "/es/signup", &pairs, None).await.unwrap().status(), 303);
        sqlx::query("UPDATE users SET email_verified_at = 1 WHERE email = $1")
            .bind(&email)
            .execute(&side)
            .await
            .unwrap();
        let res =
            post(&c, &base, "/es/login", &[("email", &email), ("password", PASSWORD)], None).await.unwrap();
        cookies.push(session_of(&res).unwrap());
    }

    // Concurrent writers, each remembering what was acknowledged.
    let signed_up = Arc::new(Mutex::new(Vec::<String>::new()));
    // (learner, round, episode, done, acknowledged)
    let progressed = Arc::new(Mutex::new(Vec::<(usize, usize, &'static str, bool, bool)>::new()));
    let launched = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for w in 0..3 {
        let (c, base, signed_up) = (c.clone(), base.clone(), signed_up.clone());
        tasks.push(tokio::spawn(async move {
            for k in 0.. {
                let email = format!("w{w}-{k}@uni.example");
                let form = signup_form(&email);
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                match post(&c, &base, "/es/signup", &pairs, None).await {
                    Some(r) if r.status() == 303 => signed_up.lock().unwrap().push(email),
                    Some(_) => {}
                    None => break,
                }
            }
        }));
    }
    let episodes = [
        "01-what-is-a-cluster",
        "02-the-shell",
        "03-moving-data",
        "04-software-environments",
        "05-jupyter-on-the-cluster",
        "06-slurm",
        "07-notebook-to-batch",
        "08-fair-data",
    ];
    for (u, cookie) in cookies.iter().enumerate() {
        let (c, base, cookie, progressed) = (c.clone(), base.clone(), cookie.clone(), progressed.clone());
        tasks.push(tokio::spawn(async move {
            for round in 0.. {
                let ep = episodes[round % episodes.len()];
                let done = (round / episodes.len()).is_multiple_of(2);
                let path = format!("/es/courses/desktop-to-cluster/{ep}/done");
                let at = {
                    let mut p = progressed.lock().unwrap();
                    p.push((u, round, ep, done, false));
                    p.len() - 1
                };
                match post(&c, &base, &path, &[("done", if done { "yes" } else { "no" })], Some(&cookie))
                    .await
                {
                    Some(r) if r.status() == 303 => progressed.lock().unwrap()[at].4 = true,
                    Some(_) => {}
                    None => break,
                }
            }
        }));
    }
    for cookie in cookies.iter().take(2) {
        let (c, base, cookie, launched) = (c.clone(), base.clone(), cookie.clone(), launched.clone());
        tasks.push(tokio::spawn(async move {
            let pairs = [("course", "desktop-to-cluster"), ("episode", "06-slurm")];
            if let Some(r) = post(&c, &base, "/es/notebooks/launch", &pairs, Some(&cookie)).await {
                if r.status() == 303 {
                    let to = r.headers()["location"].to_str().unwrap().to_owned();
                    launched
                        .lock()
                        .unwrap()
                        .push(to.trim_start_matches("/es/notebooks/").trim_end_matches("?go=1").to_owned());
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(35), t).await;
    }
    kill_mentioning(&dir.0);

    // Every acknowledged write is in the database.
    let signed_up = signed_up.lock().unwrap().clone();
    let progressed = progressed.lock().unwrap().clone();
    let launched = launched.lock().unwrap().clone();
    assert!(
        !signed_up.is_empty() && progressed.iter().any(|p| p.4) && !launched.is_empty(),
        "the writers got answers"
    );
    let users: HashSet<String> = sqlx::query_as::<_, (String,)>("SELECT email FROM users")
        .fetch_all(&side)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.0)
        .collect();
    let outbox: HashSet<String> = sqlx::query_as::<_, (String,)>("SELECT to_address FROM outbox")
        .fetch_all(&side)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.0)
        .collect();
    for email in &signed_up {
        assert!(users.contains(email), "{email} was acknowledged but is gone");
        assert!(outbox.contains(email), "{email}'s confirmation email was acknowledged but is gone");
    }
    // For each (learner, episode) the stored state is the last acknowledged one, or one that was
    // sent after it and was still in flight at the kill; never an older one.
    let mut checked = 0;
    for u in 0..cookies.len() {
        for ep in episodes {
            let sent: Vec<_> = progressed.iter().filter(|p| p.0 == u && p.2 == ep).collect();
            let Some(last_ack) = sent.iter().rposition(|p| p.4) else { continue };
            let allowed: HashSet<bool> = sent[last_ack..].iter().map(|p| p.3).collect();
            let email = format!("learner{u}@uni.example");
            let row: Option<(Option<i64>,)> = sqlx::query_as(
                "SELECT p.done_at FROM lesson_progress p JOIN users u ON u.id = p.user_id WHERE u.email = $1 AND p.episode = $2",
            )
            .bind(&email)
            .bind(ep)
            .fetch_optional(&side)
            .await
            .unwrap();
            let stored = row
                .map(|r| r.0.is_some())
                .unwrap_or_else(|| panic!("{email} {ep}: acknowledged progress is gone"));
            assert!(
                allowed.contains(&stored),
                "{email} {ep}: stored {stored}, acknowledged {:?}",
                sent[last_ack]
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
    let keys: HashSet<String> = sqlx::query_as::<_, (String,)>("SELECT server_key FROM notebook_servers")
        .fetch_all(&side)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.0)
        .collect();
    for key in &launched {
        assert!(keys.contains(key), "the acknowledged launch {key} is gone");
    }
    side.close().await;
}

/// Killing Puente while secret ballots are being cast: every ballot it acknowledged (with a
/// receipt) is stored, exactly once, and every stored ballot has its voter on the roll.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_while_ballots_are_cast_keeps_each_acknowledged_ballot_once() {
    let dir = TempDir::new();
    let (mut child, base, url) = spawn_puente(&dir).await;
    let side = sqlx::AnyPool::connect(&url).await.unwrap();
    let now = app::kernel::clock::now();
    // 400 members with sessions, and an open secret poll whose electorate they are.
    let mut tx = app::kernel::db::begin(&side).await.unwrap();
    let mut cookies = Vec::new();
    for i in 0..400 {
        let (user,): (i64,) = sqlx::query_as(
            "INSERT INTO users (email, display_name, locale, email_verified_at, conduct_version, created_at) \
             VALUES ($1, 'Votante', 'es', $2, $3, $2) RETURNING id",
        )
        .bind(format!("v{i}@uni.example"))
        .bind(now)
        .bind(app::accounts::CONDUCT_VERSION)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'member', $2)")
            .bind(user)
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
        let token = app::kernel::tokens::new_token();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, \
             remember, privilege_epoch, mfa_completed) VALUES ($1, $2, $3, $3, $4, $4, 0, 0, 0)",
        )
        .bind(app::kernel::tokens::hash_token(&token))
        .bind(user)
        .bind(now)
        .bind(now + 86_400)
        .execute(&mut *tx)
        .await
        .unwrap();
        cookies.push(token);
    }
    let proposal =
        app::governance::store::insert_proposal(&mut tx, "p", "Propuesta", "Texto.", 1, now).await.unwrap();
    let input = app::governance::store::PollInput {
        title: "¿Cuál?".into(),
        kind: app::governance::tally::Kind::Approval,
        options: vec!["A".into(), "B".into(), "C".into()],
        seats: 1,
        pass: app::governance::tally::PassRule::Majority,
        quorum_pct: 0,
        anonymous: true,
        hide_results: true,
        rule: app::governance::types::Rule::members(),
        opens_at: now - 60,
        closes_at: now + 86_400,
    };
    let poll = app::governance::store::insert_poll(&mut tx, proposal, &input, 1, now).await.unwrap();
    tx.commit().await.unwrap();
    assert!(app::governance::service::open(&side, &base, poll).await.unwrap());

    // Voters cast concurrently (some twice at once); each keeps the receipt it was shown.
    let c = client();
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let cookies = Arc::new(cookies);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (c, base, acknowledged, next, cookies) =
            (c.clone(), base.clone(), acknowledged.clone(), next.clone(), cookies.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= cookies.len() * 2 {
                    break;
                }
                let cookie = &cookies[i / 2];
                let pairs = [("approve-0", "yes"), ("approve-2", "yes"), ("confirm", "yes")];
                let path = format!("/es/governance/polls/{poll}/vote");
                let Some(r) = post(&c, &base, &path, &pairs, Some(cookie)).await else { break };
                if r.status() != 200 {
                    continue;
                }
                let Ok(page) = r.text().await else { break };
                if let Some(code) =
                    page.split("<strong class=\"code\">").nth(1).and_then(|s| s.split('<').next())
                {
                    acknowledged.lock().unwrap().push(code.to_owned());
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(35), t).await;
    }
    kill_mentioning(&dir.0);
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(!acknowledged.is_empty(), "some ballots were acknowledged before the kill");
    let stored: HashSet<String> = sqlx::query_as::<_, (String,)>("SELECT receipt_hash FROM gov_ballots")
        .fetch_all(&side)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.0)
        .collect();
    for code in &acknowledged {
        let hash = app::governance::service::receipt_hash(poll, code);
        assert!(stored.contains(&hash), "the acknowledged ballot {code} is gone");
    }
    let (ballots,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM gov_ballots").fetch_one(&side).await.unwrap();
    let (roll,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM gov_voters").fetch_one(&side).await.unwrap();
    assert_eq!(ballots, roll, "one ballot per voter on the roll, none twice");
    assert!(ballots as usize >= acknowledged.len());
    side.close().await;
}

/// A PostgreSQL cluster of this test's own, started and stopped as `postgres`.
struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

impl Postgres {
    fn ctl(&self, args: &[&str]) -> bool {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", &self.dir.join("data").display().to_string(), "-w"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    fn start(&self) {
        let opts =
            format!("-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off", self.port, self.dir.display());
        assert!(
            self.ctl(&["-l", &self.dir.join("log").display().to_string(), "-o", &opts, "start"]),
            "pg_ctl start"
        );
    }

    fn stop(&self) {
        self.ctl(&["-m", "fast", "stop"]);
    }

    fn new() -> Postgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .unwrap()
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|p| p.join("initdb").exists())
            .max()
            .expect("PostgreSQL is installed (scripts/setup.sh --for-tests)");
        let dir = std::env::temp_dir().join(format!("puente-pg-restart-{}", random_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        let pg = nix::unistd::User::from_name("postgres").unwrap().unwrap();
        nix::unistd::chown(&dir, Some(pg.uid), Some(pg.gid)).unwrap();
        let ok = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(bin.join("initdb"))
            .args([
                "-D",
                &dir.join("data").display().to_string(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "initdb");
        let p = Postgres { bin, dir, port: free_port() };
        p.start();
        p
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn postgres_restarting_under_traffic_is_survived() {
    let pg = Postgres::new();
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", pg.port);
    let app = spawn_app_on(&url, &[]).await;
    let ready = |app: &crate::helpers::TestApp| {
        let c = app.client.clone();
        let u = app.url("/readyz");
        async move { c.get(u).send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
    };
    assert_eq!(ready(&app).await, 200);
    // Traffic all along: page views.
    let traffic = {
        let (c, u) = (app.client.clone(), app.url("/es/courses"));
        tokio::spawn(async move {
            loop {
                let _ = c.get(&u).send().await;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    pg.stop();
    let t = Instant::now();
    while ready(&app).await != 503 {
        assert!(t.elapsed() < Duration::from_secs(15), "/readyz kept answering 200 with the database down");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    pg.start();
    let t = Instant::now();
    while ready(&app).await != 200 {
        assert!(t.elapsed() < Duration::from_secs(30), "Puente did not recover by itself");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // And it writes again.
    let form = signup_form("after.restart@uni.example");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let base = format!("http://{}", app.addr);
    assert_eq!(post(&app.client, &base, "/es/signup", &pairs, None).await.unwrap().status(), 303);
    traffic.abort();
    app.stop().await.unwrap();
}

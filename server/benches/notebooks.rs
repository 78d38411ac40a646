//! Notebook benchmarks against the real local back-end (real `jupyter-server` processes from the
//! venv scripts/setup.sh makes, or `PUENTE_JUPYTER`), with Puente running in this process on a
//! fresh SQLite database. Prints numbers; asserts only what it needs to measure.
//!
//! 1. Launch to kernel ready: click "launch" → progress page offers a ticket → enter the notebook
//!    origin → create a kernel → its channels WebSocket answers `kernel_info_request`. Each launch
//!    is a cold start (the server is stopped before the next one). `PUENTE_BENCH_LAUNCHES`, default 12.
//! 2. Proxy overhead, HTTP and WebSocket, against the same server reached directly with its token.
//! 3. Leaks: file descriptors and RSS of this process (Puente runs in it) around 1,000 WebSocket
//!    connect/round-trip/close cycles through the proxy, and the proxy's socket registry.
//!
//! Run with `cargo bench -p puente --bench notebooks` (bench/notebooks.sh).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures::{SinkExt, StreamExt};
use puente::config::Config;
use puente::Application;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

type Ws = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

const EPISODE: [(&str, &str); 2] = [("course", "desktop-to-cluster"), ("episode", "06-slurm")];
const EMAIL: &str = "bench@uni.example";
const PASSWORD: &str = "tres tristes tigres";
const HTTP_REQUESTS: usize = 500;
const WS_ROUND_TRIPS: usize = 500;
const WARM_UP: usize = 50;
const WS_CYCLES: usize = 1_000;

/// The bench's folder (database, workspaces): removed at the end, and any process started under
/// it killed, even when the bench panics half-way.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> TempDir {
        use rand::RngCore;
        let mut b = [0u8; 8];
        rand::rng().fill_bytes(&mut b);
        let suffix: String = b.iter().map(|x| format!("{x:02x}")).collect();
        let dir = std::env::temp_dir().join(format!("puente-bench-{suffix}"));
        std::fs::create_dir_all(&dir).unwrap();
        // The notebook account (when running as root) must traverse it to reach its workspace.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        TempDir(dir)
    }

    /// Processes whose command line names this folder (jupyter-server and its kernels).
    fn processes(&self) -> Vec<(i32, String)> {
        let dir = self.0.display().to_string();
        let mut found = Vec::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
            let cmd = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.contains(&dir) {
                found.push((pid, cmd.chars().take(120).collect()));
            }
        }
        found
    }

    fn kill_all(&self) {
        for (pid, _) in self.processes() {
            let _ =
                nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        self.kill_all();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The jupyter-server of the environment scripts/setup.sh makes (or `PUENTE_JUPYTER`).
fn jupyter() -> String {
    if let Ok(j) = std::env::var("PUENTE_JUPYTER") {
        return j;
    }
    use sha2::Digest;
    let reqs =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/jupyter-requirements.txt")).unwrap();
    let hash: String = sha2::Sha256::digest(&reqs).iter().map(|b| format!("{b:02x}")).collect();
    let cache = std::env::var("PUENTE_CACHE").unwrap_or_else(|_| "/var/cache/puente".to_owned());
    format!("{cache}/jupyter-{}/bin/jupyter-server", &hash[..12])
}

struct Bench {
    addr: SocketAddr,
    /// Puente's origin, no redirects followed.
    client: reqwest::Client,
    /// The notebook origin (`nb.localhost`) resolved to this app's port.
    nb_client: reqwest::Client,
    nb_origin: String,
    pool: sqlx::AnyPool,
    notebooks: Arc<app::notebooks::service::Notebooks>,
    session: String,
}

impl Bench {
    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn post(&self, path: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        self.client
            .post(self.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", self.origin())
            .header("Cookie", format!("puente_session={}", self.session))
            .body(body)
            .send()
            .await
            .unwrap()
    }

    async fn page(&self, path: &str) -> String {
        let res = self
            .client
            .get(self.url(path))
            .header("Cookie", format!("puente_session={}", self.session))
            .send()
            .await
            .unwrap();
        res.text().await.unwrap()
    }

    /// Clicks "launch" and polls the progress page every 50 ms until it offers a ticket.
    async fn launch_and_ticket(&self) -> (String, String) {
        let res = self.post("/es/notebooks/launch", &EPISODE).await;
        assert_eq!(res.status().as_u16(), 303, "launch: {:?}", res.text().await);
        let to = res.headers()["location"].to_str().unwrap().to_owned();
        let key = to.trim_start_matches("/es/notebooks/").trim_end_matches("?go=1").to_owned();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let page = self.page(&format!("/es/notebooks/{key}")).await;
            if let Some(ticket) = page.split("name=\"ticket\" value=\"").nth(1) {
                return (key, ticket.split('"').next().unwrap().to_owned());
            }
            assert!(!page.contains("role=\"alert\""), "the launch failed: {page}");
            assert!(Instant::now() < deadline, "not ready in 120 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Spends a ticket on the notebook origin; returns the credential cookie (`name=value`).
    async fn enter(&self, key: &str, ticket: &str) -> String {
        let res = self
            .nb_client
            .post(format!("{}/_puente/enter", self.origin_of(key)))
            .header("Origin", self.origin())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("ticket={ticket}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303, "enter: {:?}", res.text().await);
        let set_cookie = res.headers()["set-cookie"].to_str().unwrap();
        set_cookie.split(';').next().unwrap().to_owned()
    }

    /// The origin of one notebook server.
    fn origin_of(&self, key: &str) -> String {
        app::notebooks::pages::server_origin(&self.nb_origin, key)
    }

    /// Starts a kernel through the proxy; returns its id.
    async fn new_kernel(&self, key: &str, nb_cookie: &str) -> String {
        let res = self
            .nb_client
            .post(format!("{}/user/{key}/api/kernels", self.origin_of(key)))
            .header("Cookie", nb_cookie)
            .header("Origin", self.origin_of(key))
            .json(&serde_json::json!({"name": "python3"}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "kernel: {}", res.status());
        let kernel: serde_json::Value = res.json().await.unwrap();
        kernel["id"].as_str().expect("a kernel id").to_owned()
    }

    /// A kernel's channels WebSocket through the proxy.
    async fn ws_proxied(&self, path: &str, nb_cookie: &str) -> Ws {
        let origin = self.origin_of(path.split('/').nth(2).unwrap_or_default());
        let url = format!("{}{}", origin.replace("http://", "ws://"), path);
        let mut req = url.into_client_request().unwrap();
        req.headers_mut().insert("Cookie", nb_cookie.parse().unwrap());
        req.headers_mut().insert("Origin", origin.parse().unwrap());
        let tcp = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        tcp.set_nodelay(true).unwrap();
        tokio_tungstenite::client_async(req, tcp).await.unwrap().0
    }

    async fn stop(&self, key: &str) {
        let res = self.post(&format!("/es/notebooks/{key}/stop"), &[]).await;
        assert_eq!(res.status().as_u16(), 303, "stop: {:?}", res.text().await);
    }
}

/// The same channels WebSocket straight to the notebook server, with its token.
async fn ws_direct(endpoint: &str, path: &str, token: &str) -> Ws {
    let base = url::Url::parse(endpoint).unwrap();
    let host = base.host_str().unwrap().to_owned();
    let port = base.port().unwrap();
    let mut req = format!("ws://{host}:{port}{path}").into_client_request().unwrap();
    req.headers_mut().insert("Authorization", format!("token {token}").parse().unwrap());
    let tcp = tokio::net::TcpStream::connect((host.as_str(), port)).await.unwrap();
    tcp.set_nodelay(true).unwrap();
    tokio_tungstenite::client_async(req, tcp).await.unwrap().0
}

fn kernel_info_request(msg_id: &str) -> String {
    serde_json::json!({
        "header": {"msg_id": msg_id, "username": "bench", "session": "bench", "msg_type": "kernel_info_request",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "content": {}
    })
    .to_string()
}

/// Sends a `kernel_info_request` and waits for its reply (other messages, such as the status
/// broadcasts on iopub, are skipped).
async fn kernel_info(ws: &mut Ws, msg_id: &str) {
    ws.send(Message::Text(kernel_info_request(msg_id).into())).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let msg =
            tokio::time::timeout_at(deadline.into(), ws.next()).await.expect("a kernel_info_reply in time");
        match msg {
            Some(Ok(Message::Text(text))) => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                if v["header"]["msg_type"] == "kernel_info_reply" && v["parent_header"]["msg_id"] == msg_id {
                    assert_eq!(v["content"]["status"], "ok", "{v}");
                    return;
                }
            }
            Some(Ok(_)) => {}
            other => panic!("the kernel WebSocket ended: {other:?}"),
        }
    }
}

/// Sends a ping frame and waits for its pong (kernel messages still arriving are skipped).
async fn ping(ws: &mut Ws, i: usize) {
    let payload = format!("ping-{i}").into_bytes();
    ws.send(Message::Ping(payload.clone().into())).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let msg = tokio::time::timeout_at(deadline.into(), ws.next()).await.expect("a pong in time");
        match msg {
            Some(Ok(Message::Pong(p))) if p[..] == payload[..] => return,
            Some(Ok(_)) => {}
            other => panic!("the kernel WebSocket ended: {other:?}"),
        }
    }
}

/// Closes a WebSocket cleanly: Close frame, then read until the other side has closed too.
async fn close(mut ws: Ws) {
    let _ = ws.close(None).await;
    let _ =
        tokio::time::timeout(Duration::from_secs(5), async { while let Some(Ok(_)) = ws.next().await {} })
            .await;
}

fn sorted(mut v: Vec<Duration>) -> Vec<Duration> {
    v.sort();
    v
}

/// Nearest-rank percentile of sorted samples.
fn pct(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn mean(v: &[Duration]) -> Duration {
    v.iter().sum::<Duration>() / u32::try_from(v.len()).unwrap()
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn fds_of(pid: &str) -> Option<usize> {
    Some(std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count())
}

fn rss_kib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::main]
async fn main() {
    let launches: usize =
        std::env::var("PUENTE_BENCH_LAUNCHES").ok().and_then(|v| v.parse().ok()).unwrap_or(12).max(1);
    let dir = TempDir::new();
    let jupyter = jupyter();
    assert!(
        std::path::Path::new(&jupyter).is_file(),
        "{jupyter} does not exist: run scripts/setup.sh or set PUENTE_JUPYTER"
    );

    // ---- Puente, in this process ----
    let mut env: HashMap<String, String> = HashMap::new();
    for (k, v) in [
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", format!("sqlite://{}/db/puente.db", dir.0.display())),
        ("PUENTE_LOG", "warn".to_owned()),
        ("PUENTE_SITE_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_owned()),
        ("PUENTE_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content").to_owned()),
        ("PUENTE_JUPYTER", jupyter.clone()),
        ("PUENTE_NOTEBOOK_DIR", dir.0.join("notebooks").display().to_string()),
        ("PUENTE_SECRET_KEY_FILE", dir.0.join("keys/secret.key").display().to_string()),
        ("PUENTE_NOTEBOOK_CULL_EVERY", "1h".to_owned()),
        ("PUENTE_RATE_IP_PER_MINUTE", "100000".to_owned()),
        ("PUENTE_RATE_ACCOUNT_PER_15_MIN", "100000".to_owned()),
    ] {
        env.insert(k.to_owned(), v);
    }
    let config = Config::from_sources(&env).unwrap();
    puente::telemetry::init(&config.log_filter, config.log_format);
    let app = Application::build(config).await.unwrap();
    let addr = app.addr();
    let pool = app.pool();
    let notebooks = app.notebooks();
    let nb_origin = notebooks.settings.origin.clone();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stop_rx.await;
    }));
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().unwrap();
    let nb_client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(std::sync::Arc::new(Loopback(addr)))
        .no_proxy()
        .tcp_nodelay(true)
        .build()
        .unwrap();

    // ---- A verified learner (no email round trip), logged in through the real form ----
    let hash = app::accounts::password::hash(PASSWORD.to_owned()).await.unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, locale, conduct_version, email_verified_at, created_at) \
         VALUES ($1, 'Bench', $2, 'es', $3, $4, $4)",
    )
    .bind(EMAIL)
    .bind(&hash)
    .bind(app::accounts::CONDUCT_VERSION)
    .bind(now)
    .execute(&pool)
    .await
    .unwrap();
    let login = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("email", EMAIL), ("password", PASSWORD), ("next", "/es/account")])
        .finish();
    let res = client
        .post(format!("http://{addr}/es/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", format!("http://{addr}"))
        .body(login)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303, "login");
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("puente_session="))
        .and_then(|v| v.split(';').next())
        .and_then(|kv| kv.split_once('=').map(|(_, v)| v.to_owned()))
        .expect("a session cookie");
    let b = Bench { addr, client, nb_client, nb_origin, pool, notebooks, session };

    println!("== notebooks, local back-end (jupyter-server {jupyter}) ==");

    // ---- 1. Launch to kernel ready, cold each time ----
    let mut total = Vec::new();
    let mut to_ticket = Vec::new();
    let mut to_kernel = Vec::new();
    let mut to_reply = Vec::new();
    let mut stops = Vec::new();
    let mut leftovers = 0;
    for i in 0..launches {
        let t0 = Instant::now();
        let (key, ticket) = b.launch_and_ticket().await;
        let t_ticket = t0.elapsed();
        let nb_cookie = b.enter(&key, &ticket).await;
        let kid = b.new_kernel(&key, &nb_cookie).await;
        let t_kernel = t0.elapsed();
        let mut ws = b.ws_proxied(&format!("/user/{key}/api/kernels/{kid}/channels"), &nb_cookie).await;
        kernel_info(&mut ws, &format!("ready-{i}")).await;
        let t1 = t0.elapsed();
        close(ws).await;
        total.push(t1);
        to_ticket.push(t_ticket);
        to_kernel.push(t_kernel - t_ticket);
        to_reply.push(t1 - t_kernel);
        println!(
            "  launch {:>2}: {} (server ready {}, kernel created +{}, kernel_info_reply +{})",
            i + 1,
            secs(t1),
            secs(t_ticket),
            secs(t_kernel - t_ticket),
            secs(t1 - t_kernel)
        );
        let s0 = Instant::now();
        b.stop(&key).await;
        stops.push(s0.elapsed());
        // Each launch must start cold: nothing of the last server may still run.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !dir.processes().is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let left = dir.processes();
        if !left.is_empty() {
            leftovers += left.len();
            println!("  ! {} process(es) still running 10 s after stop: {left:?}; killing them", left.len());
            dir.kill_all();
        }
    }
    let total_s = sorted(total);
    println!(
        "launch-to-kernel-ready ({launches} launches, local back-end): p50 {}, p95 {}, min {}, max {}",
        secs(pct(&total_s, 50.0)),
        secs(pct(&total_s, 95.0)),
        secs(total_s[0]),
        secs(total_s[total_s.len() - 1])
    );
    println!(
        "  of which (p50): launch to ticket {}, enter + kernel create {}, WebSocket + first kernel_info_reply {}",
        secs(pct(&sorted(to_ticket), 50.0)),
        secs(pct(&sorted(to_kernel), 50.0)),
        secs(pct(&sorted(to_reply), 50.0))
    );
    let stops = sorted(stops);
    println!(
        "stop (POST …/stop until the process is gone): p50 {}, max {}; processes left behind: {leftovers}",
        secs(pct(&stops, 50.0)),
        secs(stops[stops.len() - 1])
    );

    // ---- 2. Proxy overhead, one running server and kernel ----
    let (key, ticket) = b.launch_and_ticket().await;
    let nb_cookie = b.enter(&key, &ticket).await;
    let kid = b.new_kernel(&key, &nb_cookie).await;
    let row = app::notebooks::store::live_by_key(&b.pool, &key).await.unwrap().unwrap();
    let endpoint = row.endpoint.clone().unwrap();
    let token = row.token.clone();
    let jupyter_pid = row.handle.clone().unwrap_or_default();
    let status_path = format!("/user/{key}/api/status");
    let channels = format!("/user/{key}/api/kernels/{kid}/channels");

    let direct_client = reqwest::Client::builder().no_proxy().tcp_nodelay(true).build().unwrap();
    let direct_url = format!("{}{status_path}", endpoint.trim_end_matches('/'));
    let proxied_url = format!("{}{status_path}", b.origin_of(&key));
    let auth = format!("token {token}");
    let get_direct = || get_ok(direct_client.get(&direct_url).header("Authorization", &auth));
    let get_proxied = || get_ok(b.nb_client.get(&proxied_url).header("Cookie", &nb_cookie));
    for _ in 0..WARM_UP {
        get_direct().await;
        get_proxied().await;
    }
    let (mut direct, mut proxied) = (Vec::new(), Vec::new());
    // Interleaved, so drift on the machine affects both sides alike.
    for _ in 0..HTTP_REQUESTS {
        let t = Instant::now();
        get_direct().await;
        direct.push(t.elapsed());
        let t = Instant::now();
        get_proxied().await;
        proxied.push(t.elapsed());
    }
    report("proxy overhead HTTP GET /api/status", HTTP_REQUESTS, "requests", direct, proxied);

    // WebSocket: one socket at a time, so the other socket does not receive this one's iopub
    // status broadcasts. kernel_info round trips go through Jupyter and the kernel; ping/pong
    // frames are answered by Jupyter's WebSocket layer (tornado), so they show the transport alone.
    let (mut info, mut pings) = (Vec::new(), Vec::new());
    for proxy in [false, true] {
        let mut ws = if proxy {
            b.ws_proxied(&channels, &nb_cookie).await
        } else {
            ws_direct(&endpoint, &channels, &token).await
        };
        for i in 0..WARM_UP {
            kernel_info(&mut ws, &format!("warm-{proxy}-{i}")).await;
        }
        let mut v = Vec::new();
        for i in 0..WS_ROUND_TRIPS {
            let t = Instant::now();
            kernel_info(&mut ws, &format!("rt-{proxy}-{i}")).await;
            v.push(t.elapsed());
        }
        info.push(v);
        for i in 0..WARM_UP {
            ping(&mut ws, i).await;
        }
        let mut v = Vec::new();
        for i in 0..WS_ROUND_TRIPS {
            let t = Instant::now();
            ping(&mut ws, WARM_UP + i).await;
            v.push(t.elapsed());
        }
        pings.push(v);
        close(ws).await;
    }
    let proxied_ws = info.pop().unwrap();
    let direct_ws = info.pop().unwrap();
    report(
        "proxy overhead WebSocket kernel_info round trip",
        WS_ROUND_TRIPS,
        "round trips",
        direct_ws,
        proxied_ws,
    );
    let proxied_ws = pings.pop().unwrap();
    let direct_ws = pings.pop().unwrap();
    report(
        "proxy overhead WebSocket ping/pong round trip",
        WS_ROUND_TRIPS,
        "round trips",
        direct_ws,
        proxied_ws,
    );

    // ---- 3. Leaks around WebSocket connect/close cycles through the proxy ----
    let cycle = |i: usize| ws_cycle(&b, &channels, &nb_cookie, i);
    for i in 0..WARM_UP {
        cycle(i).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (fds0, rss0, sockets0, jfds0) =
        (open_fds(), rss_kib(), b.notebooks.open_sockets(), fds_of(&jupyter_pid));
    let t = Instant::now();
    for i in 0..WS_CYCLES {
        cycle(WARM_UP + i).await;
    }
    let took = t.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (fds1, rss1, sockets1, jfds1) =
        (open_fds(), rss_kib(), b.notebooks.open_sockets(), fds_of(&jupyter_pid));
    println!(
        "WebSocket connect + kernel_info + close through the proxy: {WS_CYCLES} cycles in {} ({:.1} ms per cycle)",
        secs(took),
        took.as_secs_f64() * 1e3 / WS_CYCLES as f64
    );
    println!(
        "leak check after {WS_CYCLES} cycles (+2 s): Puente process fds {fds0} -> {fds1} ({:+}), RSS {:.1} MiB -> {:.1} MiB ({:+.1} MiB), \
         open proxied sockets {sockets0} -> {sockets1}",
        fds1 as i64 - fds0 as i64,
        rss0 as f64 / 1024.0,
        rss1 as f64 / 1024.0,
        (rss1 - rss0) as f64 / 1024.0,
    );
    if let (Some(j0), Some(j1)) = (jfds0, jfds1) {
        println!("  jupyter-server (pid {jupyter_pid}) fds {j0} -> {j1} ({:+})", j1 as i64 - j0 as i64);
    }

    // ---- The end: stop every server, leave no process behind ----
    for row in app::notebooks::store::live(&b.pool).await.unwrap() {
        b.notebooks.stop(&row, "user").await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while !dir.processes().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let left = dir.processes();
    if left.is_empty() {
        println!("all notebook servers stopped; no jupyter process left");
    } else {
        println!("! {} process(es) left after stopping everything: {left:?}; killing them", left.len());
        dir.kill_all();
    }
    let _ = stop_tx.send(());
    server.await.unwrap().unwrap();
    println!("machine: {} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0));
}

/// One GET that must answer 200, body read.
async fn get_ok(req: reqwest::RequestBuilder) {
    let res = req.send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.bytes().await.unwrap();
}

/// Connect through the proxy, one kernel_info round trip, close cleanly.
async fn ws_cycle(b: &Bench, channels: &str, nb_cookie: &str, i: usize) {
    let mut ws = b.ws_proxied(channels, nb_cookie).await;
    kernel_info(&mut ws, &format!("cycle-{i}")).await;
    close(ws).await;
}

fn report(what: &str, n: usize, unit: &str, direct: Vec<Duration>, proxied: Vec<Duration>) {
    let (dm, pm) = (mean(&direct), mean(&proxied));
    let (d, p) = (sorted(direct), sorted(proxied));
    let (d50, p50) = (pct(&d, 50.0), pct(&p, 50.0));
    println!(
        "{what}: direct p50 {}, proxied p50 {}, ratio {:.2}x (+{} per request)",
        ms(d50),
        ms(p50),
        p50.as_secs_f64() / d50.as_secs_f64(),
        ms(p50.saturating_sub(d50)),
    );
    println!(
        "  ({n} sequential {unit} each, keep-alive) direct mean {} p95 {} min {}; proxied mean {} p95 {} min {}; \
         ratio of means {:.2}x",
        ms(dm),
        ms(pct(&d, 95.0)),
        ms(d[0]),
        ms(pm),
        ms(pct(&p, 95.0)),
        ms(p[0]),
        pm.as_secs_f64() / dm.as_secs_f64(),
    );
}

/// Resolves every name (each notebook server's `<key>.nb.localhost`) to the app's address.
struct Loopback(std::net::SocketAddr);

impl reqwest::dns::Resolve for Loopback {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let addr = self.0;
        Box::pin(async move { Ok(Box::new(std::iter::once(addr)) as reqwest::dns::Addrs) })
    }
}

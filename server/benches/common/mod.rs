//! What the page benchmarks share: Puente started in this process on a throwaway database, the
//! SQL statements counted, a signed-in session, and GET load with latency percentiles.

#![allow(dead_code)] // each benchmark uses its own part

use puente::config::Config;
use puente::Application;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer as _;

/// Whether statements are being counted: only while `statements` measures one page, so that
/// sqlx does not write out (format) a log line for every statement under load.
static COUNTING: AtomicBool = AtomicBool::new(false);

/// Counts the SQL statements sqlx runs (its `sqlx::query` events).
struct QueryCounter(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for QueryCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Logs warnings only, and counts SQL statements into the returned counter.
pub fn count_queries() -> Arc<AtomicUsize> {
    let queries = Arc::new(AtomicUsize::new(0));
    tracing_subscriber::registry()
        .with(
            QueryCounter(queries.clone()).with_filter(
                tracing_subscriber::filter::DynFilterFn::new(|m, _| {
                    m.target() == "sqlx::query" && COUNTING.load(Ordering::Relaxed)
                })
                .with_callsite_filter(|m| {
                    if m.target() == "sqlx::query" {
                        tracing::subscriber::Interest::sometimes()
                    } else {
                        tracing::subscriber::Interest::never()
                    }
                }),
            ),
        )
        .with(tracing_subscriber::fmt::layer().with_filter(tracing_subscriber::filter::LevelFilter::WARN))
        .init();
    queries
}

/// Requests per measurement: `PUENTE_BENCH_REQUESTS`, else `default`.
pub fn requests(default: usize) -> usize {
    std::env::var("PUENTE_BENCH_REQUESTS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Puente serving on 127.0.0.1 from this process.
pub struct Running {
    pub base: String,
    pub pool: sqlx::AnyPool,
    pub dir: std::path::PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

/// Starts Puente as the README's run command sets it up, on `database_url` (a SQLite file in a
/// throwaway folder when `None`), without rate limits (the load comes from one address).
pub async fn start(name: &str, database_url: Option<String>) -> Running {
    let dir = std::env::temp_dir().join(format!("puente-bench-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut env: HashMap<String, String> = HashMap::new();
    for (k, v) in [
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", database_url.unwrap_or_else(|| format!("sqlite://{}/db/puente.db", dir.display()))),
        ("PUENTE_SITE_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_owned()),
        ("PUENTE_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content").to_owned()),
        ("PUENTE_NOTEBOOK_DIR", dir.join("notebooks").display().to_string()),
        ("PUENTE_SECRET_KEY_FILE", dir.join("keys/secret.key").display().to_string()),
        ("PUENTE_RATE_IP_PER_MINUTE", "1000000".to_owned()),
        ("PUENTE_RATE_ACCOUNT_PER_15_MIN", "1000000".to_owned()),
    ] {
        env.insert(k.to_owned(), v);
    }
    // The default notebook back-end starts Jupyter from here (bench scripts set it).
    if let Ok(jupyter) = std::env::var("PUENTE_JUPYTER") {
        env.insert("PUENTE_JUPYTER".to_owned(), jupyter);
    }
    let app = Application::build(Config::from_sources(&env).unwrap()).await.unwrap();
    let (addr, pool) = (app.addr(), app.pool());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stop_rx.await;
    }));
    Running { base: format!("http://{addr}"), pool, dir, stop: Some(stop_tx), server: Some(server) }
}

impl Running {
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(s) = self.server.take() {
            let _ = s.await;
        }
        self.pool.close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A verified person (with a role, if any) and a signed-in session for them: (id, cookie value).
pub async fn person(
    tx: &mut app::kernel::db::Tx<'_>,
    email: &str,
    name: &str,
    role: Option<&str>,
) -> (i64, String) {
    let now = app::kernel::clock::now();
    let (user,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, display_name, locale, email_verified_at, conduct_version, totp_enabled_at, created_at) \
         VALUES ($1, $2, 'es', $3, $4, $3, $3) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(now)
    .bind(app::accounts::CONDUCT_VERSION)
    .fetch_one(&mut **tx)
    .await
    .unwrap();
    if let Some(role) = role {
        sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)")
            .bind(user)
            .bind(role)
            .bind(now)
            .execute(&mut **tx)
            .await
            .unwrap();
    }
    let token = app::kernel::tokens::new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, remember, \
         privilege_epoch, mfa_completed) VALUES ($1, $2, $3, $3, $4, $4, 0, 0, 1)",
    )
    .bind(app::kernel::tokens::hash_token(&token))
    .bind(user)
    .bind(now)
    .bind(now + 86_400)
    .execute(&mut **tx)
    .await
    .unwrap();
    (user, token)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().unwrap()
}

/// SQL statements and bytes of one GET (after one to warm caches).
pub async fn statements(
    client: &reqwest::Client,
    queries: &AtomicUsize,
    base: &str,
    path: &str,
    cookie: Option<&str>,
) -> (usize, usize) {
    let mut req = client.get(format!("{base}{path}"));
    if let Some(c) = cookie {
        req = req.header("Cookie", format!("puente_session={c}"));
    }
    req.try_clone().unwrap().send().await.unwrap().bytes().await.unwrap();
    COUNTING.store(true, Ordering::Relaxed);
    let before = queries.load(Ordering::Relaxed);
    let res = req.send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{path}");
    let body = res.bytes().await.unwrap();
    COUNTING.store(false, Ordering::Relaxed);
    // PUENTE_BENCH_SAVE=<folder> keeps each measured page, to look at what it weighs.
    if let Ok(dir) = std::env::var("PUENTE_BENCH_SAVE") {
        let name: String = path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.html")), &body).unwrap();
    }
    (queries.load(Ordering::Relaxed) - before, body.len())
}

pub const CONCURRENCY: usize = 8;

/// What the load's clients accept: `PUENTE_BENCH_ENCODING` (gzip by default; `br` as browsers
/// prefer it, `identity` for none).
pub fn encoding() -> String {
    std::env::var("PUENTE_BENCH_ENCODING").unwrap_or_else(|_| "gzip".to_owned())
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `n` GETs of `path` from `CONCURRENCY` clients at once; prints latencies and throughput and
/// returns the sorted latencies.
pub async fn load(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: Option<&str>,
    n: usize,
    label: &str,
) -> Vec<Duration> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, url, cookie, next) =
            (client.clone(), format!("{base}{path}"), cookie.map(str::to_owned), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let mut req = client.get(&url).header("Accept-Encoding", encoding());
                if let Some(c) = &cookie {
                    req = req.header("Cookie", format!("puente_session={c}"));
                }
                let t = Instant::now();
                let res = req.send().await.unwrap();
                assert_eq!(res.status().as_u16(), 200, "{url}");
                res.bytes().await.unwrap();
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    all.sort();
    println!(
        "{label}: {n} requests, {CONCURRENCY} at once, {}: {:.0} requests/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        encoding(),
        n as f64 / elapsed.as_secs_f64(),
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.95)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap()),
    );
    all
}

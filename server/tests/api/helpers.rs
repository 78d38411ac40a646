//! Starts the real Puente on port 0 with a fresh database per test, on SQLite or PostgreSQL.

use puente::config::Config;
use puente::Application;
use std::collections::HashMap;
use std::net::SocketAddr;
use tokio::sync::oneshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub database_url: String,
    pub pool: sqlx::AnyPool,
    pub notebooks: std::sync::Arc<app::notebooks::service::Notebooks>,
    /// The notebook origin, e.g. `http://nb.localhost:41234`.
    pub nb_origin: String,
    /// A client that reaches the notebook origin (nb.localhost) on this app's port.
    pub nb_client: reqwest::Client,
    /// Wakes this app's job worker.
    pub jobs_notify: std::sync::Arc<tokio::sync::Notify>,
    env: HashMap<String, String>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    dir: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request reaches the app")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }

    /// The origin of one notebook server (`http://<key>.nb.localhost:<port>`).
    pub fn nb_origin_of(&self, key: &str) -> String {
        app::notebooks::pages::server_origin(&self.nb_origin, key)
    }

    /// A URL on the origin of the server a `/user/<key>/…` path names.
    pub fn nb_url(&self, path: &str) -> String {
        let key = path.split('/').nth(2).unwrap_or_default();
        format!("{}{}", self.nb_origin_of(key), path)
    }

    /// A URL on one server's origin.
    /// The folder this app keeps its data in (database, notebooks).
    pub fn dir(&self) -> &std::path::Path {
        &self.dir.0
    }

    /// A setting this app was started with.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.env.get(key).map(String::as_str)
    }

    pub fn nb_url_for(&self, key: &str, path: &str) -> String {
        format!("{}{}", self.nb_origin_of(key), path)
    }

    /// Stops the server gracefully and waits for it (notebook servers keep running).
    pub async fn stop(mut self) -> anyhow::Result<()> {
        // Notebook servers outlive Puente by design; a finished test takes its own along.
        self.stop_notebooks().await;
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = match self.server.take() {
            Some(h) => h.await.expect("server task"),
            None => Ok(()),
        };
        self.pool.close().await;
        result
    }

    /// Stops Puente and hands back its folder (which holds a SQLite database), so the data
    /// outlives the process until the caller drops it.
    pub async fn stop_keeping_data(mut self) -> TempDir {
        self.stop_notebooks().await;
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(h) = self.server.take() {
            h.await.expect("server task").expect("clean shutdown");
        }
        self.pool.close().await;
        TempDir(std::mem::take(&mut self.dir.0))
    }

    /// Stops Puente and starts it again on the same database and notebook folder (a new port).
    pub async fn restart(mut self) -> TestApp {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(h) = self.server.take() {
            h.await.expect("server task").expect("clean shutdown");
        }
        let env = std::mem::take(&mut self.env);
        let dir = TempDir(std::mem::take(&mut self.dir.0));
        let pool = self.pool.clone();
        pool.close().await;
        start(env, dir).await
    }

    /// Stops every notebook server this app runs (tests call it last, so no process outlives them).
    pub async fn stop_notebooks(&self) {
        // A test may have closed the pool on purpose; then there is nothing to stop this way
        // (and Drop kills whatever runs in the test's folder).
        let Ok(rows) = app::notebooks::store::live(&self.pool).await else { return };
        for row in rows {
            self.notebooks.stop(&row, "test").await.unwrap();
        }
    }
}

/// A test that panics must not leave notebook servers behind: kill every process whose command
/// line names this test's folder.
impl Drop for TestApp {
    fn drop(&mut self) {
        let dir = self.dir.0.display().to_string();
        if dir.is_empty() {
            return;
        }
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
            let cmd = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmd).contains(&dir) {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
    }
}

/// A folder removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("puente-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The jupyter-server of the environment scripts/setup.sh makes (or `PUENTE_JUPYTER`).
pub fn jupyter() -> String {
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

pub fn random_suffix() -> String {
    use rand::RngCore;
    let mut b = [0u8; 8];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A fresh, empty database URL for `engine`. PostgreSQL comes from `PUENTE_TEST_POSTGRES_URL`
/// (an admin URL; scripts/test.sh starts a throwaway cluster and sets it).
pub async fn fresh_database(engine: Engine, dir: &TempDir) -> String {
    match engine {
        Engine::Sqlite => format!("sqlite://{}/db/puente.db", dir.0.display()),
        Engine::Postgres => {
            let admin = std::env::var("PUENTE_TEST_POSTGRES_URL").expect(
                "PUENTE_TEST_POSTGRES_URL is not set: run the suite with scripts/test.sh, which starts PostgreSQL",
            );
            sqlx::any::install_default_drivers();
            let name = format!("puente_test_{}", random_suffix());
            let pool = sqlx::AnyPool::connect(&admin).await.expect("connect to the test PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.expect("create database");
            pool.close().await;
            let mut url = url::Url::parse(&admin).expect("admin URL");
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
    }
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, &[]).await
}

pub async fn spawn_app_with(engine: Engine, extra: &[(&str, &str)]) -> TestApp {
    let dir = TempDir::new();
    let database_url = fresh_database(engine, &dir).await;
    spawn_app_in(dir, &database_url, extra).await
}

/// Another Puente on an existing database (a second replica, or a restart on the same data).
pub async fn spawn_app_on(database_url: &str, extra: &[(&str, &str)]) -> TestApp {
    spawn_app_in(TempDir::new(), database_url, extra).await
}

async fn spawn_app_in(dir: TempDir, database_url: &str, extra: &[(&str, &str)]) -> TestApp {
    let database_url = database_url.to_owned();
    let mut env: HashMap<String, String> = HashMap::new();
    env.insert("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into());
    env.insert("DATABASE_URL".into(), database_url.clone());
    env.insert("PUENTE_LOG".into(), std::env::var("PUENTE_TEST_LOG").unwrap_or_else(|_| "warn".into()));
    env.insert("PUENTE_SITE_ROOT".into(), concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_owned());
    env.insert("PUENTE_CONTENT_DIR".into(), concat!(env!("CARGO_MANIFEST_DIR"), "/../content").to_owned());
    env.insert("PUENTE_JUPYTER".into(), jupyter());
    env.insert("PUENTE_NOTEBOOK_DIR".into(), dir.0.join("notebooks").display().to_string());
    env.insert("PUENTE_SECRET_KEY_FILE".into(), dir.0.join("keys/secret.key").display().to_string());
    // Each app its own range of learner accounts: tests run side by side on one machine, and a
    // stop ends every process of its learner's uid.
    let uid_base = 1_000_000 + (rand::random::<u32>() % 100_000) * 1_000;
    env.insert("PUENTE_NOTEBOOK_UID_BASE".into(), uid_base.to_string());
    // Tests cull and reconcile on demand.
    env.insert("PUENTE_NOTEBOOK_CULL_EVERY".into(), "1h".into());
    env.insert("PUENTE_NOTEBOOK_START_TIMEOUT".into(), "60s".into());
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    start(env, dir).await
}

/// Where every test's Puente runs: one long-lived multi-threaded runtime with 8 MiB stacks, as
/// `puente serve` runs it. Each test's own runtime only drives its client, so a test's server
/// does not compete with its own test code on one thread.
static SERVERS: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_stack_size(8 << 20)
        .thread_name("puente-test-server")
        .enable_all()
        .build()
        .expect("the test servers' runtime")
});

async fn start(env: HashMap<String, String>, dir: TempDir) -> TestApp {
    let database_url = env["DATABASE_URL"].clone();
    let config = Config::from_sources(&env).expect("test configuration is valid");
    puente::telemetry::init(&config.log_filter, config.log_format);
    let app = SERVERS.spawn(Application::build(config)).await.expect("the build task").expect("app builds");
    let addr = app.addr();
    let pool = app.pool();
    let notebooks = app.notebooks();
    let jobs_notify = app.jobs_notify();
    let nb_origin = notebooks.settings.origin.clone();
    let nb_client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(90))
        .dns_resolver(std::sync::Arc::new(Loopback(addr)))
        .build()
        .expect("client");
    let (tx, rx) = oneshot::channel::<()>();
    let server = SERVERS.spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    // A hung request fails the test instead of hanging the suite.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(90))
        .build()
        .expect("client");
    TestApp {
        addr,
        client,
        database_url,
        pool,
        notebooks,
        nb_origin,
        nb_client,
        jobs_notify,
        env,
        stop: Some(tx),
        server: Some(server),
        dir,
    }
}

/// Resolves every name (each notebook server's `<key>.nb.localhost`) to the app's address.
pub struct Loopback(pub SocketAddr);

impl reqwest::dns::Resolve for Loopback {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let addr = self.0;
        Box::pin(async move { Ok(Box::new(std::iter::once(addr)) as reqwest::dns::Addrs) })
    }
}

/// Runs each listed test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::Engine::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::Engine::Postgres).await
                }
            )*
        }
    };
}

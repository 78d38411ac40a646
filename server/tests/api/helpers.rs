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
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: TempDir,
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

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.server.take() {
            Some(h) => h.await.expect("server task"),
            None => Ok(()),
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
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
        Engine::Sqlite => format!("sqlite://{}/puente.db", dir.0.display()),
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
    let mut env: HashMap<String, String> = HashMap::new();
    env.insert("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into());
    env.insert("DATABASE_URL".into(), database_url.clone());
    env.insert("PUENTE_LOG".into(), "warn".into());
    env.insert("PUENTE_SITE_ROOT".into(), concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_owned());
    env.insert("PUENTE_CONTENT_DIR".into(), concat!(env!("CARGO_MANIFEST_DIR"), "/../content").to_owned());
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    let config = Config::from_sources(&env).expect("test configuration is valid");
    puente::telemetry::init(&config.log_filter, config.log_format);
    let app = Application::build(config).await.expect("app builds");
    let addr = app.addr();
    let pool = app.pool();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    TestApp { addr, client, database_url, pool, stop: Some(tx), server: Some(server), _dir: dir }
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

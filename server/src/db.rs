//! One pool for the whole process, over SQLite (the embedded default) or PostgreSQL.
//!
//! Both engines go through sqlx's `Any` driver so domain code writes one SQL text (`$1`
//! placeholders, `RETURNING`, `ON CONFLICT`). The migrations exist once per engine with the same
//! schema; a failed migration is an error that stops start-up.

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of(url: &str) -> Engine {
        if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else {
            Engine::Postgres
        }
    }
}

/// Opens the pool. SQLite files are created if missing (with their folder), in WAL mode with
/// foreign keys on; a busy database waits up to 5 s instead of failing.
pub async fn connect(url: &str) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of(url);
    let url = match engine {
        Engine::Sqlite => prepare_sqlite_url(url)?,
        Engine::Postgres => url.to_owned(),
    };
    let options = AnyConnectOptions::from_str(&url)
        .context("DATABASE_URL is not a valid database URL")?
        .log_statements(tracing::log::LevelFilter::Trace)
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
    let pool_options = match engine {
        // SQLite has one writer; a few connections cover concurrent readers in WAL mode.
        Engine::Sqlite => AnyPoolOptions::new().max_connections(8),
        Engine::Postgres => AnyPoolOptions::new().max_connections(16),
    };
    pool_options
        // Longer than SQLite's busy timeout, which a new connection's set-up may spend waiting.
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("Failed to connect to the database ({})", redact(&url)))
        .and_then(|pool| {
            protect_sqlite(&url)?;
            Ok(pool)
        })
}

/// Applies the migrations for the pool's engine.
pub async fn migrate(pool: &AnyPool, url: &str) -> anyhow::Result<()> {
    let migrator = match Engine::of(url) {
        Engine::Sqlite => &SQLITE_MIGRATIONS,
        Engine::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(pool).await.context("Failed to apply database migrations")
}

/// Whether the database answers and is migrated (used by `/readyz`).
pub async fn ready(pool: &AnyPool) -> anyhow::Result<()> {
    let (created_at,): (i64,) = sqlx::query_as("SELECT created_at FROM instance WHERE id = 1")
        .fetch_one(pool)
        .await
        .context("Failed to read the instance row")?;
    anyhow::ensure!(created_at > 0, "instance row has no creation time");
    Ok(())
}

/// The file path of a SQLite URL (`None` for memory databases and other engines).
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?.trim_start_matches("//");
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    (path != ":memory:" && !path.is_empty()).then(|| std::path::PathBuf::from(path))
}

/// Puente's database is for Puente alone, whatever the umask: its folder `0700`, its files
/// (database, WAL, shared memory) `0600`. Notebooks run as other accounts and must not read it.
pub fn protect_sqlite(url: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = sqlite_path(url) else { return Ok(()) };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("Failed to protect the database folder {}", parent.display()))?;
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("Failed to protect {}", file.display())),
        }
    }
    Ok(())
}

/// Makes sure a SQLite file's folder exists and that the file is created on first use.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                crate::files::create_dirs(parent, 0o700)
                    .with_context(|| format!("Failed to create the database folder {}", parent.display()))?;
            }
        }
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Hides a password in a database URL before it reaches a log line.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_the_file() {
        let u = prepare_sqlite_url("sqlite:///tmp/puente-test-x/a.db").unwrap();
        assert_eq!(u, "sqlite:///tmp/puente-test-x/a.db?mode=rwc");
        assert_eq!(prepare_sqlite_url("sqlite::memory:").unwrap(), "sqlite://:memory:?mode=rwc");
    }

    #[test]
    fn passwords_never_reach_logs() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}

//! The database as domains see it: one `AnyPool` over SQLite or PostgreSQL, and its transaction.

use anyhow::Context;
use sqlx::AnyPool;

/// A transaction on the pool (both engines, through sqlx's `Any` driver).
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Which engine a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The engine behind `pool`, from the URL it was opened with.
pub fn engine(pool: &AnyPool) -> Engine {
    if pool.connect_options().database_url.scheme().starts_with("sqlite") {
        Engine::Sqlite
    } else {
        Engine::Postgres
    }
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): a transaction that reads first and writes later would otherwise fail
/// (`SQLITE_BUSY`, no waiting) when another connection wrote in between, while `IMMEDIATE` waits
/// its turn under the busy timeout. PostgreSQL's own locking needs nothing special.
pub async fn begin(pool: &AnyPool) -> anyhow::Result<Tx<'static>> {
    match engine(pool) {
        Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Engine::Postgres => pool.begin().await,
    }
    .context("Failed to begin a transaction")
}

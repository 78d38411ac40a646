//! The database as domains see it: one `AnyPool` over SQLite or PostgreSQL, and its transaction.

/// A transaction on the pool (both engines, through sqlx's `Any` driver).
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

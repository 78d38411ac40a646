//! API tests: the real app on port 0, a fresh database each, on SQLite and on PostgreSQL.

mod helpers;
mod ops;
mod site;

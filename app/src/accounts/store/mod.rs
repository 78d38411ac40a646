//! All of the accounts domain's SQL, by concern. One SQL text for SQLite and PostgreSQL (`$n`,
//! RETURNING, ON CONFLICT); times are Unix seconds; flags are 0/1.

mod admin;
mod personal;
mod sessions;
mod tokens;
mod users;

pub use admin::*;
pub use personal::*;
pub use sessions::*;
pub use tokens::*;
pub use users::*;

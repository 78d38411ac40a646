//! The one error type that crosses the wire.
//!
//! Policy: every failure a user can see is one of these variants. Each has a stable snake-free,
//! kebab-case code that is also its Fluent message id, so the page shows a translated sentence
//! and API clients get a machine-readable code. `Internal` carries nothing to the client: its
//! cause is logged on the server (with anyhow context) where it happened.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// `field` names the input; `code` is the Fluent id of the explanation.
    #[error("invalid {field}: {code}")]
    Validation { field: String, code: String },
    #[error("conflict: {code}")]
    Conflict { code: String },
    #[error("rate limited, retry after {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The stable code, which is also the Fluent message id shown to the user.
    pub fn code(&self) -> &str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthenticated => "error-unauthenticated",
            AppError::Forbidden => "error-forbidden",
            AppError::Validation { code, .. } | AppError::Conflict { code } => code,
            AppError::RateLimited { .. } => "error-rate-limited",
            AppError::Internal => "error-internal",
        }
    }

    /// Codes of the fixed variants; the locale tests check each has a message in every language.
    pub const FIXED_CODES: [&'static str; 5] = [
        "error-not-found",
        "error-unauthenticated",
        "error-forbidden",
        "error-rate-limited",
        "error-internal",
    ];

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Validation { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Internal => 500,
        }
    }
}

/// Server functions carry `AppError` as their error type; this encodes it as JSON.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(_) | E::Deserialization(_) | E::MissingArg(_) => {
                AppError::Validation { field: "request".to_owned(), code: "error-bad-request".to_owned() }
            }
            _ => AppError::Internal,
        }
    }
}

/// A resource bounded on purpose is at capacity (every core hashing passwords, say) and the
/// wait ran out: the request is answered 429 with a short `Retry-After`, not an error page.
#[derive(Debug, thiserror::Error)]
#[error("busy, try again in a moment")]
pub struct Busy;

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    /// Infrastructure failures become `Internal`; the chain is logged here, never sent.
    fn from(err: anyhow::Error) -> Self {
        if err.downcast_ref::<Busy>().is_some() {
            tracing::warn!("at capacity; asking the client to retry");
            return AppError::RateLimited { retry_after_secs: 2 };
        }
        tracing::error!(error = ?err, "internal error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// A database failure is `Internal`; logged here with its cause, never sent.
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = ?err, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_are_stable() {
        assert_eq!(AppError::NotFound.code(), "error-not-found");
        assert_eq!(AppError::RateLimited { retry_after_secs: 3 }.status(), 429);
        let v = AppError::Validation { field: "email".into(), code: "account-email-invalid".into() };
        assert_eq!(v.code(), "account-email-invalid");
        assert_eq!(v.status(), 422);
        assert_eq!(AppError::Internal.status(), 500);
    }
}

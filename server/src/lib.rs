//! The Puente server: configuration, database, HTTP stack and start-up, as a library so the API
//! tests start exactly what `puente serve` starts.

pub mod config;
pub mod db;
pub mod routes;
pub mod security;
pub mod telemetry;

use anyhow::Context;
use config::Config;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// A bound, migrated, ready-to-serve Puente.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    addr: SocketAddr,
    pool: sqlx::AnyPool,
}

impl Application {
    /// Connects and migrates the database, then binds the listener (port 0 picks a free port).
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let pool = db::connect(&config.database_url).await?;
        db::migrate(&pool, &config.database_url).await?;
        let listener = TcpListener::bind(config.site_addr).await.with_context(|| {
            format!(
                "Failed to listen on {} (LEPTOS_SITE_ADDR)",
                config.site_addr
            )
        })?;
        let addr = listener
            .local_addr()
            .context("Failed to read the listening address")?;
        let router = routes::router(config, pool.clone(), addr)?;
        Ok(Application {
            listener,
            router,
            addr,
            pool,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The database pool the app serves from (tests use it to inspect or break the database).
    pub fn pool(&self) -> sqlx::AnyPool {
        self.pool.clone()
    }

    /// Serves until `shutdown` resolves; requests already in flight are finished first.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("The HTTP server failed")
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}

//! The Puente server: configuration, database, HTTP stack and start-up, as a library so the API
//! tests start exactly what `puente serve` starts.

pub mod config;
pub mod db;
pub mod demo;
pub mod files;
pub mod html;
pub mod jobs;
pub mod mailer;
pub mod notebooks;
pub mod page_cache;
pub mod routes;
pub mod security;
pub mod telemetry;
pub mod templates;

/// Rendering a page allocates many small strings from several threads at once; mimalloc (a
/// well-kept allocator made for that) serves them with less locking than glibc's arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    mail_worker: tokio::task::JoinHandle<()>,
    mail_notify: std::sync::Arc<tokio::sync::Notify>,
    jobs_notify: std::sync::Arc<tokio::sync::Notify>,
    jobs_worker: tokio::task::JoinHandle<()>,
    notebooks: std::sync::Arc<app::notebooks::service::Notebooks>,
    background: tokio_util::sync::CancellationToken,
    notebook_worker: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Connects and migrates the database, then binds the listener (port 0 picks a free port).
    pub async fn build(mut config: Config) -> anyhow::Result<Application> {
        let notebook_dir = match &config.notebooks.backend {
            config::NotebookBackend::Local { dir, .. } => dir.display().to_string(),
            config::NotebookBackend::Kubernetes { namespace, .. } => {
                format!("kubernetes namespace {namespace}")
            }
        };
        tracing::info!(
            database = %db::redact(&config.database_url),
            content = %config.content_dir.display(),
            notebooks = %notebook_dir,
            site = %config.site_root.display(),
            "where Puente's data lives"
        );
        let pool = db::connect(&config.database_url).await?;
        db::migrate(&pool, &config.database_url).await?;
        let secrets = std::sync::Arc::new(open_secrets(&config)?);
        let resealed = app::accounts::totp::reseal_all(&pool, &secrets).await?;
        if resealed > 0 {
            tracing::info!(secrets = resealed, "sealed TOTP secrets with the current key");
        }
        let listener = TcpListener::bind(config.site_addr)
            .await
            .with_context(|| format!("Failed to listen on {} (LEPTOS_SITE_ADDR)", config.site_addr))?;
        let addr = listener.local_addr().context("Failed to read the listening address")?;
        // Without an explicit public URL, links in emails point at the address actually bound.
        if config.public_url.port() == Some(0) {
            config.public_url =
                url::Url::parse(&format!("http://{addr}")).context("Failed to derive the public URL")?;
        }
        let mail_notify = std::sync::Arc::new(tokio::sync::Notify::new());
        let mailer: std::sync::Arc<dyn app::mail::Mailer> = match &config.smtp_url {
            Some(url) => std::sync::Arc::new(mailer::SmtpMailer::new(url, &config.mail_from)?),
            None => std::sync::Arc::new(mailer::LogMailer),
        };
        let public_base = config.public_url.as_str().trim_end_matches('/').to_owned();
        let mail_worker = tokio::spawn(mailer::run_worker(
            pool.clone(),
            mailer,
            mail_notify.clone(),
            std::time::Duration::from_secs(30),
            public_base.clone(),
        ));
        let jobs_notify = std::sync::Arc::new(tokio::sync::Notify::new());
        let (library, problems) = app::lessons::Library::load(&config.content_dir);
        for p in &problems {
            tracing::warn!("content: {p}");
        }
        let courses = library.get().courses.len();
        tracing::info!(courses, problems = problems.len(), dir = %config.content_dir.display(), "lessons loaded");
        let indexed = app::lessons::search::reindex(&pool, &library.get()).await?;
        tracing::info!(documents = indexed, "search index built");
        let posts = app::forum::search::backfill(&pool)
            .await
            .map_err(|e| anyhow::anyhow!("forum search index: {e:?}"))?;
        tracing::info!(posts, "forum posts indexed");
        if config.content_reload {
            library.clone().watch(std::time::Duration::from_secs(1), pool.clone());
        }
        let notebook_origin = config.notebooks.origin(&config.public_url);
        let public_origin = config.public_url.origin().ascii_serialization();
        let spawner = notebooks::spawner(&config).await?;
        let settings = app::notebooks::service::Settings {
            origin: notebook_origin.clone(),
            profiles: config.notebooks.profiles.clone(),
            max_launches: config.notebooks.max_launches,
            start_timeout: config.notebooks.start_timeout,
            cull_every: config.notebooks.cull_every,
            admin_access: config.notebooks.admin_access,
            credential_ttl: 3600,
            files_base: match &config.notebooks.backend {
                config::NotebookBackend::Kubernetes { files_url: Some(u), .. } => u.clone(),
                _ => public_origin.clone(),
            },
        };
        let notebooks =
            app::notebooks::service::Notebooks::new(pool.clone(), spawner, settings, library.clone());
        notebooks.set_scopes(std::sync::Arc::new(app::cohorts::launch::CohortScopes { pool: pool.clone() }));
        tracing::info!(backend = notebooks.backend(), origin = %notebook_origin, "notebooks ready");
        let certificate_keys =
            std::sync::Arc::new(app::cohorts::certificates::Keys::load(&pool, &secrets).await?);
        let fonts = match app::cohorts::pdf::Fonts::load(&config.certificate_font_dir) {
            Ok(f) => Some(std::sync::Arc::new(f)),
            Err(e) => {
                tracing::warn!(error = %e, "certificate PDFs are unavailable until the fonts are installed (scripts/setup.sh)");
                None
            }
        };
        let background = tokio_util::sync::CancellationToken::new();
        // Successful writes in this process: forms sent and jobs run. Reads kept for a moment
        // (sessions, progress, shared pages) are out of date after each.
        let writes = app::kernel::recent::Writes::default();
        let jobs_ctx = app::jobs::Context {
            pool: pool.clone(),
            mail_notify: mail_notify.clone(),
            public_base,
            writes: writes.clone(),
        };
        jobs::schedule_recurring(&pool).await?;
        let jobs_worker = tokio::spawn(app::jobs::run_worker(
            jobs_ctx,
            jobs::registry(),
            jobs_notify.clone(),
            std::time::Duration::from_secs(30),
            background.clone(),
        ));
        let notebook_worker = tokio::spawn(notebooks.clone().run_background(background.clone()));
        let proxy = notebooks::proxy::Proxy::new(notebooks.clone(), notebook_origin, public_origin);
        let services = routes::Services {
            pool: pool.clone(),
            mail_notify: mail_notify.clone(),
            jobs_notify: jobs_notify.clone(),
            library,
            proxy,
            secrets,
            certificate_keys,
            fonts,
            writes,
        };
        let router = routes::router(config, addr, services)?;
        Ok(Application {
            listener,
            router,
            addr,
            pool,
            mail_worker,
            mail_notify,
            jobs_notify,
            jobs_worker,
            notebooks,
            background,
            notebook_worker,
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
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let result =
            axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(shutdown)
                .await
                .context("The HTTP server failed");
        // An email being sent now keeps its lease and is retried after it: at least once, never lost.
        self.mail_worker.abort();
        // Notebook servers keep running: the next start re-adopts them.
        self.background.cancel();
        let _ = self.notebook_worker.await;
        // A job being run keeps its lease and runs again after it: at least once, never lost.
        self.jobs_worker.abort();
        result
    }

    /// The notebook service (tests use it to cull and reconcile on demand).
    pub fn notebooks(&self) -> std::sync::Arc<app::notebooks::service::Notebooks> {
        self.notebooks.clone()
    }

    /// Wakes the job worker (tests use it after making a job due).
    pub fn jobs_notify(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.jobs_notify.clone()
    }

    /// Wakes the mail worker (tests use it after changing the mail server's state).
    pub fn mail_notify(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.mail_notify.clone()
    }
}

/// The server's keys for secrets at rest, from the settings or the key file.
pub fn open_secrets(config: &Config) -> anyhow::Result<app::kernel::secrets::Secrets> {
    app::kernel::secrets::Secrets::load(
        config.secret_key.as_deref(),
        &config.secret_key_file,
        &config.secret_keys_old,
    )
}

/// Resolves on SIGTERM or Ctrl-C. The SIGTERM handler is installed when this is called (call it
/// before binding the port, so a SIGTERM that arrives during start-up is not fatal).
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGTERM");
            None
        }
    };
    async move {
        let ctrl_c = async {
            if let Err(e) = tokio::signal::ctrl_c().await {
                tracing::error!(error = %e, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        let term = async {
            #[cfg(unix)]
            match terminate.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
            #[cfg(not(unix))]
            std::future::pending::<()>().await;
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
        tracing::info!("shutdown requested; finishing requests in flight");
    }
}

//! `puente`: serve the site, or run one operator task.

use clap::{Parser, Subcommand};
use puente::config::{Config, SETTINGS};
use puente::{db, telemetry, Application};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "puente", version, about = "Puente: from the desktop to the cluster")]
#[command(after_help = settings_help())]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the site (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
}

fn settings_help() -> String {
    let mut s = String::from("Settings (environment, or keys in the TOML file named by PUENTE_CONFIG):\n");
    for (name, about) in SETTINGS {
        s.push_str(&format!("  {name:<22} {about}\n"));
    }
    s
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_filter, config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                let app = Application::build(config).await?;
                tracing::info!(addr = %app.addr(), "Puente is listening on http://{}", app.addr());
                app.run_until(puente::shutdown_signal()).await
            }
            Command::Migrate => {
                let pool = db::connect(&config.database_url).await?;
                db::migrate(&pool, &config.database_url).await?;
                tracing::info!(database = %db::redact(&config.database_url), "migrations applied");
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = ?e, "puente stopped");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

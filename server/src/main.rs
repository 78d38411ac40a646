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
    /// Lesson content tasks.
    Content {
        #[command(subcommand)]
        command: ContentCommand,
    },
    /// Operator tasks on accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// A believable demo site.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Governance tasks.
    Governance {
        #[command(subcommand)]
        command: GovernanceCommand,
    },
    /// The server key that seals secrets at rest.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Fills an empty database with people in every role (es and pt), their progress and a month
    /// of notebook use. Refuses a database that already has people in it.
    Seed,
}

#[derive(Subcommand)]
enum GovernanceCommand {
    /// Recomputes a poll's hash-chained log, its ballot set's hash and its count from the
    /// database, and reports every mismatch (exit 1 on any).
    Verify {
        /// The poll's number.
        poll: i64,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Re-seals every secret with the current key (PUENTE_SECRET_KEY or the key file), opening
    /// old ones with PUENTE_SECRET_KEYS_OLD. Rotate: put the old key in PUENTE_SECRET_KEYS_OLD, a
    /// new one in PUENTE_SECRET_KEY (or a new key file), run this, then drop the old key.
    Rotate,
}

#[derive(Subcommand)]
enum ContentCommand {
    /// Validate every course: front matter, languages, links and anchors, images and alt text,
    /// notebooks, glossary references. Prints `file:line: problem` and exits 1 on any.
    Check {
        /// The content folder (default: PUENTE_CONTENT_DIR, else `content`).
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator (or make an existing account one) and print the link where they
    /// choose their password; the link is also emailed. No default password ever exists.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// es, pt or en.
        #[arg(long, default_value = "es")]
        locale: String,
    },
}

fn settings_help() -> String {
    let mut s = String::from("Settings (environment, or keys in the TOML file named by PUENTE_CONFIG):\n");
    for (name, about) in SETTINGS {
        s.push_str(&format!("  {name:<22} {about}\n"));
    }
    s
}

fn main() -> ExitCode {
    // Whatever Puente writes (database, keys, logs, run files) is its own unless it says
    // otherwise: notebooks run as other accounts on the same machine.
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    let cli = Cli::parse();
    // Checking content needs no database or server settings.
    if let Some(Command::Content { command: ContentCommand::Check { dir } }) = &cli.command {
        let dir = dir
            .clone()
            .or_else(|| std::env::var_os("PUENTE_CONTENT_DIR").map(Into::into))
            .unwrap_or_else(|| "content".into());
        let (catalog, problems) = app::lessons::content::load(&dir);
        for p in &problems {
            println!("{p}");
        }
        let episodes: usize = catalog.courses.iter().map(|c| c.episodes.len()).sum();
        if problems.is_empty() {
            println!(
                "content ok: {} courses, {episodes} episodes, {} glossary terms in {}",
                catalog.courses.len(),
                catalog.glossary.len(),
                dir.display()
            );
            return ExitCode::SUCCESS;
        }
        eprintln!("{} problem(s) in {}", problems.len(), dir.display());
        return ExitCode::FAILURE;
    }
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_filter, config.log_format);
    // Rendering a large page nests deeply; 8 MiB stacks leave a wide margin over the 2 MiB default.
    let runtime =
        match tokio::runtime::Builder::new_multi_thread().thread_stack_size(8 << 20).enable_all().build() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("cannot start the async runtime: {e}");
                return ExitCode::FAILURE;
            }
        };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                let shutdown = puente::shutdown_signal();
                let app = Application::build(config).await?;
                tracing::info!(addr = %app.addr(), "Puente is listening on http://{}", app.addr());
                app.run_until(shutdown).await
            }
            Command::Admin { command: AdminCommand::Create { email, name, locale } } => {
                let email = app::accounts::types::Email::parse(&email)
                    .map_err(|e| anyhow::anyhow!("--email: {}", app::i18n::t(app::i18n::Locale::En, e.code())))?;
                let name = app::accounts::types::DisplayName::parse(&name)
                    .map_err(|e| anyhow::anyhow!("--name: {}", app::i18n::t(app::i18n::Locale::En, e.code())))?;
                let locale = app::i18n::Locale::from_segment(&locale)
                    .ok_or_else(|| anyhow::anyhow!("--locale: must be es, pt or en"))?;
                let pool = db::connect(&config.database_url).await?;
                db::migrate(&pool, &config.database_url).await?;
                let base = config.public_url.as_str().trim_end_matches('/').to_owned();
                let link = app::accounts::store::create_admin(&pool, &email, &name, locale, &base).await?;
                println!("Administrator {email} created. They choose their password here (valid for one hour):\n{link}");
                println!("They must turn on two-step login before using the admin pages.");
                Ok(())
            }
            Command::Content { .. } => Ok(()),
            Command::Demo { command: DemoCommand::Seed } => {
                let pool = db::connect(&config.database_url).await?;
                db::migrate(&pool, &config.database_url).await?;
                let secrets = puente::open_secrets(&config)?;
                let (catalog, _) = app::lessons::content::load(&config.content_dir);
                let summary = puente::demo::seed(&pool, &secrets, &catalog).await?;
                println!("Demo site ready: {} people, {} progress entries, {} past notebook sessions, {} cohorts, {} certificates, {} forum topics, {} governance proposals.",
                    summary.people.len(), summary.progress_rows, summary.notebook_sessions, summary.cohorts, summary.certificates, summary.forum_topics, summary.proposals);
                println!("Every account's password: {}", puente::demo::PASSWORD);
                for (name, email, roles) in &summary.people {
                    let roles: Vec<&str> = roles.iter().map(|r| r.code()).collect();
                    let roles = if roles.is_empty() { "learner".to_owned() } else { roles.join(", ") };
                    println!("  {email:<40} {name} ({roles})");
                }
                println!("The two-step login secret of the admin, trainers and moderator (add it to an authenticator app): {}", puente::demo::ADMIN_TOTP);
                Ok(())
            }
            Command::Governance { command: GovernanceCommand::Verify { poll } } => {
                let pool = db::connect(&config.database_url).await?;
                db::migrate(&pool, &config.database_url).await?;
                let v = app::governance::service::verify(&pool, poll).await?;
                for p in &v.problems {
                    println!("MISMATCH: {p}");
                }
                if v.problems.is_empty() {
                    println!("poll {poll}: {} log entries chain correctly; {} ballots recount to the logged result.", v.entries, v.ballots);
                    Ok(())
                } else {
                    Err(anyhow::anyhow!("poll {poll}: {} mismatch(es)", v.problems.len()))
                }
            }
            Command::Keys { command: KeysCommand::Rotate } => {
                let pool = db::connect(&config.database_url).await?;
                db::migrate(&pool, &config.database_url).await?;
                let secrets = puente::open_secrets(&config)?;
                let n = app::accounts::totp::reseal_all(&pool, &secrets).await?;
                println!("{n} secret(s) sealed with the current key.");
                Ok(())
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

//! The local back-end: one `jupyter-server` process per (person, profile) on this machine.
//!
//! Policy: learners run arbitrary code, so a learner's server is as hostile as anything on the
//! internet. When Puente runs as root (the README's set-up), each person's servers run as
//! **their own uid** (`PUENTE_NOTEBOOK_UID_BASE` + the account id; no passwd entry is needed),
//! with no supplementary groups, no new privileges (setuid programs cannot raise them) and a cap
//! on processes; their workspace (`homes/u<id>`) is `0700` and theirs. So one learner cannot read
//! another's files, token (`/proc/<pid>/environ`) or processes, nor Puente's database (`0600`,
//! in a `0700` folder) or Puente's own environment.
//!
//! Puente itself never writes inside a workspace: it creates the workspace folder (in `homes/`,
//! which only Puente can change, so it cannot be swapped for a symlink), hands it over with
//! `fchown` on a descriptor opened without following links, and copies episode files through the
//! learner's own Jupyter (its contents API), so they land with the learner's rights. A symlink a
//! learner plants can only lead where the learner could already write.
//!
//! Servers run in their own process group, detached from Puente, so restarting Puente never kills
//! a notebook: a small JSON file per server under `run/` (Puente's only) lets the next Puente
//! re-adopt it. Stopping a person's last server also ends every process left under their uid
//! (daemons that escaped the process group).
//!
//! Without root there is no second account to run as: the back-end refuses to start unless the
//! operator sets `PUENTE_NOTEBOOK_UNISOLATED=true` for development, and then says so loudly.

use anyhow::Context;
use app::i18n::Locale;
use app::notebooks::jupyter::Jupyter;
use app::notebooks::spawner::{
    Detail, Endpoint, Found, Liveness, Progress, ServerSpec, SpawnError, Spawner, Stage,
};
use serde::{Deserialize, Serialize};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How learners' servers are kept apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// Each person's servers run as `uid_base + account id` (Puente is root).
    PerPerson { uid_base: u32 },
    /// Development only: servers run as Puente's own account and can read its data.
    Unisolated,
}

/// Processes one person may run at once (all their servers, kernels and terminals together).
pub const MAX_PROCESSES: u32 = 512;
/// Open files per process.
pub const MAX_OPEN_FILES: u32 = 4096;

#[derive(Debug, Clone)]
pub struct LocalSettings {
    /// The `jupyter-server` executable (inside the virtual environment the set-up step makes).
    pub jupyter: PathBuf,
    /// Holds `homes/u<id>/` (workspaces), `run/` (one file per running server, and logs; Puente's
    /// only), `runtime/<key>/` (Jupyter's own runtime files) and `config/` (Jupyter's and
    /// JupyterLab's settings, read-only to learners).
    pub root: PathBuf,
    pub isolation: Isolation,
    /// Readiness deadline for one start.
    pub start_timeout: Duration,
}

/// What `run/<key>.json` remembers about a running server.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct RunFile {
    pid: u32,
    port: u16,
}

/// Where the default workspaces go when the folder Puente runs in cannot be passed through by
/// learners' accounts (a clone under `/root`, mode 700, on a fresh Debian machine).
pub const REACHABLE_BASE: &str = "/var/lib/puente/notebooks";

/// The first existing folder at or above `dir` that other accounts cannot pass through, and
/// its mode.
pub fn blocked_ancestor(dir: &Path) -> Option<(PathBuf, u32)> {
    dir.ancestors()
        .filter_map(|d| std::fs::metadata(d).ok().map(|m| (d, m.permissions().mode() & 0o777)))
        .find_map(|(d, mode)| (mode & 0o001 == 0).then(|| (d.to_path_buf(), mode)))
}

/// The workspaces' folder for the default setting: `dir` itself when learners can reach it;
/// otherwise a folder of its own under `base` (named after `dir`, so two checkouts never share
/// one), with `dir` made a link to it, so the data is still found where the README says.
pub fn reachable_root(dir: &Path, base: &Path) -> anyhow::Result<PathBuf> {
    let Some((blocked, mode)) = blocked_ancestor(dir) else { return Ok(dir.to_path_buf()) };
    let real_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| !m.file_type().is_symlink());
    let no_workspaces = std::fs::read_dir(dir.join("homes")).map_or(true, |mut d| d.next().is_none());
    if real_dir && no_workspaces {
        // Made by a start that stopped at this very check: nothing of anyone's in it.
        std::fs::remove_dir_all(dir).with_context(|| format!("Failed to remove {}", dir.display()))?;
    } else if real_dir {
        // Workspaces already there stay there: moving learners' files is the operator's call.
        anyhow::bail!(
            "{} does not let other accounts through (mode {mode:o}); notebooks in {} could not reach \
             their workspaces. Move PUENTE_NOTEBOOK_DIR elsewhere or `chmod o+x` that folder.",
            blocked.display(),
            dir.display()
        );
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(dir.as_os_str().as_encoded_bytes());
    let name: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let root = base.join(name);
    crate::files::create_dirs(base, 0o755)?;
    crate::files::create_dirs(&root, 0o711)?;
    if let Some((b, m)) = blocked_ancestor(&root) {
        anyhow::bail!("{} does not let other accounts through (mode {m:o}) either", b.display());
    }
    if let Some(parent) = dir.parent() {
        crate::files::create_dirs(parent, 0o700)?;
    }
    match std::fs::read_link(dir) {
        Ok(target) if target == root => {}
        Ok(_) => {
            std::fs::remove_file(dir)
                .with_context(|| format!("Failed to replace the link {}", dir.display()))?;
            std::os::unix::fs::symlink(&root, dir)
                .with_context(|| format!("Failed to link {}", dir.display()))?;
        }
        Err(_) => std::os::unix::fs::symlink(&root, dir)
            .with_context(|| format!("Failed to link {}", dir.display()))?,
    }
    tracing::warn!(
        blocked = %blocked.display(),
        mode = format!("{mode:o}"),
        workspaces = %root.display(),
        link = %dir.display(),
        "learners' accounts cannot pass through the folder Puente runs in: their workspaces live elsewhere"
    );
    Ok(root)
}

pub struct LocalSpawner {
    settings: LocalSettings,
    jupyter: Jupyter,
}

impl LocalSpawner {
    /// Checks the executable, the isolation and the folders; writes JupyterLab's settings.
    pub fn new(settings: LocalSettings) -> anyhow::Result<LocalSpawner> {
        anyhow::ensure!(
            settings.jupyter.is_file(),
            "{} does not exist (PUENTE_JUPYTER); run scripts/setup.sh to create the Jupyter environment",
            settings.jupyter.display()
        );
        let root = &settings.root;
        // Learners' servers must reach their own folders through these, and see nothing else.
        let traverse = 0o711;
        crate::files::create_dirs(root, traverse)?;
        for (dir, mode) in [("homes", traverse), ("runtime", traverse), ("run", 0o700), ("config", 0o755)] {
            crate::files::create_dirs(&root.join(dir), mode)?;
        }
        if let Isolation::PerPerson { .. } = settings.isolation {
            // Every folder above the workspaces must let learners' accounts pass through.
            for dir in root.ancestors() {
                let mode =
                    std::fs::metadata(dir).with_context(|| format!("Failed to read {}", dir.display()))?;
                anyhow::ensure!(
                    mode.permissions().mode() & 0o001 != 0,
                    "{} does not let other accounts through (mode {:o}); notebooks in {} could not reach \
                     their workspaces. Move PUENTE_NOTEBOOK_DIR elsewhere or `chmod o+x` that folder.",
                    dir.display(),
                    mode.permissions().mode() & 0o777,
                    root.display()
                );
            }
        }
        write_lab_settings(&root.join("config"))?;
        // jupyter_core "migrates" IPython settings into the config folder once, and marks it
        // with this file; the folder is read-only to learners, so mark it done beforehand.
        let migrated = root.join("config/migrated");
        std::fs::write(&migrated, b"").with_context(|| format!("Failed to write {}", migrated.display()))?;
        set_mode(&migrated, 0o644)?;
        Ok(LocalSpawner { settings, jupyter: Jupyter::new() })
    }

    fn home(&self, user_id: i64) -> PathBuf {
        self.settings.root.join("homes").join(format!("u{}", user_id.unsigned_abs()))
    }

    fn run_file(&self, key: &str) -> PathBuf {
        self.settings.root.join("run").join(format!("{key}.json"))
    }

    fn read_run(&self, key: &str) -> Option<RunFile> {
        let bytes = std::fs::read(self.run_file(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The uid and gid a person's servers run as, if Puente switches accounts.
    pub fn account_of(&self, user_id: i64) -> Option<u32> {
        match self.settings.isolation {
            Isolation::PerPerson { uid_base } => u32::try_from(user_id)
                .ok()
                .and_then(|id| uid_base.checked_add(id))
                .filter(|u| *u < u32::MAX - 1),
            Isolation::Unisolated => None,
        }
    }

    /// Is `pid` a live jupyter-server started for `key` (and not an unrelated process that
    /// reused the number)?
    fn is_ours(pid: u32, key: &str) -> bool {
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else { return false };
        let cmd = String::from_utf8_lossy(&cmdline);
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // A zombie has exited; only its parent has not collected it yet.
        let zombie = stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'));
        !zombie && cmd.contains("jupyter") && cmd.contains(&format!("/user/{key}/"))
    }

    fn kill_group(pid: u32, signal: nix::sys::signal::Signal) {
        if let Ok(raw) = i32::try_from(pid) {
            let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(raw), signal);
        }
    }

    fn free_port() -> anyhow::Result<u16> {
        let l = std::net::TcpListener::bind("127.0.0.1:0").context("Failed to find a free port")?;
        Ok(l.local_addr().context("Failed to read a port")?.port())
    }

    /// Creates (or checks) a folder that belongs to the learner: made by Puente inside a folder
    /// only Puente can change, then handed over through a descriptor opened without following
    /// links, `0700`.
    fn learner_folder(&self, path: &Path, user_id: i64) -> anyhow::Result<()> {
        match std::fs::DirBuilder::new().mode(0o700).create(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e).with_context(|| format!("Failed to create {}", path.display())),
        }
        let dir = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags((nix::fcntl::OFlag::O_NOFOLLOW | nix::fcntl::OFlag::O_DIRECTORY).bits())
            .open(path)
            .with_context(|| format!("{} is not a plain folder", path.display()))?;
        if let Some(uid) = self.account_of(user_id) {
            std::os::unix::fs::fchown(&dir, Some(uid), Some(uid))
                .with_context(|| format!("Failed to hand {} to its learner", path.display()))?;
        }
        dir.set_permissions(std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("Failed to set permissions on {}", path.display()))?;
        Ok(())
    }

    async fn launch(
        &self,
        spec: &ServerSpec,
        progress: &dyn Progress,
    ) -> anyhow::Result<Result<Endpoint, SpawnError>> {
        progress.report(Stage::Creating, Some(Detail::Workspace));
        let home = self.home(spec.user_id);
        self.learner_folder(&home, spec.user_id)?;
        let runtime = self.settings.root.join("runtime").join(&spec.key);
        self.learner_folder(&runtime, spec.user_id)?;

        let port = Self::free_port()?;
        let log_path = self.settings.root.join("run").join(format!("{}.log", spec.key));
        let log = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .mode(0o600)
            .open(&log_path)
            .context("Failed to create the notebook log")?;
        let log_err = log.try_clone().context("Failed to open the notebook log")?;

        let mut cmd = match self.account_of(spec.user_id) {
            Some(uid) => {
                // prlimit and setpriv (util-linux) exec the next program in place: the pid stays
                // Jupyter's. The process cap counts every process of the learner's uid.
                let mut c = tokio::process::Command::new("prlimit");
                c.arg(format!("--nproc={MAX_PROCESSES}"))
                    .arg(format!("--nofile={MAX_OPEN_FILES}"))
                    .arg("--core=0")
                    .arg("--")
                    .arg("setpriv")
                    .arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={uid}"))
                    .arg("--clear-groups")
                    .arg("--no-new-privs")
                    .arg("--inh-caps=-all")
                    .arg("--bounding-set=-all")
                    .arg("--")
                    .arg(&self.settings.jupyter);
                c
            }
            None => tokio::process::Command::new(&self.settings.jupyter),
        };
        let config = self.settings.root.join("config");
        cmd.args(jupyter_args(spec, port, &home, &config))
            .env_clear()
            .env("PATH", format!("{}:/usr/local/bin:/usr/bin:/bin", self.venv_bin().display()))
            .env("HOME", &home)
            .env("USER", format!("u{}", spec.user_id))
            .env("LOGNAME", format!("u{}", spec.user_id))
            .env("SHELL", "/bin/bash")
            .env("LANG", "C.UTF-8")
            .env("JUPYTER_TOKEN", &spec.token)
            .env("JUPYTER_RUNTIME_DIR", &runtime)
            // Jupyter's configuration is Puente's, read-only: a learner cannot turn off the
            // token or change where the server listens for the next start.
            .env("JUPYTER_CONFIG_DIR", &config)
            .env("JUPYTERLAB_SETTINGS_DIR", home.join(".jupyter/lab/user-settings"))
            .env("JUPYTERLAB_WORKSPACES_DIR", home.join(".jupyter/lab/workspaces"))
            .env("PYTHONUNBUFFERED", "1")
            .current_dir(&home)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            // Its own process group: a signal to Puente's group never reaches a notebook.
            .process_group(0)
            .kill_on_drop(false);
        progress.report(Stage::Starting, Some(Detail::Jupyter));
        let mut child = cmd.spawn().context("Failed to start jupyter-server")?;
        let pid = child.id().context("jupyter-server has no process id")?;
        let run = RunFile { pid, port };
        std::fs::write(self.run_file(&spec.key), serde_json::to_vec(&run).unwrap_or_default())
            .context("Failed to record the notebook process")?;

        let endpoint = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + self.settings.start_timeout;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                // The log's words stay in the log (and Puente's): the learner sees a translated code.
                tracing::warn!(key = %spec.key, %status, log = %tail(&log_path), "jupyter-server exited while starting");
                let _ = std::fs::remove_file(self.run_file(&spec.key));
                return Ok(Err(SpawnError::Failed(format!("jupyter-server exited ({status})"))));
            }
            if self.jupyter.accepts(&endpoint, &spec.base_url, &spec.token).await == Some(true) {
                break;
            }
            if Instant::now() >= deadline {
                Self::kill_group(pid, nix::sys::signal::Signal::SIGKILL);
                let _ = child.wait().await;
                let _ = std::fs::remove_file(self.run_file(&spec.key));
                return Ok(Err(SpawnError::Timeout(format!(
                    "no answer after {:?}",
                    self.settings.start_timeout
                ))));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Collect the process when it ends, so it never lingers as a zombie while Puente runs.
        tokio::spawn(async move {
            let _ = child.wait().await;
        });
        progress.report(Stage::Starting, Some(Detail::Files));
        self.jupyter.add_files(&endpoint, &spec.base_url, &spec.token, &spec.files).await;
        Ok(Ok(Endpoint { url: endpoint, handle: pid.to_string() }))
    }

    fn venv_bin(&self) -> PathBuf {
        self.settings.jupyter.parent().map(Path::to_path_buf).unwrap_or_default()
    }

    /// Ends every process running under a person's uid (after their last server stopped, or
    /// when the account goes): nothing a learner started survives them.
    async fn kill_account(&self, user_id: i64) {
        let Some(uid) = self.account_of(user_id) else { return };
        for _ in 0..3 {
            let mut found = false;
            for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
                let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else { continue };
                let real_uid = status
                    .lines()
                    .find_map(|l| l.strip_prefix("Uid:"))
                    .and_then(|l| l.split_whitespace().next())
                    .and_then(|u| u.parse::<u32>().ok());
                if real_uid == Some(uid) {
                    found = true;
                    let _ = nix::sys::signal::kill(
                        nix::unistd::Pid::from_raw(pid),
                        nix::sys::signal::Signal::SIGKILL,
                    );
                }
            }
            if !found {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Does the person have another server running (a second profile)?
    fn other_server_running(&self, key: &str) -> bool {
        let Some((user, _)) = key.split_once('-') else { return false };
        let dir = self.settings.root.join("run");
        std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            match name.strip_suffix(".json") {
                Some(other) if other != key && other.split_once('-').map(|(u, _)| u) == Some(user) => {
                    self.read_run(other).is_some_and(|r| Self::is_ours(r.pid, other))
                }
                _ => false,
            }
        })
    }
}

/// Jupyter's command line for one server.
pub fn jupyter_args(spec: &ServerSpec, port: u16, home: &Path, config: &Path) -> Vec<String> {
    vec![
        "--no-browser".into(),
        "--ServerApp.ip=127.0.0.1".into(),
        format!("--ServerApp.port={port}"),
        "--ServerApp.port_retries=0".into(),
        format!("--ServerApp.base_url={}", spec.base_url),
        format!("--ServerApp.root_dir={}", home.display()),
        "--ServerApp.allow_remote_access=True".into(),
        // Puente's proxy sets X-Forwarded-Proto itself and drops whatever else a browser sent.
        "--ServerApp.trust_xheaders=True".into(),
        format!("--ServerApp.terminals_enabled={}", if spec.profile.terminals { "True" } else { "False" }),
        "--LabApp.news_url=None".into(),
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate".into(),
        // Learners install Python packages with pip in a terminal or a cell; JupyterLab's own
        // extension manager would fetch and build front-end code.
        "--LabApp.extension_manager=readonly".into(),
        // The language-server extension runs npm in the learner's home at every start.
        "--ServerApp.jpserver_extensions=jupyter_lsp=False".into(),
        format!("--LabApp.app_settings_dir={}", lab_settings_dir(config, spec.locale).display()),
    ]
}

/// JupyterLab's application settings for one language (its `overrides.json` sets the language
/// and turns off the news prompt).
pub fn lab_settings_dir(config: &Path, locale: Locale) -> PathBuf {
    config.join("lab").join(locale.code())
}

/// The JupyterLab locale (a language pack's name) for Puente's language.
pub fn lab_locale(locale: Locale) -> &'static str {
    match locale {
        Locale::Es => "es_ES",
        Locale::Pt => "pt_BR",
        Locale::En => "en",
    }
}

/// Writes each language's JupyterLab application settings under `config/lab/<lang>/`
/// (`--LabApp.app_settings_dir`): `overrides.json` (defaults the learner may still change in
/// JupyterLab) and `page_config.json` (what they cannot: the news announcements extension is
/// off). Rewritten at every start. Read-only to learners.
fn write_lab_settings(config: &Path) -> anyhow::Result<()> {
    crate::files::create_dirs(&config.join("lab"), 0o755)?;
    for locale in Locale::ALL {
        let dir = lab_settings_dir(config, locale);
        crate::files::create_dirs(&dir, 0o755)?;
        for (name, value) in
            [("overrides.json", lab_overrides(locale)), ("page_config.json", lab_page_config())]
        {
            let path = dir.join(name);
            std::fs::write(&path, serde_json::to_vec_pretty(&value).unwrap_or_default())
                .with_context(|| format!("Failed to write {}", path.display()))?;
            set_mode(&path, 0o644)?;
        }
    }
    Ok(())
}

/// JupyterLab's page configuration: the "official Jupyter news" prompt and its fetching are
/// gone for good (a learner's saved settings cannot bring them back).
pub fn lab_page_config() -> serde_json::Value {
    serde_json::json!({ "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"] })
}

/// JupyterLab's settings Puente sets: the learner's language, no news prompt, no update check.
pub fn lab_overrides(locale: Locale) -> serde_json::Value {
    serde_json::json!({
        "@jupyterlab/translation-extension:plugin": { "locale": lab_locale(locale) },
        "@jupyterlab/apputils-extension:notification": { "fetchNews": "false", "checkForUpdates": false },
    })
}

use crate::files::set_mode;

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().rev().take(5).collect();
    lines.into_iter().rev().collect::<Vec<_>>().join(" | ").chars().take(500).collect()
}

#[async_trait::async_trait]
impl Spawner for LocalSpawner {
    fn backend(&self) -> &'static str {
        "local"
    }

    async fn start(&self, spec: &ServerSpec, progress: &dyn Progress) -> Result<Endpoint, SpawnError> {
        // Already running (a launch after Puente restarted, say): reuse it.
        if let Some(run) = self.read_run(&spec.key) {
            if Self::is_ours(run.pid, &spec.key) {
                let endpoint = format!("http://127.0.0.1:{}", run.port);
                if self.jupyter.accepts(&endpoint, &spec.base_url, &spec.token).await == Some(true) {
                    self.jupyter.add_files(&endpoint, &spec.base_url, &spec.token, &spec.files).await;
                    return Ok(Endpoint { url: endpoint, handle: run.pid.to_string() });
                }
                // Running with another token (an old launch): replace it.
                let _ = self.stop(&spec.key, &run.pid.to_string()).await;
            }
        }
        match self.launch(spec, progress).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(key = %spec.key, error = ?e, "cannot start a local notebook server");
                Err(SpawnError::Failed(format!("{e:#}")))
            }
        }
    }

    async fn stop(&self, key: &str, handle: &str) -> Result<(), SpawnError> {
        let pid = match handle.parse::<u32>() {
            Ok(pid) => Some(pid),
            Err(_) => self.read_run(key).map(|r| r.pid),
        };
        if let Some(pid) = pid.filter(|pid| Self::is_ours(*pid, key)) {
            Self::kill_group(pid, nix::sys::signal::Signal::SIGTERM);
            let deadline = Instant::now() + Duration::from_secs(5);
            while Self::is_ours(pid, key) && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            if Self::is_ours(pid, key) {
                Self::kill_group(pid, nix::sys::signal::Signal::SIGKILL);
                // Stopped means gone: wait for the kernel to finish the kill.
                let deadline = Instant::now() + Duration::from_secs(5);
                while Self::is_ours(pid, key) && Instant::now() < deadline {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
        let _ = std::fs::remove_file(self.run_file(key));
        if !self.other_server_running(key) {
            if let Some(user_id) = app::notebooks::names::parse_server_key(key).map(|(u, _)| u) {
                self.kill_account(user_id).await;
            }
        }
        Ok(())
    }

    async fn probe(&self, key: &str, handle: &str) -> Result<Liveness, SpawnError> {
        let Some(run) = self.read_run(key) else { return Ok(Liveness::Gone) };
        if (!handle.is_empty() && handle != run.pid.to_string()) || !Self::is_ours(run.pid, key) {
            return Ok(Liveness::Gone);
        }
        Ok(Liveness::Running(Endpoint {
            url: format!("http://127.0.0.1:{}", run.port),
            handle: run.pid.to_string(),
        }))
    }

    async fn list(&self) -> Result<Vec<Found>, SpawnError> {
        let dir = self.settings.root.join("run");
        let entries = std::fs::read_dir(&dir).map_err(|e| SpawnError::Unavailable(e.to_string()))?;
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(key) = name.strip_suffix(".json") else { continue };
            match self.read_run(key) {
                Some(run) if Self::is_ours(run.pid, key) => {
                    found.push(Found { key: key.to_owned(), handle: run.pid.to_string() })
                }
                _ => {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Ok(found)
    }

    async fn delete_workspace(&self, user_id: i64) -> Result<(), SpawnError> {
        self.kill_account(user_id).await;
        let home = self.home(user_id);
        // `remove_dir_all` never follows the symlinks a learner may have left inside.
        match std::fs::remove_dir_all(&home) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(SpawnError::Failed(format!("cannot remove {}: {e}", home.display()))),
        }
        let prefix = format!("u{}-", user_id.unsigned_abs());
        for entry in std::fs::read_dir(self.settings.root.join("runtime")).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh clone under `/root` (mode 700): the default workspaces move where learners'
    /// accounts reach them, and the documented path leads there.
    #[test]
    fn default_workspaces_leave_a_folder_learners_cannot_pass() {
        let top = std::env::temp_dir().join(format!("puente-reach-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&top);
        let private = top.join("root/puente");
        std::fs::create_dir_all(&private).unwrap();
        set_mode(&top, 0o755).unwrap();
        set_mode(&top.join("root"), 0o700).unwrap();
        let base = top.join("var/lib/puente/notebooks");
        let dir = private.join("data/notebooks");
        let root = reachable_root(&dir, &base).unwrap();
        assert!(root.starts_with(&base), "{}", root.display());
        assert_eq!(std::fs::read_link(&dir).unwrap(), root, "data/notebooks leads there");
        assert!(blocked_ancestor(&root).is_none());
        assert_eq!(reachable_root(&dir, &base).unwrap(), root, "the same folder every start");
        // A folder learners can reach is used as it is.
        let open = top.join("srv/puente/data/notebooks");
        std::fs::create_dir_all(&open).unwrap();
        for d in ["srv", "srv/puente", "srv/puente/data"] {
            set_mode(&top.join(d), 0o755).unwrap();
        }
        assert_eq!(reachable_root(&open, &base).unwrap(), open);
        // Learners' work already in the private folder is never moved behind the operator's back.
        let kept = top.join("root/other/data/notebooks");
        std::fs::create_dir_all(kept.join("homes/u1")).unwrap();
        assert!(reachable_root(&kept, &base).is_err());
        std::fs::remove_dir_all(&top).unwrap();
    }

    #[test]
    fn each_person_gets_their_own_account() {
        let s = LocalSpawner {
            settings: LocalSettings {
                jupyter: PathBuf::from("/venv/bin/jupyter-server"),
                root: PathBuf::from("/srv/nb"),
                isolation: Isolation::PerPerson { uid_base: 200_000 },
                start_timeout: Duration::from_secs(1),
            },
            jupyter: Jupyter::new(),
        };
        assert_eq!(s.account_of(1), Some(200_001));
        assert_eq!(s.account_of(42), Some(200_042));
        assert_eq!(s.account_of(-1), None);
        assert_eq!(s.account_of(i64::from(u32::MAX)), None);
    }

    #[test]
    fn jupyterlab_opens_in_the_learners_language() {
        assert_eq!(lab_overrides(Locale::Pt)["@jupyterlab/translation-extension:plugin"]["locale"], "pt_BR");
        assert_eq!(lab_overrides(Locale::Es)["@jupyterlab/translation-extension:plugin"]["locale"], "es_ES");
        assert_eq!(
            lab_overrides(Locale::En)["@jupyterlab/apputils-extension:notification"]["fetchNews"],
            "false"
        );
    }
}

//! The local back-end: one `jupyter-server` process per (user, profile) on this machine.
//!
//! Each server gets the person's workspace directory (kept across stops), a free port on
//! 127.0.0.1, its own token in the environment and `base_url` = the proxy prefix. Processes run
//! in their own process group, detached from Puente, so restarting Puente never kills a notebook:
//! a small JSON file per server under `run/` lets the next Puente re-adopt it (or stop it, if the
//! database no longer knows it). When Puente runs as root, notebooks run as an unprivileged
//! account (`puente-nb` by default), never as root.
//!
//! Isolation: every local notebook runs as that one account, so learners on one machine could
//! reach each other's files. The local back-end is for one trusted group (a workshop machine, a
//! development set-up); the Kubernetes back-end isolates learners from each other.

use anyhow::Context;
use app::notebooks::spawner::{Endpoint, Found, Liveness, Progress, ServerSpec, SpawnError, Spawner, Stage};
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct LocalSettings {
    /// The `jupyter-server` executable (inside the virtual environment the set-up step makes).
    pub jupyter: PathBuf,
    /// Holds `homes/u<id>/` (workspaces), `run/` (one file per running server, and logs; Puente's
    /// only) and `runtime/<key>/` (Jupyter's own runtime files).
    pub root: PathBuf,
    /// The account notebooks run as when Puente runs as root.
    pub run_as: Option<(u32, u32)>,
    /// Readiness deadline for one start.
    pub start_timeout: Duration,
}

/// What `run/<key>.json` remembers about a running server.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct RunFile {
    pid: u32,
    port: u16,
}

pub struct LocalSpawner {
    settings: LocalSettings,
    http: reqwest::Client,
}

impl LocalSpawner {
    /// Checks the executable and prepares the folders.
    pub fn new(settings: LocalSettings) -> anyhow::Result<LocalSpawner> {
        anyhow::ensure!(
            settings.jupyter.is_file(),
            "{} does not exist (PUENTE_JUPYTER); run scripts/setup.sh to create the Jupyter environment",
            settings.jupyter.display()
        );
        for dir in ["homes", "run", "runtime"] {
            let d = settings.root.join(dir);
            std::fs::create_dir_all(&d).with_context(|| format!("Failed to create {}", d.display()))?;
        }
        // The notebook account must reach its home through these folders, and nothing else.
        if settings.run_as.is_some() {
            use std::os::unix::fs::PermissionsExt;
            for d in [settings.root.clone(), settings.root.join("homes"), settings.root.join("runtime")] {
                std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o711))
                    .with_context(|| format!("Failed to set permissions on {}", d.display()))?;
            }
            std::fs::set_permissions(settings.root.join("run"), std::fs::Permissions::from_mode(0o700))
                .context("Failed to set permissions on run/")?;
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .no_proxy()
            .build()
            .context("Failed to build an HTTP client")?;
        Ok(LocalSpawner { settings, http })
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

    async fn answers(&self, port: u16, spec_base: &str, token: &str) -> bool {
        let url = format!("http://127.0.0.1:{port}{spec_base}api/status");
        matches!(
            self.http.get(url).header("Authorization", format!("token {token}")).send().await,
            Ok(r) if r.status().is_success()
        )
    }

    /// Copies the episode's files into the home, never over a file that is already there.
    fn copy_files(&self, spec: &ServerSpec, home: &Path) -> anyhow::Result<()> {
        for f in &spec.files {
            let rel = Path::new(&f.dest);
            anyhow::ensure!(
                rel.components().all(|c| matches!(c, Component::Normal(_))),
                "unsafe destination {:?}",
                f.dest
            );
            let dest = home.join(rel);
            if dest.exists() {
                continue;
            }
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("Failed to create {}", parent.display()))?;
                self.give(home, parent)?;
            }
            std::fs::copy(&f.source, &dest)
                .with_context(|| format!("Failed to copy {} to {}", f.source.display(), dest.display()))?;
            self.give(home, &dest)?;
        }
        Ok(())
    }

    /// Hands `path` and the folders between it and `home` to the notebook account.
    fn give(&self, home: &Path, path: &Path) -> anyhow::Result<()> {
        let Some((uid, gid)) = self.settings.run_as else { return Ok(()) };
        let mut p = Some(path);
        while let Some(cur) = p {
            std::os::unix::fs::chown(cur, Some(uid), Some(gid))
                .with_context(|| format!("Failed to hand {} to the notebook account", cur.display()))?;
            if cur == home {
                break;
            }
            p = cur.parent().filter(|q| q.starts_with(home));
        }
        Ok(())
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

    async fn launch(
        &self,
        spec: &ServerSpec,
        progress: &dyn Progress,
    ) -> anyhow::Result<Result<Endpoint, SpawnError>> {
        progress.report(Stage::Creating, Some("workspace".to_owned()));
        let home = self.home(spec.user_id);
        std::fs::create_dir_all(&home).with_context(|| format!("Failed to create {}", home.display()))?;
        self.give(&home, &home)?;
        self.copy_files(spec, &home)?;

        let port = Self::free_port()?;
        let log_path = self.settings.root.join("run").join(format!("{}.log", spec.key));
        let log = std::fs::File::create(&log_path).context("Failed to create the notebook log")?;
        let log_err = log.try_clone().context("Failed to open the notebook log")?;
        let runtime = self.settings.root.join("runtime").join(&spec.key);
        std::fs::create_dir_all(&runtime).context("Failed to create the runtime folder")?;
        self.give(&runtime, &runtime)?;

        let mut cmd = tokio::process::Command::new(&self.settings.jupyter);
        cmd.arg("--no-browser")
            .arg("--ServerApp.ip=127.0.0.1")
            .arg(format!("--ServerApp.port={port}"))
            .arg("--ServerApp.port_retries=0")
            .arg(format!("--ServerApp.base_url={}", spec.base_url))
            .arg(format!("--ServerApp.root_dir={}", home.display()))
            .arg("--ServerApp.allow_remote_access=True")
            .arg("--ServerApp.trust_xheaders=True")
            .arg(format!(
                "--ServerApp.terminals_enabled={}",
                if spec.profile.terminals { "True" } else { "False" }
            ))
            .arg("--LabApp.news_url=None")
            .arg("--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
            .env_clear()
            .env("PATH", format!("{}:/usr/local/bin:/usr/bin:/bin", self.venv_bin().display()))
            .env("HOME", &home)
            .env("LANG", "C.UTF-8")
            .env("JUPYTER_TOKEN", &spec.token)
            .env("JUPYTER_RUNTIME_DIR", &runtime)
            .env("JUPYTER_CONFIG_DIR", runtime.join("config"))
            .env("JUPYTER_DATA_DIR", runtime.join("data"))
            .env("IPYTHONDIR", runtime.join("ipython"))
            .env("MPLCONFIGDIR", runtime.join("matplotlib"))
            .env("PYTHONUNBUFFERED", "1")
            .current_dir(&home)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            // Its own process group: a signal to Puente's group never reaches a notebook.
            .process_group(0)
            .kill_on_drop(false);
        if let Some((uid, gid)) = self.settings.run_as {
            cmd.uid(uid).gid(gid);
        }
        progress.report(Stage::Starting, Some("jupyter-server".to_owned()));
        let mut child = cmd.spawn().context("Failed to start jupyter-server")?;
        let pid = child.id().context("jupyter-server has no process id")?;
        let run = RunFile { pid, port };
        std::fs::write(self.run_file(&spec.key), serde_json::to_vec(&run).unwrap_or_default())
            .context("Failed to record the notebook process")?;

        let deadline = Instant::now() + self.settings.start_timeout;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let tail = tail(&log_path);
                let _ = std::fs::remove_file(self.run_file(&spec.key));
                return Ok(Err(SpawnError::Failed(format!("jupyter-server exited ({status}): {tail}"))));
            }
            if self.answers(port, &spec.base_url, &spec.token).await {
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
        Ok(Ok(Endpoint { url: format!("http://127.0.0.1:{port}"), handle: pid.to_string() }))
    }

    fn venv_bin(&self) -> PathBuf {
        self.settings.jupyter.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

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
                if self.answers(run.port, &spec.base_url, &spec.token).await {
                    if let Err(e) = self.copy_files(spec, &self.home(spec.user_id)) {
                        tracing::warn!(error = ?e, "cannot copy episode files");
                    }
                    return Ok(Endpoint {
                        url: format!("http://127.0.0.1:{}", run.port),
                        handle: run.pid.to_string(),
                    });
                }
                // Running with another token (an old launch): replace it.
                let _ = self.stop(&spec.key, &run.pid.to_string()).await;
            }
        }
        match self.launch(spec, progress).await {
            Ok(r) => r,
            Err(e) => Err(SpawnError::Failed(format!("{e:#}"))),
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
}

/// The uid and gid of `name`, for running notebooks when Puente is root.
pub fn account(name: &str) -> anyhow::Result<(u32, u32)> {
    let user = nix::unistd::User::from_name(name)
        .with_context(|| format!("Failed to look up the account {name}"))?
        .with_context(|| {
            format!("the account `{name}` (PUENTE_NOTEBOOK_USER) does not exist; scripts/setup.sh creates it")
        })?;
    Ok((user.uid.as_raw(), user.gid.as_raw()))
}

//! The notebook service: launches, stops, credentials for the notebook origin, culling, the
//! reconciler and the registry of open notebook WebSockets.
//!
//! Policy: the database is the truth about servers (so several replicas and restarts agree); a
//! launch runs as a background task that writes each stage to its row; anything that ends a
//! person's session also ends their notebook credentials and closes their notebook WebSockets.

use super::names::{base_url, server_key};
use super::profile::Profiles;
use super::spawner::{Detail, EpisodeFile, Liveness, Progress, ServerSpec, SpawnError, Spawner, Stage};
use super::store::{self, grants, ServerRow};
use crate::auth::{authorize, Action, Actor};
use crate::errors::AppError;
use crate::kernel::clock::now;
use crate::kernel::tokens::new_token;
use crate::lessons::Library;
use anyhow::Context;
use sqlx::AnyPool;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The notebook origin, e.g. `https://nb.puente.example.org`; never Puente's own origin.
    pub origin: String,
    pub profiles: Profiles,
    /// Launches in progress at once, over the whole site; beyond it, 429.
    pub max_launches: u32,
    /// A launch that is not ready by then fails with a "try again".
    pub start_timeout: Duration,
    /// How often idle servers are looked for and the back-end reconciled.
    pub cull_every: Duration,
    /// Whether admins may open other people's notebooks (to help them).
    pub admin_access: bool,
    /// Seconds a notebook-origin credential lives without use (it slides while used).
    pub credential_ttl: i64,
    /// Where pods download episode files from (Puente's `/content/...`).
    pub files_base: String,
}

struct Socket {
    session_hash: String,
    user_id: i64,
    owner_id: i64,
    server_id: i64,
    cancel: CancellationToken,
    /// Unix seconds of the last byte either way, kept by the proxy.
    traffic: Arc<std::sync::atomic::AtomicI64>,
}

pub struct Notebooks {
    pool: AnyPool,
    spawner: Arc<dyn Spawner>,
    pub settings: Settings,
    library: Library,
    jupyter: super::jupyter::Jupyter,
    /// Ids of servers whose state changed; progress streams wake on it.
    changed: broadcast::Sender<i64>,
    /// Launches running in this process (the reconciler leaves them alone).
    launching: Mutex<HashSet<i64>>,
    sockets: Mutex<HashMap<u64, Socket>>,
    next_socket: AtomicU64,
    /// When each server's activity was last written, to write at most every 30 s.
    touched: Mutex<HashMap<i64, i64>>,
    /// Credentials checked in the last [`AUTH_CACHE_TTL`]: JupyterLab makes many small requests,
    /// and the database check would otherwise double the proxy's cost of each. Anything that
    /// revokes access in this process clears the entries it concerns at once; other replicas
    /// notice within the TTL.
    auth_cache: Mutex<HashMap<String, (grants::Upstream, std::time::Instant)>>,
    /// Groups launches belong to (cohorts), set once at start-up.
    scopes: std::sync::OnceLock<Arc<dyn super::scope::LaunchScopes>>,
}

/// How long a successful credential check is reused.
pub const AUTH_CACHE_TTL: Duration = Duration::from_secs(2);

/// What a learner may see about one of their servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub row: ServerRow,
    pub may_enter: bool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

struct RowProgress<'a> {
    pool: &'a AnyPool,
    id: i64,
    changed: &'a broadcast::Sender<i64>,
    rt: tokio::runtime::Handle,
}

impl Progress for RowProgress<'_> {
    fn report(&self, stage: Stage, detail: Option<Detail>) {
        let (pool, id, changed) = (self.pool.clone(), self.id, self.changed.clone());
        let detail = detail.map(Detail::code).unwrap_or_default();
        // Stages are few; writing each one in order matters more than waiting for it here.
        self.rt.spawn(async move {
            if let Err(e) = store::set_stage(&pool, id, stage.code(), detail).await {
                tracing::warn!(error = ?e, "cannot record launch progress");
            }
            let _ = changed.send(id);
        });
    }
}

impl Notebooks {
    pub fn new(
        pool: AnyPool,
        spawner: Arc<dyn Spawner>,
        settings: Settings,
        library: Library,
    ) -> Arc<Notebooks> {
        let (changed, _) = broadcast::channel(256);
        Arc::new(Notebooks {
            pool,
            spawner,
            settings,
            library,
            jupyter: super::jupyter::Jupyter::new(),
            changed,
            launching: Mutex::new(HashSet::new()),
            sockets: Mutex::new(HashMap::new()),
            next_socket: AtomicU64::new(1),
            touched: Mutex::new(HashMap::new()),
            auth_cache: Mutex::new(HashMap::new()),
            scopes: std::sync::OnceLock::new(),
        })
    }

    pub fn backend(&self) -> &'static str {
        self.spawner.backend()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.changed.subscribe()
    }

    /// The episode's notebook profile, its files, and the notebook to open.
    fn episode_files(
        &self,
        course: &str,
        episode: &str,
    ) -> Result<(String, Vec<EpisodeFile>, String), AppError> {
        let catalog = self.library.get();
        let c = catalog.course(course).ok_or(AppError::NotFound)?;
        let (_, ep) = c.episode(episode).ok_or(AppError::NotFound)?;
        let spec = ep
            .texts
            .values()
            .find_map(|t| t.front.notebook.clone())
            .ok_or(AppError::Conflict { code: "notebook-none".to_owned() })?;
        let base = self.settings.files_base.trim_end_matches('/');
        let files = spec
            .files
            .iter()
            .map(|f| EpisodeFile {
                dest: format!("{course}/{episode}/{f}"),
                source: c.dir.join(episode).join(f),
                url: format!("{base}/content/{course}/{episode}/{f}"),
            })
            .collect();
        Ok((spec.profile, files, format!("{course}/{episode}/{}", spec.open)))
    }

    /// Plugs in the groups launches belong to (once, at start-up).
    pub fn set_scopes(&self, scopes: Arc<dyn super::scope::LaunchScopes>) {
        let _ = self.scopes.set(scopes);
    }

    /// Starts (or reuses) the learner's server for an episode; returns the server key, whose
    /// progress page shows the rest. Idempotent: a live server is reused and gets the episode's files.
    pub async fn launch(
        self: &Arc<Self>,
        actor: &Actor,
        course: &str,
        episode: &str,
        locale: crate::i18n::Locale,
    ) -> Result<String, AppError> {
        authorize(Some(actor), Action::Participate)?;
        let (profile_name, files, open_path) = self.episode_files(course, episode)?;
        let profile = self
            .settings
            .profiles
            .get(&profile_name)
            .cloned()
            .ok_or(AppError::Conflict { code: "notebook-profile-unknown".to_owned() })?;
        let scope = match self.scopes.get() {
            Some(s) => s.scope(actor.user_id, course).await?,
            None => None,
        };
        if !profile.allows(actor) {
            // Beyond the person's role only by their group's grant, while its budget lasts.
            match &scope {
                Some(s) if s.granted_profiles.contains(&profile.name) => {
                    if s.budget_spent {
                        return Err(AppError::Conflict { code: "notebook-budget-spent".to_owned() });
                    }
                }
                _ => return Err(AppError::Forbidden),
            }
        }
        let key = server_key(actor.user_id, &profile.name);
        if let Some(row) = store::live_by_key(&self.pool, &key).await? {
            return self.reuse(row, course, episode, &open_path, files).await.map(|()| key);
        }
        let mine = store::live_for_user(&self.pool, actor.user_id).await?;
        if mine.len() as u32 >= self.settings.profiles.limits.for_actor(actor) {
            return Err(AppError::Conflict { code: "notebook-limit".to_owned() });
        }
        if store::count_launching(&self.pool).await? >= i64::from(self.settings.max_launches) {
            return Err(AppError::RateLimited { retry_after_secs: 15 });
        }
        let token = new_token();
        let new = store::NewServer {
            user_id: actor.user_id,
            key: &key,
            profile: &profile.name,
            backend: self.spawner.backend(),
            token: &token,
            course,
            episode,
            open_path: &open_path,
            cpu_millis: i64::try_from(profile.cpu_request_millis).unwrap_or(i64::MAX),
            memory_bytes: i64::try_from(profile.memory_request_bytes).unwrap_or(i64::MAX),
            cohort_id: scope.as_ref().map(|s| s.cohort_id),
        };
        let Some(id) = store::insert(&self.pool, &new).await? else {
            // Someone (another tab) launched it a moment ago: reuse theirs.
            let row = store::live_by_key(&self.pool, &key).await?.ok_or(AppError::Internal)?;
            return self.reuse(row, course, episode, &open_path, files).await.map(|()| key);
        };
        let spec = ServerSpec {
            key: key.clone(),
            user_id: actor.user_id,
            profile,
            base_url: base_url(&key),
            token,
            files,
            locale,
        };
        lock(&self.launching).insert(id);
        let me = self.clone();
        tokio::spawn(async move { me.run_launch(id, spec).await });
        Ok(key)
    }

    async fn reuse(
        &self,
        row: ServerRow,
        course: &str,
        episode: &str,
        open_path: &str,
        files: Vec<EpisodeFile>,
    ) -> Result<(), AppError> {
        if row.state == "stopping" {
            return Err(AppError::Conflict { code: "notebook-stopping".to_owned() });
        }
        store::set_open(&self.pool, row.id, course, episode, open_path).await?;
        if row.state == "ready" {
            if let Some(endpoint) = &row.endpoint {
                self.add_files(endpoint, &row, &files).await;
            }
        }
        let _ = self.changed.send(row.id);
        Ok(())
    }

    async fn run_launch(self: Arc<Self>, id: i64, spec: ServerSpec) {
        let progress = RowProgress {
            pool: &self.pool,
            id,
            changed: &self.changed,
            rt: tokio::runtime::Handle::current(),
        };
        let started = std::time::Instant::now();
        let result =
            match tokio::time::timeout(self.settings.start_timeout, self.spawner.start(&spec, &progress))
                .await
            {
                Ok(r) => r,
                Err(_) => {
                    Err(SpawnError::Timeout(format!("not ready after {:?}", self.settings.start_timeout)))
                }
            };
        // Progress writes are spawned; let them land before the final state.
        tokio::time::sleep(Duration::from_millis(20)).await;
        match result {
            Ok(endpoint) => {
                tracing::info!(key = %spec.key, ms = started.elapsed().as_millis() as u64, "notebook ready");
                match store::set_ready(&self.pool, id, &endpoint.url, &endpoint.handle).await {
                    Ok(true) => {
                        // The learner may have launched another episode while this one started.
                        if let Ok(Some(row)) = store::by_id(&self.pool, id).await {
                            if let Ok((_, files, _)) = self.episode_files(&row.course, &row.episode) {
                                if files != spec.files {
                                    self.add_files(&endpoint.url, &row, &files).await;
                                }
                            }
                        }
                    }
                    Ok(false) => {
                        // Stopped while starting: do not leave it running.
                        let _ = self.spawner.stop(&spec.key, &endpoint.handle).await;
                    }
                    Err(e) => tracing::error!(error = ?e, "cannot record a ready notebook"),
                }
            }
            Err(e) => {
                // The back-end's words stay in the log; the learner gets the translated code.
                tracing::warn!(key = %spec.key, error = %e, "notebook launch failed");
                let _ = self.spawner.stop(&spec.key, "").await;
                if let Err(e) = store::set_failed(&self.pool, id, e.code(), "").await {
                    tracing::error!(error = ?e, "cannot record a failed launch");
                }
            }
        }
        lock(&self.launching).remove(&id);
        let _ = self.changed.send(id);
    }

    /// Copies files the learner does not have yet into a running server, through Jupyter's
    /// contents API (the same for every back-end, with the learner's own rights).
    async fn add_files(&self, endpoint: &str, row: &ServerRow, files: &[EpisodeFile]) {
        self.jupyter.add_files(endpoint, &base_url(&row.key), &row.token, files).await;
    }

    fn may_see(&self, actor: &Actor, row: &ServerRow) -> bool {
        super::policy::may_see(actor, row.user_id, self.settings.admin_access)
    }

    /// The newest server under `key`, if the actor may see it.
    pub async fn view(&self, actor: &Actor, key: &str) -> Result<View, AppError> {
        let row = store::latest_by_key(&self.pool, key).await?.ok_or(AppError::NotFound)?;
        if !self.may_see(actor, &row) {
            // Someone else's server: as if it did not exist.
            return Err(AppError::NotFound);
        }
        let may_enter = row.state == "ready";
        Ok(View { row, may_enter })
    }

    /// A one-time ticket to enter the notebook origin, for a ready server the actor may open.
    pub async fn ticket(&self, actor: &Actor, session_hash: &str, key: &str) -> Result<String, AppError> {
        authorize(Some(actor), Action::Participate)?;
        let row = store::live_by_key(&self.pool, key).await?.ok_or(AppError::NotFound)?;
        if !self.may_see(actor, &row) {
            return Err(AppError::NotFound);
        }
        if row.state != "ready" {
            return Err(AppError::Conflict { code: "notebook-not-ready".to_owned() });
        }
        Ok(grants::issue_ticket(&self.pool, row.id, actor.user_id, session_hash).await?)
    }

    /// Spends a ticket on the notebook origin: the credential (cookie value) and the server key.
    /// Spent on the origin of the server it was issued for, or not at all.
    pub async fn redeem(&self, ticket: &str, key: &str) -> anyhow::Result<Option<(String, ServerRow)>> {
        let Some((cookie, server_id)) =
            grants::redeem_ticket(&self.pool, ticket, key, self.settings.credential_ttl).await?
        else {
            return Ok(None);
        };
        Ok(store::by_id(&self.pool, server_id).await?.map(|row| (cookie, row)))
    }

    /// Checks a notebook-origin credential on every proxied request; slides its expiry and
    /// records activity at most every 30 s.
    pub async fn authorize_request(&self, credential: &str) -> anyhow::Result<Option<grants::Upstream>> {
        if let Some((up, at)) = lock(&self.auth_cache).get(credential) {
            if at.elapsed() < AUTH_CACHE_TTL {
                return Ok(Some(up.clone()));
            }
        }
        let Some(up) = grants::check(&self.pool, credential)
            .await?
            .filter(|up| up.owner_id == up.user_id || self.settings.admin_access)
        else {
            lock(&self.auth_cache).remove(credential);
            return Ok(None);
        };
        {
            let mut cache = lock(&self.auth_cache);
            if cache.len() > 10_000 {
                cache.retain(|_, (_, at)| at.elapsed() < AUTH_CACHE_TTL);
            }
            cache.insert(credential.to_owned(), (up.clone(), std::time::Instant::now()));
        }
        let now = now();
        let due = {
            let mut touched = lock(&self.touched);
            let last = touched.get(&up.server_id).copied().unwrap_or(0);
            if now - last >= 30 {
                touched.insert(up.server_id, now);
                true
            } else {
                false
            }
        };
        if due {
            store::touch(&self.pool, up.server_id, now).await?;
        }
        if up.expires_at - now < self.settings.credential_ttl / 2 {
            grants::extend(&self.pool, credential, now + self.settings.credential_ttl).await?;
        }
        Ok(Some(up))
    }

    /// Stops a server the actor may stop (their own, or any for an admin).
    pub async fn stop_key(&self, actor: &Actor, key: &str) -> Result<(), AppError> {
        let row = store::live_by_key(&self.pool, key).await?.ok_or(AppError::NotFound)?;
        let reason = super::policy::stop_reason(actor, row.user_id).ok_or(AppError::NotFound)?;
        self.stop(&row, reason).await.map_err(AppError::from)
    }

    /// Admin: stops any server by id.
    pub async fn stop_id(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        authorize(Some(actor), Action::Administer)?;
        let row = store::by_id(&self.pool, id).await?.ok_or(AppError::NotFound)?;
        self.stop(&row, "admin").await.map_err(AppError::from)
    }

    /// Stops a server: its sockets close, its credentials end, the back-end stops it, its
    /// workspace stays.
    pub async fn stop(&self, row: &ServerRow, reason: &str) -> anyhow::Result<()> {
        if !store::set_stopping(&self.pool, row.id, reason).await? {
            return Ok(());
        }
        let _ = self.changed.send(row.id);
        self.forget_credentials(|u| u.server_id == row.id);
        self.close_sockets(|s| s.server_id == row.id);
        let handle = row.handle.clone().unwrap_or_default();
        if let Err(e) = self.spawner.stop(&row.key, &handle).await {
            // It stays "stopping"; the reconciler tries again.
            tracing::warn!(key = %row.key, error = %e, "cannot stop a notebook server yet");
            return Ok(());
        }
        store::set_stopped(&self.pool, row.id, reason).await?;
        tracing::info!(key = %row.key, reason, "notebook stopped");
        let _ = self.changed.send(row.id);
        Ok(())
    }

    /// Stops every server of a person (their account was disabled or deleted).
    pub async fn stop_user(&self, user_id: i64, reason: &str) -> anyhow::Result<()> {
        self.revoke_user(user_id).await?;
        for row in store::live_for_user(&self.pool, user_id).await? {
            self.stop(&row, reason).await?;
        }
        Ok(())
    }

    /// A person's account is being deleted: their servers stop and their workspace (folder or
    /// volume) is removed for good.
    pub async fn delete_user(&self, user_id: i64) -> anyhow::Result<()> {
        self.stop_user(user_id, "deleted").await?;
        self.spawner.delete_workspace(user_id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    }

    // ---- WebSockets opened through the proxy ----

    /// Registers a proxied WebSocket; it is closed when `cancel` fires, and the proxy records
    /// each moment bytes pass in `traffic` (the culler's own view of activity).
    pub fn register_socket(
        &self,
        up: &grants::Upstream,
    ) -> (u64, CancellationToken, Arc<std::sync::atomic::AtomicI64>) {
        let id = self.next_socket.fetch_add(1, Ordering::Relaxed);
        let cancel = CancellationToken::new();
        let traffic = Arc::new(std::sync::atomic::AtomicI64::new(now()));
        lock(&self.sockets).insert(
            id,
            Socket {
                session_hash: up.session_hash.clone(),
                user_id: up.user_id,
                owner_id: up.owner_id,
                server_id: up.server_id,
                cancel: cancel.clone(),
                traffic: traffic.clone(),
            },
        );
        (id, cancel, traffic)
    }

    /// The last moment bytes passed on any of a server's open WebSockets (0 without any).
    fn socket_activity(&self, server_id: i64) -> i64 {
        lock(&self.sockets)
            .values()
            .filter(|s| s.server_id == server_id)
            .map(|s| s.traffic.load(Ordering::Relaxed))
            .max()
            .unwrap_or(0)
    }

    pub fn unregister_socket(&self, id: u64) {
        lock(&self.sockets).remove(&id);
    }

    pub fn open_sockets(&self) -> usize {
        lock(&self.sockets).len()
    }

    fn forget_credentials(&self, which: impl Fn(&grants::Upstream) -> bool) {
        lock(&self.auth_cache).retain(|_, (up, _)| !which(up));
    }

    fn close_sockets(&self, which: impl Fn(&Socket) -> bool) {
        let mut sockets = lock(&self.sockets);
        sockets.retain(|_, s| {
            if which(s) {
                s.cancel.cancel();
                false
            } else {
                true
            }
        });
    }

    /// A session ended (logout): its notebook credentials end and its WebSockets close.
    pub async fn revoke_session(&self, session_hash: &str) -> anyhow::Result<()> {
        grants::revoke_session(&self.pool, session_hash).await?;
        self.forget_credentials(|u| u.session_hash == session_hash);
        self.close_sockets(|s| s.session_hash == session_hash);
        Ok(())
    }

    /// Every session of a person but one ended (they changed their password in that one).
    pub async fn revoke_other_sessions(&self, user_id: i64, keep_session: &str) -> anyhow::Result<()> {
        grants::revoke_user_except(&self.pool, user_id, keep_session).await?;
        self.forget_credentials(|u| u.user_id == user_id && u.session_hash != keep_session);
        self.close_sockets(|s| s.user_id == user_id && s.session_hash != keep_session);
        Ok(())
    }

    /// A person lost a role: whatever they held for other people's servers ends at once.
    pub async fn revoke_privileged(&self, user_id: i64) -> anyhow::Result<()> {
        grants::revoke_foreign(&self.pool, user_id).await?;
        self.forget_credentials(|u| u.user_id == user_id && u.owner_id != user_id);
        self.close_sockets(|s| s.user_id == user_id && s.owner_id != user_id);
        Ok(())
    }

    /// Every session of a person ended (log out everywhere, password change, disabled).
    pub async fn revoke_user(&self, user_id: i64) -> anyhow::Result<()> {
        grants::revoke_user(&self.pool, user_id).await?;
        self.forget_credentials(|u| u.user_id == user_id);
        self.close_sockets(|s| s.user_id == user_id);
        Ok(())
    }

    // ---- Background work ----

    /// When the server was last used: the newest of the proxy's own record of traffic and what
    /// Jupyter says (its times never believed beyond now; a busy kernel is activity now).
    async fn last_activity(&self, row: &ServerRow) -> anyhow::Result<i64> {
        let endpoint = row.endpoint.as_deref().context("no endpoint")?;
        let now = now();
        let reported = self.jupyter.activity(endpoint, &base_url(&row.key), &row.token, now).await?;
        let proxy = row.last_activity_at.unwrap_or(0).max(self.socket_activity(row.id));
        tracing::debug!(key = %row.key, jupyter = reported.last_activity, busy = reported.busy, proxy, now, "notebook activity");
        Ok(if reported.busy { now } else { reported.last_activity.max(proxy) })
    }

    /// Stops servers idle longer than their profile allows, or older than its maximum lifetime.
    pub async fn cull_once(&self) -> anyhow::Result<usize> {
        let now = now();
        let mut stopped = 0;
        for row in store::live(&self.pool).await? {
            if row.state != "ready" {
                continue;
            }
            let Some(profile) = self.settings.profiles.get(&row.profile) else { continue };
            let lifetime = i64::try_from(profile.max_lifetime.as_secs()).unwrap_or(i64::MAX);
            if now - row.ready_at.unwrap_or(row.created_at) >= lifetime {
                self.stop(&row, "lifetime").await?;
                stopped += 1;
                continue;
            }
            let last = match self.last_activity(&row).await {
                Ok(t) => t,
                Err(e) => {
                    tracing::debug!(key = %row.key, error = ?e, "no activity from Jupyter; asking the back-end");
                    let handle = row.handle.clone().unwrap_or_default();
                    if let Ok(Liveness::Gone) = self.spawner.probe(&row.key, &handle).await {
                        store::set_stopped(&self.pool, row.id, "lost").await?;
                        let _ = self.changed.send(row.id);
                    }
                    continue;
                }
            };
            let idle = i64::try_from(profile.idle_timeout.as_secs()).unwrap_or(i64::MAX);
            if now - last >= idle {
                self.stop(&row, "idle").await?;
                stopped += 1;
            }
        }
        Ok(stopped)
    }

    /// Makes the database and the back-end agree: running servers are re-adopted, vanished ones
    /// recorded as stopped, launches cut short by a restart failed, unfinished stops finished, and
    /// servers nobody knows about (orphans) stopped.
    pub async fn reconcile(&self) -> anyhow::Result<()> {
        let live = store::live(&self.pool).await?;
        let mine: HashSet<i64> = lock(&self.launching).clone();
        for row in &live {
            if mine.contains(&row.id) {
                continue;
            }
            let handle = row.handle.clone().unwrap_or_default();
            if row.state == "stopping" {
                if self.spawner.stop(&row.key, &handle).await.is_ok() {
                    store::set_stopped(&self.pool, row.id, "user").await?;
                }
                continue;
            }
            let launching = row.state != "ready";
            match self.spawner.probe(&row.key, &handle).await {
                Ok(Liveness::Running(_)) if !launching => {}
                Ok(Liveness::Running(ep)) if now() - row.created_at < 3600 => {
                    // A launch whose task died with the old process, but the server came up.
                    store::set_ready(&self.pool, row.id, &ep.url, &ep.handle).await?;
                }
                Ok(Liveness::Pending) if launching => {
                    let limit = i64::try_from(self.settings.start_timeout.as_secs()).unwrap_or(600);
                    if now() - row.created_at > 2 * limit {
                        let _ = self.spawner.stop(&row.key, &handle).await;
                        store::set_failed(&self.pool, row.id, "notebook-error-timeout", "").await?;
                    }
                }
                Ok(Liveness::Pending | Liveness::Running(_)) => {}
                Ok(Liveness::Gone) if launching => {
                    if now() - row.created_at > 30 {
                        store::set_failed(&self.pool, row.id, "notebook-error-failed", "interrupted").await?;
                    }
                }
                Ok(Liveness::Gone) => store::set_stopped(&self.pool, row.id, "lost").await?,
                Err(e) => {
                    tracing::warn!(key = %row.key, error = %e, "cannot ask the back-end about a server")
                }
            }
            let _ = self.changed.send(row.id);
        }
        let known: HashSet<String> = store::live(&self.pool).await?.into_iter().map(|r| r.key).collect();
        match self.spawner.list().await {
            Ok(found) => {
                for f in found {
                    if !known.contains(&f.key) {
                        tracing::warn!(key = %f.key, "stopping an orphaned notebook server");
                        if let Err(e) = self.spawner.stop(&f.key, &f.handle).await {
                            tracing::warn!(key = %f.key, error = %e, "cannot stop an orphan");
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot list the back-end's servers"),
        }
        Ok(())
    }

    /// Closes WebSockets whose credential no longer holds (its session expired, say).
    async fn sweep_sockets(&self) -> anyhow::Result<()> {
        let sessions: Vec<(String, i64)> =
            lock(&self.sockets).values().map(|s| (s.session_hash.clone(), s.server_id)).collect();
        let mut dead = HashSet::new();
        for (session_hash, server_id) in sessions {
            if !grants::session_holds(&self.pool, &session_hash, server_id).await? {
                dead.insert((session_hash, server_id));
            }
        }
        if !dead.is_empty() {
            self.close_sockets(|s| dead.contains(&(s.session_hash.clone(), s.server_id)));
        }
        Ok(())
    }

    /// Culls, reconciles and sweeps every `cull_every` until `shutdown` fires. Never kills
    /// running servers on the way out: the next start re-adopts them.
    pub async fn run_background(self: Arc<Self>, shutdown: CancellationToken) {
        if let Err(e) = self.reconcile().await {
            tracing::error!(error = ?e, "notebook reconciliation failed");
        }
        let mut tick = tokio::time::interval(self.settings.cull_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => {}
            }
            if let Err(e) = self.cull_once().await {
                tracing::error!(error = ?e, "notebook culling failed");
            }
            if let Err(e) = self.reconcile().await {
                tracing::error!(error = ?e, "notebook reconciliation failed");
            }
            if let Err(e) = self.sweep_sockets().await {
                tracing::error!(error = ?e, "notebook socket sweep failed");
            }
        }
    }
}

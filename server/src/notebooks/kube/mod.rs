//! The Kubernetes back-end: one Pod per server, one PersistentVolumeClaim per person, in one
//! namespace.
//!
//! Policy:
//! - **Bounded.** Every API call has `api_timeout`; transient failures (no connection, no answer,
//!   429, 5xx) are retried with capped backoff for at most `api_retry_budget`, then the launch ends
//!   in [`SpawnError::Unavailable`] ("try again"). A whole start is bounded by `start_timeout`.
//!   Refusals (4xx) are [`SpawnError::Failed`] at once: retrying cannot fix them.
//! - **Idempotent.** `start` ensures each object (409 means "already there") and reuses a pod that
//!   is alive; a dead or terminating one is deleted with a UID precondition and made anew, so a
//!   late delete can never hit a newer pod of the same name.
//! - **The learner's work is theirs.** The home claim is deleted only with the account. Episode files
//!   are copied in only where no file of that name exists yet: by an init container when the pod
//!   is new, through Jupyter's contents API when an already-running pod is reused.
//! - **Locked down.** Pods follow the Pod Security Standard *restricted* (checked here by
//!   [`restricted_violations`], since Kubernetes 1.20 has no PodSecurity admission), carry no
//!   service-account token, and get the Jupyter token from a Secret, never literally. A
//!   NetworkPolicy lets only the proxy's pods reach port 8888, and lets notebooks reach DNS,
//!   Puente's pods and the internet, but never the cloud metadata range, the cluster's own
//!   ranges or its API server (`egress_denied`).
//! - Images are expected to behave like the Jupyter Docker Stacks (an entrypoint that runs its
//!   arguments, `python3` and `jupyter` on the PATH, a writable `/home/jovyan` for uid 1000).

use ::kube::api::{DeleteParams, PostParams, Preconditions};
use anyhow::Context;
use app::notebooks::names::{claim_name, is_dns_label, pod_name};
use app::notebooks::spawner::{
    Detail, Endpoint, Found, Liveness, Progress, ServerSpec, SpawnError, Spawner, Stage,
};
use k8s_openapi::api::core::v1::{Event, PersistentVolumeClaim, Pod, Secret};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::Instant;

mod objects;
mod restricted;
mod status;
#[cfg(test)]
mod tests;

pub use objects::*;
pub use restricted::*;
use status::*;

/// The port Jupyter listens on inside the pod.
pub const PORT: u16 = 8888;
/// The learner's home, where the claim is mounted and Jupyter's root is.
pub const HOME: &str = "/home/jovyan";
/// The namespace's one NetworkPolicy for notebook pods.
pub const NETWORK_POLICY: &str = "puente-notebooks";
/// Label holding the server key on pods and secrets.
pub const LABEL_SERVER_KEY: &str = "puente.dev/server-key";
/// Label holding the account id on pods, secrets and claims.
pub const LABEL_USER: &str = "puente.dev/user";
/// Selects every notebook pod this back-end runs.
pub const NOTEBOOK_SELECTOR: &str =
    "app.kubernetes.io/managed-by=puente,app.kubernetes.io/component=notebook";
/// Name of the init container that copies episode files in.
pub const FILES_CONTAINER: &str = "files";
/// Name of the Jupyter container.
pub const NOTEBOOK_CONTAINER: &str = "notebook";
/// Key of the token inside the server's Secret.
pub const TOKEN_KEY: &str = "token";

/// The uid and gid of the Jupyter Docker Stacks' `jovyan`; fsGroup 100 (`users`) as
/// Zero-to-JupyterHub sets it, so the claim is writable by the learner.
const RUN_AS_USER: i64 = 1000;
const RUN_AS_GROUP: i64 = 1000;
const FS_GROUP: i64 = 100;
/// How often a start looks at the pod and its events.
const POLL: Duration = Duration::from_millis(300);
/// Backoff between retries of one API call.
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(4);

/// The init container's program: downloads each file to `$PUENTE_HOME/<dest>` unless something of
/// that name already exists (the learner's version wins). Paths are checked again here, so a bad
/// `dest` can never write outside the home. Writes go to a temporary name first, so a failed
/// download never leaves half a file that would then count as "already there".
pub const FILES_SCRIPT: &str = r#"
import json, os, shutil, sys, urllib.request
home = os.path.realpath(os.environ["PUENTE_HOME"])
for f in json.loads(os.environ.get("PUENTE_FILES", "[]")):
    dest = os.path.normpath(os.path.join(home, f["dest"]))
    if not dest.startswith(home + os.sep):
        sys.exit("refusing a path outside the home: " + f["dest"])
    if os.path.lexists(dest):
        print("kept", f["dest"])
        continue
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    part = dest + ".puente-part"
    try:
        with urllib.request.urlopen(f["url"], timeout=60) as r, open(part, "wb") as out:
            shutil.copyfileobj(r, out)
    except Exception as e:
        sys.exit("could not fetch " + f["dest"] + ": " + str(e))
    os.replace(part, dest)
    print("copied", f["dest"])
"#;

/// How this back-end reaches the cluster and shapes its objects.
#[derive(Debug, Clone)]
pub struct KubeSettings {
    /// Where pods, claims, secrets and the NetworkPolicy live.
    pub namespace: String,
    /// Base address pods download episode files from (e.g. `http://puente.puente.svc:3000`);
    /// an [`EpisodeFile::url`] without a scheme is resolved against it.
    pub files_base_url: String,
    /// Labels of the pods allowed to reach notebook pods (Puente's own), in the same namespace.
    /// Empty means nothing may reach them.
    pub proxy_pod_labels: BTreeMap<String, String>,
    /// StorageClass of home claims; `None` uses the cluster's default.
    pub storage_class: Option<String>,
    /// Longest a start may take, image pull included.
    pub start_timeout: Duration,
    /// Longest one API call may take.
    pub api_timeout: Duration,
    /// Longest one API call is retried when the cluster is unreachable or overloaded.
    pub api_retry_budget: Duration,
    /// Address ranges notebook pods may never reach (CIDRs): the cloud metadata range, the
    /// cluster's own pod and service ranges, the API server. Everything else on the internet is
    /// open (learners download data and packages); DNS and Puente's own pods are allowed.
    pub egress_denied: Vec<String>,
}

/// By default: the link-local range (cloud metadata at 169.254.169.254), every private range
/// clusters use for pods, services and their API server, and their IPv6 counterparts.
pub const DEFAULT_EGRESS_DENIED: [&str; 7] = [
    "169.254.0.0/16",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "fc00::/7",
    "fe80::/10",
];

impl KubeSettings {
    /// Defaults: proxy pods labelled `app.kubernetes.io/name=puente`, the default StorageClass,
    /// 5 minutes to start, 3 s per API call retried for at most 20 s.
    pub fn new(namespace: impl Into<String>, files_base_url: impl Into<String>) -> KubeSettings {
        KubeSettings {
            namespace: namespace.into(),
            files_base_url: files_base_url.into(),
            proxy_pod_labels: BTreeMap::from([("app.kubernetes.io/name".to_owned(), "puente".to_owned())]),
            storage_class: None,
            start_timeout: Duration::from_secs(300),
            api_timeout: Duration::from_secs(3),
            api_retry_budget: Duration::from_secs(20),
            egress_denied: DEFAULT_EGRESS_DENIED.iter().map(|c| (*c).to_owned()).collect(),
        }
    }
}

/// Runs notebook servers as Pods.
pub struct KubeSpawner {
    client: ::kube::Client,
    settings: KubeSettings,
    /// The one client Puente speaks to notebook servers with (bounded answers, no redirects).
    jupyter: app::notebooks::jupyter::Jupyter,
    policy_ensured: AtomicBool,
}

impl KubeSpawner {
    pub fn new(client: ::kube::Client, settings: KubeSettings) -> KubeSpawner {
        KubeSpawner {
            client,
            settings,
            jupyter: app::notebooks::jupyter::Jupyter::new(),
            policy_ensured: AtomicBool::new(false),
        }
    }

    /// A client from the kubeconfig at `path`, or (with `None`) from `KUBECONFIG`,
    /// `~/.kube/config` or the pod's in-cluster service account. Connections and answers are
    /// bounded by `api_timeout`; kube's own retry layer is off because every call here retries
    /// within its own budget.
    pub async fn from_kubeconfig(path: Option<&Path>, settings: KubeSettings) -> anyhow::Result<KubeSpawner> {
        let mut config = match path {
            Some(path) => {
                let kubeconfig = ::kube::config::Kubeconfig::read_from(path)
                    .with_context(|| format!("Failed to read the kubeconfig {}", path.display()))?;
                ::kube::Config::from_custom_kubeconfig(kubeconfig, &Default::default())
                    .await
                    .with_context(|| format!("Failed to use the kubeconfig {}", path.display()))?
            }
            None => ::kube::Config::infer().await.context(
                "Failed to find a Kubernetes configuration (KUBECONFIG, ~/.kube/config or in-cluster)",
            )?,
        };
        config.connect_timeout = Some(settings.api_timeout);
        config.read_timeout = Some(settings.api_timeout);
        config.reset_reader_on_write = true;
        config.default_retry = false;
        let client = ::kube::Client::try_from(config).context("Failed to build the Kubernetes client")?;
        Ok(KubeSpawner::new(client, settings))
    }

    pub fn settings(&self) -> &KubeSettings {
        &self.settings
    }

    fn api<K>(&self) -> ::kube::Api<K>
    where
        K: ::kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>,
        <K as ::kube::Resource>::DynamicType: Default,
    {
        ::kube::Api::namespaced(self.client.clone(), &self.settings.namespace)
    }

    /// One API call, bounded by `api_timeout` and retried while the failure is transient.
    async fn call<T, F, Fut>(&self, what: &str, mut f: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = ::kube::Result<T>>,
    {
        let started = Instant::now();
        let mut backoff = FIRST_BACKOFF;
        loop {
            let why = match tokio::time::timeout(self.settings.api_timeout, f()).await {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(e)) => match ApiError::from(e) {
                    ApiError::Unreachable(why) => why,
                    refused => return Err(refused),
                },
                Err(_) => format!("no answer within {} ms", self.settings.api_timeout.as_millis()),
            };
            if started.elapsed() + backoff >= self.settings.api_retry_budget {
                tracing::warn!(what, why, "Kubernetes API unavailable; giving up");
                return Err(ApiError::Unreachable(format!("{what}: {why}")));
            }
            tracing::debug!(what, why, ?backoff, "Kubernetes API call failed; retrying");
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    async fn ensure_network_policy(&self) -> Result<(), SpawnError> {
        if self.policy_ensured.load(Ordering::Relaxed) {
            return Ok(());
        }
        let api = self.api::<NetworkPolicy>();
        let want = network_policy(&self.settings);
        let pp = PostParams::default();
        match self.call("create the NetworkPolicy", || api.create(&pp, &want)).await {
            Ok(_) => {}
            Err(ApiError::Conflict(_)) => {
                let have =
                    self.call("read the NetworkPolicy", || api.get(NETWORK_POLICY)).await.map_err(spawn)?;
                if have.spec != want.spec {
                    // Settings changed since it was made (other proxy labels): bring it up to date.
                    let mut next = want.clone();
                    next.metadata.resource_version = have.metadata.resource_version.clone();
                    self.call("update the NetworkPolicy", || api.replace(NETWORK_POLICY, &pp, &next))
                        .await
                        .map_err(spawn)?;
                }
            }
            Err(e) => return Err(spawn(e)),
        }
        self.policy_ensured.store(true, Ordering::Relaxed);
        Ok(())
    }

    async fn ensure_claim(&self, spec: &ServerSpec) -> Result<(), SpawnError> {
        let api = self.api::<PersistentVolumeClaim>();
        let want = claim(spec.user_id, &spec.profile, &self.settings);
        let pp = PostParams::default();
        match self.call("create the home volume claim", || api.create(&pp, &want)).await {
            Ok(_) | Err(ApiError::Conflict(_)) => Ok(()),
            Err(e) => Err(spawn(e)),
        }
    }

    /// Makes the Secret hold `spec.token`.
    async fn ensure_secret(&self, spec: &ServerSpec) -> Result<(), SpawnError> {
        let api = self.api::<Secret>();
        let want = token_secret(spec, &self.settings);
        let name = secret_name(&spec.key);
        let pp = PostParams::default();
        match self.call("create the token Secret", || api.create(&pp, &want)).await {
            Ok(_) => Ok(()),
            Err(ApiError::Conflict(_)) => {
                let have = self.call("read the token Secret", || api.get(&name)).await.map_err(spawn)?;
                let current = have.data.as_ref().and_then(|d| d.get(TOKEN_KEY)).map(|b| b.0.as_slice());
                if current == Some(spec.token.as_bytes()) {
                    return Ok(());
                }
                let mut next = want.clone();
                next.metadata.resource_version = have.metadata.resource_version.clone();
                self.call("update the token Secret", || api.replace(&name, &pp, &next))
                    .await
                    .map_err(spawn)?;
                Ok(())
            }
            Err(e) => Err(spawn(e)),
        }
    }

    async fn create_pod(&self, spec: &ServerSpec) -> Result<Pod, SpawnError> {
        let api = self.api::<Pod>();
        let want = pod(spec, &self.settings);
        let pp = PostParams::default();
        match self.call("create the pod", || api.create(&pp, &want)).await {
            Ok(p) => Ok(p),
            // Another start of the same server got there first: wait for that one.
            Err(ApiError::Conflict(_)) => {
                let name = pod_name(&spec.key);
                match self.call("read the pod", || api.get_opt(&name)).await.map_err(spawn)? {
                    Some(p) => Ok(p),
                    None => Err(SpawnError::Failed("the pod vanished while it was being created".into())),
                }
            }
            Err(e) => Err(spawn(e)),
        }
    }

    /// Deletes the pod with this uid (if it is still that pod) and waits until its name is free.
    async fn delete_and_wait(&self, name: &str, uid: &str) -> Result<(), SpawnError> {
        self.delete_pod(name, uid).await?;
        let api = self.api::<Pod>();
        loop {
            match self.call("read the pod", || api.get_opt(name)).await.map_err(spawn)? {
                Some(p) if p.metadata.uid.as_deref() == Some(uid) => tokio::time::sleep(POLL).await,
                _ => return Ok(()),
            }
        }
    }

    /// Deletes a pod by name, only if it is still the one with `uid` (empty: whichever it is).
    async fn delete_pod(&self, name: &str, uid: &str) -> Result<(), SpawnError> {
        let api = self.api::<Pod>();
        let mut dp = DeleteParams::default();
        if !uid.is_empty() {
            dp = dp.preconditions(Preconditions { uid: Some(uid.to_owned()), resource_version: None });
        }
        match self.call("delete the pod", || api.delete(name, &dp)).await {
            // 409: the name now belongs to a newer pod, so ours is already gone.
            Ok(_) | Err(ApiError::NotFound) | Err(ApiError::Conflict(_)) => Ok(()),
            Err(e) => Err(spawn(e)),
        }
    }

    async fn delete_secret(&self, key: &str) -> Result<(), SpawnError> {
        let api = self.api::<Secret>();
        let name = secret_name(key);
        let dp = DeleteParams::default();
        match self.call("delete the token Secret", || api.delete(&name, &dp)).await {
            Ok(_) | Err(ApiError::NotFound) => Ok(()),
            Err(e) => Err(spawn(e)),
        }
    }

    async fn start_inner(
        &self,
        spec: &ServerSpec,
        progress: &dyn Progress,
        pod_uid: &mut Option<String>,
    ) -> Result<Endpoint, SpawnError> {
        progress.report(Stage::Creating, Some(Detail::Workspace));
        self.ensure_network_policy().await?;
        self.ensure_claim(spec).await?;
        self.ensure_secret(spec).await?;
        let api = self.api::<Pod>();
        let name = pod_name(&spec.key);
        let mut existing = self.call("read the pod", || api.get_opt(&name)).await.map_err(spawn)?;
        let mut force_new = false;
        loop {
            let (current, reused) = match existing.take() {
                Some(p) if !force_new && reusable(&p) => (p, true),
                Some(p) => {
                    self.delete_and_wait(&name, p.metadata.uid.as_deref().unwrap_or_default()).await?;
                    (self.create_pod(spec).await?, false)
                }
                None => (self.create_pod(spec).await?, false),
            };
            let uid = current.metadata.uid.clone().unwrap_or_default();
            *pod_uid = Some(uid.clone());
            match self.wait_ready(spec, &name, &uid, progress).await {
                Ok(endpoint) => {
                    if reused {
                        // The init container ran long ago: copy what this episode brings and
                        // the home lacks, never replacing what is there.
                        self.jupyter.add_files(&endpoint.url, &spec.base_url, &spec.token, &spec.files).await;
                    }
                    return Ok(endpoint);
                }
                // A pod started with an older token: the caller could never use it, so replace it.
                Err(Waited::TokenRejected) if !force_new => {
                    tracing::info!(pod = name, "notebook pod has another token; replacing it");
                    force_new = true;
                    existing = Some(current);
                }
                Err(Waited::TokenRejected) => {
                    return Err(SpawnError::Failed("the notebook server refuses its token".into()))
                }
                Err(Waited::Error(e)) => return Err(e),
            }
        }
    }

    /// Follows the pod until it serves `/api/status`, turning its events into progress.
    async fn wait_ready(
        &self,
        spec: &ServerSpec,
        name: &str,
        uid: &str,
        progress: &dyn Progress,
    ) -> Result<Endpoint, Waited> {
        let pods = self.api::<Pod>();
        let events = self.api::<Event>();
        let lp = ::kube::api::ListParams::default().fields(&format!("involvedObject.uid={uid}"));
        let mut seen = HashSet::new();
        let mut stage = Stage::Creating;
        let mut last = None;
        loop {
            let pod = match self.call("read the pod", || pods.get_opt(name)).await.map_err(spawn)? {
                Some(p) if p.metadata.uid.as_deref() == Some(uid) => p,
                _ => {
                    return Err(SpawnError::Failed("the pod was deleted while it was starting".into()).into())
                }
            };
            let mut fresh: Vec<Event> = self
                .call("read the pod's events", || events.list(&lp))
                .await
                .map_err(spawn)?
                .items
                .into_iter()
                .filter(|e| seen.insert(e.metadata.uid.clone().unwrap_or_default()))
                .collect();
            fresh.sort_by_key(event_order);
            for e in fresh {
                let reason = e.reason.as_deref().unwrap_or_default();
                if let Some(s) = event_stage(reason) {
                    stage = stage.max(s);
                }
                // The cluster's own words go to the log, never to the learner's page.
                tracing::debug!(
                    pod = name,
                    reason,
                    message = e.message.as_deref().unwrap_or_default(),
                    "pod event"
                );
                let Some(detail) = event_detail(reason) else { continue };
                let report = (stage, Some(detail));
                if last.as_ref() != Some(&report) {
                    progress.report(report.0, report.1);
                    last = Some(report);
                }
            }
            if let Some(why) = failure(&pod) {
                return Err(SpawnError::Failed(why).into());
            }
            if let Some(ip) = ready_ip(&pod) {
                let url = endpoint_url(&ip);
                match self.status(&url, spec).await {
                    Answer::Ok => return Ok(Endpoint { url, handle: uid.to_owned() }),
                    Answer::Refused => return Err(Waited::TokenRejected),
                    Answer::NotYet => {}
                }
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Asks Jupyter for `/api/status` with the server's token.
    async fn status(&self, endpoint: &str, spec: &ServerSpec) -> Answer {
        match self.jupyter.accepts(endpoint, &spec.base_url, &spec.token).await {
            Some(true) => Answer::Ok,
            Some(false) => Answer::Refused,
            None => Answer::NotYet,
        }
    }
}

#[async_trait::async_trait]
impl Spawner for KubeSpawner {
    fn backend(&self) -> &'static str {
        "kubernetes"
    }

    async fn start(&self, spec: &ServerSpec, progress: &dyn Progress) -> Result<Endpoint, SpawnError> {
        check_spec(spec)?;
        let timeout = self.settings.start_timeout;
        let mut pod_uid = None;
        let result = match tokio::time::timeout(timeout, self.start_inner(spec, progress, &mut pod_uid)).await
        {
            Ok(r) => r,
            Err(_) => Err(SpawnError::Timeout(format!(
                "the notebook pod was not ready within {} s",
                timeout.as_secs()
            ))),
        };
        if let (Err(SpawnError::Timeout(_) | SpawnError::Failed(_)), Some(uid)) = (&result, &pod_uid) {
            // Leave nothing half-started behind; the next launch begins afresh.
            if let Err(e) = self.delete_pod(&pod_name(&spec.key), uid).await {
                tracing::warn!(key = spec.key, error = %e, "could not remove a notebook pod that failed to start");
            }
        }
        result
    }

    async fn stop(&self, key: &str, handle: &str) -> Result<(), SpawnError> {
        let api = self.api::<Pod>();
        let name = pod_name(key);
        let mut dp = DeleteParams::default();
        if !handle.is_empty() {
            dp = dp.preconditions(Preconditions { uid: Some(handle.to_owned()), resource_version: None });
        }
        match self.call("delete the pod", || api.delete(&name, &dp)).await {
            Ok(_) | Err(ApiError::NotFound) => self.delete_secret(key).await,
            // The name belongs to a newer server now: that one still needs its Secret.
            Err(ApiError::Conflict(_)) => Ok(()),
            Err(e) => Err(spawn(e)),
        }
    }

    async fn probe(&self, key: &str, handle: &str) -> Result<Liveness, SpawnError> {
        let api = self.api::<Pod>();
        let name = pod_name(key);
        let pod = match self.call("read the pod", || api.get_opt(&name)).await.map_err(spawn)? {
            Some(p) => p,
            None => return Ok(Liveness::Gone),
        };
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        if (!handle.is_empty() && uid != handle) || !reusable(&pod) {
            return Ok(Liveness::Gone);
        }
        Ok(match ready_ip(&pod) {
            Some(ip) => Liveness::Running(Endpoint { url: endpoint_url(&ip), handle: uid }),
            None => Liveness::Pending,
        })
    }

    async fn list(&self) -> Result<Vec<Found>, SpawnError> {
        let api = self.api::<Pod>();
        let lp = ::kube::api::ListParams::default().labels(NOTEBOOK_SELECTOR);
        let pods = self.call("list notebook pods", || api.list(&lp)).await.map_err(spawn)?;
        Ok(pods
            .items
            .into_iter()
            .filter_map(|p| {
                let key = p.metadata.labels.as_ref()?.get(LABEL_SERVER_KEY)?.clone();
                Some(Found { key, handle: p.metadata.uid? })
            })
            .collect())
    }

    async fn delete_workspace(&self, user_id: i64) -> Result<(), SpawnError> {
        // The one time Puente deletes a home claim: its person's account is going.
        let api = self.api::<PersistentVolumeClaim>();
        let name = claim_name(user_id);
        let dp = DeleteParams::default();
        match self.call("delete the home claim", || api.delete(&name, &dp)).await {
            Ok(_) | Err(ApiError::NotFound) => Ok(()),
            Err(e) => Err(spawn(e)),
        }
    }
}

/// What became of one API call.
#[derive(Debug)]
enum ApiError {
    NotFound,
    Conflict(String),
    /// Refused for good (400, 403, 422…).
    Rejected(u16, String),
    /// No connection, no answer, 429 or 5xx.
    Unreachable(String),
}

impl From<::kube::Error> for ApiError {
    fn from(e: ::kube::Error) -> ApiError {
        match e {
            ::kube::Error::Api(s) => match s.code {
                404 => ApiError::NotFound,
                409 => ApiError::Conflict(s.message),
                429 | 500..=599 | 0 => ApiError::Unreachable(format!("{} {}", s.code, s.message)),
                code => ApiError::Rejected(code, s.message),
            },
            ::kube::Error::BuildRequest(e) => ApiError::Rejected(0, e.to_string()),
            ::kube::Error::HttpError(e) => ApiError::Rejected(0, e.to_string()),
            other => ApiError::Unreachable(other.to_string()),
        }
    }
}

fn spawn(e: ApiError) -> SpawnError {
    match e {
        ApiError::NotFound => SpawnError::Failed("Kubernetes: not found".into()),
        ApiError::Conflict(m) => SpawnError::Failed(format!("Kubernetes: conflict: {m}")),
        ApiError::Rejected(code, m) => SpawnError::Failed(format!("Kubernetes refused ({code}): {m}")),
        ApiError::Unreachable(m) => SpawnError::Unavailable(format!("Kubernetes API: {m}")),
    }
}

enum Waited {
    TokenRejected,
    Error(SpawnError),
}

impl From<SpawnError> for Waited {
    fn from(e: SpawnError) -> Waited {
        Waited::Error(e)
    }
}

enum Answer {
    Ok,
    Refused,
    NotYet,
}

/// The name of a server's token Secret.
pub fn secret_name(key: &str) -> String {
    format!("{}-token", pod_name(key))
}

/// Where a pod's Jupyter listens (IPv6 addresses in brackets).
fn endpoint_url(ip: &str) -> String {
    if ip.contains(':') {
        format!("http://[{ip}]:{PORT}")
    } else {
        format!("http://{ip}:{PORT}")
    }
}

/// A file's download address: as is when absolute, else under `files_base_url`.
pub fn file_url(files_base_url: &str, url: &str) -> String {
    if url.contains("://") {
        url.to_owned()
    } else {
        format!("{}/{}", files_base_url.trim_end_matches('/'), url.trim_start_matches('/'))
    }
}

/// Refuses what could produce a bad object or write outside the home.
fn check_spec(spec: &ServerSpec) -> Result<(), SpawnError> {
    if !is_dns_label(&spec.key) || !is_dns_label(&pod_name(&spec.key)) {
        return Err(SpawnError::Failed(format!("`{}` cannot name a pod", spec.key)));
    }
    if !spec.base_url.starts_with('/') || !spec.base_url.ends_with('/') {
        return Err(SpawnError::Failed(format!("base URL `{}` must start and end with /", spec.base_url)));
    }
    for f in &spec.files {
        if !safe_dest(&f.dest) {
            return Err(SpawnError::Failed(format!("`{}` is not a path inside the home", f.dest)));
        }
    }
    Ok(())
}

/// A relative path of plain segments: no `..`, `.`, empty segments, backslashes or control bytes.
fn safe_dest(dest: &str) -> bool {
    !dest.is_empty()
        && dest.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
        && !dest.chars().any(|c| c == '\\' || c.is_control())
}

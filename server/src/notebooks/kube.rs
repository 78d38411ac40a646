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
use app::notebooks::profile::Profile;
use app::notebooks::spawner::{
    Detail, Endpoint, EpisodeFile, Found, Liveness, Progress, ServerSpec, SpawnError, Spawner, Stage,
};
use base64::Engine as _;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use k8s_openapi::api::core::v1::{
    Capabilities, Container, ContainerPort, EnvVar, EnvVarSource, Event, HTTPGetAction,
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, Pod,
    PodSecurityContext, PodSpec, Probe, ResourceRequirements, SeccompProfile, Secret, SecretKeySelector,
    SecurityContext, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::Instant;

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

type HttpClient = hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>;

/// Runs notebook servers as Pods.
pub struct KubeSpawner {
    client: ::kube::Client,
    settings: KubeSettings,
    http: HttpClient,
    policy_ensured: AtomicBool,
}

impl KubeSpawner {
    pub fn new(client: ::kube::Client, settings: KubeSettings) -> KubeSpawner {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(settings.api_timeout));
        let http = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        KubeSpawner { client, settings, http, policy_ensured: AtomicBool::new(false) }
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
                        self.copy_missing_files(spec, &endpoint).await?;
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
        let url = format!("{endpoint}{}api/status", spec.base_url);
        match self.jupyter(http::Method::GET, &url, &spec.token, Bytes::new()).await {
            Some(200) => Answer::Ok,
            Some(401 | 403) => Answer::Refused,
            _ => Answer::NotYet,
        }
    }

    /// One request to a notebook server; `None` when it does not answer in time.
    async fn jupyter(&self, method: http::Method, url: &str, token: &str, body: Bytes) -> Option<u16> {
        let req = http::Request::builder()
            .method(method)
            .uri(url)
            .header(http::header::AUTHORIZATION, format!("token {token}"))
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(Full::new(body))
            .ok()?;
        match tokio::time::timeout(self.settings.api_timeout, self.http.request(req)).await {
            Ok(Ok(res)) => Some(res.status().as_u16()),
            _ => None,
        }
    }

    /// A reused pod's init container ran long ago: copy what this episode brings and the home
    /// lacks through Jupyter's contents API, never replacing what is there.
    async fn copy_missing_files(&self, spec: &ServerSpec, endpoint: &Endpoint) -> Result<(), SpawnError> {
        let contents = format!("{}{}api/contents", endpoint.url, spec.base_url);
        for file in &spec.files {
            let url = format!("{contents}/{}", encode_path(&file.dest));
            match self
                .jupyter(http::Method::GET, &format!("{url}?content=0"), &spec.token, Bytes::new())
                .await
            {
                Some(200) => continue,
                Some(404) => {}
                other => {
                    return Err(SpawnError::Failed(format!(
                        "the notebook server did not say whether {} exists ({other:?})",
                        file.dest
                    )))
                }
            }
            let parts: Vec<&str> = file.dest.split('/').collect();
            for depth in 1..parts.len() {
                let dir = format!("{contents}/{}", encode_path(&parts[..depth].join("/")));
                let body = Bytes::from_static(br#"{"type":"directory"}"#);
                if !matches!(self.jupyter(http::Method::PUT, &dir, &spec.token, body).await, Some(200 | 201))
                {
                    return Err(SpawnError::Failed(format!("could not make the folder of {}", file.dest)));
                }
            }
            let bytes = tokio::fs::read(&file.source)
                .await
                .map_err(|e| SpawnError::Failed(format!("could not read {}: {e}", file.source.display())))?;
            let body = serde_json::json!({
                "type": "file",
                "format": "base64",
                "content": base64::engine::general_purpose::STANDARD.encode(bytes),
            });
            let status =
                self.jupyter(http::Method::PUT, &url, &spec.token, Bytes::from(body.to_string())).await;
            if !matches!(status, Some(200 | 201)) {
                return Err(SpawnError::Failed(format!("could not copy {} ({status:?})", file.dest)));
            }
        }
        Ok(())
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

/// Percent-encodes each segment of a relative path, keeping the slashes.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            seg.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
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

/// Is this pod alive or on its way (not dead, not being deleted)?
fn reusable(pod: &Pod) -> bool {
    let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
    pod.metadata.deletion_timestamp.is_none() && !matches!(phase, Some("Failed" | "Succeeded"))
}

/// The pod's IP when it is Running with every container ready.
fn ready_ip(pod: &Pod) -> Option<String> {
    let status = pod.status.as_ref()?;
    if status.phase.as_deref() != Some("Running") || pod.metadata.deletion_timestamp.is_some() {
        return None;
    }
    let containers = status.container_statuses.as_ref()?;
    let want = pod.spec.as_ref().map_or(1, |s| s.containers.len());
    if containers.len() < want || !containers.iter().all(|c| c.ready) {
        return None;
    }
    status.pod_ip.clone().filter(|ip| !ip.is_empty())
}

/// Why the pod can never become ready, if it can't.
fn failure(pod: &Pod) -> Option<String> {
    let status = pod.status.as_ref()?;
    let all =
        status.init_container_statuses.iter().flatten().chain(status.container_statuses.iter().flatten());
    let mut why = None;
    for c in all {
        let state = c.state.as_ref();
        if let Some(w) = state.and_then(|s| s.waiting.as_ref()) {
            let reason = w.reason.as_deref().unwrap_or_default();
            if matches!(reason, "InvalidImageName" | "ErrImageNeverPull" | "CreateContainerConfigError") {
                return Some(format!("{}: {reason}: {}", c.name, w.message.as_deref().unwrap_or_default()));
            }
        }
        if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
            if t.exit_code != 0 && why.is_none() {
                let msg = t.message.as_deref().or(t.reason.as_deref()).unwrap_or_default().trim();
                why = Some(format!("{} exited with {}: {msg}", c.name, t.exit_code));
            }
        }
    }
    if matches!(status.phase.as_deref(), Some("Failed" | "Succeeded")) {
        return Some(why.unwrap_or_else(|| {
            let reason = status.reason.as_deref().unwrap_or("the pod stopped");
            format!("{reason}: {}", status.message.as_deref().unwrap_or_default())
        }));
    }
    None
}

/// Which launch stage a pod event belongs to (by its reason, as kubelets and schedulers post).
/// What a pod event means for the learner, if anything worth saying.
fn event_detail(reason: &str) -> Option<Detail> {
    match reason {
        "Scheduled" => Some(Detail::Scheduled),
        "FailedScheduling" => Some(Detail::WaitingForRoom),
        "SuccessfulAttachVolume" | "FailedMount" | "FailedAttachVolume" => Some(Detail::Volume),
        "Pulling" => Some(Detail::Pulling),
        "Pulled" => Some(Detail::Pulled),
        "ErrImagePull" | "ImagePullBackOff" | "BackOff" => Some(Detail::Retrying),
        "Created" | "Started" => Some(Detail::ContainerStarted),
        _ => None,
    }
}

fn event_stage(reason: &str) -> Option<Stage> {
    match reason {
        "Scheduled" | "FailedScheduling" | "SuccessfulAttachVolume" | "FailedMount" => Some(Stage::Creating),
        "Pulling" | "ErrImagePull" | "ImagePullBackOff" => Some(Stage::Pulling),
        "Pulled" | "Created" | "Started" => Some(Stage::Starting),
        _ => None,
    }
}

/// Events in the order they were recorded. Timestamps are too coarse for that (kubelets write
/// whole seconds, the scheduler microseconds), so the resourceVersion (etcd's revision, which
/// grows with every write) comes first; the time is the fallback for an API that isn't etcd.
fn event_order(e: &Event) -> (Option<u64>, Option<k8s_openapi::jiff::Timestamp>, Option<String>) {
    let time = e
        .event_time
        .as_ref()
        .map(|t| t.0)
        .or_else(|| e.first_timestamp.as_ref().map(|t| t.0))
        .or_else(|| e.metadata.creation_timestamp.as_ref().map(|t| t.0));
    let revision = e.metadata.resource_version.as_deref().and_then(|v| v.parse().ok());
    (revision, time, e.metadata.name.clone())
}

// ---------------------------------------------------------------------------------------------
// The objects, as pure functions of the spec and settings.

fn common_labels(component: &str) -> BTreeMap<String, String> {
    [
        ("app.kubernetes.io/name", "jupyter"),
        ("app.kubernetes.io/component", component),
        ("app.kubernetes.io/managed-by", "puente"),
        ("app.kubernetes.io/part-of", "puente"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// The labels of a server's pod and Secret.
pub fn server_labels(key: &str, user_id: i64) -> BTreeMap<String, String> {
    let mut labels = common_labels("notebook");
    labels.insert("app.kubernetes.io/instance".into(), key.to_owned());
    labels.insert(LABEL_SERVER_KEY.into(), key.to_owned());
    labels.insert(LABEL_USER.into(), user_id.unsigned_abs().to_string());
    labels
}

fn quantities(profile: &Profile) -> BTreeMap<String, Quantity> {
    BTreeMap::from([
        ("cpu".to_owned(), Quantity(format!("{}m", profile.cpu_request_millis))),
        ("memory".to_owned(), Quantity(profile.memory_request_bytes.to_string())),
    ])
}

fn resources(profile: &Profile) -> ResourceRequirements {
    ResourceRequirements {
        requests: Some(quantities(profile)),
        limits: Some(BTreeMap::from([
            ("cpu".to_owned(), Quantity(format!("{}m", profile.cpu_limit_millis))),
            ("memory".to_owned(), Quantity(profile.memory_limit_bytes.to_string())),
        ])),
        ..Default::default()
    }
}

fn runtime_default() -> SeccompProfile {
    SeccompProfile { type_: "RuntimeDefault".into(), localhost_profile: None }
}

/// Every container's security context (restricted).
fn container_security() -> SecurityContext {
    SecurityContext {
        allow_privilege_escalation: Some(false),
        privileged: Some(false),
        capabilities: Some(Capabilities { drop: Some(vec!["ALL".into()]), add: None }),
        run_as_non_root: Some(true),
        run_as_user: Some(RUN_AS_USER),
        run_as_group: Some(RUN_AS_GROUP),
        seccomp_profile: Some(runtime_default()),
        ..Default::default()
    }
}

fn env(name: &str, value: impl Into<String>) -> EnvVar {
    EnvVar { name: name.into(), value: Some(value.into()), value_from: None }
}

/// The arguments that run Jupyter for this server (the image's entrypoint runs them).
pub fn jupyter_args(spec: &ServerSpec) -> Vec<String> {
    let terminals = if spec.profile.terminals { "True" } else { "False" };
    vec![
        "jupyter".into(),
        "server".into(),
        "--ServerApp.ip=0.0.0.0".into(),
        format!("--ServerApp.port={PORT}"),
        format!("--ServerApp.base_url={}", spec.base_url),
        format!("--ServerApp.root_dir={HOME}"),
        "--ServerApp.allow_remote_access=True".into(),
        "--ServerApp.trust_xheaders=True".into(),
        format!("--ServerApp.terminals_enabled={terminals}"),
        "--no-browser".into(),
    ]
}

/// The server's Pod.
pub fn pod(spec: &ServerSpec, settings: &KubeSettings) -> Pod {
    let profile = &spec.profile;
    let files: Vec<serde_json::Value> = spec
        .files
        .iter()
        .map(|f: &EpisodeFile| {
            serde_json::json!({ "url": file_url(&settings.files_base_url, &f.url), "dest": f.dest })
        })
        .collect();
    let home = || vec![VolumeMount { name: "home".into(), mount_path: HOME.into(), ..Default::default() }];
    let init = Container {
        name: FILES_CONTAINER.into(),
        image: Some(profile.image.clone()),
        command: Some(vec!["python3".into(), "-c".into(), FILES_SCRIPT.into()]),
        env: Some(vec![
            env("PUENTE_HOME", HOME),
            env("PUENTE_FILES", serde_json::Value::from(files).to_string()),
        ]),
        resources: Some(resources(profile)),
        security_context: Some(container_security()),
        volume_mounts: Some(home()),
        termination_message_policy: Some("FallbackToLogsOnError".into()),
        ..Default::default()
    };
    let notebook = Container {
        name: NOTEBOOK_CONTAINER.into(),
        image: Some(profile.image.clone()),
        args: Some(jupyter_args(spec)),
        env: Some(vec![EnvVar {
            name: "JUPYTER_TOKEN".into(),
            value: None,
            value_from: Some(EnvVarSource {
                secret_key_ref: Some(SecretKeySelector {
                    name: secret_name(&spec.key),
                    key: TOKEN_KEY.into(),
                    optional: Some(false),
                }),
                ..Default::default()
            }),
        }]),
        ports: Some(vec![ContainerPort {
            name: Some("http".into()),
            container_port: i32::from(PORT),
            protocol: Some("TCP".into()),
            ..Default::default()
        }]),
        // `<base_url>api` answers without a token: the pod is Ready when Jupyter serves.
        readiness_probe: Some(Probe {
            http_get: Some(HTTPGetAction {
                path: Some(format!("{}api", spec.base_url)),
                port: IntOrString::Int(i32::from(PORT)),
                scheme: Some("HTTP".into()),
                ..Default::default()
            }),
            period_seconds: Some(2),
            ..Default::default()
        }),
        resources: Some(resources(profile)),
        security_context: Some(container_security()),
        volume_mounts: Some(home()),
        working_dir: Some(HOME.into()),
        termination_message_policy: Some("FallbackToLogsOnError".into()),
        ..Default::default()
    };
    Pod {
        metadata: ObjectMeta {
            name: Some(pod_name(&spec.key)),
            namespace: Some(settings.namespace.clone()),
            labels: Some(server_labels(&spec.key, spec.user_id)),
            ..Default::default()
        },
        spec: Some(PodSpec {
            init_containers: Some(vec![init]),
            containers: vec![notebook],
            // A server that died stays dead; the next launch replaces the pod.
            restart_policy: Some("Never".into()),
            automount_service_account_token: Some(false),
            enable_service_links: Some(false),
            security_context: Some(PodSecurityContext {
                run_as_non_root: Some(true),
                run_as_user: Some(RUN_AS_USER),
                run_as_group: Some(RUN_AS_GROUP),
                fs_group: Some(FS_GROUP),
                // Re-owning a large home on every start is slow; only do it when needed.
                fs_group_change_policy: Some("OnRootMismatch".into()),
                seccomp_profile: Some(runtime_default()),
                ..Default::default()
            }),
            volumes: Some(vec![Volume {
                name: "home".into(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: claim_name(spec.user_id),
                    read_only: Some(false),
                }),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        status: None,
    }
}

/// A person's home claim (shared by all their servers; never deleted by Puente).
pub fn claim(user_id: i64, profile: &Profile, settings: &KubeSettings) -> PersistentVolumeClaim {
    let mut labels = common_labels("home");
    labels.insert(LABEL_USER.into(), user_id.unsigned_abs().to_string());
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(claim_name(user_id)),
            namespace: Some(settings.namespace.clone()),
            labels: Some(labels),
            ..Default::default()
        },
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec!["ReadWriteOnce".into()]),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([(
                    "storage".to_owned(),
                    Quantity(profile.storage_bytes.to_string()),
                )])),
                limits: None,
            }),
            storage_class_name: settings.storage_class.clone(),
            ..Default::default()
        }),
        status: None,
    }
}

/// The Secret holding a server's Jupyter token.
pub fn token_secret(spec: &ServerSpec, settings: &KubeSettings) -> Secret {
    Secret {
        metadata: ObjectMeta {
            name: Some(secret_name(&spec.key)),
            namespace: Some(settings.namespace.clone()),
            labels: Some(server_labels(&spec.key, spec.user_id)),
            ..Default::default()
        },
        type_: Some("Opaque".into()),
        string_data: Some(BTreeMap::from([(TOKEN_KEY.to_owned(), spec.token.clone())])),
        ..Default::default()
    }
}

/// The namespace's NetworkPolicy: notebook pods accept connections only on Jupyter's port and
/// only from the proxy's pods. With no proxy labels configured it admits nothing (an empty
/// `from` would admit everyone).
pub fn network_policy(settings: &KubeSettings) -> NetworkPolicy {
    let selector: BTreeMap<String, String> =
        [("app.kubernetes.io/managed-by", "puente"), ("app.kubernetes.io/component", "notebook")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    let proxy_pods = || NetworkPolicyPeer {
        pod_selector: Some(LabelSelector {
            match_labels: Some(settings.proxy_pod_labels.clone()),
            match_expressions: None,
        }),
        ..Default::default()
    };
    let ingress = if settings.proxy_pod_labels.is_empty() {
        vec![]
    } else {
        vec![NetworkPolicyIngressRule {
            from: Some(vec![proxy_pods()]),
            ports: Some(vec![NetworkPolicyPort {
                port: Some(IntOrString::Int(i32::from(PORT))),
                protocol: Some("TCP".into()),
                end_port: None,
            }]),
        }]
    };
    let mut egress = Vec::new();
    // Name lookups, from the cluster's DNS pods in any namespace.
    egress.push(NetworkPolicyEgressRule {
        to: Some(vec![NetworkPolicyPeer {
            namespace_selector: Some(LabelSelector::default()),
            pod_selector: Some(LabelSelector {
                match_labels: Some(BTreeMap::from([("k8s-app".to_owned(), "kube-dns".to_owned())])),
                match_expressions: None,
            }),
            ..Default::default()
        }]),
        ports: Some(
            ["UDP", "TCP"]
                .into_iter()
                .map(|p| NetworkPolicyPort {
                    port: Some(IntOrString::Int(53)),
                    protocol: Some(p.into()),
                    end_port: None,
                })
                .collect(),
        ),
    });
    // Puente's own pods (the init step downloads the episode's files from Puente).
    if !settings.proxy_pod_labels.is_empty() {
        egress.push(NetworkPolicyEgressRule { to: Some(vec![proxy_pods()]), ports: None });
    }
    // The internet, except the denied ranges.
    let (v6, v4): (Vec<String>, Vec<String>) =
        settings.egress_denied.iter().cloned().partition(|c| c.contains(':'));
    let block = |cidr: &str, except: Vec<String>| NetworkPolicyPeer {
        ip_block: Some(IPBlock { cidr: cidr.to_owned(), except: (!except.is_empty()).then_some(except) }),
        ..Default::default()
    };
    egress.push(NetworkPolicyEgressRule {
        to: Some(vec![block("0.0.0.0/0", v4), block("::/0", v6)]),
        ports: None,
    });
    let mut labels = common_labels("network-policy");
    labels.insert("app.kubernetes.io/name".into(), "puente".into());
    NetworkPolicy {
        metadata: ObjectMeta {
            name: Some(NETWORK_POLICY.into()),
            namespace: Some(settings.namespace.clone()),
            labels: Some(labels),
            ..Default::default()
        },
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(LabelSelector { match_labels: Some(selector), match_expressions: None }),
            policy_types: Some(vec!["Ingress".into(), "Egress".into()]),
            ingress: Some(ingress),
            egress: Some(egress),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Pod Security Standard "restricted", as of Kubernetes 1.20–1.33.

/// Volume sources the restricted profile allows.
const ALLOWED_VOLUMES: [&str; 8] = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];
/// Sysctls the baseline profile allows.
const SAFE_SYSCTLS: [&str; 5] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
];

/// Everything in `pod` that breaks the Pod Security Standard "restricted" (which includes
/// "baseline"); empty when it complies.
pub fn restricted_violations(pod: &Pod) -> Vec<String> {
    let mut v = Vec::new();
    let Some(spec) = pod.spec.as_ref() else {
        return vec!["the pod has no spec".into()];
    };
    for (field, on) in
        [("hostNetwork", spec.host_network), ("hostPID", spec.host_pid), ("hostIPC", spec.host_ipc)]
    {
        if on == Some(true) {
            v.push(format!("{field} must not be true"));
        }
    }
    let pod_sc = spec.security_context.clone().unwrap_or_default();
    for s in pod_sc.sysctls.iter().flatten() {
        if !SAFE_SYSCTLS.contains(&s.name.as_str()) {
            v.push(format!("sysctl {} is not allowed", s.name));
        }
    }
    if pod_sc.run_as_user == Some(0) {
        v.push("pod runAsUser must not be 0".into());
    }
    if let Some(se) = &pod_sc.se_linux_options {
        selinux_violations("pod", se, &mut v);
    }
    let pod_seccomp = pod_sc.seccomp_profile.as_ref().map(|p| p.type_.as_str());
    if let Some(t) = pod_seccomp {
        if !matches!(t, "RuntimeDefault" | "Localhost") {
            v.push(format!("pod seccompProfile must be RuntimeDefault or Localhost, not {t}"));
        }
    }
    for vol in spec.volumes.iter().flatten() {
        let kinds: Vec<String> = match serde_json::to_value(vol) {
            Ok(serde_json::Value::Object(m)) => m.keys().filter(|k| *k != "name").cloned().collect(),
            _ => vec!["unknown".into()],
        };
        for kind in kinds {
            if !ALLOWED_VOLUMES.contains(&kind.as_str()) {
                v.push(format!("volume {} of type {kind} is not allowed", vol.name));
            }
        }
    }
    let containers = spec
        .init_containers
        .iter()
        .flatten()
        .chain(spec.containers.iter())
        .map(|c| (c.name.as_str(), c.security_context.as_ref(), c.ports.as_deref()))
        .chain(
            spec.ephemeral_containers
                .iter()
                .flatten()
                .map(|c| (c.name.as_str(), c.security_context.as_ref(), c.ports.as_deref())),
        );
    for (name, sc, ports) in containers {
        let default = SecurityContext::default();
        let sc = sc.unwrap_or(&default);
        let at = |what: &str| format!("container {name}: {what}");
        if sc.privileged == Some(true) {
            v.push(at("privileged must not be true"));
        }
        if sc.allow_privilege_escalation != Some(false) {
            v.push(at("allowPrivilegeEscalation must be false"));
        }
        let non_root = sc.run_as_non_root.or(pod_sc.run_as_non_root);
        if non_root != Some(true) {
            v.push(at("runAsNonRoot must be true"));
        }
        if sc.run_as_user == Some(0) {
            v.push(at("runAsUser must not be 0"));
        }
        match sc.seccomp_profile.as_ref().map(|p| p.type_.as_str()).or(pod_seccomp) {
            Some("RuntimeDefault" | "Localhost") => {}
            Some(t) => v.push(at(&format!("seccompProfile must be RuntimeDefault or Localhost, not {t}"))),
            None => v.push(at("seccompProfile must be set (RuntimeDefault or Localhost)")),
        }
        let caps = sc.capabilities.clone().unwrap_or_default();
        if !caps.drop.iter().flatten().any(|c| c == "ALL") {
            v.push(at("capabilities must drop ALL"));
        }
        for c in caps.add.iter().flatten() {
            if c != "NET_BIND_SERVICE" {
                v.push(at(&format!("capability {c} must not be added")));
            }
        }
        if sc.proc_mount.as_deref().is_some_and(|m| m != "Default") {
            v.push(at("procMount must be Default"));
        }
        if let Some(se) = &sc.se_linux_options {
            selinux_violations(name, se, &mut v);
        }
        for p in ports.into_iter().flatten() {
            if p.host_port.is_some_and(|h| h != 0) {
                v.push(at("hostPort must not be used"));
            }
        }
    }
    let annotations = pod.metadata.annotations.clone().unwrap_or_default();
    for (k, val) in annotations {
        if k.starts_with("container.apparmor.security.beta.kubernetes.io/")
            && !(val == "runtime/default" || val.starts_with("localhost/"))
        {
            v.push(format!("AppArmor profile {val} is not allowed"));
        }
    }
    v
}

fn selinux_violations(who: &str, se: &k8s_openapi::api::core::v1::SELinuxOptions, v: &mut Vec<String>) {
    if !matches!(
        se.type_.as_deref(),
        None | Some("" | "container_t" | "container_init_t" | "container_kvm_t")
    ) {
        v.push(format!("{who}: SELinux type is not allowed"));
    }
    if se.user.as_deref().is_some_and(|u| !u.is_empty()) || se.role.as_deref().is_some_and(|r| !r.is_empty())
    {
        v.push(format!("{who}: SELinux user and role must not be set"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn settings() -> KubeSettings {
        KubeSettings::new("puente-test", "http://puente.puente.svc:3000")
    }

    fn spec() -> ServerSpec {
        ServerSpec {
            key: "u42-python".into(),
            user_id: 42,
            profile: Profile::default_python(),
            base_url: "/user/u42-python/".into(),
            token: "s3cret-token-value".into(),
            locale: app::i18n::Locale::Pt,
            files: vec![
                EpisodeFile {
                    dest: "course/01-intro/notebooks/intro.ipynb".into(),
                    source: PathBuf::from("/srv/content/intro.ipynb"),
                    url: "/notebook-files/course/01-intro/notebooks/intro.ipynb".into(),
                },
                EpisodeFile {
                    dest: "course/01-intro/data/d.csv".into(),
                    source: PathBuf::from("/srv/content/d.csv"),
                    url: "https://files.example.org/d.csv".into(),
                },
            ],
        }
    }

    /// Kubernetes' rules for label keys (optional DNS-subdomain prefix) and values.
    fn valid_label_name(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() <= 63
            && (b.is_empty()
                || (b[0].is_ascii_alphanumeric()
                    && b[b.len() - 1].is_ascii_alphanumeric()
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))))
    }

    fn valid_label_key(k: &str) -> bool {
        let (prefix, name) = match k.split_once('/') {
            Some((p, n)) => (Some(p), n),
            None => (None, k),
        };
        !name.is_empty()
            && valid_label_name(name)
            && prefix.is_none_or(|p| p.len() <= 253 && p.split('.').all(is_dns_label))
    }

    #[test]
    fn the_generated_pod_is_restricted() {
        let p = pod(&spec(), &settings());
        assert_eq!(restricted_violations(&p), Vec::<String>::new());
        let ps = p.spec.as_ref().unwrap();
        assert_eq!(ps.automount_service_account_token, Some(false));
        assert_eq!(ps.enable_service_links, Some(false));
        let psc = ps.security_context.as_ref().unwrap();
        assert_eq!((psc.run_as_user, psc.run_as_group, psc.fs_group), (Some(1000), Some(1000), Some(100)));
        assert_eq!(psc.run_as_non_root, Some(true));
        for c in ps.init_containers.iter().flatten().chain(&ps.containers) {
            let sc = c.security_context.as_ref().unwrap();
            assert_eq!(sc.allow_privilege_escalation, Some(false), "{}", c.name);
            assert_eq!(sc.capabilities.as_ref().unwrap().drop, Some(vec!["ALL".to_owned()]));
            assert_eq!(sc.seccomp_profile.as_ref().unwrap().type_, "RuntimeDefault");
        }
    }

    #[test]
    fn violations_are_caught() {
        let base = pod(&spec(), &settings());
        type Mutation = Box<dyn Fn(&mut Pod)>;
        let cases: Vec<(&str, Mutation)> = vec![
            (
                "privileged",
                Box::new(|p| {
                    p.spec.as_mut().unwrap().containers[0].security_context.as_mut().unwrap().privileged =
                        Some(true)
                }),
            ),
            (
                "drop ALL",
                Box::new(|p| {
                    p.spec.as_mut().unwrap().containers[0].security_context.as_mut().unwrap().capabilities =
                        None
                }),
            ),
            (
                "must not be added",
                Box::new(|p| {
                    p.spec.as_mut().unwrap().containers[0].security_context.as_mut().unwrap().capabilities =
                        Some(Capabilities {
                            drop: Some(vec!["ALL".into()]),
                            add: Some(vec!["SYS_ADMIN".into()]),
                        })
                }),
            ),
            (
                "allowPrivilegeEscalation",
                Box::new(|p| {
                    let init = &mut p.spec.as_mut().unwrap().init_containers.as_mut().unwrap()[0];
                    init.security_context.as_mut().unwrap().allow_privilege_escalation = None
                }),
            ),
            (
                "runAsUser must not be 0",
                Box::new(|p| {
                    p.spec.as_mut().unwrap().containers[0].security_context.as_mut().unwrap().run_as_user =
                        Some(0)
                }),
            ),
            (
                "runAsNonRoot",
                Box::new(|p| {
                    let s = p.spec.as_mut().unwrap();
                    s.security_context.as_mut().unwrap().run_as_non_root = None;
                    s.containers[0].security_context.as_mut().unwrap().run_as_non_root = None;
                }),
            ),
            (
                "seccompProfile",
                Box::new(|p| {
                    p.spec.as_mut().unwrap().containers[0]
                        .security_context
                        .as_mut()
                        .unwrap()
                        .seccomp_profile =
                        Some(SeccompProfile { type_: "Unconfined".into(), localhost_profile: None })
                }),
            ),
            ("hostNetwork", Box::new(|p| p.spec.as_mut().unwrap().host_network = Some(true))),
            ("hostPID", Box::new(|p| p.spec.as_mut().unwrap().host_pid = Some(true))),
            (
                "hostPath",
                Box::new(|p| {
                    p.spec.as_mut().unwrap().volumes.as_mut().unwrap().push(Volume {
                        name: "root".into(),
                        host_path: Some(k8s_openapi::api::core::v1::HostPathVolumeSource {
                            path: "/".into(),
                            type_: None,
                        }),
                        ..Default::default()
                    })
                }),
            ),
            (
                "hostPort",
                Box::new(|p| {
                    p.spec.as_mut().unwrap().containers[0].ports.as_mut().unwrap()[0].host_port = Some(8888)
                }),
            ),
        ];
        for (expect, mutate) in cases {
            let mut p = base.clone();
            mutate(&mut p);
            let v = restricted_violations(&p);
            assert!(v.iter().any(|m| m.contains(expect)), "{expect}: {v:?}");
        }
    }

    #[test]
    fn labels_are_valid_and_select_the_pod() {
        let p = pod(&spec(), &settings());
        let labels = p.metadata.labels.clone().unwrap();
        for (k, v) in &labels {
            assert!(valid_label_key(k), "key {k}");
            assert!(valid_label_name(v), "value {k}={v}");
        }
        assert_eq!(labels["app.kubernetes.io/name"], "jupyter");
        assert_eq!(labels["app.kubernetes.io/component"], "notebook");
        assert_eq!(labels["app.kubernetes.io/managed-by"], "puente");
        assert_eq!(labels["app.kubernetes.io/part-of"], "puente");
        assert_eq!(labels[LABEL_SERVER_KEY], "u42-python");
        assert_eq!(labels[LABEL_USER], "42");
        for part in NOTEBOOK_SELECTOR.split(',') {
            let (k, v) = part.split_once('=').unwrap();
            assert_eq!(labels.get(k).map(String::as_str), Some(v));
        }
        let np = network_policy(&settings());
        let sel = np.spec.unwrap().pod_selector.unwrap().match_labels.unwrap();
        assert!(sel.iter().all(|(k, v)| labels.get(k) == Some(v)), "the NetworkPolicy selects notebook pods");
        let claim_labels = claim(42, &Profile::default_python(), &settings()).metadata.labels.unwrap();
        assert!(claim_labels.iter().all(|(k, v)| valid_label_key(k) && valid_label_name(v)));
    }

    #[test]
    fn resources_match_the_profile() {
        let s = spec();
        let p = pod(&s, &settings());
        for c in p
            .spec
            .as_ref()
            .unwrap()
            .init_containers
            .iter()
            .flatten()
            .chain(&p.spec.as_ref().unwrap().containers)
        {
            let r = c.resources.as_ref().unwrap();
            let req = r.requests.as_ref().unwrap();
            let lim = r.limits.as_ref().unwrap();
            assert_eq!(req["cpu"].0, format!("{}m", s.profile.cpu_request_millis));
            assert_eq!(lim["cpu"].0, format!("{}m", s.profile.cpu_limit_millis));
            assert_eq!(req["memory"].0, s.profile.memory_request_bytes.to_string());
            assert_eq!(lim["memory"].0, s.profile.memory_limit_bytes.to_string());
        }
        let c = claim(42, &s.profile, &settings());
        let storage = &c.spec.unwrap().resources.unwrap().requests.unwrap()["storage"];
        assert_eq!(storage.0, s.profile.storage_bytes.to_string());
    }

    #[test]
    fn the_pod_runs_jupyter_as_configured_and_never_holds_the_token() {
        let s = spec();
        let p = pod(&s, &settings());
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains(&s.token), "the token must come from the Secret");
        let c = &p.spec.as_ref().unwrap().containers[0];
        let args = c.args.clone().unwrap();
        for want in [
            "--ServerApp.ip=0.0.0.0",
            "--ServerApp.port=8888",
            "--ServerApp.base_url=/user/u42-python/",
            "--ServerApp.root_dir=/home/jovyan",
            "--ServerApp.allow_remote_access=True",
            "--ServerApp.trust_xheaders=True",
            "--ServerApp.terminals_enabled=True",
            "--no-browser",
        ] {
            assert!(args.iter().any(|a| a == want), "{want} in {args:?}");
        }
        assert_eq!(&args[..2], ["jupyter", "server"]);
        let token = c.env.as_ref().unwrap().iter().find(|e| e.name == "JUPYTER_TOKEN").unwrap();
        let sel = token.value_from.as_ref().unwrap().secret_key_ref.as_ref().unwrap();
        assert_eq!((sel.name.as_str(), sel.key.as_str()), ("puente-nb-u42-python-token", TOKEN_KEY));
        let init = &p.spec.as_ref().unwrap().init_containers.as_ref().unwrap()[0];
        let files = init.env.as_ref().unwrap().iter().find(|e| e.name == "PUENTE_FILES").unwrap();
        let files: serde_json::Value = serde_json::from_str(files.value.as_deref().unwrap()).unwrap();
        assert_eq!(
            files[0]["url"],
            "http://puente.puente.svc:3000/notebook-files/course/01-intro/notebooks/intro.ipynb"
        );
        assert_eq!(files[1]["url"], "https://files.example.org/d.csv");
        assert_eq!(files[0]["dest"], "course/01-intro/notebooks/intro.ipynb");
        let claim_ref = p.spec.as_ref().unwrap().volumes.as_ref().unwrap()[0].persistent_volume_claim.clone();
        assert_eq!(claim_ref.unwrap().claim_name, "puente-home-u42");
    }

    #[test]
    fn the_network_policy_admits_only_the_proxy() {
        let np = network_policy(&settings()).spec.unwrap();
        assert_eq!(np.policy_types, Some(vec!["Ingress".to_owned(), "Egress".to_owned()]));
        // Out: DNS, Puente's pods, the internet without the metadata and cluster ranges.
        let egress = np.egress.clone().unwrap();
        assert_eq!(egress.len(), 3);
        let internet = egress[2].to.clone().unwrap();
        assert_eq!(internet[0].ip_block.clone().unwrap().cidr, "0.0.0.0/0");
        assert!(internet[0].ip_block.clone().unwrap().except.unwrap().contains(&"169.254.0.0/16".to_owned()));
        assert_eq!(internet[1].ip_block.clone().unwrap().cidr, "::/0");
        let rules = np.ingress.unwrap();
        assert_eq!(rules.len(), 1);
        let from = rules[0].from.clone().unwrap();
        assert_eq!(from.len(), 1);
        assert_eq!(
            from[0].pod_selector.clone().unwrap().match_labels.unwrap()["app.kubernetes.io/name"],
            "puente"
        );
        assert_eq!(rules[0].ports.clone().unwrap()[0].port, Some(IntOrString::Int(8888)));

        let mut closed = settings();
        closed.proxy_pod_labels.clear();
        let np = network_policy(&closed).spec.unwrap();
        assert_eq!(np.ingress, Some(vec![]), "no proxy labels: nothing gets in, not everything");
    }

    #[test]
    fn specs_that_could_escape_the_home_are_refused() {
        assert!(check_spec(&spec()).is_ok());
        for dest in ["../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a\\..\\b", "", "a/\u{0}"] {
            let mut s = spec();
            s.files[0].dest = dest.into();
            assert!(matches!(check_spec(&s), Err(SpawnError::Failed(_))), "{dest:?}");
        }
        let mut s = spec();
        s.key = "U42 python".into();
        assert!(check_spec(&s).is_err());
    }

    #[test]
    fn helpers_behave() {
        assert_eq!(file_url("http://h:3000/", "/a/b"), "http://h:3000/a/b");
        assert_eq!(file_url("http://h:3000", "a/b"), "http://h:3000/a/b");
        assert_eq!(file_url("http://h:3000", "http://x/y"), "http://x/y");
        assert_eq!(encode_path("a b/c#d/é.ipynb"), "a%20b/c%23d/%C3%A9.ipynb");
        assert_eq!(endpoint_url("10.0.0.5"), "http://10.0.0.5:8888");
        assert_eq!(endpoint_url("fd00::5"), "http://[fd00::5]:8888");
        assert_eq!(event_stage("Scheduled"), Some(Stage::Creating));
        assert_eq!(event_stage("Pulling"), Some(Stage::Pulling));
        assert_eq!(event_stage("Started"), Some(Stage::Starting));
        assert_eq!(event_stage("Killing"), None);
    }

    #[test]
    fn dead_and_terminating_pods_are_not_reused() {
        use k8s_openapi::api::core::v1::PodStatus;
        let mut p = pod(&spec(), &settings());
        assert!(reusable(&p));
        p.status = Some(PodStatus { phase: Some("Failed".into()), ..Default::default() });
        assert!(!reusable(&p));
        assert!(failure(&p).is_some());
        p.status = Some(PodStatus { phase: Some("Running".into()), ..Default::default() });
        assert!(reusable(&p));
        p.metadata.deletion_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
            k8s_openapi::jiff::Timestamp::UNIX_EPOCH,
        ));
        assert!(!reusable(&p));
    }
}

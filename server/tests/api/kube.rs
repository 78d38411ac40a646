//! The Kubernetes back-end against a real kube-apiserver + etcd + scheduler (scripts/kube.sh
//! start DIR sets `PUENTE_TEST_KUBECONFIG` and `PUENTE_TEST_KUBE_NAMESPACE`), with the stand-in
//! kubelet serving pods from real `jupyter server` processes. Each test uses its own user id, so
//! they run in parallel in one namespace. The outage test needs no cluster and always runs.

use crate::kubelet::{self, Kubelet};
use app::notebooks::names::{base_url, claim_name, pod_name, server_key};
use app::notebooks::profile::{Audience, Profile};
use app::notebooks::spawner::{Detail, EpisodeFile, Progress, ServerSpec, SpawnError, Spawner, Stage};
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod, Secret};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kube::api::{Api, PostParams};
use puente::notebooks::kube::{self as nb, KubeSettings, KubeSpawner};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Cluster {
    kubeconfig: PathBuf,
    namespace: String,
}

/// The test cluster, or `None` (with the reason printed) when none is configured.
fn cluster() -> Option<Cluster> {
    match std::env::var("PUENTE_TEST_KUBECONFIG") {
        Ok(path) => Some(Cluster {
            kubeconfig: path.into(),
            namespace: std::env::var("PUENTE_TEST_KUBE_NAMESPACE").unwrap_or_else(|_| "puente-test".into()),
        }),
        Err(_) => {
            eprintln!(
                "skipped: PUENTE_TEST_KUBECONFIG is not set (eval \"$(bash scripts/kube.sh start DIR)\" starts a cluster)"
            );
            None
        }
    }
}

async fn client(c: &Cluster) -> kube::Client {
    let kc = kube::config::Kubeconfig::read_from(&c.kubeconfig).unwrap();
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default()).await.unwrap();
    kube::Client::try_from(config).unwrap()
}

/// A user id no other test (or earlier run against the same cluster) uses.
fn unique_user() -> i64 {
    use rand::Rng;
    rand::rng().random_range(1_000_000..1_000_000_000_000i64)
}

fn small_profile() -> Profile {
    Profile {
        name: "python".into(),
        image: "quay.io/jupyter/minimal-notebook:2025-11-24".into(),
        cpu_request_millis: 100,
        cpu_limit_millis: 500,
        memory_request_bytes: 64 << 20,
        memory_limit_bytes: 256 << 20,
        storage_bytes: 1 << 30,
        audience: vec![Audience::Learner],
        idle_timeout: Duration::from_secs(1800),
        max_lifetime: Duration::from_secs(8 * 3600),
        terminals: false,
    }
}

fn spec(user: i64, files: Vec<EpisodeFile>) -> ServerSpec {
    let key = server_key(user, "python");
    ServerSpec {
        base_url: base_url(&key),
        key,
        user_id: user,
        profile: small_profile(),
        token: format!("tok-{}", crate::helpers::random_suffix()),
        files,
        locale: app::i18n::Locale::Es,
    }
}

/// Records every progress report.
#[derive(Default)]
struct Recorder(Mutex<Vec<(Stage, Option<Detail>)>>);

impl Progress for Recorder {
    fn report(&self, stage: Stage, detail: Option<Detail>) {
        self.0.lock().unwrap().push((stage, detail));
    }
}

impl Recorder {
    fn stages(&self) -> Vec<Stage> {
        let mut s: Vec<Stage> = self.0.lock().unwrap().iter().map(|(s, _)| *s).collect();
        s.dedup();
        s
    }
}

/// Serves a folder over HTTP, as Puente serves episode files to pods.
struct FileServer {
    addr: SocketAddr,
    dir: crate::helpers::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl FileServer {
    async fn start() -> FileServer {
        let dir = crate::helpers::TempDir::new();
        let app = axum::Router::new().nest_service("/files", tower_http::services::ServeDir::new(&dir.0));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FileServer { addr, dir, task }
    }

    /// Adds a file and describes it as an episode file (`url` relative, resolved by the back-end).
    fn file(&self, dest: &str, content: &str) -> EpisodeFile {
        let name = dest.replace('/', "_");
        let source = self.dir.0.join(&name);
        std::fs::write(&source, content).unwrap();
        EpisodeFile { dest: dest.into(), source, url: format!("/files/{name}") }
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Setup {
    client: kube::Client,
    namespace: String,
    spawner: KubeSpawner,
    kubelet: Kubelet,
    files: FileServer,
    user: i64,
}

async fn setup(c: &Cluster) -> Setup {
    let client = client(c).await;
    let user = unique_user();
    let files = FileServer::start().await;
    let mut settings = KubeSettings::new(&c.namespace, format!("http://{}", files.addr));
    settings.start_timeout = Duration::from_secs(90);
    let spawner = KubeSpawner::from_kubeconfig(Some(&c.kubeconfig), settings).await.unwrap();
    let selector = format!("{},{}={user}", kubelet::NOTEBOOK_SELECTOR, nb::LABEL_USER);
    let kubelet =
        kubelet::start_selecting(client.clone(), &c.namespace, &kubelet::venv_dir(), &selector).await;
    Setup { client, namespace: c.namespace.clone(), spawner, kubelet, files, user }
}

impl Setup {
    fn api<K>(&self) -> Api<K>
    where
        K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>,
        <K as kube::Resource>::DynamicType: Default,
    {
        Api::namespaced(self.client.clone(), &self.namespace)
    }

    async fn wait_pod_gone(&self, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.api::<Pod>().get_opt(name).await.unwrap().is_some() {
            assert!(Instant::now() < deadline, "pod {name} still there 20 s after stop");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// `GET <endpoint><base_url>api/status`, with the token or without.
async fn api_status(url: &str, spec: &ServerSpec, token: Option<&str>) -> u16 {
    let mut req = reqwest::Client::new().get(format!("{url}{}api/status", spec.base_url));
    if let Some(t) = token {
        req = req.header("Authorization", format!("token {t}"));
    }
    req.send().await.unwrap().status().as_u16()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn start_creates_a_restricted_pod_with_its_claim_and_copies_files_without_overwriting() {
    let Some(c) = cluster() else { return };
    let s = setup(&c).await;
    let nb_file = s.files.file("course/ep1/notebooks/intro.ipynb", r#"{"cells": [], "nbformat": 4}"#);
    let data_file = s.files.file("course/ep1/data/numbers.csv", "a,b\n1,2\n");
    let sp = spec(s.user, vec![nb_file.clone(), data_file]);
    let progress = Recorder::default();

    let t0 = Instant::now();
    let endpoint = s.spawner.start(&sp, &progress).await.unwrap();
    eprintln!("first start: {:?}", t0.elapsed());

    // The objects, as the apiserver stored them.
    let pod = s.api::<Pod>().get(&pod_name(&sp.key)).await.unwrap();
    assert_eq!(pod.metadata.uid.as_deref(), Some(endpoint.handle.as_str()));
    assert_eq!(nb::restricted_violations(&pod), Vec::<String>::new());
    let ps = pod.spec.as_ref().unwrap();
    assert_eq!(ps.automount_service_account_token, Some(false));
    let psc = ps.security_context.as_ref().unwrap();
    assert_eq!((psc.run_as_user, psc.run_as_group, psc.fs_group), (Some(1000), Some(1000), Some(100)));
    assert_eq!(psc.seccomp_profile.as_ref().unwrap().type_, "RuntimeDefault");
    for ct in ps.init_containers.iter().flatten().chain(&ps.containers) {
        let sc = ct.security_context.as_ref().unwrap();
        assert_eq!(sc.allow_privilege_escalation, Some(false));
        assert_eq!(sc.run_as_non_root, Some(true));
        assert_eq!(sc.capabilities.as_ref().unwrap().drop.as_deref(), Some(&["ALL".to_owned()][..]));
    }
    assert!(!serde_json::to_string(&pod).unwrap().contains(&sp.token), "the token is not in the pod");
    let labels = pod.metadata.labels.clone().unwrap();
    assert_eq!(labels["puente.dev/server-key"], sp.key);
    assert_eq!(labels["app.kubernetes.io/managed-by"], "puente");
    let claim = s.api::<PersistentVolumeClaim>().get(&claim_name(s.user)).await.unwrap();
    let storage = &claim.spec.unwrap().resources.unwrap().requests.unwrap()["storage"];
    assert_eq!(storage, &Quantity((1u64 << 30).to_string()));
    assert!(s.api::<NetworkPolicy>().get_opt(nb::NETWORK_POLICY).await.unwrap().is_some());

    // Progress came from the pod's events, in order.
    let stages = progress.stages();
    assert_eq!(stages, vec![Stage::Creating, Stage::Pulling, Stage::Starting], "{:?}", progress.0.lock());
    // Each event became a translated detail; the cluster's own words never reach the learner.
    let details: Vec<Detail> = progress.0.lock().unwrap().iter().filter_map(|(_, d)| *d).collect();
    assert!(details.contains(&Detail::Scheduled), "scheduler event: {details:?}");
    assert!(details.contains(&Detail::Pulling), "{details:?}");
    assert!(details.contains(&Detail::ContainerStarted), "{details:?}");

    // The endpoint is a real Jupyter that wants the token.
    assert!(endpoint.url.starts_with("http://127.0."), "{}", endpoint.url);
    assert_eq!(api_status(&endpoint.url, &sp, Some(&sp.token)).await, 200);
    assert_eq!(api_status(&endpoint.url, &sp, None).await, 403);

    // The init container copied the episode's files into the home.
    let home = s.kubelet.home(&claim_name(s.user));
    assert_eq!(read(&home.join(&nb_file.dest)), r#"{"cells": [], "nbformat": 4}"#);
    assert_eq!(read(&home.join("course/ep1/data/numbers.csv")), "a,b\n1,2\n");

    // The learner changes a file; the server is stopped and started again with a new pod.
    std::fs::write(home.join(&nb_file.dest), "learner's work").unwrap();
    s.spawner.stop(&sp.key, &endpoint.handle).await.unwrap();
    s.wait_pod_gone(&pod_name(&sp.key)).await;
    let extra = s.files.file("course/ep2/notebooks/next.ipynb", "{}");
    let mut again = sp.clone();
    again.files.push(extra.clone());
    let t1 = Instant::now();
    let second = s.spawner.start(&again, &Recorder::default()).await.unwrap();
    eprintln!("start after stop: {:?}", t1.elapsed());
    assert_ne!(second.handle, endpoint.handle, "a new pod");
    assert_eq!(read(&home.join(&nb_file.dest)), "learner's work", "never overwritten");
    assert_eq!(read(&home.join(&extra.dest)), "{}");
    s.spawner.stop(&again.key, &second.handle).await.unwrap();
    s.wait_pod_gone(&pod_name(&sp.key)).await;
    s.kubelet.shutdown().await;
}

#[tokio::test]
async fn a_second_start_reuses_the_running_pod_and_brings_new_files() {
    let Some(c) = cluster() else { return };
    let s = setup(&c).await;
    let first_file = s.files.file("ep1/a.txt", "from the episode");
    let sp = spec(s.user, vec![first_file.clone()]);
    let first = s.spawner.start(&sp, &Recorder::default()).await.unwrap();
    let home = s.kubelet.home(&claim_name(s.user));
    std::fs::write(home.join(&first_file.dest), "changed by the learner").unwrap();

    let new_file = s.files.file("ep 2/notebooks/b é.ipynb", r#"{"nbformat": 4}"#);
    let mut next = sp.clone();
    next.files.push(new_file.clone());
    let t0 = Instant::now();
    let second = s.spawner.start(&next, &Recorder::default()).await.unwrap();
    eprintln!("idempotent start: {:?}", t0.elapsed());
    assert_eq!(second, first, "same pod, same endpoint");
    assert_eq!(s.kubelet.running(), 1);
    assert_eq!(read(&home.join(&first_file.dest)), "changed by the learner");
    assert_eq!(read(&home.join(&new_file.dest)), r#"{"nbformat": 4}"#, "brought in through Jupyter");
    let listed = s.spawner.list().await.unwrap();
    assert!(listed.iter().any(|f| f.key == sp.key && f.handle == first.handle), "{listed:?}");
    s.spawner.stop(&sp.key, &first.handle).await.unwrap();
    s.wait_pod_gone(&pod_name(&sp.key)).await;
    s.kubelet.shutdown().await;
}

#[tokio::test]
async fn a_running_pod_with_another_token_is_replaced() {
    let Some(c) = cluster() else { return };
    let s = setup(&c).await;
    // A pod left from an earlier launch (Puente forgot it) holds an old token.
    let old = spec(s.user, vec![]);
    let first = s.spawner.start(&old, &Recorder::default()).await.unwrap();
    let mut fresh = old.clone();
    fresh.token = format!("tok-{}", crate::helpers::random_suffix());
    let second = s.spawner.start(&fresh, &Recorder::default()).await.unwrap();
    assert_ne!(second.handle, first.handle, "a new pod");
    assert_eq!(api_status(&second.url, &fresh, Some(&fresh.token)).await, 200);
    assert_eq!(api_status(&second.url, &fresh, Some(&old.token)).await, 403);
    s.spawner.stop(&fresh.key, &second.handle).await.unwrap();
    s.wait_pod_gone(&pod_name(&fresh.key)).await;
    s.kubelet.shutdown().await;
}

#[tokio::test]
async fn stop_deletes_the_pod_and_secret_but_keeps_the_claim() {
    let Some(c) = cluster() else { return };
    let s = setup(&c).await;
    let sp = spec(s.user, vec![]);
    let ep = s.spawner.start(&sp, &Recorder::default()).await.unwrap();
    assert!(matches!(
        s.spawner.probe(&sp.key, &ep.handle).await.unwrap(),
        app::notebooks::spawner::Liveness::Running(ref e) if *e == ep
    ));
    assert_eq!(
        s.spawner.probe(&sp.key, "some-other-uid").await.unwrap(),
        app::notebooks::spawner::Liveness::Gone
    );
    let secret_name = nb::secret_name(&sp.key);
    assert!(s.api::<Secret>().get_opt(&secret_name).await.unwrap().is_some());

    s.spawner.stop(&sp.key, &ep.handle).await.unwrap();
    s.wait_pod_gone(&pod_name(&sp.key)).await;
    assert!(s.api::<Secret>().get_opt(&secret_name).await.unwrap().is_none(), "the token Secret is gone");
    assert!(
        s.api::<PersistentVolumeClaim>().get_opt(&claim_name(s.user)).await.unwrap().is_some(),
        "the home claim stays"
    );
    assert_eq!(s.spawner.probe(&sp.key, &ep.handle).await.unwrap(), app::notebooks::spawner::Liveness::Gone);
    assert_eq!(s.kubelet.running(), 0, "the kubelet killed Jupyter");
    // Stopping again, or by name only, is fine.
    s.spawner.stop(&sp.key, &ep.handle).await.unwrap();
    s.spawner.stop(&sp.key, "").await.unwrap();
    // The claim goes only with its person's account.
    s.spawner.delete_workspace(s.user).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while s
        .api::<PersistentVolumeClaim>()
        .get_opt(&claim_name(s.user))
        .await
        .unwrap()
        .is_some_and(|c| c.metadata.deletion_timestamp.is_none())
    {
        assert!(Instant::now() < deadline, "the claim was not deleted");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.spawner.delete_workspace(s.user).await.unwrap();
    s.kubelet.shutdown().await;
}

#[tokio::test]
async fn generated_objects_pass_the_apiservers_validation() {
    let Some(c) = cluster() else { return };
    let client = client(&c).await;
    let settings = KubeSettings::new(&c.namespace, "http://puente.puente.svc:3000");
    let user = unique_user();
    let sp = spec(
        user,
        vec![EpisodeFile {
            dest: "course/ep/nb.ipynb".into(),
            source: PathBuf::from("/nonexistent"),
            url: "/files/nb.ipynb".into(),
        }],
    );
    let dry = PostParams { dry_run: true, ..Default::default() };
    let pods: Api<Pod> = Api::namespaced(client.clone(), &c.namespace);
    let accepted = pods.create(&dry, &nb::pod(&sp, &settings)).await.unwrap();
    assert_eq!(nb::restricted_violations(&accepted), Vec::<String>::new(), "with the apiserver's defaults");
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &c.namespace);
    pvcs.create(&dry, &nb::claim(user, &sp.profile, &settings)).await.unwrap();
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &c.namespace);
    secrets.create(&dry, &nb::token_secret(&sp, &settings)).await.unwrap();
    let policies: Api<NetworkPolicy> = Api::namespaced(client.clone(), &c.namespace);
    let mut policy = nb::network_policy(&settings);
    policy.metadata.name = Some(format!("dry-run-{user}"));
    let accepted = policies.create(&dry, &policy).await.unwrap();
    // Egress: DNS, Puente's pods and the internet, never the metadata range or the cluster's own.
    let spec = accepted.spec.unwrap();
    assert_eq!(spec.policy_types.unwrap(), vec!["Ingress".to_owned(), "Egress".to_owned()]);
    let egress = spec.egress.unwrap();
    let blocks: Vec<_> =
        egress.iter().flat_map(|r| r.to.clone().unwrap_or_default()).filter_map(|p| p.ip_block).collect();
    let v4 = blocks.iter().find(|b| b.cidr == "0.0.0.0/0").expect("the internet over IPv4");
    let except = v4.except.clone().unwrap_or_default();
    for denied in ["169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] {
        assert!(except.iter().any(|e| e == denied), "{denied} is not excepted: {except:?}");
    }
    assert!(
        egress.iter().any(|r| r
            .ports
            .as_ref()
            .is_some_and(|ps| ps.iter().any(|p| p.port == Some(IntOrString::Int(53))))),
        "DNS"
    );
    // A malformed range is refused by the apiserver.
    let mut bad = nb::network_policy(&settings);
    bad.metadata.name = Some(format!("dry-run-bad-{user}"));
    let mut s = settings.clone();
    s.egress_denied = vec!["169.254.0.0/99".into()];
    bad.spec = nb::network_policy(&s).spec;
    let err = policies.create(&dry, &bad).await.unwrap_err();
    assert!(matches!(&err, kube::Error::Api(e) if e.code == 422), "{err}");
    assert!(pods.get_opt(&pod_name(&sp.key)).await.unwrap().is_none(), "dry run made nothing");

    // What the apiserver refuses is refused with 422.
    let mut bad = nb::pod(&sp, &settings);
    let limits =
        bad.spec.as_mut().unwrap().containers[0].resources.as_mut().unwrap().limits.as_mut().unwrap();
    limits.insert("memory".into(), Quantity("1Mi".into()));
    let err = pods.create(&dry, &bad).await.unwrap_err();
    assert!(matches!(&err, kube::Error::Api(s) if s.code == 422), "{err}");
    let mut bad = nb::pod(&sp, &settings);
    bad.metadata.labels.as_mut().unwrap().insert("puente.dev/user".into(), "not a label value!".into());
    let err = pods.create(&dry, &bad).await.unwrap_err();
    assert!(matches!(&err, kube::Error::Api(s) if s.code == 422), "{err}");
    let mut bad = nb::network_policy(&settings);
    bad.spec.as_mut().unwrap().policy_types = Some(vec!["Sideways".into()]);
    let err = policies.create(&dry, &bad).await.unwrap_err();
    assert!(matches!(&err, kube::Error::Api(s) if s.code == 422), "{err}");
}

#[tokio::test]
async fn start_on_a_pod_that_cannot_start_fails_cleanly() {
    let Some(c) = cluster() else { return };
    let s = setup(&c).await;
    // The init container cannot fetch this file: the launch fails with its message, not a timeout.
    let sp = spec(
        s.user,
        vec![EpisodeFile {
            dest: "ep/missing.ipynb".into(),
            source: PathBuf::from("/nonexistent"),
            url: "/files/missing.ipynb".into(),
        }],
    );
    let t0 = Instant::now();
    let err = s.spawner.start(&sp, &Recorder::default()).await.unwrap_err();
    assert!(matches!(&err, SpawnError::Failed(m) if m.contains("missing.ipynb")), "{err:?}");
    assert!(t0.elapsed() < Duration::from_secs(30), "{:?}", t0.elapsed());
    s.wait_pod_gone(&pod_name(&sp.key)).await;
    s.kubelet.shutdown().await;
}

/// A fake Kubernetes API that answers every request with 503, or never answers.
async fn broken_api(hang: bool) -> kube::Client {
    let app = axum::Router::new().fallback(move || async move {
        if hang {
            std::future::pending::<()>().await;
        }
        (
            http::StatusCode::SERVICE_UNAVAILABLE,
            [("content-type", "application/json")],
            r#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcd is down","code":503}"#,
        )
    });
    kube::Client::new(app, "puente-test")
}

#[tokio::test]
async fn an_api_outage_ends_in_unavailable_within_a_bounded_time() {
    // A closed port: connections are refused.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let config = kube::Config::new(format!("http://127.0.0.1:{port}").parse().unwrap());
    let refused = kube::Client::try_from(config).unwrap();
    let clients = [("refused", refused), ("503", broken_api(false).await), ("hangs", broken_api(true).await)];
    let runs = clients.into_iter().map(|(what, client)| async move {
        let spawner = KubeSpawner::new(client, KubeSettings::new("puente-test", "http://puente:3000"));
        let t0 = Instant::now();
        let result = spawner.start(&spec(unique_user(), vec![]), &Recorder::default()).await;
        (what, result, t0.elapsed())
    });
    for (what, result, took) in futures::future::join_all(runs).await {
        eprintln!("{what}: {result:?} after {took:?}");
        assert!(matches!(result, Err(SpawnError::Unavailable(_))), "{what}: {result:?}");
        assert!(took < Duration::from_secs(40), "{what}: {took:?}");
    }
}

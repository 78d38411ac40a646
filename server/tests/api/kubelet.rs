//! A stand-in kubelet for tests against a real kube-apiserver (scripts/kube.sh), which has no
//! kubelet and no container runtime.
//!
//! It does for Puente's notebook pods what a kubelet and a volume provisioner would: binds each
//! home claim to a PersistentVolume (a folder here), waits for the scheduler to place the pod,
//! posts the kubelet's events, runs the init container's program with `PUENTE_HOME` pointing at
//! the claim's folder, starts a real `jupyter server` from the test virtualenv with the pod's
//! arguments (its own loopback address 127.0.0.N instead of 0.0.0.0, the claim's folder as root),
//! its token resolved from the Secret, and marks the pod Running and Ready once Jupyter answers
//! its readiness probe. A deleted pod's Jupyter is killed (its whole process group) and the pod
//! removed, as a kubelet confirms a graceful deletion. Dropping the handle kills everything.

use k8s_openapi::api::core::v1::{
    Container, Event, EventSource, Node, ObjectReference, PersistentVolume, PersistentVolumeClaim, Pod,
    Secret,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, Preconditions};
use kube::Client;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Which pods a kubelet looks after unless told otherwise.
pub const NOTEBOOK_SELECTOR: &str = puente::notebooks::kube::NOTEBOOK_SELECTOR;

/// The next loopback address to hand out, shared by every kubelet in this test process.
static NEXT_IP: AtomicU32 = AtomicU32::new(11);

/// The Python environment with jupyter-server: `PUENTE_TEST_JUPYTER_VENV`, else the one
/// scripts/setup.sh makes (keyed by the requirements file's hash, as scripts/lib.sh computes).
pub fn venv_dir() -> PathBuf {
    if let Ok(v) = std::env::var("PUENTE_TEST_JUPYTER_VENV") {
        return PathBuf::from(v);
    }
    use sha2::Digest;
    let req = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/jupyter-requirements.txt");
    let bytes = std::fs::read(&req).expect("scripts/jupyter-requirements.txt");
    let hash: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let cache = std::env::var("PUENTE_CACHE").unwrap_or_else(|_| "/var/cache/puente".into());
    PathBuf::from(cache).join(format!("jupyter-{}", &hash[..12]))
}

/// One pod's Jupyter.
struct Running {
    pgid: u32,
    child: tokio::process::Child,
    name: String,
}

#[derive(Default)]
struct State {
    /// Pods (by uid) this kubelet has taken on.
    taken: HashSet<String>,
    /// Their Jupyter processes.
    running: HashMap<String, Running>,
    /// Per-pod task, so a deleted pod's start-up can be cut short.
    tasks: HashMap<String, tokio::task::JoinHandle<()>>,
}

struct Shared {
    client: Client,
    namespace: String,
    venv: PathBuf,
    root: PathBuf,
    selector: String,
    scheduler: bool,
    http: reqwest::Client,
    state: Mutex<State>,
}

/// The running stand-in; stops everything on [`Kubelet::shutdown`] or drop.
pub struct Kubelet {
    shared: Arc<Shared>,
    stop: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// A kubelet for every Puente notebook pod in `namespace`.
#[allow(dead_code)] // for API tests that own their namespace
pub async fn start(client: Client, namespace: &str, venv_dir: &Path) -> Kubelet {
    start_selecting(client, namespace, venv_dir, NOTEBOOK_SELECTOR).await
}

/// A kubelet for the pods `selector` picks (tests sharing a namespace each take their own).
pub async fn start_selecting(client: Client, namespace: &str, venv_dir: &Path, selector: &str) -> Kubelet {
    assert!(
        venv_dir.join("bin/jupyter").exists(),
        "no jupyter in {} (scripts/setup.sh makes it)",
        venv_dir.display()
    );
    let nodes: Api<Node> = Api::all(client.clone());
    let scheduler = !nodes.list(&ListParams::default().limit(1)).await.expect("list nodes").items.is_empty();
    let root = std::env::temp_dir().join(format!("puente-kubelet-{}", crate::helpers::random_suffix()));
    std::fs::create_dir_all(&root).expect("kubelet root");
    let shared = Arc::new(Shared {
        client,
        namespace: namespace.to_owned(),
        venv: venv_dir.to_owned(),
        root,
        selector: selector.to_owned(),
        scheduler,
        http: reqwest::Client::builder().timeout(Duration::from_secs(2)).build().expect("http client"),
        state: Mutex::new(State::default()),
    });
    let stop = CancellationToken::new();
    let task = tokio::spawn(run(shared.clone(), stop.clone()));
    Kubelet { shared, stop, task: Some(task) }
}

impl Kubelet {
    /// The folder standing in for a claim's volume (the learner's home).
    pub fn home(&self, claim: &str) -> PathBuf {
        self.shared.home(claim)
    }

    /// How many Jupyter processes it runs now.
    pub fn running(&self) -> usize {
        self.shared.state.lock().unwrap().running.len()
    }

    /// Stops watching and kills every Jupyter it started, waiting for them to exit.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
        let running: Vec<Running> = {
            let mut st = self.shared.state.lock().unwrap();
            st.tasks.drain().for_each(|(_, t)| t.abort());
            st.running.drain().map(|(_, r)| r).collect()
        };
        for mut r in running {
            kill_group(r.pgid);
            let _ = tokio::time::timeout(Duration::from_secs(5), r.child.wait()).await;
        }
    }
}

impl Drop for Kubelet {
    fn drop(&mut self) {
        self.stop.cancel();
        if let Some(t) = self.task.take() {
            t.abort();
        }
        if let Ok(mut st) = self.shared.state.lock() {
            st.tasks.drain().for_each(|(_, t)| t.abort());
            for (_, mut r) in st.running.drain() {
                kill_group(r.pgid);
                let _ = r.child.start_kill();
            }
        }
        let _ = std::fs::remove_dir_all(&self.shared.root);
    }
}

/// SIGKILL to a whole process group (Jupyter and its kernels).
fn kill_group(pgid: u32) {
    if let Ok(raw) = i32::try_from(pgid) {
        let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(raw), nix::sys::signal::Signal::SIGKILL);
    }
}

/// Who a container runs as: its own securityContext, else the pod's.
struct RunAs {
    uid: Option<i64>,
    gid: Option<i64>,
    fs_group: Option<i64>,
}

fn run_as(spec: &k8s_openapi::api::core::v1::PodSpec, c: &Container) -> RunAs {
    let pod = spec.security_context.clone().unwrap_or_default();
    let own = c.security_context.clone().unwrap_or_default();
    RunAs {
        uid: own.run_as_user.or(pod.run_as_user),
        gid: own.run_as_group.or(pod.run_as_group),
        fs_group: pod.fs_group,
    }
}

/// The command line that runs `argv` as the container's user, like a container runtime would:
/// when the tests run as root, through `setpriv` (uid, gid, fsGroup as supplementary group, no
/// new privileges); otherwise as whoever runs the tests.
fn as_container_user(argv: Vec<String>, who: &RunAs) -> Vec<String> {
    let (Some(uid), true) = (who.uid, nix::unistd::geteuid().is_root()) else { return argv };
    let mut wrapped = vec![
        "setpriv".to_owned(),
        format!("--reuid={uid}"),
        format!("--regid={}", who.gid.unwrap_or(uid)),
        match who.fs_group {
            Some(g) => format!("--groups={g}"),
            None => "--clear-groups".to_owned(),
        },
        "--no-new-privs".to_owned(),
        "--".to_owned(),
    ];
    wrapped.extend(argv);
    wrapped
}

/// Gives a folder to the container's user, as a kubelet prepares an fsGroup volume: group
/// fsGroup, group-writable, set-gid.
fn prepare_dir(dir: &Path, who: &RunAs, volume: bool) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).expect("folder");
    if !nix::unistd::geteuid().is_root() {
        return;
    }
    let to_u32 = |v: Option<i64>| v.and_then(|x| u32::try_from(x).ok());
    if volume {
        std::os::unix::fs::chown(dir, Some(0), to_u32(who.fs_group).or(to_u32(who.gid)))
            .expect("chown volume");
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o2775)).expect("chmod volume");
    } else {
        std::os::unix::fs::chown(dir, to_u32(who.uid), to_u32(who.gid)).expect("chown folder");
    }
}

impl Shared {
    fn home(&self, claim: &str) -> PathBuf {
        self.root.join("volumes").join(claim)
    }

    fn pods(&self) -> Api<Pod> {
        Api::namespaced(self.client.clone(), &self.namespace)
    }
}

async fn run(shared: Arc<Shared>, stop: CancellationToken) {
    loop {
        if let Err(e) = tick(&shared).await {
            eprintln!("stand-in kubelet: {e}");
        }
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep(Duration::from_millis(150)) => {}
        }
    }
}

/// One look at the pods: provision claims, take on new pods, finish deletions, notice deaths.
async fn tick(shared: &Arc<Shared>) -> Result<(), kube::Error> {
    let pods = shared.pods().list(&ListParams::default().labels(&shared.selector)).await?.items;
    let mut present = HashSet::new();
    for pod in pods {
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let name = pod.metadata.name.clone().unwrap_or_default();
        present.insert(uid.clone());
        if pod.metadata.deletion_timestamp.is_some() {
            stop_pod(shared, &uid).await;
            let dp = DeleteParams {
                grace_period_seconds: Some(0),
                preconditions: Some(Preconditions { uid: Some(uid.clone()), resource_version: None }),
                ..Default::default()
            };
            let _ = shared.pods().delete(&name, &dp).await;
            continue;
        }
        let phase = pod.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_default();
        if phase == "Failed" || phase == "Succeeded" {
            stop_pod(shared, &uid).await;
            continue;
        }
        for claim in claims(&pod) {
            provision(shared, &claim).await?;
        }
        let scheduled = pod.spec.as_ref().and_then(|s| s.node_name.as_ref()).is_some();
        if shared.scheduler && !scheduled {
            continue;
        }
        let newly_taken = shared.state.lock().unwrap().taken.insert(uid.clone());
        if newly_taken {
            let task = tokio::spawn(start_pod(shared.clone(), pod));
            shared.state.lock().unwrap().tasks.insert(uid, task);
        }
    }
    // Pods deleted outright (no grace, or by someone else), and Jupyters that died on their own.
    let gone: Vec<String> = {
        let st = shared.state.lock().unwrap();
        st.taken.iter().filter(|u| !present.contains(*u)).cloned().collect()
    };
    for uid in gone {
        stop_pod(shared, &uid).await;
        shared.state.lock().unwrap().taken.remove(&uid);
    }
    let died: Vec<(String, String, i32)> = {
        let mut st = shared.state.lock().unwrap();
        let mut died = Vec::new();
        for (uid, r) in st.running.iter_mut() {
            if let Ok(Some(status)) = r.child.try_wait() {
                died.push((uid.clone(), r.name.clone(), status.code().unwrap_or(137)));
            }
        }
        for (uid, _, _) in &died {
            st.running.remove(uid);
        }
        died
    };
    for (uid, name, code) in died {
        let log = std::fs::read_to_string(shared.root.join("pods").join(&uid).join("jupyter.log"))
            .unwrap_or_default();
        let tail: String =
            log.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
        eprintln!("stand-in kubelet: jupyter of {name} exited with {code}:\n{tail}");
        let _ = mark_failed(shared, &name, &uid, "notebook", code, &format!("jupyter exited: {tail}")).await;
    }
    Ok(())
}

/// Kills a pod's Jupyter and cancels its start-up, if any.
async fn stop_pod(shared: &Shared, uid: &str) {
    let (task, running) = {
        let mut st = shared.state.lock().unwrap();
        (st.tasks.remove(uid), st.running.remove(uid))
    };
    if let Some(t) = task {
        t.abort();
    }
    if let Some(mut r) = running {
        kill_group(r.pgid);
        let _ = tokio::time::timeout(Duration::from_secs(5), r.child.wait()).await;
    }
}

fn claims(pod: &Pod) -> Vec<String> {
    pod.spec
        .iter()
        .flat_map(|s| s.volumes.iter().flatten())
        .filter_map(|v| v.persistent_volume_claim.as_ref().map(|c| c.claim_name.clone()))
        .collect()
}

/// Binds a pending claim to a PersistentVolume backed by a folder, as a provisioner would.
async fn provision(shared: &Shared, claim: &str) -> Result<(), kube::Error> {
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(shared.client.clone(), &shared.namespace);
    let Some(pvc) = pvcs.get_opt(claim).await? else { return Ok(()) };
    if pvc.spec.as_ref().and_then(|s| s.volume_name.as_ref()).is_some() {
        return Ok(());
    }
    let dir = shared.home(claim);
    std::fs::create_dir_all(&dir).expect("volume folder");
    let spec = pvc.spec.clone().unwrap_or_default();
    let size = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage").cloned())
        .unwrap_or(k8s_openapi::apimachinery::pkg::api::resource::Quantity("1Gi".into()));
    let pv = PersistentVolume {
        metadata: ObjectMeta {
            name: Some(format!("puente-test-{}-{claim}", shared.namespace)),
            labels: Some(BTreeMap::from([(
                "app.kubernetes.io/managed-by".into(),
                "puente-test-kubelet".into(),
            )])),
            ..Default::default()
        },
        spec: Some(k8s_openapi::api::core::v1::PersistentVolumeSpec {
            capacity: Some(BTreeMap::from([("storage".into(), size)])),
            access_modes: spec.access_modes.clone(),
            storage_class_name: spec.storage_class_name.clone(),
            persistent_volume_reclaim_policy: Some("Retain".into()),
            host_path: Some(k8s_openapi::api::core::v1::HostPathVolumeSource {
                path: dir.display().to_string(),
                type_: None,
            }),
            claim_ref: Some(ObjectReference {
                kind: Some("PersistentVolumeClaim".into()),
                api_version: Some("v1".into()),
                namespace: Some(shared.namespace.clone()),
                name: Some(claim.to_owned()),
                uid: pvc.metadata.uid.clone(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        status: None,
    };
    let pvs: Api<PersistentVolume> = Api::all(shared.client.clone());
    match pvs.create(&PostParams::default(), &pv).await {
        Ok(_) => Ok(()),
        Err(kube::Error::Api(s)) if s.code == 409 => Ok(()),
        Err(e) => Err(e),
    }
}

fn now() -> Time {
    Time(k8s_openapi::jiff::Timestamp::now())
}

/// Posts an event about the pod, as a kubelet does.
async fn event(shared: &Shared, pod: &Pod, field: &str, reason: &str, message: &str) {
    let events: Api<Event> = Api::namespaced(shared.client.clone(), &shared.namespace);
    let name = pod.metadata.name.clone().unwrap_or_default();
    let node =
        pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_else(|| "puente-test-node".into());
    let e = Event {
        metadata: ObjectMeta {
            // As kubelets name them: the pod, then the time in hex nanoseconds.
            name: Some(format!("{name}.{:x}", k8s_openapi::jiff::Timestamp::now().as_nanosecond())),
            namespace: Some(shared.namespace.clone()),
            ..Default::default()
        },
        involved_object: ObjectReference {
            kind: Some("Pod".into()),
            api_version: Some("v1".into()),
            name: Some(name),
            namespace: Some(shared.namespace.clone()),
            uid: pod.metadata.uid.clone(),
            field_path: Some(field.to_owned()),
            ..Default::default()
        },
        reason: Some(reason.into()),
        message: Some(message.into()),
        type_: Some("Normal".into()),
        source: Some(EventSource { component: Some("kubelet".into()), host: Some(node) }),
        first_timestamp: Some(now()),
        last_timestamp: Some(now()),
        count: Some(1),
        ..Default::default()
    };
    if let Err(e) = events.create(&PostParams::default(), &e).await {
        eprintln!("stand-in kubelet: cannot post event {reason}: {e}");
    }
}

/// The container's environment with `valueFrom.secretKeyRef` resolved.
async fn resolve_env(shared: &Shared, c: &Container) -> Vec<(String, String)> {
    let secrets: Api<Secret> = Api::namespaced(shared.client.clone(), &shared.namespace);
    let mut out = Vec::new();
    for e in c.env.iter().flatten() {
        if let Some(v) = &e.value {
            out.push((e.name.clone(), v.clone()));
        } else if let Some(sel) = e.value_from.as_ref().and_then(|v| v.secret_key_ref.as_ref()) {
            let secret = secrets.get(&sel.name).await.expect("the pod's Secret exists");
            let bytes = secret.data.and_then(|d| d.get(&sel.key).cloned()).expect("the Secret has the key");
            out.push((e.name.clone(), String::from_utf8(bytes.0).expect("utf-8 secret")));
        }
    }
    out
}

/// A loopback address whose port 8888 is free.
fn allocate_ip() -> Ipv4Addr {
    loop {
        let n = NEXT_IP.fetch_add(1, Ordering::Relaxed);
        assert!(n < 250 * 250, "out of loopback addresses");
        let ip = Ipv4Addr::new(127, 0, (n / 250) as u8, (n % 250) as u8);
        if n % 250 < 2 {
            continue;
        }
        if std::net::TcpListener::bind((ip, 8888)).is_ok() {
            return ip;
        }
    }
}

async fn start_pod(shared: Arc<Shared>, pod: Pod) {
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let name = pod.metadata.name.clone().unwrap_or_default();
    let spec = pod.spec.clone().unwrap_or_default();
    let claim = claims(&pod).into_iter().next().expect("a notebook pod mounts a claim");
    let home = shared.home(&claim);
    let pod_dir = shared.root.join("pods").join(&uid);
    std::fs::create_dir_all(&pod_dir).expect("pod dir");
    if let Some(c) = spec.containers.first() {
        prepare_dir(&home, &run_as(&spec, c), true);
    }

    for init in spec.init_containers.iter().flatten() {
        let field = format!("spec.initContainers{{{}}}", init.name);
        let image = init.image.clone().unwrap_or_default();
        event(&shared, &pod, &field, "Pulling", &format!("Pulling image \"{image}\"")).await;
        event(&shared, &pod, &field, "Pulled", &format!("Successfully pulled image \"{image}\"")).await;
        event(&shared, &pod, &field, "Created", &format!("Created container {}", init.name)).await;
        event(&shared, &pod, &field, "Started", &format!("Started container {}", init.name)).await;
        let mut argv: Vec<String> =
            init.command.iter().flatten().chain(init.args.iter().flatten()).cloned().collect();
        if argv.first().map(String::as_str) == Some("python3") {
            argv[0] = shared.venv.join("bin/python3").display().to_string();
        }
        let argv = as_container_user(argv, &run_as(&spec, init));
        let mut cmd = tokio::process::Command::new(&argv[0]);
        cmd.args(&argv[1..]).current_dir(&home).kill_on_drop(true);
        for (k, v) in resolve_env(&shared, init).await {
            cmd.env(k, v);
        }
        cmd.env("PUENTE_HOME", &home);
        let out = tokio::time::timeout(Duration::from_secs(60), cmd.output()).await;
        let (code, log) = match out {
            Ok(Ok(o)) => (
                o.status.code().unwrap_or(137),
                format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
            ),
            Ok(Err(e)) => (128, e.to_string()),
            Err(_) => (137, "init container timed out".into()),
        };
        std::fs::write(pod_dir.join(format!("{}.log", init.name)), &log).ok();
        if code != 0 {
            let _ = mark_failed(&shared, &name, &uid, &init.name, code, log.trim()).await;
            return;
        }
    }

    let Some(c) = spec.containers.first() else { return };
    let field = format!("spec.containers{{{}}}", c.name);
    let image = c.image.clone().unwrap_or_default();
    event(
        &shared,
        &pod,
        &field,
        "Pulled",
        &format!("Container image \"{image}\" already present on machine"),
    )
    .await;
    let ip = allocate_ip();
    let mut argv: Vec<String> = c.command.iter().flatten().chain(c.args.iter().flatten()).cloned().collect();
    assert_eq!(argv.first().map(String::as_str), Some("jupyter"), "the pod runs jupyter: {argv:?}");
    argv[0] = shared.venv.join("bin/jupyter").display().to_string();
    for a in argv.iter_mut() {
        if a.starts_with("--ServerApp.ip=") {
            *a = format!("--ServerApp.ip={ip}");
        } else if a.starts_with("--ServerApp.root_dir=") {
            *a = format!("--ServerApp.root_dir={}", home.display());
        }
    }
    let who = run_as(&spec, c);
    for d in ["runtime", "ipython"] {
        prepare_dir(&pod_dir.join(d), &who, false);
    }
    let argv = as_container_user(argv, &who);
    let log = std::fs::File::create(pod_dir.join("jupyter.log")).expect("jupyter log");
    let mut cmd = tokio::process::Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .current_dir(&home)
        .process_group(0)
        .stdin(std::process::Stdio::null())
        .stdout(log.try_clone().expect("log fd"))
        .stderr(log)
        .env("HOME", &home)
        .env("USER", "jovyan")
        .env("JUPYTER_RUNTIME_DIR", pod_dir.join("runtime"))
        .env("IPYTHONDIR", pod_dir.join("ipython"));
    for (k, v) in resolve_env(&shared, c).await {
        cmd.env(k, v);
    }
    event(&shared, &pod, &field, "Created", &format!("Created container {}", c.name)).await;
    let child = match cmd.spawn() {
        Ok(ch) => ch,
        Err(e) => {
            let _ = mark_failed(&shared, &name, &uid, &c.name, 128, &e.to_string()).await;
            return;
        }
    };
    let pid = child.id().unwrap_or_default();
    shared
        .state
        .lock()
        .unwrap()
        .running
        .insert(uid.clone(), Running { pgid: pid, child, name: name.clone() });
    event(&shared, &pod, &field, "Started", &format!("Started container {}", c.name)).await;

    // Ready when the pod's readiness probe passes, as the kubelet decides it.
    let path = c
        .readiness_probe
        .as_ref()
        .and_then(|p| p.http_get.as_ref())
        .and_then(|h| h.path.clone())
        .unwrap_or_else(|| "/".into());
    let url = format!("http://{ip}:8888{path}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = shared.http.get(&url).send().await {
            if r.status().is_success() {
                break;
            }
        }
        if tokio::time::Instant::now() > deadline || !shared.state.lock().unwrap().running.contains_key(&uid)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let t = now();
    let image_id = format!("docker-pullable://{image}");
    let init_statuses: Vec<serde_json::Value> = spec
        .init_containers
        .iter()
        .flatten()
        .map(|i| {
            serde_json::json!({
                "name": i.name, "image": i.image, "imageID": image_id, "ready": true, "restartCount": 0,
                "containerID": format!("puente://{uid}-{}", i.name),
                "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": t, "finishedAt": t}},
            })
        })
        .collect();
    let status = serde_json::json!({"status": {
        "phase": "Running",
        "hostIP": "127.0.0.1",
        "podIP": ip.to_string(),
        "podIPs": [{"ip": ip.to_string()}],
        "startTime": t,
        "conditions": [
            {"type": "Initialized", "status": "True", "lastTransitionTime": t},
            {"type": "Ready", "status": "True", "lastTransitionTime": t},
            {"type": "ContainersReady", "status": "True", "lastTransitionTime": t},
            {"type": "PodScheduled", "status": "True", "lastTransitionTime": t},
        ],
        "initContainerStatuses": init_statuses,
        "containerStatuses": [{
            "name": c.name, "image": image, "imageID": image_id, "ready": true, "started": true,
            "restartCount": 0, "containerID": format!("puente://{pid}"),
            "state": {"running": {"startedAt": t}},
        }],
    }});
    if let Err(e) = shared.pods().patch_status(&name, &PatchParams::default(), &Patch::Merge(&status)).await {
        eprintln!("stand-in kubelet: cannot mark {name} Running: {e}");
    }
}

/// Marks the pod Failed with one terminated container, as a kubelet does with restartPolicy Never.
async fn mark_failed(
    shared: &Shared,
    name: &str,
    uid: &str,
    container: &str,
    code: i32,
    message: &str,
) -> Result<(), kube::Error> {
    let pods = shared.pods();
    match pods.get_opt(name).await? {
        Some(p) if p.metadata.uid.as_deref() == Some(uid) => {}
        _ => return Ok(()),
    }
    let t = now();
    let terminated = serde_json::json!({
        "name": container, "image": "", "imageID": "", "ready": false, "restartCount": 0,
        "state": {"terminated": {"exitCode": code, "reason": "Error", "message": message, "finishedAt": t}},
    });
    let key = if container == puente::notebooks::kube::FILES_CONTAINER {
        "initContainerStatuses"
    } else {
        "containerStatuses"
    };
    let mut status = serde_json::json!({
        "phase": "Failed",
        "reason": "Error",
        "message": format!("container {container} exited with {code}"),
    });
    status[key] = serde_json::json!([terminated]);
    let status = serde_json::json!({ "status": status });
    pods.patch_status(name, &PatchParams::default(), &Patch::Merge(&status)).await.map(|_| ())
}

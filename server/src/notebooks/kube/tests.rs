//! The objects and checks of the Kubernetes back-end, without a cluster.

use super::*;
use app::notebooks::profile::Profile;
use app::notebooks::spawner::EpisodeFile;
use k8s_openapi::api::core::v1::{Capabilities, SeccompProfile, Volume};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
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
                p.spec.as_mut().unwrap().containers[0].security_context.as_mut().unwrap().capabilities = None
            }),
        ),
        (
            "must not be added",
            Box::new(|p| {
                p.spec.as_mut().unwrap().containers[0].security_context.as_mut().unwrap().capabilities =
                    Some(Capabilities { drop: Some(vec!["ALL".into()]), add: Some(vec!["SYS_ADMIN".into()]) })
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
                p.spec.as_mut().unwrap().containers[0].security_context.as_mut().unwrap().seccomp_profile =
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
    for c in
        p.spec.as_ref().unwrap().init_containers.iter().flatten().chain(&p.spec.as_ref().unwrap().containers)
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
    p.metadata.deletion_timestamp =
        Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(k8s_openapi::jiff::Timestamp::UNIX_EPOCH));
    assert!(!reusable(&p));
}

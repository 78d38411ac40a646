//! The objects Puente creates: the pod, the learner's claim, the token's Secret and the
//! namespace's NetworkPolicy, built from a profile and the settings.

use super::*;
use app::notebooks::names::{claim_name, pod_name};
use app::notebooks::profile::Profile;
use app::notebooks::spawner::{EpisodeFile, ServerSpec};
use k8s_openapi::api::core::v1::{
    Capabilities, Container, ContainerPort, EnvVar, EnvVarSource, HTTPGetAction, PersistentVolumeClaim,
    PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, Pod, PodSecurityContext, PodSpec, Probe,
    ResourceRequirements, SeccompProfile, Secret, SecretKeySelector, SecurityContext, Volume, VolumeMount,
    VolumeResourceRequirements,
};
use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

pub(super) fn common_labels(component: &str) -> BTreeMap<String, String> {
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

pub(super) fn quantities(profile: &Profile) -> BTreeMap<String, Quantity> {
    BTreeMap::from([
        ("cpu".to_owned(), Quantity(format!("{}m", profile.cpu_request_millis))),
        ("memory".to_owned(), Quantity(profile.memory_request_bytes.to_string())),
    ])
}

pub(super) fn resources(profile: &Profile) -> ResourceRequirements {
    ResourceRequirements {
        requests: Some(quantities(profile)),
        limits: Some(BTreeMap::from([
            ("cpu".to_owned(), Quantity(format!("{}m", profile.cpu_limit_millis))),
            ("memory".to_owned(), Quantity(profile.memory_limit_bytes.to_string())),
        ])),
        ..Default::default()
    }
}

pub(super) fn runtime_default() -> SeccompProfile {
    SeccompProfile { type_: "RuntimeDefault".into(), localhost_profile: None }
}

/// Every container's security context (restricted).
pub(super) fn container_security() -> SecurityContext {
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

pub(super) fn env(name: &str, value: impl Into<String>) -> EnvVar {
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

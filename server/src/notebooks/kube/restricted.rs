//! The Pod Security Standard *restricted*, checked on every pod Puente makes (Kubernetes 1.20
//! has no PodSecurity admission to do it).

use k8s_openapi::api::core::v1::{Pod, SecurityContext};

/// Volume sources the restricted profile allows.
pub(super) const ALLOWED_VOLUMES: [&str; 8] = [
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
pub(super) const SAFE_SYSCTLS: [&str; 5] = [
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

pub(super) fn selinux_violations(
    who: &str,
    se: &k8s_openapi::api::core::v1::SELinuxOptions,
    v: &mut Vec<String>,
) {
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

//! Reading what the cluster says: whether a pod can be reused, is ready, has failed, and what
//! its events mean for the learner's progress page.

use app::notebooks::spawner::{Detail, Stage};
use k8s_openapi::api::core::v1::{Event, Pod};

/// Is this pod alive or on its way (not dead, not being deleted)?
pub(super) fn reusable(pod: &Pod) -> bool {
    let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
    pod.metadata.deletion_timestamp.is_none() && !matches!(phase, Some("Failed" | "Succeeded"))
}

/// The pod's IP when it is Running with every container ready.
pub(super) fn ready_ip(pod: &Pod) -> Option<String> {
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
pub(super) fn failure(pod: &Pod) -> Option<String> {
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
pub(super) fn event_detail(reason: &str) -> Option<Detail> {
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

pub(super) fn event_stage(reason: &str) -> Option<Stage> {
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
pub(super) fn event_order(e: &Event) -> (Option<u64>, Option<k8s_openapi::jiff::Timestamp>, Option<String>) {
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

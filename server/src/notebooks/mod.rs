//! The mechanisms behind `app::notebooks`: the notebook back-ends and the reverse proxy.

pub mod kube;
pub mod local;
pub mod proxy;
pub mod squeeze;

use crate::config::{Config, NotebookBackend};
use anyhow::Context;
use app::notebooks::spawner::Spawner;
use std::sync::Arc;

/// The back-end the configuration names, ready to use.
pub async fn spawner(config: &Config) -> anyhow::Result<Arc<dyn Spawner>> {
    let nb = &config.notebooks;
    match &nb.backend {
        NotebookBackend::Local { jupyter, dir, dir_given, uid_base, unisolated } => {
            let isolation = isolation_for(nix::unistd::geteuid().is_root(), *unisolated, *uid_base)?;
            // The default folder moves where learners' accounts can reach it; a folder the
            // operator chose is checked as it is.
            let root = match isolation {
                local::Isolation::PerPerson { .. } if !dir_given => {
                    local::reachable_root(dir, std::path::Path::new(local::REACHABLE_BASE))
                        .context("local notebook back-end")?
                }
                _ => dir.clone(),
            };
            if isolation == local::Isolation::Unisolated {
                tracing::warn!(
                    "PUENTE_NOTEBOOK_UNISOLATED: notebooks run as Puente's own account. Learners' code \
                     can read and change Puente's database and each other's work. Development only."
                );
            }
            let settings = local::LocalSettings {
                jupyter: jupyter.clone(),
                root,
                isolation,
                start_timeout: nb.start_timeout,
            };
            Ok(Arc::new(local::LocalSpawner::new(settings).context("local notebook back-end")?))
        }
        NotebookBackend::Kubernetes {
            namespace,
            kubeconfig,
            files_url,
            proxy_labels,
            storage_class,
            egress_denied,
        } => {
            let files = files_url
                .clone()
                .unwrap_or_else(|| config.public_url.as_str().trim_end_matches('/').to_owned());
            let mut settings = kube::KubeSettings::new(namespace.clone(), files);
            settings.proxy_pod_labels = proxy_labels.clone();
            settings.storage_class = storage_class.clone();
            settings.egress_denied = egress_denied.clone();
            settings.start_timeout = nb.start_timeout;
            let s = kube::KubeSpawner::from_kubeconfig(kubeconfig.as_deref(), settings)
                .await
                .context("kubernetes notebook back-end")?;
            Ok(Arc::new(s))
        }
    }
}

/// How the local back-end keeps learners apart: each their own account when Puente is root;
/// without root, only with the explicit development flag (and then not at all).
pub fn isolation_for(is_root: bool, unisolated: bool, uid_base: u32) -> anyhow::Result<local::Isolation> {
    match (is_root, unisolated) {
        (true, _) => Ok(local::Isolation::PerPerson { uid_base }),
        (false, true) => Ok(local::Isolation::Unisolated),
        (false, false) => anyhow::bail!(
            "the local notebook back-end gives each learner their own account, which needs Puente to \
             run as root (scripts/run.sh does). For development without root, set \
             PUENTE_NOTEBOOK_UNISOLATED=true: learners' code could then read Puente's data."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_root_there_is_no_isolation_unless_asked_for_loudly() {
        assert_eq!(
            isolation_for(true, false, 200_000).unwrap(),
            local::Isolation::PerPerson { uid_base: 200_000 }
        );
        assert_eq!(
            isolation_for(true, true, 7).unwrap(),
            local::Isolation::PerPerson { uid_base: 7 },
            "root always isolates"
        );
        let err = isolation_for(false, false, 200_000).unwrap_err().to_string();
        assert!(err.contains("PUENTE_NOTEBOOK_UNISOLATED"), "{err}");
        assert_eq!(isolation_for(false, true, 200_000).unwrap(), local::Isolation::Unisolated);
    }
}

//! The whole launch through Puente with the Kubernetes back-end, against the real kube-apiserver
//! (scripts/kube.sh) and the stand-in kubelet: Pod and PVC with the restricted security context,
//! the proxy reaches the notebook, stop deletes the Pod and keeps the PVC.

use crate::accounts::{app_with_smtp, post};
use crate::helpers::Engine;
use crate::kubelet;
use crate::notebooks::{enter, launch_and_wait, learner, new_kernel, run_cell, ws_connect};
use k8s_openapi::api::core::v1::{Namespace, PersistentVolumeClaim, Pod, ServiceAccount};
use kube::api::{Api, DeleteParams, PostParams};
use std::time::{Duration, Instant};

async fn client(kubeconfig: &str) -> kube::Client {
    let kc = kube::config::Kubeconfig::read_from(kubeconfig).unwrap();
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default()).await.unwrap();
    kube::Client::try_from(config).unwrap()
}

/// A namespace of its own (every test database's first user is id 1, so names would collide).
async fn namespace(client: &kube::Client) -> String {
    let name = format!("puente-launch-{}", crate::helpers::random_suffix());
    let ns: Namespace = serde_json::from_value(serde_json::json!({"metadata": {"name": name}})).unwrap();
    Api::<Namespace>::all(client.clone()).create(&PostParams::default(), &ns).await.unwrap();
    // The controller-manager creates the namespace's default service account; pods need it.
    let sa: Api<ServiceAccount> = Api::namespaced(client.clone(), &name);
    let deadline = Instant::now() + Duration::from_secs(30);
    while sa.get_opt("default").await.unwrap().is_none() {
        assert!(Instant::now() < deadline, "no default service account in {name}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    name
}

#[tokio::test]
async fn launch_through_puente_on_kubernetes() {
    let Ok(kubeconfig) = std::env::var("PUENTE_TEST_KUBECONFIG") else {
        eprintln!("skipped: PUENTE_TEST_KUBECONFIG is not set (scripts/test.sh starts a cluster)");
        return;
    };
    let client = client(&kubeconfig).await;
    let ns = namespace(&client).await;
    let kubelet = kubelet::start(client.clone(), &ns, &kubelet::venv_dir()).await;
    let (app, smtp) = app_with_smtp(
        Engine::Sqlite,
        &[
            ("PUENTE_NOTEBOOK_BACKEND", "kubernetes"),
            ("PUENTE_KUBECONFIG", &kubeconfig),
            ("PUENTE_KUBE_NAMESPACE", &ns),
            ("PUENTE_NOTEBOOK_START_TIMEOUT", "90s"),
        ],
    )
    .await;
    assert_eq!(app.notebooks.backend(), "kubernetes");
    let (cookie, uid) = learner(&app, &smtp, "ana@uni.example").await;
    let (key, ticket) = launch_and_wait(&app, &cookie).await;

    // The Pod and the person's volume claim exist, with the restricted security context.
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let pod = pods.get(&format!("puente-nb-{key}")).await.unwrap();
    assert!(puente::notebooks::kube::restricted_violations(&pod).is_empty());
    let spec = pod.spec.clone().unwrap();
    let psc = spec.security_context.clone().unwrap();
    assert_eq!((psc.run_as_non_root, psc.run_as_user, psc.fs_group), (Some(true), Some(1000), Some(100)));
    assert_eq!(spec.automount_service_account_token, Some(false));
    let labels = pod.metadata.labels.clone().unwrap();
    assert_eq!(labels["app.kubernetes.io/managed-by"], "puente");
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    let claim = format!("puente-home-u{uid}");
    assert!(claims.get_opt(&claim).await.unwrap().is_some());

    // Through the proxy: the notebook answers, and a kernel computes.
    let (nb_cookie, location) = enter(&app, &key, &ticket).await;
    assert!(location.ends_with("job-efficiency.ipynb"), "{location}");
    let status = app
        .nb_client
        .get(app.nb_url(&format!("/user/{key}/api/status")))
        .header("Cookie", &nb_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(status.status().as_u16(), 200);
    let channels = new_kernel(&app, &key, &nb_cookie).await;
    let mut ws = ws_connect(&app, &channels, Some(&nb_cookie), Some(&app.nb_origin_of(&key))).await.unwrap();
    assert_eq!(run_cell(&mut ws, "6*7").await, "42");
    drop(ws);

    // Stop: the Pod goes, the claim (the learner's files) stays.
    assert_eq!(
        post(&app, &format!("/es/notebooks/{key}/stop"), &[], Some(&cookie)).await.status().as_u16(),
        303
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while pods.get_opt(&format!("puente-nb-{key}")).await.unwrap().is_some() {
        assert!(Instant::now() < deadline, "the pod is still there after stop");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(claims.get_opt(&claim).await.unwrap().is_some(), "the home volume is kept");
    app.stop().await.unwrap();
    kubelet.shutdown().await;
    let _ = Api::<Namespace>::all(client).delete(&ns, &DeleteParams::default()).await;
}

//! The boundary between Puente and whatever runs notebook servers.
//!
//! Policy: the service (launch, proxy, culling, accounting) only ever talks to a [`Spawner`]. A
//! back-end starts one Jupyter server for a [`ServerSpec`], reports real progress while it does,
//! and answers only when the server answers HTTP. Back-ends live in the server crate: a local
//! `jupyter server` process per user, or a Kubernetes Pod per user. Every call is bounded in time
//! by the back-end itself; an unreachable cluster is [`SpawnError::Unavailable`] ("try again"),
//! never a hung task.

use super::profile::Profile;
use std::path::PathBuf;

/// Where a launch is. `Queued` and `Ready` are set by the service; the others by the back-end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Queued,
    Creating,
    Pulling,
    Starting,
    Ready,
}

impl Stage {
    pub const ALL: [Stage; 5] =
        [Stage::Queued, Stage::Creating, Stage::Pulling, Stage::Starting, Stage::Ready];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Queued => "queued",
            Stage::Creating => "creating",
            Stage::Pulling => "pulling",
            Stage::Starting => "starting",
            Stage::Ready => "ready",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.code() == s)
    }
}

impl Stage {
    /// The stages a learner sees for a back-end: a local server has no image to download.
    pub fn shown_for(backend: &str) -> Vec<Stage> {
        Stage::ALL.into_iter().filter(|s| *s != Stage::Pulling || backend != "local").collect()
    }
}

/// What is happening inside a stage, as the learner is told it (a Fluent id). Back-ends map
/// their own words (a Kubernetes event, say) to one of these and log the words themselves:
/// nothing a cluster or a notebook server says reaches a learner's page untranslated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detail {
    /// The learner's workspace (folder or volume) is being prepared.
    Workspace,
    /// The episode's files are being copied in.
    Files,
    /// A machine in the cluster was chosen.
    Scheduled,
    /// The cluster has no room yet; the server waits for it.
    WaitingForRoom,
    /// The workspace volume is being attached.
    Volume,
    /// The notebook image is being downloaded.
    Pulling,
    /// The image is there.
    Pulled,
    /// The container started; Jupyter is starting inside it.
    ContainerStarted,
    /// Jupyter is starting.
    Jupyter,
    /// Something went wrong that may resolve itself (an image download retried, say).
    Retrying,
}

impl Detail {
    pub const ALL: [Detail; 10] = [
        Detail::Workspace,
        Detail::Files,
        Detail::Scheduled,
        Detail::WaitingForRoom,
        Detail::Volume,
        Detail::Pulling,
        Detail::Pulled,
        Detail::ContainerStarted,
        Detail::Jupyter,
        Detail::Retrying,
    ];

    /// The Fluent id, also what the database stores.
    pub fn code(self) -> &'static str {
        match self {
            Detail::Workspace => "notebook-detail-workspace",
            Detail::Files => "notebook-detail-files",
            Detail::Scheduled => "notebook-detail-scheduled",
            Detail::WaitingForRoom => "notebook-detail-waiting-for-room",
            Detail::Volume => "notebook-detail-volume",
            Detail::Pulling => "notebook-detail-pulling",
            Detail::Pulled => "notebook-detail-pulled",
            Detail::ContainerStarted => "notebook-detail-container-started",
            Detail::Jupyter => "notebook-detail-jupyter",
            Detail::Retrying => "notebook-detail-retrying",
        }
    }

    /// A stored detail back into a known one (anything else is not shown).
    pub fn parse(code: &str) -> Option<Detail> {
        Detail::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// Receives progress while a back-end starts a server.
pub trait Progress: Send + Sync {
    fn report(&self, stage: Stage, detail: Option<Detail>);
}

/// One file an episode brings into the learner's workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeFile {
    /// Path inside the workspace, e.g. `desktop-to-cluster/06-slurm/notebooks/slurm.ipynb`.
    pub dest: String,
    /// The file on Puente's disk (the local back-end copies it).
    pub source: PathBuf,
    /// Where a pod fetches it from (the Kubernetes back-end's init step downloads it).
    pub url: String,
}

/// Everything a back-end needs to start one server.
#[derive(Debug, Clone)]
pub struct ServerSpec {
    /// DNS-safe, injective key of (user, profile): see [`super::names`].
    pub key: String,
    pub user_id: i64,
    pub profile: Profile,
    /// The path prefix the proxy serves this server under, e.g. `/user/u42-python/`.
    pub base_url: String,
    /// The server's own token; only the proxy ever sends it.
    pub token: String,
    /// Copied in without overwriting what the learner already has.
    pub files: Vec<EpisodeFile>,
    /// The language JupyterLab opens in (the page the learner launched from).
    pub locale: crate::i18n::Locale,
}

/// A running server as a back-end knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Base address the proxy forwards to, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub url: String,
    /// The back-end's handle to it: a process id, or a pod's UID.
    pub handle: String,
}

/// What a back-end finds running, for the reconciler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub key: String,
    pub handle: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpawnError {
    /// The server did not answer in time.
    #[error("timed out: {0}")]
    Timeout(String),
    /// The cluster or the machine could not be reached; trying again later may work.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The back-end refused or the server died while starting.
    #[error("failed: {0}")]
    Failed(String),
}

impl SpawnError {
    /// The Fluent id of the message a learner sees.
    pub fn code(&self) -> &'static str {
        match self {
            SpawnError::Timeout(_) => "notebook-error-timeout",
            SpawnError::Unavailable(_) => "notebook-error-unavailable",
            SpawnError::Failed(_) => "notebook-error-failed",
        }
    }

    pub const CODES: [&'static str; 3] =
        ["notebook-error-timeout", "notebook-error-unavailable", "notebook-error-failed"];
}

/// What the reconciler learns about one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Liveness {
    /// Still there and answering.
    Running(Endpoint),
    /// Still there but not answering yet (a pod being scheduled, say).
    Pending,
    /// Gone.
    Gone,
}

#[async_trait::async_trait]
pub trait Spawner: Send + Sync + 'static {
    /// `local` or `kubernetes`; recorded with each server.
    fn backend(&self) -> &'static str;

    /// Starts the server (or finds the one already running under this key), reporting progress;
    /// returns once its `/api/status` answers with its token.
    async fn start(&self, spec: &ServerSpec, progress: &dyn Progress) -> Result<Endpoint, SpawnError>;

    /// Stops it. Keeps the learner's workspace (directory or volume). Stopping what is already
    /// gone is not an error.
    async fn stop(&self, key: &str, handle: &str) -> Result<(), SpawnError>;

    /// Is the server with this handle still there?
    async fn probe(&self, key: &str, handle: &str) -> Result<Liveness, SpawnError>;

    /// Every server this back-end runs for this Puente, to find orphans.
    async fn list(&self) -> Result<Vec<Found>, SpawnError>;

    /// Removes a person's workspace (folder or volume) for good: their account is being
    /// deleted. Their servers are already stopped.
    async fn delete_workspace(&self, user_id: i64) -> Result<(), SpawnError>;
}

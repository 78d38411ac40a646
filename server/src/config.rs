//! Typed configuration: defaults, then an optional TOML file (`PUENTE_CONFIG`), then the
//! environment. Any missing or malformed setting stops start-up with one line naming it.

use anyhow::anyhow;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub site_addr: SocketAddr,
    pub database_url: String,
    pub public_url: Url,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// Folder with the browser bundle (`pkg/puente.js`, `pkg/puente_bg.wasm`).
    pub site_root: PathBuf,
    pub contact_email: String,
    pub body_limit_bytes: usize,
    /// `None`: emails are written to the log instead of sent.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub rate_ip_per_minute: u32,
    pub rate_account_per_15_min: u32,
    /// Memory for pages shared by anonymous readers, all encodings (MiB).
    pub page_cache_mib: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (their own addresses).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// What a trusted proxy must also send in `X-Puente-Proxy-Secret` (required when a proxy
    /// runs on this machine and so do notebooks: their code could connect from the same address).
    pub trusted_proxy_secret: Option<String>,
    /// Lessons: `content/` by default.
    pub content_dir: PathBuf,
    /// Where certificates' fonts are (DejaVu Sans; Debian's `fonts-dejavu-core`).
    pub certificate_font_dir: PathBuf,
    /// Reload lessons when their files change (for authors; off in production).
    pub content_reload: bool,
    pub notebooks: NotebookConfig,
    /// The server key sealing secrets at rest (base64), if given as a setting.
    pub secret_key: Option<String>,
    /// Where the server key is kept when not given (created on first start).
    pub secret_key_file: PathBuf,
    /// Earlier keys that still open values sealed before a rotation.
    pub secret_keys_old: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotebookBackend {
    /// `jupyter-server` processes on this machine.
    Local {
        jupyter: PathBuf,
        dir: PathBuf,
        /// `dir` was set (PUENTE_NOTEBOOK_DIR), not the default: used exactly as given.
        dir_given: bool,
        /// Each person's servers run as this + their account id (when Puente is root).
        uid_base: u32,
        /// Development only: run notebooks as Puente's own account (no isolation at all).
        unisolated: bool,
    },
    /// Pods on a Kubernetes cluster.
    Kubernetes {
        namespace: String,
        kubeconfig: Option<PathBuf>,
        files_url: Option<String>,
        proxy_labels: std::collections::BTreeMap<String, String>,
        storage_class: Option<String>,
        /// CIDRs notebook pods may never reach.
        egress_denied: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct NotebookConfig {
    pub backend: NotebookBackend,
    /// The notebook origin; `None` derives `nb.localhost` (local addresses) or `nb.<host>`.
    pub url: Option<Url>,
    pub profiles: app::notebooks::profile::Profiles,
    pub max_launches: u32,
    pub start_timeout: std::time::Duration,
    pub cull_every: std::time::Duration,
    pub admin_access: bool,
}

impl NotebookConfig {
    /// The notebook origin for Puente at `public`: another host name, so another origin.
    pub fn origin(&self, public: &Url) -> String {
        if let Some(u) = &self.url {
            return u.origin().ascii_serialization();
        }
        let host = public.host_str().unwrap_or("localhost");
        let nb_host = match host {
            "127.0.0.1" | "localhost" | "[::1]" | "::1" => "nb.localhost".to_owned(),
            h => format!("nb.{h}"),
        };
        let port = public.port().map(|p| format!(":{p}")).unwrap_or_default();
        format!("{}://{nb_host}{port}", public.scheme())
    }
}

/// Every setting: its environment name (also its key in the config file) and what it means.
pub const SETTINGS: &[(&str, &str)] = &[
    ("LEPTOS_SITE_ADDR", "address to listen on, default 127.0.0.1:3000"),
    ("DATABASE_URL", "sqlite://… (default sqlite://data/db/puente.db) or postgres://…"),
    ("PUENTE_PUBLIC_URL", "URL people use to reach Puente, default http://<LEPTOS_SITE_ADDR>"),
    ("PUENTE_LOG", "log filter, e.g. info or puente=debug,tower_http=info (default info)"),
    ("PUENTE_LOG_FORMAT", "text or json (default text)"),
    ("PUENTE_SITE_ROOT", "folder holding pkg/ with the wasm bundle (default target/site)"),
    ("PUENTE_CONTACT_EMAIL", "operators' contact shown on the privacy and conduct pages"),
    ("PUENTE_BODY_LIMIT", "largest accepted request body in bytes (default 1048576)"),
    ("PUENTE_SMTP_URL", "smtp://user:pass@host:587 or smtps://…; unset: emails go to the log"),
    ("PUENTE_MAIL_FROM", "sender of Puente's emails, e.g. Puente <puente@example.org>"),
    ("PUENTE_RATE_IP_PER_MINUTE", "login/sign-up attempts per address per minute (default 30)"),
    ("PUENTE_RATE_ACCOUNT_PER_15_MIN", "attempts per account and address per 15 minutes (default 10)"),
    ("PUENTE_PAGE_CACHE_MB", "memory for pages shared by anonymous readers, in MiB (default 64)"),
    ("PUENTE_TRUSTED_PROXIES", "comma-separated addresses of reverse proxies whose X-Forwarded-For is believed"),
    ("PUENTE_TRUSTED_PROXY_SECRET", "what trusted proxies also send as X-Puente-Proxy-Secret (required for a proxy on a machine with local notebooks)"),
    ("PUENTE_CONTENT_DIR", "folder with the lessons (default content)"),
    ("PUENTE_SECRET_KEY", "base64 32-byte key sealing secrets at rest (default: the key file)"),
    ("PUENTE_SECRET_KEY_FILE", "where the key is kept when not given; created on first start (default data/keys/secret.key)"),
    ("PUENTE_SECRET_KEYS_OLD", "comma-separated earlier keys, still accepted for reading after a rotation"),
    ("PUENTE_CONTENT_RELOAD", "true: reload lessons when files change (for authors)"),
    ("PUENTE_NOTEBOOK_BACKEND", "local (default: jupyter-server processes) or kubernetes"),
    ("PUENTE_NOTEBOOK_URL", "the notebook origin, e.g. https://nb.example.org (default nb.<host>, nb.localhost locally)"),
    ("PUENTE_NOTEBOOK_PROFILES", "TOML file with [[profile]] tables (default: one `python` profile)"),
    ("PUENTE_NOTEBOOK_MAX_LAUNCHES", "launches in progress at once over the site (default 8)"),
    ("PUENTE_NOTEBOOK_START_TIMEOUT", "a launch not ready by then fails, e.g. 120s (default)"),
    ("PUENTE_NOTEBOOK_CULL_EVERY", "how often idle servers are looked for (default 60s)"),
    ("PUENTE_NOTEBOOK_ADMIN_ACCESS", "true: admins may open other people's notebooks (default false)"),
    ("PUENTE_JUPYTER", "local back-end: the jupyter-server executable (scripts/setup.sh makes one)"),
    ("PUENTE_NOTEBOOK_DIR", "local back-end: workspaces and run files (default data/notebooks)"),
    ("PUENTE_NOTEBOOK_UID_BASE", "local back-end: each person's notebooks run as this + their account id (default 200000)"),
    ("PUENTE_NOTEBOOK_UNISOLATED", "local back-end, development only: true runs notebooks as Puente's own account"),
    ("PUENTE_KUBE_NAMESPACE", "kubernetes back-end: namespace for notebook pods (default puente)"),
    ("PUENTE_KUBECONFIG", "kubernetes back-end: kubeconfig file (default: in-cluster or ~/.kube/config)"),
    ("PUENTE_KUBE_FILES_URL", "kubernetes back-end: Puente's URL as pods reach it (default PUENTE_PUBLIC_URL)"),
    ("PUENTE_KUBE_PROXY_LABELS", "kubernetes back-end: labels of Puente's pods, the only ones let in (default app.kubernetes.io/name=puente)"),
    ("PUENTE_KUBE_STORAGE_CLASS", "kubernetes back-end: storage class of home volumes (default: the cluster's)"),
    ("PUENTE_KUBE_EGRESS_DENY", "kubernetes back-end: CIDRs notebooks may never reach (default: link-local/metadata and the private ranges)"),
];

/// A configuration problem, shown as one line naming the setting.
#[derive(Debug)]
pub struct ConfigError {
    pub setting: String,
    pub problem: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "configuration error: {}: {}", self.setting, self.problem)
    }
}

impl std::error::Error for ConfigError {}

fn bad(setting: &str, problem: impl Into<String>) -> anyhow::Error {
    anyhow!(ConfigError { setting: setting.to_owned(), problem: problem.into() })
}

impl Config {
    /// Reads the process environment and, if `PUENTE_CONFIG` names one, a TOML file.
    pub fn load() -> anyhow::Result<Config> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Config::from_sources(&env)
    }

    /// Builds the configuration from an environment map (so tests need not touch the process's).
    pub fn from_sources(env: &HashMap<String, String>) -> anyhow::Result<Config> {
        let file = match env.get("PUENTE_CONFIG") {
            Some(path) => read_file(path)?,
            None => HashMap::new(),
        };
        let get = |key: &str| -> Option<String> {
            env.get(key).cloned().or_else(|| file.get(key).cloned()).filter(|v| !v.trim().is_empty())
        };

        let site_addr: SocketAddr = match get("LEPTOS_SITE_ADDR") {
            Some(v) => v.trim().parse().map_err(|_| {
                bad("LEPTOS_SITE_ADDR", format!("`{v}` is not an address like 127.0.0.1:3000"))
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };

        let database_url = get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/db/puente.db".to_owned());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(bad("DATABASE_URL", "must start with sqlite: or postgres://"));
        }

        let public_url = match get("PUENTE_PUBLIC_URL") {
            Some(v) => {
                let url = Url::parse(v.trim())
                    .map_err(|e| bad("PUENTE_PUBLIC_URL", format!("`{v}` is not a URL ({e})")))?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    return Err(bad("PUENTE_PUBLIC_URL", "must be an http:// or https:// URL with a host"));
                }
                url
            }
            None => Url::parse(&format!("http://{site_addr}"))
                .map_err(|e| bad("PUENTE_PUBLIC_URL", format!("cannot derive from the address ({e})")))?,
        };

        let log_filter = get("PUENTE_LOG").unwrap_or_else(|| "info".to_owned());
        tracing_subscriber::EnvFilter::try_new(&log_filter)
            .map_err(|e| bad("PUENTE_LOG", format!("`{log_filter}` is not a log filter ({e})")))?;

        let log_format = match get("PUENTE_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(bad("PUENTE_LOG_FORMAT", format!("`{other}` is not text or json"))),
        };

        let site_root = PathBuf::from(get("PUENTE_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()));

        let contact_email = match get("PUENTE_CONTACT_EMAIL") {
            Some(v) if v.contains('@') && !v.chars().any(|c| c.is_whitespace() || c.is_control()) => v,
            Some(v) => return Err(bad("PUENTE_CONTACT_EMAIL", format!("`{v}` is not an email address"))),
            None => format!("puente@{}", public_url.host_str().unwrap_or("localhost")),
        };

        let body_limit_bytes =
            match get("PUENTE_BODY_LIMIT") {
                Some(v) => v.trim().parse::<usize>().ok().filter(|n| *n >= 1024).ok_or_else(|| {
                    bad("PUENTE_BODY_LIMIT", format!("`{v}` is not a size in bytes ≥ 1024"))
                })?,
                None => 1024 * 1024,
            };

        let smtp_url = get("PUENTE_SMTP_URL");
        if let Some(u) = &smtp_url {
            if !(u.starts_with("smtp://") || u.starts_with("smtps://")) {
                return Err(bad("PUENTE_SMTP_URL", "must start with smtp:// or smtps://"));
            }
        }
        let mail_from = get("PUENTE_MAIL_FROM")
            .unwrap_or_else(|| format!("Puente <puente@{}>", public_url.host_str().unwrap_or("localhost")));
        if mail_from.contains(['\r', '\n']) || !mail_from.contains('@') {
            return Err(bad("PUENTE_MAIL_FROM", "must be an address such as Puente <puente@example.org>"));
        }
        let positive = |key: &str, default: u32| -> anyhow::Result<u32> {
            match get(key) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| bad(key, format!("`{v}` is not a positive whole number"))),
            }
        };
        let rate_ip_per_minute = positive("PUENTE_RATE_IP_PER_MINUTE", 30)?;
        let rate_account_per_15_min = positive("PUENTE_RATE_ACCOUNT_PER_15_MIN", 10)?;
        let page_cache_mib = positive("PUENTE_PAGE_CACHE_MB", 64)?;

        let content_dir = PathBuf::from(get("PUENTE_CONTENT_DIR").unwrap_or_else(|| "content".to_owned()));
        let certificate_font_dir = PathBuf::from(
            get("PUENTE_CERTIFICATE_FONT_DIR")
                .unwrap_or_else(|| "/usr/share/fonts/truetype/dejavu".to_owned()),
        );
        let content_reload = match get("PUENTE_CONTENT_RELOAD").as_deref().map(str::trim) {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(other) => {
                return Err(bad("PUENTE_CONTENT_RELOAD", format!("`{other}` is not true or false")))
            }
        };

        let trusted_proxies = match get("PUENTE_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(v) => v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse()
                        .map_err(|_| bad("PUENTE_TRUSTED_PROXIES", format!("`{s}` is not an IP address")))
                })
                .collect::<Result<Vec<_>, _>>()?,
        };

        let trusted_proxy_secret = get("PUENTE_TRUSTED_PROXY_SECRET").map(|v| v.trim().to_owned());
        if trusted_proxy_secret.as_ref().is_some_and(|s| s.len() < 32) {
            return Err(bad(
                "PUENTE_TRUSTED_PROXY_SECRET",
                "must be at least 32 characters (e.g. `openssl rand -hex 32`)",
            ));
        }
        let mut notebooks = notebook_config(&get)?;
        // Learners' code on this machine can connect from any of its addresses: a proxy here is
        // only believed together with a secret notebooks cannot know.
        if matches!(notebooks.backend, NotebookBackend::Local { .. })
            && trusted_proxy_secret.is_none()
            && trusted_proxies.iter().any(|ip| is_this_machine(*ip))
        {
            return Err(bad(
                "PUENTE_TRUSTED_PROXIES",
                "a proxy on this machine shares its addresses with the local notebooks, whose code could \
                 forge X-Forwarded-For; also set PUENTE_TRUSTED_PROXY_SECRET and have the proxy send it as \
                 X-Puente-Proxy-Secret",
            ));
        }
        if let Some(nb) = notebooks.url.as_ref().and_then(|u| u.host_str()) {
            let public = public_url.host_str().unwrap_or_default().to_ascii_lowercase();
            let nb = nb.to_ascii_lowercase();
            if nb == public || public.ends_with(&format!(".{nb}")) {
                return Err(bad(
                    "PUENTE_NOTEBOOK_URL",
                    format!(
                        "`{nb}` is Puente's own host or a parent of it; notebooks need a host of their own \
                         (e.g. nb.{public}), or learners' code could set cookies for Puente"
                    ),
                ));
            }
        }
        // Every configured path becomes absolute here, against the folder Puente starts in: a
        // relative path handed to another process (Jupyter runs in the learner's workspace)
        // would resolve somewhere else entirely.
        let cwd = std::env::current_dir()
            .map_err(|e| bad("PUENTE_NOTEBOOK_DIR", format!("cannot read the current folder ({e})")))?;
        let site_root = absolute(&cwd, site_root);
        let secret_key_file = absolute(
            &cwd,
            PathBuf::from(get("PUENTE_SECRET_KEY_FILE").unwrap_or_else(|| "data/keys/secret.key".to_owned())),
        );
        let secret_key = get("PUENTE_SECRET_KEY");
        let secret_keys_old: Vec<String> = get("PUENTE_SECRET_KEYS_OLD")
            .map(|v| v.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        let content_dir = absolute(&cwd, content_dir);
        let certificate_font_dir = absolute(&cwd, certificate_font_dir);
        let database_url = absolute_sqlite_url(&cwd, &database_url);
        if let NotebookBackend::Local { jupyter, dir, .. } = &mut notebooks.backend {
            *dir = absolute(&cwd, std::mem::take(dir));
            *jupyter = find_executable(&cwd, jupyter, get("PATH").as_deref());
        }

        Ok(Config {
            notebooks,
            trusted_proxies,
            trusted_proxy_secret,
            secret_key,
            secret_key_file,
            secret_keys_old,
            content_dir,
            certificate_font_dir,
            content_reload,
            smtp_url,
            mail_from,
            rate_ip_per_minute,
            rate_account_per_15_min,
            page_cache_mib,
            site_addr,
            database_url,
            public_url,
            log_filter,
            log_format,
            site_root,
            contact_email,
            body_limit_bytes,
        })
    }

    /// Cookies get `Secure` and HSTS is sent only when people reach Puente over https.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

fn notebook_config(get: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<NotebookConfig> {
    use app::notebooks::profile::{duration, Profiles};
    let backend = match get("PUENTE_NOTEBOOK_BACKEND").as_deref().map(str::trim) {
        None | Some("local") => NotebookBackend::Local {
            jupyter: PathBuf::from(get("PUENTE_JUPYTER").unwrap_or_else(|| "jupyter-server".to_owned())),
            dir: PathBuf::from(get("PUENTE_NOTEBOOK_DIR").unwrap_or_else(|| "data/notebooks".to_owned())),
            dir_given: get("PUENTE_NOTEBOOK_DIR").is_some(),
            uid_base: match get("PUENTE_NOTEBOOK_UID_BASE") {
                None => 200_000,
                Some(v) => {
                    v.trim().parse::<u32>().ok().filter(|n| (1000..=2_000_000_000).contains(n)).ok_or_else(
                        || {
                            bad(
                                "PUENTE_NOTEBOOK_UID_BASE",
                                format!("`{v}` is not a uid between 1000 and 2000000000"),
                            )
                        },
                    )?
                }
            },
            unisolated: flag(get, "PUENTE_NOTEBOOK_UNISOLATED")?,
        },
        Some("kubernetes") => {
            let mut proxy_labels = std::collections::BTreeMap::new();
            let labels =
                get("PUENTE_KUBE_PROXY_LABELS").unwrap_or_else(|| "app.kubernetes.io/name=puente".into());
            for pair in labels.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let (k, v) = pair
                    .split_once('=')
                    .ok_or_else(|| bad("PUENTE_KUBE_PROXY_LABELS", format!("`{pair}` is not key=value")))?;
                proxy_labels.insert(k.trim().to_owned(), v.trim().to_owned());
            }
            NotebookBackend::Kubernetes {
                namespace: get("PUENTE_KUBE_NAMESPACE").unwrap_or_else(|| "puente".to_owned()),
                kubeconfig: get("PUENTE_KUBECONFIG").map(PathBuf::from),
                files_url: get("PUENTE_KUBE_FILES_URL"),
                proxy_labels,
                storage_class: get("PUENTE_KUBE_STORAGE_CLASS"),
                egress_denied: match get("PUENTE_KUBE_EGRESS_DENY") {
                    None => crate::notebooks::kube::DEFAULT_EGRESS_DENIED
                        .iter()
                        .map(|c| (*c).to_owned())
                        .collect(),
                    Some(v) => v
                        .split(',')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(|c| {
                            cidr_ok(c).then(|| c.to_owned()).ok_or_else(|| {
                                bad(
                                    "PUENTE_KUBE_EGRESS_DENY",
                                    format!("`{c}` is not a CIDR like 169.254.0.0/16"),
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                },
            }
        }
        Some(other) => {
            return Err(bad("PUENTE_NOTEBOOK_BACKEND", format!("`{other}` is not local or kubernetes")))
        }
    };
    let url = match get("PUENTE_NOTEBOOK_URL") {
        Some(v) => {
            let url = Url::parse(v.trim())
                .map_err(|e| bad("PUENTE_NOTEBOOK_URL", format!("`{v}` is not a URL ({e})")))?;
            if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                return Err(bad("PUENTE_NOTEBOOK_URL", "must be an http:// or https:// URL with a host"));
            }
            Some(url)
        }
        None => None,
    };
    let profiles = match get("PUENTE_NOTEBOOK_PROFILES") {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| bad("PUENTE_NOTEBOOK_PROFILES", format!("cannot read `{path}` ({e})")))?;
            Profiles::parse(&text).map_err(|e| bad("PUENTE_NOTEBOOK_PROFILES", format!("`{path}`: {e}")))?
        }
        None => Profiles::default(),
    };
    let dur = |key: &str, default: &str| -> anyhow::Result<std::time::Duration> {
        let v = get(key).unwrap_or_else(|| default.to_owned());
        duration(&v).map_err(|e| bad(key, e))
    };
    let max_launches = match get("PUENTE_NOTEBOOK_MAX_LAUNCHES") {
        None => 8,
        Some(v) => v.trim().parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
            bad("PUENTE_NOTEBOOK_MAX_LAUNCHES", format!("`{v}` is not a positive whole number"))
        })?,
    };
    let admin_access = flag(get, "PUENTE_NOTEBOOK_ADMIN_ACCESS")?;
    Ok(NotebookConfig {
        backend,
        url,
        profiles,
        max_launches,
        start_timeout: dur("PUENTE_NOTEBOOK_START_TIMEOUT", "120s")?,
        cull_every: dur("PUENTE_NOTEBOOK_CULL_EVERY", "60s")?,
        admin_access,
    })
}

/// `path` made absolute against `cwd` (`.` and `..` segments removed), without touching the disk.
pub fn absolute(cwd: &std::path::Path, path: PathBuf) -> PathBuf {
    use std::path::Component;
    let joined = if path.is_absolute() { path } else { cwd.join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A `sqlite:` URL whose file path is absolute (other URLs unchanged).
pub fn absolute_sqlite_url(cwd: &std::path::Path, url: &str) -> String {
    let Some(rest) = url.strip_prefix("sqlite:") else { return url.to_owned() };
    let rest = rest.trim_start_matches("//");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if path.is_empty() || path == ":memory:" || path.starts_with('/') {
        return url.to_owned();
    }
    let abs = absolute(cwd, PathBuf::from(path));
    match query {
        Some(q) => format!("sqlite://{}?{q}", abs.display()),
        None => format!("sqlite://{}", abs.display()),
    }
}

/// A program named without a folder is looked up on `PATH`; one with a folder is made absolute.
/// When nothing is found the name stays as it is and the back-end reports it at start-up.
fn find_executable(cwd: &std::path::Path, program: &std::path::Path, path_var: Option<&str>) -> PathBuf {
    if program.components().count() > 1 || program.is_absolute() {
        return absolute(cwd, program.to_path_buf());
    }
    let search = path_var.map(str::to_owned).or_else(|| std::env::var("PATH").ok()).unwrap_or_default();
    for dir in search.split(':').filter(|d| !d.is_empty()) {
        let candidate = absolute(cwd, PathBuf::from(dir).join(program));
        if candidate.is_file() {
            return candidate;
        }
    }
    program.to_path_buf()
}

/// Whether `ip` is one of this machine's own addresses (loopback, or on one of its interfaces).
pub fn is_this_machine(ip: std::net::IpAddr) -> bool {
    if ip.is_loopback() || ip.is_unspecified() {
        return true;
    }
    nix::ifaddrs::getifaddrs()
        .map(|addrs| {
            addrs.filter_map(|a| a.address).any(|a| {
                a.as_sockaddr_in().map(|s| std::net::IpAddr::V4(s.ip())) == Some(ip)
                    || a.as_sockaddr_in6().map(|s| std::net::IpAddr::V6(s.ip())) == Some(ip)
            })
        })
        .unwrap_or(false)
}

/// `a.b.c.d/n` or an IPv6 address with `/n`, the prefix within the address's length.
fn cidr_ok(c: &str) -> bool {
    let Some((ip, bits)) = c.split_once('/') else { return false };
    match (ip.parse::<std::net::IpAddr>(), bits.parse::<u8>()) {
        (Ok(std::net::IpAddr::V4(_)), Ok(b)) => b <= 32,
        (Ok(std::net::IpAddr::V6(_)), Ok(b)) => b <= 128,
        _ => false,
    }
}

/// A true/false setting, false when unset.
fn flag(get: &dyn Fn(&str) -> Option<String>, key: &str) -> anyhow::Result<bool> {
    match get(key).as_deref().map(str::trim) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(bad(key, format!("`{other}` is not true or false"))),
    }
}

/// Reads `KEY = "value"` pairs from a TOML file; keys are the environment names.
fn read_file(path: &str) -> anyhow::Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad("PUENTE_CONFIG", format!("cannot read `{path}` ({e})")))?;
    let table: toml::Table =
        text.parse().map_err(|e| bad("PUENTE_CONFIG", format!("`{path}` is not valid TOML ({e})")))?;
    let mut out = HashMap::new();
    for (key, value) in table {
        if !SETTINGS.iter().any(|(name, _)| *name == key) {
            return Err(bad(&key, format!("unknown setting in `{path}`")));
        }
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            other => return Err(bad(&key, format!("expected a string, found {}", other.type_str()))),
        };
        out.insert(key, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn error_line(pairs: &[(&str, &str)]) -> String {
        match Config::from_sources(&env(pairs)) {
            Ok(_) => String::from("no error"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn defaults_serve_locally_on_sqlite() {
        let c = Config::from_sources(&env(&[])).expect("defaults are valid");
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(c.database_url, format!("sqlite://{}/data/db/puente.db", cwd.display()));
        assert_eq!(c.content_dir, cwd.join("content"));
        match &c.notebooks.backend {
            NotebookBackend::Local { dir, .. } => assert_eq!(dir, &cwd.join("data/notebooks")),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.public_url.as_str(), "http://127.0.0.1:3000/");
        assert!(!c.is_https());
        assert_eq!(c.log_format, LogFormat::Text);
        assert!(matches!(c.notebooks.backend, NotebookBackend::Local { .. }));
        assert_eq!(c.notebooks.origin(&c.public_url), "http://nb.localhost:3000");
        let public = Url::parse("https://puente.example.org").unwrap();
        assert_eq!(c.notebooks.origin(&public), "https://nb.puente.example.org");
    }

    #[test]
    fn relative_paths_become_absolute() {
        let cwd = std::path::Path::new("/srv/puente");
        assert_eq!(absolute(cwd, "data/notebooks".into()), PathBuf::from("/srv/puente/data/notebooks"));
        assert_eq!(absolute(cwd, "./a/../b".into()), PathBuf::from("/srv/puente/b"));
        assert_eq!(absolute(cwd, "/var/lib/x".into()), PathBuf::from("/var/lib/x"));
        assert_eq!(absolute_sqlite_url(cwd, "sqlite://data/p.db"), "sqlite:///srv/puente/data/p.db");
        assert_eq!(
            absolute_sqlite_url(cwd, "sqlite:data/p.db?mode=rwc"),
            "sqlite:///srv/puente/data/p.db?mode=rwc"
        );
        assert_eq!(absolute_sqlite_url(cwd, "sqlite:///abs/p.db"), "sqlite:///abs/p.db");
        assert_eq!(absolute_sqlite_url(cwd, "sqlite::memory:"), "sqlite::memory:");
        assert_eq!(absolute_sqlite_url(cwd, "postgres://h/db"), "postgres://h/db");
        assert_eq!(
            find_executable(cwd, std::path::Path::new("venv/bin/jupyter"), None),
            PathBuf::from("/srv/puente/venv/bin/jupyter")
        );
        assert_eq!(
            find_executable(cwd, std::path::Path::new("sh"), Some("/nonexistent:/bin")),
            PathBuf::from("/bin/sh")
        );
    }

    #[test]
    fn a_proxy_beside_local_notebooks_needs_a_secret() {
        assert!(error_line(&[("PUENTE_TRUSTED_PROXIES", "127.0.0.1")])
            .starts_with("configuration error: PUENTE_TRUSTED_PROXIES:"));
        let secret = "s".repeat(40);
        assert!(Config::from_sources(&env(&[
            ("PUENTE_TRUSTED_PROXIES", "127.0.0.1"),
            ("PUENTE_TRUSTED_PROXY_SECRET", &secret)
        ]))
        .is_ok());
        assert!(error_line(&[("PUENTE_TRUSTED_PROXY_SECRET", "short")])
            .starts_with("configuration error: PUENTE_TRUSTED_PROXY_SECRET:"));
        // A proxy elsewhere: notebooks here cannot speak from its address.
        assert!(Config::from_sources(&env(&[("PUENTE_TRUSTED_PROXIES", "203.0.113.9")])).is_ok());
    }

    #[test]
    fn notebook_settings_are_checked() {
        assert!(error_line(&[("PUENTE_NOTEBOOK_BACKEND", "docker")])
            .starts_with("configuration error: PUENTE_NOTEBOOK_BACKEND:"));
        assert!(error_line(&[("PUENTE_NOTEBOOK_START_TIMEOUT", "soon")])
            .starts_with("configuration error: PUENTE_NOTEBOOK_START_TIMEOUT:"));
        assert!(error_line(&[("PUENTE_NOTEBOOK_PROFILES", "/nonexistent.toml")])
            .starts_with("configuration error: PUENTE_NOTEBOOK_PROFILES:"));
        assert!(error_line(&[("PUENTE_NOTEBOOK_BACKEND", "kubernetes"), ("PUENTE_KUBE_PROXY_LABELS", "x")])
            .starts_with("configuration error: PUENTE_KUBE_PROXY_LABELS:"));
        let c = Config::from_sources(&env(&[("PUENTE_NOTEBOOK_URL", "https://nb.example.org/")])).unwrap();
        assert_eq!(c.notebooks.origin(&c.public_url), "https://nb.example.org");
        let public = ("PUENTE_PUBLIC_URL", "https://puente.example.org");
        for same_or_parent in
            ["https://puente.example.org", "https://example.org", "https://PUENTE.example.org:8443"]
        {
            assert!(
                error_line(&[public, ("PUENTE_NOTEBOOK_URL", same_or_parent)])
                    .starts_with("configuration error: PUENTE_NOTEBOOK_URL:"),
                "{same_or_parent}"
            );
        }
        assert!(Config::from_sources(&env(&[
            public,
            ("PUENTE_NOTEBOOK_URL", "https://nb.puente.example.org")
        ]))
        .is_ok());
    }

    #[test]
    fn malformed_settings_name_themselves() {
        assert!(error_line(&[("LEPTOS_SITE_ADDR", "localhost")])
            .starts_with("configuration error: LEPTOS_SITE_ADDR:"));
        assert!(
            error_line(&[("DATABASE_URL", "mysql://x")]).starts_with("configuration error: DATABASE_URL:")
        );
        assert!(error_line(&[("PUENTE_PUBLIC_URL", "example.org")])
            .starts_with("configuration error: PUENTE_PUBLIC_URL:"));
        assert!(error_line(&[("PUENTE_LOG_FORMAT", "xml")])
            .starts_with("configuration error: PUENTE_LOG_FORMAT:"));
        assert!(error_line(&[("PUENTE_BODY_LIMIT", "lots")])
            .starts_with("configuration error: PUENTE_BODY_LIMIT:"));
        assert!(error_line(&[("PUENTE_CONFIG", "/nonexistent/puente.toml")])
            .starts_with("configuration error: PUENTE_CONFIG:"));
    }

    #[test]
    fn file_values_are_overridden_by_the_environment() {
        let dir = std::env::temp_dir().join(format!("puente-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("puente.toml");
        std::fs::write(
            &path,
            "PUENTE_PUBLIC_URL = \"https://puente.example.org\"\nLEPTOS_SITE_ADDR = \"127.0.0.1:4000\"\n",
        )
        .expect("write config");
        let p = path.to_string_lossy().to_string();
        let c = Config::from_sources(&env(&[("PUENTE_CONFIG", &p), ("LEPTOS_SITE_ADDR", "127.0.0.1:5000")]))
            .expect("valid");
        assert!(c.is_https());
        assert_eq!(c.site_addr.port(), 5000);
        std::fs::write(&path, "NOT_A_SETTING = \"x\"\n").expect("write config");
        assert!(error_line(&[("PUENTE_CONFIG", &p)]).starts_with("configuration error: NOT_A_SETTING:"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

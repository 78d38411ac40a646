//! Notebook profiles: what kind of server an episode asks for, and who may have one.
//!
//! Operators describe profiles in a TOML file (`PUENTE_NOTEBOOK_PROFILES`, see the README); when
//! none is given Puente uses [`Profile::default_python`]. Quantities use Kubernetes notation
//! (`500m`, `2`, `1Gi`) and durations `30m`, `8h`; both are checked at start-up, so a typo stops
//! the server with the setting's name instead of surfacing at the first launch.

use crate::auth::{Actor, Role};
use serde::Deserialize;
use std::time::Duration;

/// Who may use a profile. `learner` means any verified account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Learner,
    Trainer,
    Moderator,
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// `[a-z][a-z0-9]{0,19}`: it is part of server names and URLs.
    pub name: String,
    pub image: String,
    pub cpu_request_millis: u64,
    pub cpu_limit_millis: u64,
    pub memory_request_bytes: u64,
    pub memory_limit_bytes: u64,
    pub storage_bytes: u64,
    pub audience: Vec<Audience>,
    pub idle_timeout: Duration,
    pub max_lifetime: Duration,
    pub terminals: bool,
}

impl Profile {
    /// The profile every lesson uses unless an operator configures others.
    pub fn default_python() -> Profile {
        Profile {
            name: "python".to_owned(),
            image: "quay.io/jupyter/scipy-notebook:2025-11-24".to_owned(),
            cpu_request_millis: 500,
            cpu_limit_millis: 2000,
            memory_request_bytes: 1 << 30,
            memory_limit_bytes: 2 << 30,
            storage_bytes: 5 << 30,
            audience: vec![Audience::Learner],
            idle_timeout: Duration::from_secs(30 * 60),
            max_lifetime: Duration::from_secs(8 * 3600),
            terminals: true,
        }
    }

    pub fn allows(&self, actor: &Actor) -> bool {
        self.audience.iter().any(|a| match a {
            Audience::Learner => true,
            Audience::Trainer => actor.has(Role::Trainer),
            Audience::Moderator => actor.has(Role::Moderator),
            Audience::Admin => actor.has(Role::Admin),
        })
    }
}

/// The operator's file: `[[profile]]` tables, and optional per-role server limits.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    profile: Vec<RawProfile>,
    #[serde(default)]
    limits: Option<RawLimits>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    image: String,
    cpu_request: String,
    cpu_limit: String,
    memory_request: String,
    memory_limit: String,
    storage: String,
    audience: Vec<Audience>,
    idle_timeout: String,
    max_lifetime: String,
    #[serde(default = "yes")]
    terminals: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    learner: Option<u32>,
    trainer: Option<u32>,
    moderator: Option<u32>,
    admin: Option<u32>,
}

/// How many servers one person may run at once, by their highest role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    pub learner: u32,
    pub trainer: u32,
    pub moderator: u32,
    pub admin: u32,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits { learner: 1, trainer: 2, moderator: 1, admin: 2 }
    }
}

impl ServerLimits {
    /// The most generous of the person's roles.
    pub fn for_actor(&self, actor: &Actor) -> u32 {
        let mut n = self.learner;
        for (role, limit) in
            [(Role::Trainer, self.trainer), (Role::Moderator, self.moderator), (Role::Admin, self.admin)]
        {
            if actor.has(role) {
                n = n.max(limit);
            }
        }
        n
    }
}

/// Profiles and limits as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profiles {
    pub list: Vec<Profile>,
    pub limits: ServerLimits,
}

impl Default for Profiles {
    fn default() -> Self {
        Profiles { list: vec![Profile::default_python()], limits: ServerLimits::default() }
    }
}

impl Profiles {
    /// Every profile's name, as configured.
    pub fn names(&self) -> Vec<String> {
        self.list.iter().map(|p| p.name.clone()).collect()
    }

    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.list.iter().find(|p| p.name == name)
    }

    /// Parses the operator's TOML; the error names the profile and field.
    pub fn parse(text: &str) -> Result<Profiles, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut list = Vec::new();
        for raw in file.profile {
            let at = |field: &str, why: String| format!("profile `{}`, {field}: {why}", raw.name);
            if !valid_name(&raw.name) {
                return Err(format!("profile name `{}` must match [a-z][a-z0-9]{{0,19}}", raw.name));
            }
            if list.iter().any(|p: &Profile| p.name == raw.name) {
                return Err(format!("profile `{}` is defined twice", raw.name));
            }
            let p = Profile {
                name: raw.name.clone(),
                image: raw.image.clone(),
                cpu_request_millis: cpu_millis(&raw.cpu_request).map_err(|e| at("cpu_request", e))?,
                cpu_limit_millis: cpu_millis(&raw.cpu_limit).map_err(|e| at("cpu_limit", e))?,
                memory_request_bytes: bytes(&raw.memory_request).map_err(|e| at("memory_request", e))?,
                memory_limit_bytes: bytes(&raw.memory_limit).map_err(|e| at("memory_limit", e))?,
                storage_bytes: bytes(&raw.storage).map_err(|e| at("storage", e))?,
                audience: raw.audience.clone(),
                idle_timeout: duration(&raw.idle_timeout).map_err(|e| at("idle_timeout", e))?,
                max_lifetime: duration(&raw.max_lifetime).map_err(|e| at("max_lifetime", e))?,
                terminals: raw.terminals,
            };
            if p.image.trim().is_empty() {
                return Err(at("image", "must not be empty".into()));
            }
            if p.cpu_limit_millis < p.cpu_request_millis {
                return Err(at("cpu_limit", "must be at least cpu_request".into()));
            }
            if p.memory_limit_bytes < p.memory_request_bytes {
                return Err(at("memory_limit", "must be at least memory_request".into()));
            }
            if p.audience.is_empty() {
                return Err(at("audience", "must name at least one role".into()));
            }
            list.push(p);
        }
        if list.is_empty() {
            return Err("no [[profile]] defined".to_owned());
        }
        let d = ServerLimits::default();
        let limits = file.limits.map_or(d, |l| ServerLimits {
            learner: l.learner.unwrap_or(d.learner),
            trainer: l.trainer.unwrap_or(d.trainer),
            moderator: l.moderator.unwrap_or(d.moderator),
            admin: l.admin.unwrap_or(d.admin),
        });
        Ok(Profiles { list, limits })
    }
}

pub fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 20
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// `500m` → 500, `2` → 2000, `1.5` → 1500.
pub fn cpu_millis(q: &str) -> Result<u64, String> {
    let q = q.trim();
    if let Some(m) = q.strip_suffix('m') {
        return m.parse::<u64>().map_err(|_| format!("`{q}` is not a CPU quantity"));
    }
    let v: f64 = q.parse().map_err(|_| format!("`{q}` is not a CPU quantity"))?;
    if !(v.is_finite() && v > 0.0 && v < 1e6) {
        return Err(format!("`{q}` is not a CPU quantity"));
    }
    Ok((v * 1000.0).round() as u64)
}

/// `1Gi`, `512Mi`, `2G`, `1000` → bytes.
pub fn bytes(q: &str) -> Result<u64, String> {
    let q = q.trim();
    let units: [(&str, u64); 8] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("k", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
    ];
    let (num, mult) =
        units.iter().find_map(|(suffix, m)| q.strip_suffix(suffix).map(|n| (n, *m))).unwrap_or((q, 1));
    let n: u64 = num.parse().map_err(|_| format!("`{q}` is not a size like 512Mi or 1Gi"))?;
    n.checked_mul(mult).filter(|b| *b > 0).ok_or_else(|| format!("`{q}` is out of range"))
}

/// `90s`, `30m`, `8h`, `1h30m`.
pub fn duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let mut total = 0u64;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(format!("`{s}` is not a duration like 30m or 8h")),
        };
        let n: u64 = digits.parse().map_err(|_| format!("`{s}` is not a duration like 30m or 8h"))?;
        total = total.saturating_add(n.saturating_mul(unit));
        digits.clear();
    }
    if !digits.is_empty() || total == 0 {
        return Err(format!("`{s}` is not a duration like 30m or 8h"));
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_like_kubernetes() {
        assert_eq!(cpu_millis("500m"), Ok(500));
        assert_eq!(cpu_millis("2"), Ok(2000));
        assert_eq!(cpu_millis("0.25"), Ok(250));
        assert!(cpu_millis("lots").is_err());
        assert_eq!(bytes("1Gi"), Ok(1 << 30));
        assert_eq!(bytes("512Mi"), Ok(512 << 20));
        assert_eq!(bytes("2G"), Ok(2_000_000_000));
        assert!(bytes("1Xi").is_err());
        assert_eq!(duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert!(duration("30").is_err());
        assert!(duration("").is_err());
    }

    #[test]
    fn audiences_and_limits_follow_roles() {
        let actor = |roles: &[Role]| Actor {
            user_id: 1,
            display_name: "Ana".into(),
            email: "ana@uni.example".into(),
            locale: crate::i18n::Locale::Es,
            roles: roles.to_vec(),
            verified: true,
            totp_enabled: false,
            mfa: false,
            conduct_version: 1,
        };
        let mut gpu = Profile::default_python();
        gpu.audience = vec![Audience::Trainer, Audience::Admin];
        assert!(!gpu.allows(&actor(&[])));
        assert!(!gpu.allows(&actor(&[Role::Moderator])));
        assert!(gpu.allows(&actor(&[Role::Trainer])));
        assert!(Profile::default_python().allows(&actor(&[])));
        let limits = ServerLimits { learner: 1, trainer: 3, moderator: 1, admin: 2 };
        assert_eq!(limits.for_actor(&actor(&[])), 1);
        assert_eq!(limits.for_actor(&actor(&[Role::Trainer, Role::Admin])), 3);
    }

    #[test]
    fn profiles_file_is_checked() {
        let good = r#"
            [limits]
            trainer = 3

            [[profile]]
            name = "python"
            image = "quay.io/jupyter/scipy-notebook:2025-11-24"
            cpu_request = "500m"
            cpu_limit = "2"
            memory_request = "1Gi"
            memory_limit = "2Gi"
            storage = "5Gi"
            audience = ["learner"]
            idle_timeout = "30m"
            max_lifetime = "8h"
        "#;
        let p = Profiles::parse(good).unwrap();
        assert_eq!(p.list[0].cpu_limit_millis, 2000);
        assert_eq!(p.limits.trainer, 3);
        assert_eq!(p.limits.learner, 1);
        assert!(p.list[0].terminals);

        let bad_limit = good.replace("cpu_limit = \"2\"", "cpu_limit = \"100m\"");
        assert!(Profiles::parse(&bad_limit).unwrap_err().contains("cpu_limit"));
        let bad_name = good.replace("name = \"python\"", "name = \"Py thon\"");
        assert!(Profiles::parse(&bad_name).unwrap_err().contains("must match"));
        assert!(Profiles::parse("").unwrap_err().contains("no [[profile]]"));
        let unknown = good.replace("storage =", "storge =");
        assert!(Profiles::parse(&unknown).is_err());
    }
}

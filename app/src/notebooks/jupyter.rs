//! The one client Puente uses to talk to a notebook server: readiness, activity for culling,
//! and copying an episode's files in through Jupyter's contents API.
//!
//! Policy: a notebook server is run by a learner's code, so everything it answers is hostile.
//! Every call is bounded in time; every body read is capped ([`BODY_LIMIT`]); times it reports
//! are never believed beyond "now"; and files are written only through the server itself, so
//! they land with the learner's own rights (a symlink the learner planted can only lead where the
//! learner could write anyway). Puente never writes into a workspace with its own rights.

use super::spawner::EpisodeFile;
use anyhow::Context;
use std::time::Duration;

/// The most Puente reads of any answer from a notebook server.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The largest episode file copied in (lesson data is small; a bigger file is a content bug).
pub const FILE_LIMIT: u64 = 50 * 1024 * 1024;

#[derive(Clone)]
pub struct Jupyter {
    http: reqwest::Client,
}

/// What a server says about its activity, already checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    /// Unix seconds of the last activity it reports, never later than "now".
    pub last_activity: i64,
    /// A kernel is busy now (running a cell counts as activity).
    pub busy: bool,
}

impl Default for Jupyter {
    fn default() -> Self {
        Jupyter::new()
    }
}

impl Jupyter {
    pub fn new() -> Jupyter {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(3))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap_or_default();
        Jupyter { http }
    }

    fn url(endpoint: &str, base_url: &str, rest: &str) -> String {
        format!("{}{}{}", endpoint.trim_end_matches('/'), base_url, rest)
    }

    /// Reads at most [`BODY_LIMIT`] bytes of an answer; a longer answer is an error.
    async fn capped(mut res: reqwest::Response) -> anyhow::Result<Vec<u8>> {
        let mut body = Vec::new();
        while let Some(chunk) = res.chunk().await.context("Failed to read a notebook server's answer")? {
            anyhow::ensure!(
                body.len() + chunk.len() <= BODY_LIMIT,
                "the notebook server's answer is too large"
            );
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// Does the server answer `/api/status` with this token? (`Some(false)`: it answers but
    /// refuses the token; `None`: no answer yet.)
    pub async fn accepts(&self, endpoint: &str, base_url: &str, token: &str) -> Option<bool> {
        let res = self
            .http
            .get(Self::url(endpoint, base_url, "api/status"))
            .header("Authorization", format!("token {token}"))
            .timeout(Duration::from_secs(3))
            .send()
            .await
            .ok()?;
        match res.status().as_u16() {
            200 => Some(true),
            401 | 403 => Some(false),
            _ => None,
        }
    }

    /// The server's own view of its activity: the newest of its API, kernel and terminal
    /// activity, never later than `now`; and whether a kernel is busy.
    pub async fn activity(
        &self,
        endpoint: &str,
        base_url: &str,
        token: &str,
        now: i64,
    ) -> anyhow::Result<Activity> {
        let auth = format!("token {token}");
        let res = self
            .http
            .get(Self::url(endpoint, base_url, "api/status"))
            .header("Authorization", &auth)
            .send()
            .await
            .context("Failed to ask Jupyter for its status")?;
        anyhow::ensure!(res.status().is_success(), "Jupyter answered {}", res.status());
        let status: serde_json::Value =
            serde_json::from_slice(&Self::capped(res).await?).context("Failed to read Jupyter's status")?;
        let mut newest = parse_time(&status["last_activity"]).context("no last_activity")?;
        let mut busy = false;
        if status["kernels"].as_i64().unwrap_or(0) > 0 {
            let res = self
                .http
                .get(Self::url(endpoint, base_url, "api/kernels"))
                .header("Authorization", &auth)
                .send()
                .await
                .context("Failed to list kernels")?;
            anyhow::ensure!(res.status().is_success(), "Jupyter answered {}", res.status());
            let kernels: serde_json::Value =
                serde_json::from_slice(&Self::capped(res).await?).context("Failed to read kernels")?;
            for k in kernels.as_array().into_iter().flatten().take(100) {
                busy |= k["execution_state"] == "busy";
                if let Some(t) = parse_time(&k["last_activity"]) {
                    newest = newest.max(t);
                }
            }
        }
        Ok(Activity { last_activity: newest.min(now), busy })
    }

    /// Copies the files the learner does not have yet, never over an existing one. Returns how
    /// many were copied. A file that cannot be copied is logged and skipped: the server runs.
    pub async fn add_files(
        &self,
        endpoint: &str,
        base_url: &str,
        token: &str,
        files: &[EpisodeFile],
    ) -> usize {
        let mut copied = 0;
        for f in files {
            match self.add_file(endpoint, base_url, token, f).await {
                Ok(true) => copied += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(file = %f.dest, error = ?e, "cannot copy an episode file"),
            }
        }
        copied
    }

    async fn add_file(
        &self,
        endpoint: &str,
        base_url: &str,
        token: &str,
        f: &EpisodeFile,
    ) -> anyhow::Result<bool> {
        anyhow::ensure!(
            f.dest.split('/').all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\')),
            "unsafe destination {:?}",
            f.dest
        );
        let api = Self::url(endpoint, base_url, "api/contents/");
        let auth = format!("token {token}");
        let path = encode_path(&f.dest);
        let exists = self
            .http
            .get(format!("{api}{path}?content=0"))
            .header("Authorization", &auth)
            .send()
            .await
            .context("Failed to ask Jupyter for a file")?;
        match exists.status().as_u16() {
            200 => return Ok(false),
            404 => {}
            other => anyhow::bail!("Jupyter answered {other} about {}", f.dest),
        }
        // Parent folders first; an existing folder is fine.
        let parts: Vec<&str> = f.dest.split('/').collect();
        let mut dir = String::new();
        for part in &parts[..parts.len().saturating_sub(1)] {
            dir = if dir.is_empty() { encode_path(part) } else { format!("{dir}/{}", encode_path(part)) };
            let res = self
                .http
                .put(format!("{api}{dir}"))
                .header("Authorization", &auth)
                .json(&serde_json::json!({"type": "directory"}))
                .send()
                .await
                .context("Failed to create a folder")?;
            anyhow::ensure!(
                res.status().is_success() || res.status().as_u16() == 409 || res.status().as_u16() == 400,
                "Jupyter answered {} creating {dir}",
                res.status()
            );
        }
        let size = tokio::fs::metadata(&f.source)
            .await
            .with_context(|| format!("Failed to read {:?}", f.source))?
            .len();
        anyhow::ensure!(size <= FILE_LIMIT, "{:?} is larger than {FILE_LIMIT} bytes", f.source);
        let bytes =
            tokio::fs::read(&f.source).await.with_context(|| format!("Failed to read {:?}", f.source))?;
        // The bytes as they are, notebooks included: the episode's file, not Jupyter's reading of it.
        let body = {
            use base64::Engine;
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            serde_json::json!({"type": "file", "format": "base64", "content": b64})
        };
        let res = self
            .http
            .put(format!("{api}{path}"))
            .header("Authorization", &auth)
            .timeout(Duration::from_secs(60))
            .json(&body)
            .send()
            .await
            .context("Failed to upload a file")?;
        anyhow::ensure!(res.status().is_success(), "Jupyter answered {} for {}", res.status(), f.dest);
        Ok(true)
    }
}

/// Percent-encodes each segment of a workspace path for a URL.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20"))
        .collect::<Vec<_>>()
        .join("/")
}

fn parse_time(v: &serde_json::Value) -> Option<i64> {
    v.as_str()?.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_per_segment() {
        assert_eq!(encode_path("curso/01 intro/datos #1.csv"), "curso/01%20intro/datos%20%231.csv");
    }

    #[test]
    fn times_are_read_leniently() {
        assert_eq!(parse_time(&serde_json::json!("2026-12-04T02:00:00.000000Z")), Some(1_796_349_600));
        assert_eq!(parse_time(&serde_json::json!("not a time")), None);
        assert_eq!(parse_time(&serde_json::json!(42)), None);
    }
}

//! Lessons: courses of episodes written in Markdown under `content/`, Carpentries style.
//!
//! Policy: content is loaded and rendered once at start (and again when files change, if reloading
//! is on), validated strictly by `puente content check` with `file:line` messages, and served from
//! memory. Author Markdown is trusted less than code: raw HTML goes through ammonia. When an
//! episode is missing in the reader's language, another language is shown with a notice.

/// Private pages: one's own dashboard.
#[cfg(feature = "ssr")]
pub const PAGES: &[(&str, crate::http::access::Need)] = &[("dashboard", crate::http::access::Need::Login)];

#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod progress;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod search;

#[cfg(feature = "ssr")]
pub use library::Library;

/// How many replies an episode's discussion has (`None`: not started yet). The forum answers;
/// lessons only ask, so lessons do not depend on the forum.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait EpisodeDiscussions: Send + Sync {
    async fn replies(&self, course: &str, episode: &str) -> Option<i64>;
}

/// The registered answer to [`EpisodeDiscussions`], provided to pages.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct Discussions(pub std::sync::Arc<dyn EpisodeDiscussions>);

#[cfg(feature = "ssr")]
mod library {
    use super::content::{load, Catalog, Diagnostic};
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, RwLock};
    use std::time::Duration;

    /// The rendered content, shared by every request; swapped whole when files change.
    #[derive(Clone)]
    pub struct Library {
        root: PathBuf,
        current: Arc<RwLock<Arc<Catalog>>>,
        /// Counts reloads: what was rendered from an older catalog is out of date.
        generation: Arc<std::sync::atomic::AtomicU64>,
    }

    impl Library {
        pub fn load(root: &Path) -> (Library, Vec<Diagnostic>) {
            let (catalog, diags) = load(root);
            (
                Library {
                    root: root.to_path_buf(),
                    current: Arc::new(RwLock::new(Arc::new(catalog))),
                    generation: Arc::default(),
                },
                diags,
            )
        }

        pub fn get(&self) -> Arc<Catalog> {
            match self.current.read() {
                Ok(c) => c.clone(),
                Err(poisoned) => poisoned.into_inner().clone(),
            }
        }

        pub fn reload(&self) -> Vec<Diagnostic> {
            let (catalog, diags) = load(&self.root);
            match self.current.write() {
                Ok(mut c) => *c = Arc::new(catalog),
                Err(poisoned) => *poisoned.into_inner() = Arc::new(catalog),
            }
            self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            diags
        }

        /// Which load of the content is current (0 at start, then one more per reload).
        pub fn generation(&self) -> u64 {
            self.generation.load(std::sync::atomic::Ordering::SeqCst)
        }

        /// For development: reloads when any file under the content folder changes.
        pub fn watch(self, every: Duration, pool: sqlx::AnyPool) -> tokio::task::JoinHandle<()> {
            tokio::spawn(async move {
                let mut last = fingerprint(&self.root);
                loop {
                    tokio::time::sleep(every).await;
                    let root = self.root.clone();
                    let now = tokio::task::spawn_blocking(move || fingerprint(&root)).await.unwrap_or(last);
                    if now != last {
                        last = now;
                        let this = self.clone();
                        let diags =
                            tokio::task::spawn_blocking(move || this.reload()).await.unwrap_or_default();
                        tracing::info!(problems = diags.len(), "content reloaded");
                        if let Err(e) = super::search::reindex(&pool, &self.get()).await {
                            tracing::error!(error = ?e, "cannot rebuild the search index");
                        }
                        for d in diags {
                            tracing::warn!("{d}");
                        }
                    }
                }
            })
        }
    }

    /// Changes whenever a file under `root` is added, removed, resized or touched.
    fn fingerprint(root: &Path) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else { continue };
            let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
            entries.sort_by_key(|e| e.path());
            for e in entries {
                let p = e.path();
                p.hash(&mut h);
                if let Ok(m) = e.metadata() {
                    if m.is_dir() {
                        stack.push(p);
                    } else {
                        m.len().hash(&mut h);
                        m.modified().ok().hash(&mut h);
                    }
                }
            }
        }
        h.finish()
    }
}

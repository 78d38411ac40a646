//! Reads kept for a few seconds and forgotten at the next write: who is behind a session, a
//! person's progress, an episode's reply count. A page read by a signed-in person then asks
//! the database nothing it asked a moment ago.
//!
//! Every successful write in this process (a form sent, a job run) moves [`Writes`] on, and
//! everything kept before it is out of date at once: coarse on purpose, so that no write path
//! can be forgotten. What changes elsewhere (another replica, the clock) is bounded by each
//! cache's time to live. A value read before a write and stored after it is dropped: the
//! reader takes a [`Stamp`] before reading.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How many successful writes this process has seen; cheap to clone, shared by every cache.
#[derive(Clone, Default, Debug)]
pub struct Writes(Arc<AtomicU64>);

impl Writes {
    /// A write succeeded: everything kept so far is out of date.
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    pub fn count(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The write count when a read began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp(u64);

struct Kept<V> {
    value: V,
    writes: u64,
    at: Instant,
}

/// A small map of recent reads, bounded in time, in size, and by [`Writes`].
pub struct Recent<K, V> {
    entries: RwLock<HashMap<K, Kept<V>>>,
    writes: Writes,
    ttl: Duration,
    capacity: usize,
}

impl<K: Eq + Hash, V: Clone> Recent<K, V> {
    pub fn new(writes: Writes, ttl: Duration, capacity: usize) -> Recent<K, V> {
        Recent { entries: RwLock::default(), writes, ttl, capacity: capacity.max(1) }
    }

    /// Take before reading what will be stored.
    pub fn stamp(&self) -> Stamp {
        Stamp(self.writes.count())
    }

    /// The kept value, if no write happened since it was read and it is young enough.
    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        let kept = entries.get(key)?;
        self.fresh(kept).then(|| kept.value.clone())
    }

    fn fresh(&self, kept: &Kept<V>) -> bool {
        kept.writes == self.writes.count() && kept.at.elapsed() < self.ttl
    }

    /// Keeps a value read since `stamp`, unless a write happened in between.
    pub fn put(&self, key: K, value: V, stamp: Stamp) {
        if stamp.0 != self.writes.count() {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.retain(|_, k| k.writes == stamp.0 && k.at.elapsed() < self.ttl);
            if entries.len() >= self.capacity {
                // All fresh: start over rather than scan for the oldest on every insert.
                entries.clear();
            }
        }
        entries.insert(key, Kept { value, writes: stamp.0, at: Instant::now() });
    }

    /// Forgets one key (its owner changed it without a form, e.g. a visit recorded).
    pub fn forget(&self, key: &K) {
        self.entries.write().unwrap_or_else(|p| p.into_inner()).remove(key);
    }

    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recent(ttl: Duration, capacity: usize) -> (Writes, Recent<&'static str, i32>) {
        let w = Writes::default();
        (w.clone(), Recent::new(w, ttl, capacity))
    }

    #[test]
    fn a_write_forgets_everything_kept() {
        let (w, r) = recent(Duration::from_secs(60), 10);
        let s = r.stamp();
        r.put("a", 1, s);
        assert_eq!(r.get(&"a"), Some(1));
        w.bump();
        assert_eq!(r.get(&"a"), None);
    }

    #[test]
    fn a_read_that_overlapped_a_write_is_not_kept() {
        let (w, r) = recent(Duration::from_secs(60), 10);
        let before = r.stamp();
        w.bump(); // the write commits while the read is in flight
        r.put("a", 1, before);
        assert_eq!(r.get(&"a"), None);
        r.put("a", 2, r.stamp());
        assert_eq!(r.get(&"a"), Some(2));
    }

    #[test]
    fn values_age_out() {
        let (_, r) = recent(Duration::from_millis(30), 10);
        r.put("a", 1, r.stamp());
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(r.get(&"a"), None);
    }

    #[test]
    fn size_is_bounded_and_forget_forgets() {
        let (_, r) = recent(Duration::from_secs(60), 3);
        for (i, k) in ["a", "b", "c", "d"].into_iter().enumerate() {
            r.put(k, i as i32, r.stamp());
        }
        assert!(r.len() <= 3);
        assert_eq!(r.get(&"d"), Some(3), "the newest is kept");
        r.forget(&"d");
        assert_eq!(r.get(&"d"), None);
    }
}

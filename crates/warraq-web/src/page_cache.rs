//! Rendered pages and API responses kept in memory, keyed by request path and query, each
//! in every form browsers ask for ([`PageForms`]: identity, gzip, brotli).
//!
//! Every entry belongs to the change-log position this node had applied when it was
//! rendered (the follower publishes it; reading it costs no query). When the position
//! moves, any write may have changed any page (navigation, home, related items), so the
//! whole cache is dropped. Publishing therefore needs nobody to purge anything, and
//! several nodes following the same store stay correct.
//!
//! The cache holds at most a memory budget (all three forms of every page counted); the
//! least recently used pages go first.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use crate::page_forms::PageForms;

/// How many bytes the kept pages may take, every form counted.
pub const MEMORY_BUDGET: usize = 64 * 1024 * 1024;
/// Pages larger than this (uncompressed) are not kept (they would crowd out many small
/// ones).
const MAX_ENTRY_BYTES: usize = 512 * 1024;

#[derive(Debug)]
struct Entry {
    page: Arc<PageForms>,
    /// When it was last used, on the cache's own clock (a key of `by_use`).
    used: u64,
    weight: usize,
}

#[derive(Debug, Default)]
struct Entries {
    seq: i64,
    pages: HashMap<String, Entry>,
    /// Keys by last use, the least recently used first.
    by_use: BTreeMap<u64, String>,
    clock: u64,
    bytes: usize,
}

impl Entries {
    fn reset(&mut self, seq: i64) {
        *self = Entries {
            seq,
            ..Entries::default()
        };
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.pages.remove(key) {
            self.by_use.remove(&entry.used);
            self.bytes -= entry.weight;
        }
    }
}

#[derive(Debug)]
pub struct PageCache {
    budget: usize,
    entries: Mutex<Entries>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::with_budget(MEMORY_BUDGET)
    }
}

impl PageCache {
    /// A cache keeping at most `budget` bytes of pages.
    pub fn with_budget(budget: usize) -> Self {
        PageCache {
            budget,
            entries: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The page stored under `key`, if it was rendered at change `seq`.
    pub fn get(&self, key: &str, seq: i64) -> Option<Arc<PageForms>> {
        let mut entries = self.lock();
        if entries.seq != seq {
            entries.reset(seq);
            return None;
        }
        let now = entries.tick();
        let entry = entries.pages.get_mut(key)?;
        let before = std::mem::replace(&mut entry.used, now);
        let page = entry.page.clone();
        if let Some(key) = entries.by_use.remove(&before) {
            entries.by_use.insert(now, key);
        }
        Some(page)
    }

    /// Keeps a page rendered at change `seq`. A page rendered against an older state than
    /// the cache already holds is not kept.
    pub fn put(&self, key: String, seq: i64, page: Arc<PageForms>) {
        // The key is held twice (the map and the use order).
        let weight = page.weight() + 2 * key.len();
        if page.identity().len() > MAX_ENTRY_BYTES || weight > self.budget {
            return;
        }
        let mut entries = self.lock();
        if seq < entries.seq {
            return;
        }
        if seq > entries.seq {
            entries.reset(seq);
        }
        entries.remove(&key);
        while entries.bytes + weight > self.budget {
            let Some((_, oldest)) = entries.by_use.pop_first() else {
                break;
            };
            if let Some(entry) = entries.pages.remove(&oldest) {
                entries.bytes -= entry.weight;
            }
        }
        let used = entries.tick();
        entries.by_use.insert(used, key.clone());
        entries.bytes += weight;
        entries.pages.insert(key, Entry { page, used, weight });
    }

    /// Drops every page and forgets the position (after a rebuild it may be lower).
    pub fn clear(&self) {
        *self.lock() = Entries::default();
    }

    pub fn len(&self) -> usize {
        self.lock().pages.len()
    }

    /// The bytes the kept pages take, every form counted.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use axum::body::Bytes;

    use super::*;

    fn page(text: &str) -> Arc<PageForms> {
        Arc::new(PageForms::new(
            "text/html",
            Bytes::from(text.to_string()),
            SystemTime::now(),
        ))
    }

    #[test]
    fn a_new_change_sequence_invalidates_every_page() {
        let cache = PageCache::default();
        cache.put("/".into(), 5, page("home"));
        assert_eq!(
            cache.get("/", 5).map(|p| p.identity().clone()),
            Some(Bytes::from_static(b"home"))
        );
        assert!(cache.get("/", 6).is_none());
        assert!(cache.is_empty());
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn a_page_rendered_from_an_older_state_is_not_kept() {
        let cache = PageCache::default();
        cache.put("/a".into(), 7, page("new"));
        cache.put("/b".into(), 6, page("old"));
        assert!(cache.get("/b", 7).is_none());
        assert!(cache.get("/a", 7).is_some());
    }

    #[test]
    fn every_form_counts_against_the_budget() {
        let cache = PageCache::default();
        let kept = page(&"<p>خبر عاجل من العاصمة</p>\n".repeat(400));
        let weight = kept.weight();
        assert!(
            weight > kept.identity().len() + 2 * 200,
            "gzip and br counted"
        );
        cache.put("/a".into(), 1, kept);
        assert_eq!(cache.bytes(), weight + 2 * "/a".len());
    }

    #[test]
    fn the_budget_evicts_the_least_recently_used_page() {
        let body = |i: usize| format!("<p>صفحة رقم {i}</p>").repeat(200);
        let weight = page(&body(0)).weight() + 2 * "/p/0".len();
        let cache = PageCache::with_budget(3 * weight + weight / 2);
        for i in 0..3 {
            cache.put(format!("/p/{i}"), 1, page(&body(i)));
        }
        assert_eq!(cache.len(), 3);
        // /p/0 is read, so /p/1 is now the least recently used.
        assert!(cache.get("/p/0", 1).is_some());
        cache.put("/p/3".into(), 1, page(&body(3)));
        assert_eq!(cache.len(), 3);
        assert!(cache.get("/p/1", 1).is_none());
        for kept in ["/p/0", "/p/2", "/p/3"] {
            assert!(cache.get(kept, 1).is_some(), "{kept}");
        }
        assert!(cache.bytes() <= 3 * weight + weight / 2);
    }

    #[test]
    fn storing_a_key_again_replaces_it() {
        let cache = PageCache::default();
        cache.put("/a".into(), 1, page("one"));
        let once = cache.bytes();
        cache.put("/a".into(), 1, page("two"));
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.bytes(), once);
        assert_eq!(
            cache.get("/a", 1).map(|p| p.identity().clone()),
            Some(Bytes::from_static(b"two"))
        );
    }
}

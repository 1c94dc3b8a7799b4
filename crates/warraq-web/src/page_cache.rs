//! Rendered pages and API responses kept in memory, keyed by request path and query.
//!
//! Every entry belongs to the change-log position this node had applied when it was
//! rendered (the follower publishes it; reading it costs no query). When the position
//! moves, any write may have changed any page (navigation, home, related items), so the
//! whole cache is dropped. Publishing therefore needs nobody to purge anything, and
//! several nodes following the same store stay correct.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::body::Bytes;

/// How many rendered responses are kept; the oldest go first.
const MAX_ENTRIES: usize = 512;
/// Pages larger than this are not kept (they would crowd out many small ones).
const MAX_ENTRY_BYTES: usize = 512 * 1024;

#[derive(Debug, Clone)]
pub struct CachedPage {
    pub content_type: &'static str,
    pub body: Bytes,
}

#[derive(Debug, Default)]
struct Entries {
    seq: i64,
    pages: HashMap<String, CachedPage>,
    order: VecDeque<String>,
}

#[derive(Debug, Default)]
pub struct PageCache {
    entries: Mutex<Entries>,
}

impl PageCache {
    /// The page stored under `key`, if it was rendered at change `seq`.
    pub fn get(&self, key: &str, seq: i64) -> Option<CachedPage> {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.seq != seq {
            entries.pages.clear();
            entries.order.clear();
            entries.seq = seq;
            return None;
        }
        entries.pages.get(key).cloned()
    }

    /// Keeps a page rendered at change `seq`. A page rendered against an older state than
    /// the cache already holds is not kept.
    pub fn put(&self, key: String, seq: i64, page: CachedPage) {
        if page.body.len() > MAX_ENTRY_BYTES {
            return;
        }
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seq < entries.seq {
            return;
        }
        if seq > entries.seq {
            entries.pages.clear();
            entries.order.clear();
            entries.seq = seq;
        }
        while entries.pages.len() >= MAX_ENTRIES {
            match entries.order.pop_front() {
                Some(oldest) => {
                    entries.pages.remove(&oldest);
                }
                None => break,
            }
        }
        if entries.pages.insert(key.clone(), page).is_none() {
            entries.order.push_back(key);
        }
    }

    /// Drops every page and forgets the position (after a rebuild it may be lower).
    pub fn clear(&self) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *entries = Entries::default();
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.pages.len()).unwrap_or(0)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &'static str) -> CachedPage {
        CachedPage {
            content_type: "text/html",
            body: Bytes::from_static(text.as_bytes()),
        }
    }

    #[test]
    fn a_new_change_sequence_invalidates_every_page() {
        let cache = PageCache::default();
        cache.put("/".into(), 5, page("home"));
        assert_eq!(
            cache.get("/", 5).map(|p| p.body),
            Some(Bytes::from_static(b"home"))
        );
        assert!(cache.get("/", 6).is_none());
        assert!(cache.is_empty());
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
    fn the_cache_is_bounded() {
        let cache = PageCache::default();
        for i in 0..(MAX_ENTRIES + 10) {
            cache.put(format!("/p/{i}"), 1, page("x"));
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert!(cache.get("/p/0", 1).is_none());
        assert!(cache.get(&format!("/p/{}", MAX_ENTRIES + 9), 1).is_some());
    }
}

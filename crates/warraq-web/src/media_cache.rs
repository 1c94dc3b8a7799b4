//! Media records readers may see, kept in memory so that a picture's hot path asks the
//! store nothing.
//!
//! Only "visible" answers are kept: once an article visible at some moment shows a
//! picture, time alone never hides it again (visibility only grows with the clock); only a
//! change does, and the change log tells the follower, which drops the answers. "Not
//! visible" is never kept, since the clock alone can turn it into "visible" (a scheduled
//! article going live).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use warraq_domain::{Media, MediaId};

/// How many records are kept; the oldest go first.
const MAX_ENTRIES: usize = 4096;

#[derive(Debug, Default)]
struct Entries {
    by_id: HashMap<MediaId, Arc<Media>>,
    order: VecDeque<MediaId>,
    /// The log position of the latest invalidation: an answer read by a request that
    /// started before it may be stale and is not kept.
    invalidated_at: i64,
}

#[derive(Debug, Default)]
pub struct VisibleMediaCache {
    entries: Mutex<Entries>,
}

impl VisibleMediaCache {
    pub fn get(&self, id: MediaId) -> Option<Arc<Media>> {
        self.lock().by_id.get(&id).cloned()
    }

    /// Keeps `media` as visible, unless something was invalidated after `observed` (the
    /// position the request started at): its answer may predate that change.
    pub fn put(&self, media: Arc<Media>, observed: i64) {
        let mut entries = self.lock();
        if observed < entries.invalidated_at || entries.by_id.contains_key(&media.id) {
            return;
        }
        while entries.by_id.len() >= MAX_ENTRIES {
            match entries.order.pop_front() {
                Some(oldest) => {
                    entries.by_id.remove(&oldest);
                }
                None => break,
            }
        }
        entries.order.push_back(media.id);
        entries.by_id.insert(media.id, media);
    }

    /// Forgets the given records (their record changed) as of log position `at`.
    pub fn forget(&self, ids: impl IntoIterator<Item = MediaId>, at: i64) {
        let mut entries = self.lock();
        for id in ids {
            entries.by_id.remove(&id);
        }
        entries.invalidated_at = entries.invalidated_at.max(at);
        let Entries { by_id, order, .. } = &mut *entries;
        order.retain(|id| by_id.contains_key(id));
    }

    /// Forgets everything as of log position `at` (an article changed: which pictures
    /// it showed before is not known here).
    pub fn clear(&self, at: i64) {
        let mut entries = self.lock();
        entries.by_id.clear();
        entries.order.clear();
        entries.invalidated_at = entries.invalidated_at.max(at);
    }

    pub fn len(&self) -> usize {
        self.lock().by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn media(id: i64) -> Arc<Media> {
        Arc::new(Media {
            id: MediaId(id),
            file: Some(format!("{id}.jpg")),
            source_url: None,
            mime: None,
            width: None,
            height: None,
            byte_size: None,
            alt: String::new(),
            caption: String::new(),
            credit: None,
            archive: false,
            created_at: Utc::now(),
        })
    }

    #[test]
    fn an_answer_read_before_an_invalidation_is_not_kept() {
        let cache = VisibleMediaCache::default();
        cache.put(media(1), 3);
        assert!(cache.get(MediaId(1)).is_some());
        cache.clear(5);
        assert!(cache.get(MediaId(1)).is_none());
        cache.put(media(1), 4);
        assert!(
            cache.get(MediaId(1)).is_none(),
            "read at 4, invalidated at 5"
        );
        cache.put(media(1), 5);
        assert!(cache.get(MediaId(1)).is_some());
    }

    #[test]
    fn forgetting_one_record_keeps_the_others() {
        let cache = VisibleMediaCache::default();
        cache.put(media(1), 0);
        cache.put(media(2), 0);
        cache.forget([MediaId(1)], 1);
        assert!(cache.get(MediaId(1)).is_none());
        assert!(cache.get(MediaId(2)).is_some());
        assert_eq!(cache.len(), 1);
    }
}

//! What was dropped since someone last asked: the ids of the dropped lists, or "all of
//! them" (a rebuild, a large batch, a file emptied after a failure). Whoever works lists
//! out ahead of readers takes it and is woken when there is more.

use std::collections::BTreeSet;
use std::sync::Mutex;

use tokio::sync::Notify;
use warraq_domain::ArticleId;

/// More single ids than this are taken as "all": the sweep over every article is then
/// cheaper than remembering them.
const MAX_IDS: usize = 4_096;

/// The lists dropped since [`crate::SearchIndex::take_dropped`] last asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped {
    /// Every list was dropped: `ids` is then empty.
    pub all: bool,
    /// The articles whose lists were dropped, by id.
    pub ids: Vec<ArticleId>,
}

impl Dropped {
    pub fn is_empty(&self) -> bool {
        !self.all && self.ids.is_empty()
    }
}

#[derive(Debug, Default)]
pub(crate) struct DroppedLog {
    state: Mutex<(bool, BTreeSet<i64>)>,
    /// `notify_one` keeps a permit when nobody waits: a drop before the wait still wakes.
    wake: Notify,
}

impl DroppedLog {
    pub(crate) fn some<'a>(&self, ids: impl IntoIterator<Item = &'a i64>) {
        {
            let mut state = self.lock();
            let (all, set) = &mut *state;
            if !*all {
                set.extend(ids);
                if set.len() > MAX_IDS {
                    *all = true;
                    set.clear();
                }
            }
        }
        self.wake.notify_one();
    }

    pub(crate) fn all(&self) {
        {
            let mut state = self.lock();
            state.0 = true;
            state.1.clear();
        }
        self.wake.notify_one();
    }

    pub(crate) fn take(&self) -> Dropped {
        let mut state = self.lock();
        let (all, set) = std::mem::take(&mut *state);
        Dropped {
            all,
            ids: set.into_iter().map(ArticleId).collect(),
        }
    }

    pub(crate) async fn wait(&self) {
        self.wake.notified().await;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (bool, BTreeSet<i64>)> {
        // The state is two plain values: a panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_handed_out_once() {
        let log = DroppedLog::default();
        log.some(&[3, 1]);
        log.some(&[1, 2]);
        assert_eq!(
            log.take(),
            Dropped {
                all: false,
                ids: vec![ArticleId(1), ArticleId(2), ArticleId(3)]
            }
        );
        assert!(log.take().is_empty());
    }

    #[test]
    fn too_many_ids_or_a_clear_become_all() {
        let log = DroppedLog::default();
        let many: Vec<i64> = (0..=MAX_IDS as i64).collect();
        log.some(&many);
        assert_eq!(
            log.take(),
            Dropped {
                all: true,
                ids: vec![]
            }
        );
        log.some(&[5]);
        log.all();
        log.some(&[6]);
        assert_eq!(
            log.take(),
            Dropped {
                all: true,
                ids: vec![]
            }
        );
    }

    #[tokio::test]
    async fn a_drop_before_the_wait_still_wakes_the_waiter() {
        let log = DroppedLog::default();
        log.some(&[1]);
        tokio::time::timeout(std::time::Duration::from_secs(5), log.wait())
            .await
            .expect("woken by the earlier drop");
    }
}

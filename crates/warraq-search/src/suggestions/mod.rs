//! Related articles kept with the index. An article page without editors' picks shows
//! the index's suggestions; working them out is a search whose cost grows with the
//! store (its posting lists do), so each article's list is worked out once, kept on disk
//! beside the index, and read back by every later page, also after a restart.
//!
//! A kept list is dropped when it may no longer be what a search would say:
//! - when its article changes (or leaves or enters the index);
//! - when an article it shows changes;
//! - when a changed article would likely belong in it: each changed article's own
//!   nearest neighbours ([`NEIGHBOURS`]) lose their lists (likeness goes both ways, near
//!   enough, as the reranking adds the same section and tag bonuses both ways);
//! - all of them when a rebuild replaced the index, or a batch changed more articles than
//!   are worth a search each ([`MAX_SEARCHED_CHANGES`]).
//!
//! A dropped list is worked out again by the next page that needs it, or before that by
//! whoever works lists out ahead of readers ([`SearchIndex::take_dropped`] tells what was
//! dropped since it last asked, [`SearchIndex::lists_dropped`] wakes it). Readers never see
//! an article they may not see through a kept list: the pages resolve every suggestion
//! against the store, and an unpublished or re-embargoed article is a change, which drops
//! the lists that show it.

mod dropped;
mod file;
mod guard;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use warraq_domain::ArticleId;

pub use self::dropped::Dropped;
use self::dropped::DroppedLog;
use self::file::{KeptList, ListFile};
use self::guard::Guard;
use crate::error::{SearchError, SearchResult};
use crate::index::SearchIndex;

/// How many of a changed article's nearest neighbours lose their kept lists.
pub const NEIGHBOURS: usize = 12;
/// A batch that changes more articles than this drops every kept list instead of
/// searching for each one's neighbours (an import, a bulk edit): the follower's batch
/// stays short, and the lists are worked out again as pages are read.
pub const MAX_SEARCHED_CHANGES: usize = 64;

/// The kept lists of one index, and what keeps them right.
pub(crate) struct Kept {
    /// Where the file is; `None` for an index in memory.
    folder: Option<PathBuf>,
    /// Opened by the first use (opening needs the async runtime, the index does not).
    file: tokio::sync::OnceCell<ListFile>,
    /// Held while a list is checked and written, and while lists are dropped.
    guard: tokio::sync::Mutex<Guard>,
    /// The file failed while lists were being dropped: until it is emptied, it is
    /// neither read nor written.
    broken: AtomicBool,
    /// What was dropped since [`SearchIndex::take_dropped`] last asked.
    dropped: DroppedLog,
}

impl Kept {
    pub(crate) fn new(folder: Option<&Path>) -> Kept {
        Kept {
            folder: folder.map(Path::to_path_buf),
            file: tokio::sync::OnceCell::new(),
            guard: tokio::sync::Mutex::new(Guard::default()),
            broken: AtomicBool::new(false),
            dropped: DroppedLog::default(),
        }
    }

    /// The file, if it may be used (opened once; a failure is logged and tried again
    /// next time; a file broken by a failed drop is emptied first).
    async fn usable(&self) -> Option<&ListFile> {
        let file = match self
            .file
            .get_or_try_init(|| ListFile::open(self.folder.as_deref()))
            .await
        {
            Ok(file) => file,
            Err(error) => {
                tracing::warn!(%error, "kept related articles unavailable: worked out on every page");
                return None;
            }
        };
        if self.broken.load(Ordering::Acquire) {
            let _guard = self.guard.lock().await;
            if self.broken.load(Ordering::Acquire) {
                file.clear().await.ok()?;
                self.broken.store(false, Ordering::Release);
            }
        }
        Some(file)
    }

    /// Called before the index changes articles: a node that stops before the lists
    /// are dropped finds them marked, and starts them anew.
    pub(crate) async fn before_change(&self) {
        if let Some(file) = self.usable().await
            && let Err(error) = file.mark_changing().await
        {
            self.fail(error).await;
        }
    }

    /// Drops the lists `touched` (articles changed, those whose lists show them, their
    /// neighbours), and the mark set by [`Kept::before_change`].
    pub(crate) async fn forget(&self, changed: &[i64], neighbours: HashSet<i64>) {
        // Without a usable file nothing is kept, so nothing is worth working out ahead.
        let Some(file) = self.usable().await else {
            self.guard.lock().await.forget_all();
            return;
        };
        let mut guard = self.guard.lock().await;
        let dropped = async {
            let mut touched = file.holders(changed).await?;
            touched.extend(changed.iter().copied());
            touched.extend(neighbours);
            let ids: Vec<i64> = touched.iter().copied().collect();
            file.remove(&ids).await?;
            Ok::<_, SearchError>(touched)
        }
        .await;
        match dropped {
            Ok(touched) => {
                self.dropped.some(&touched);
                guard.forget(touched);
            }
            Err(error) => {
                guard.forget_all();
                drop(guard);
                self.fail(error).await;
            }
        }
    }

    /// Drops every list (after a rebuild, or a batch too large to search neighbours for).
    pub(crate) async fn forget_all(&self) {
        // Without a usable file nothing is kept, so nothing is worth working out ahead.
        let Some(file) = self.usable().await else {
            self.guard.lock().await.forget_all();
            return;
        };
        let mut guard = self.guard.lock().await;
        guard.forget_all();
        self.dropped.all();
        if let Err(error) = file.clear().await {
            drop(guard);
            self.fail(error).await;
        }
    }

    async fn fail(&self, error: SearchError) {
        tracing::warn!(%error, "kept related articles could not be updated: not used until emptied");
        self.guard.lock().await.forget_all();
        self.broken.store(true, Ordering::Release);
        self.dropped.all();
    }
}

impl SearchIndex {
    /// Up to `limit` articles related to each of `ids`, best first: the kept list when
    /// there is one, otherwise worked out from the index now (and kept). An article
    /// the index does not hold (not visible) has none.
    pub async fn suggested(
        &self,
        ids: &[ArticleId],
        limit: usize,
    ) -> SearchResult<HashMap<ArticleId, Vec<ArticleId>>> {
        let kept = &self.inner.kept;
        let file = kept.usable().await;
        let started = kept.guard.lock().await.current();
        let mut found = if let Some(file) = file {
            let raw: Vec<i64> = ids.iter().map(|id| id.0).collect();
            file.read(&raw).await.unwrap_or_else(|error| {
                tracing::warn!(%error, "kept related articles unreadable");
                HashMap::new()
            })
        } else {
            HashMap::new()
        };
        let mut suggested = HashMap::with_capacity(ids.len());
        let mut missing = Vec::new();
        for id in ids {
            match found.remove(&id.0) {
                Some(list) if list.size == limit => {
                    suggested.insert(*id, list.related.into_iter().map(ArticleId).collect());
                }
                _ => missing.push(*id),
            }
        }
        if missing.is_empty() {
            return Ok(suggested);
        }
        let index = self.clone();
        let computed = tokio::task::spawn_blocking(move || {
            missing
                .into_iter()
                .map(|id| {
                    let related = index.related(id, limit)?;
                    Ok((id, related.into_iter().map(|r| r.id.0).collect::<Vec<_>>()))
                })
                .collect::<SearchResult<Vec<_>>>()
        })
        .await
        .map_err(|e| SearchError::Task(e.to_string()))??;
        for (id, related) in computed {
            if let Some(file) = file {
                let guard = kept.guard.lock().await;
                if guard.keeps(started, id.0, &related) {
                    let list = KeptList {
                        size: limit,
                        related: related.clone(),
                    };
                    if let Err(error) = file.write(id.0, &list).await {
                        tracing::warn!(%error, article = id.0, "related articles not kept");
                    }
                }
            }
            suggested.insert(id, related.into_iter().map(ArticleId).collect());
        }
        Ok(suggested)
    }

    /// The lists dropped since the last call (see [`Dropped`]); a caller that works lists
    /// out ahead of readers takes them and asks [`SearchIndex::suggested`] for those it
    /// wants. Only one caller should take them: they are handed out once.
    pub fn take_dropped(&self) -> Dropped {
        self.inner.kept.dropped.take()
    }

    /// Resolves once lists were dropped since the last [`SearchIndex::take_dropped`] (at
    /// once if some were dropped before this is awaited).
    pub async fn lists_dropped(&self) {
        self.inner.kept.dropped.wait().await;
    }

    /// Whether worked-out lists are kept (the file opened and is not broken): without
    /// that, working lists out ahead of readers is wasted.
    pub async fn keeps_lists(&self) -> bool {
        self.inner.kept.usable().await.is_some()
    }

    /// How many articles have a kept list of related articles.
    pub async fn kept_related_count(&self) -> SearchResult<u64> {
        match self.inner.kept.usable().await {
            Some(file) => file.len().await,
            None => Ok(0),
        }
    }

    /// After the index changed `changed`: drops the kept lists that may no longer hold.
    pub(crate) async fn forget_related(&self, changed: &[ArticleId]) {
        if changed.is_empty() {
            return;
        }
        let kept = &self.inner.kept;
        if changed.len() > MAX_SEARCHED_CHANGES {
            kept.forget_all().await;
            return;
        }
        let index = self.clone();
        let searched: Vec<ArticleId> = changed.to_vec();
        let neighbours = tokio::task::spawn_blocking(move || {
            let mut neighbours = HashSet::new();
            for id in searched {
                for related in index.related(id, NEIGHBOURS)? {
                    neighbours.insert(related.id.0);
                }
            }
            Ok::<_, SearchError>(neighbours)
        })
        .await
        .map_err(|e| SearchError::Task(e.to_string()))
        .and_then(|found| found);
        let raw: Vec<i64> = changed.iter().map(|id| id.0).collect();
        match neighbours {
            Ok(neighbours) => kept.forget(&raw, neighbours).await,
            Err(error) => {
                tracing::warn!(%error, "neighbours of changed articles not found: every kept list dropped");
                kept.forget_all().await;
            }
        }
    }
}

//! [`SearchIndex`]: a tantivy index in a folder of its own, kept up to date from the
//! change log, and remembering (in its commit payload) the last log entry it reflects.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError};
use warraq_domain::{Article, ArticleId};
use warraq_store::{ArticleQuery, Change, Entity, Scope, Store};

use crate::analyzer::{ANALYZER_NAME, ANALYZER_VERSION, arabic_analyzer};
use crate::error::{SearchError, SearchResult};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::suggestions::Kept;

/// How many log entries [`SearchIndex::catch_up`] reads at once.
const LOG_BATCH: u32 = 1000;
/// How many articles a rebuild reads per page.
const REBUILD_PAGE: u32 = 500;
/// A position that moved this far without any article changing is committed anyway, so
/// that a restart does not re-read a long stretch of the log.
const LAZY_COMMIT_ENTRIES: i64 = 1000;
const NO_POSITION: i64 = i64::MIN;

/// How the index writes. The defaults suit a node: one indexing thread, a small heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOptions {
    pub writer_threads: usize,
    /// Bytes of memory the writer may use before it flushes a segment (at least 15 MB per
    /// thread).
    pub writer_heap_bytes: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            writer_threads: 1,
            writer_heap_bytes: 50_000_000,
        }
    }
}

/// What the index records with every commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Payload {
    schema: u32,
    analyzer: u32,
    /// The change-log sequence number the index reflects.
    position: i64,
}

/// Why the index must be rebuilt from the store before it can follow the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuildReason {
    /// A new index, or one written by another version of the analyzer or the fields.
    NoPosition,
    /// The log no longer holds the entries right after the index's position.
    Pruned { position: i64, oldest: i64 },
    /// The index is ahead of the log (a database restored from a backup, another one).
    AheadOfLog { position: i64, last: i64 },
}

/// What [`SearchIndex::apply`] or [`SearchIndex::catch_up`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The entries were already reflected.
    Nothing,
    /// Articles reindexed or removed; the index is at `position`.
    Updated { articles: usize, position: i64 },
    /// The index was rebuilt from the store and is at `position`.
    Rebuilt {
        reason: RebuildReason,
        position: i64,
    },
    /// A catch-up or rebuild was running: the batch was left to it (the index reads the
    /// log from its own position, so nothing is lost), and the caller was not held up.
    Deferred,
}

/// Progress of a rebuild, for a log line or a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildProgress {
    pub indexed: u64,
    /// Every article in the store (visible or not): an upper bound.
    pub total: u64,
}

struct Writer {
    writer: IndexWriter,
    /// What the last commit recorded.
    committed: Option<i64>,
}

pub(crate) struct Inner {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    writer: Mutex<Writer>,
    /// The position reflected by what readers see (may be ahead of the last commit when
    /// only non-article entries went by).
    position: AtomicI64,
    /// One maintenance operation (apply, catch-up, rebuild) at a time.
    maintenance: tokio::sync::Mutex<()>,
    /// A batch was left to a running catch-up, which must read the log once more.
    deferred: AtomicBool,
    /// Whether a query word the index does not know also matches words one edit away.
    pub(crate) typo_tolerance: AtomicBool,
    /// Each article's related articles, once worked out (see [`crate::suggestions`]).
    pub(crate) kept: Kept,
    folder: Option<PathBuf>,
}

/// The search index of one node. Cheap to clone (shared).
///
/// Searching ([`SearchIndex::search`], [`SearchIndex::related`]) may happen from any
/// number of threads while the index is updated; updates ([`SearchIndex::apply`],
/// [`SearchIndex::catch_up`], [`SearchIndex::rebuild`]) run one at a time.
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("folder", &self.inner.folder)
            .field("position", &self.position())
            .finish()
    }
}

fn folder_error(path: &Path, reason: impl ToString) -> SearchError {
    SearchError::Folder {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

impl SearchIndex {
    /// Opens the index in `folder` (created when missing). The folder belongs to the index:
    /// an index written with other fields or another analyzer version is deleted and
    /// started anew, and then [`SearchIndex::position`] is `None` (rebuild it).
    pub fn open(folder: &Path, options: IndexOptions) -> SearchResult<SearchIndex> {
        std::fs::create_dir_all(folder).map_err(|e| folder_error(folder, e))?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(folder).map_err(|e| folder_error(folder, e))?;
        let existing = Index::exists(&directory).map_err(|e| folder_error(folder, e))?;
        let mut index = if existing {
            Some(Index::open(directory)?)
        } else {
            None
        };
        let usable = index.as_ref().is_some_and(|i| {
            i.schema() == schema
                && read_payload(i)
                    .is_none_or(|p| p.schema == SCHEMA_VERSION && p.analyzer == ANALYZER_VERSION)
        });
        if index.is_some() && !usable {
            tracing::warn!(folder = %folder.display(), "search index written by another version: starting anew");
            index = None;
            std::fs::remove_dir_all(folder).map_err(|e| folder_error(folder, e))?;
            std::fs::create_dir_all(folder).map_err(|e| folder_error(folder, e))?;
        }
        let index = match index {
            Some(index) => index,
            None => Index::create_in_dir(folder, schema)?,
        };
        Self::from_index(index, fields, arabic_analyzer(), options, Some(folder))
    }

    /// An index in memory (tests, evaluation).
    pub fn in_memory() -> SearchResult<SearchIndex> {
        Self::in_memory_with_analyzer(arabic_analyzer())
    }

    /// An index in memory analysing text with `analyzer` instead of warraq's (the
    /// evaluation compares analyzers this way).
    pub fn in_memory_with_analyzer(analyzer: TextAnalyzer) -> SearchResult<SearchIndex> {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        Self::from_index(index, fields, analyzer, IndexOptions::default(), None)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        analyzer: TextAnalyzer,
        options: IndexOptions,
        folder: Option<&Path>,
    ) -> SearchResult<SearchIndex> {
        index.tokenizers().register(ANALYZER_NAME, analyzer);
        let writer = index
            .writer_with_num_threads(options.writer_threads, options.writer_heap_bytes)
            .map_err(|e| match (e, folder) {
                (TantivyError::LockFailure(..), Some(folder)) => {
                    SearchError::Locked(folder.to_path_buf())
                }
                (e, _) => SearchError::Index(e),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let committed = read_payload(&index).map(|p| p.position);
        let kept = Kept::new(folder);
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                writer: Mutex::new(Writer { writer, committed }),
                position: AtomicI64::new(committed.unwrap_or(NO_POSITION)),
                maintenance: tokio::sync::Mutex::new(()),
                deferred: AtomicBool::new(false),
                typo_tolerance: AtomicBool::new(true),
                kept,
                folder: folder.map(Path::to_path_buf),
            }),
        })
    }

    /// The change-log position the index reflects; `None` until it has been built.
    pub fn position(&self) -> Option<i64> {
        match self.inner.position.load(Ordering::Acquire) {
            NO_POSITION => None,
            p => Some(p),
        }
    }

    /// Whether a query word the index does not know (a typo) also matches the words one
    /// edit away. On by default; the evaluation measures it.
    pub fn set_typo_tolerance(&self, enabled: bool) {
        self.inner.typo_tolerance.store(enabled, Ordering::Relaxed);
    }

    /// How many articles the index holds.
    pub fn len(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the index must be rebuilt before it can follow the log, and why.
    pub async fn rebuild_reason(&self, store: &dyn Store) -> SearchResult<Option<RebuildReason>> {
        let Some(position) = self.position() else {
            return Ok(Some(RebuildReason::NoPosition));
        };
        let last = store.last_change_seq().await?;
        if position > last {
            return Ok(Some(RebuildReason::AheadOfLog { position, last }));
        }
        let oldest = store.oldest_change_seq().await?;
        if oldest > 0 && position < oldest - 1 {
            return Ok(Some(RebuildReason::Pruned { position, oldest }));
        }
        Ok(None)
    }

    /// Brings the index up to the end of the log: rebuilds it when it must, otherwise
    /// applies what the log holds after its position. Call it once at start-up, before
    /// following the log.
    pub async fn catch_up(&self, store: &dyn Store) -> SearchResult<Applied> {
        let _one = self.inner.maintenance.lock().await;
        self.catch_up_locked(store).await
    }

    async fn catch_up_locked(&self, store: &dyn Store) -> SearchResult<Applied> {
        let mut outcome = Applied::Nothing;
        loop {
            if let Some(reason) = self.rebuild_reason(store).await? {
                let position = self.rebuild_locked(store, &mut |_| {}).await?;
                outcome = Applied::Rebuilt { reason, position };
                continue;
            }
            let Some(position) = self.position() else {
                break;
            };
            let changes = store.changes_since(position, LOG_BATCH).await?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                // A batch left to us while we read: read once more.
                if self.inner.deferred.swap(false, Ordering::AcqRel) {
                    continue;
                }
                break;
            };
            if changes[0].seq > position + 1 {
                let oldest = store.oldest_change_seq().await?;
                if position < oldest - 1 {
                    let reason = RebuildReason::Pruned { position, oldest };
                    let position = self.rebuild_locked(store, &mut |_| {}).await?;
                    outcome = Applied::Rebuilt { reason, position };
                    continue;
                }
            }
            let articles = self.apply_entries(&changes, last, store).await?;
            outcome = match outcome {
                Applied::Updated { articles: n, .. } => Applied::Updated {
                    articles: n + articles,
                    position: last,
                },
                Applied::Rebuilt { reason, .. } => Applied::Rebuilt {
                    reason,
                    position: last,
                },
                _ => Applied::Updated {
                    articles,
                    position: last,
                },
            };
        }
        Ok(outcome)
    }

    /// Applies a batch of change-log entries (in log order) ending at `up_to`: reloads the
    /// articles they touch, indexes those readers may see now and removes the others,
    /// commits, and makes the result searchable before returning. Idempotent: entries at
    /// or before the index's position are skipped. When the batch does not start right
    /// after the index's position (the index is behind the caller), the index first reads
    /// what it missed from the log itself, or rebuilds when the log no longer has it.
    ///
    /// While a catch-up or rebuild runs (started at start-up, say), returns
    /// [`Applied::Deferred`] at once: the running catch-up reads these entries itself.
    pub async fn apply(
        &self,
        changes: &[Change],
        up_to: i64,
        store: &dyn Store,
    ) -> SearchResult<Applied> {
        let Ok(_one) = self.inner.maintenance.try_lock() else {
            self.inner.deferred.store(true, Ordering::Release);
            return Ok(Applied::Deferred);
        };
        let Some(position) = self.position() else {
            return self.catch_up_locked(store).await;
        };
        let fresh: Vec<Change> = changes
            .iter()
            .filter(|c| c.seq > position)
            .cloned()
            .collect();
        if up_to <= position {
            return Ok(Applied::Nothing);
        }
        // Sequence numbers may skip (rolled-back writes); the log tells whether they did.
        if fresh.first().is_some_and(|c| c.seq > position + 1) {
            return self.catch_up_locked(store).await;
        }
        let articles = self.apply_entries(&fresh, up_to, store).await?;
        Ok(Applied::Updated {
            articles,
            position: up_to,
        })
    }

    async fn apply_entries(
        &self,
        changes: &[Change],
        up_to: i64,
        store: &dyn Store,
    ) -> SearchResult<usize> {
        let ids: BTreeSet<ArticleId> = changes
            .iter()
            .filter(|c| c.entity == Entity::Article)
            .filter_map(|c| c.entity_id.parse().ok().map(ArticleId))
            .collect();
        let ids: Vec<ArticleId> = ids.into_iter().collect();
        let articles = if ids.is_empty() {
            Vec::new()
        } else {
            store.articles_by_ids(&ids).await?
        };
        let count = ids.len();
        if !ids.is_empty() {
            self.inner.kept.before_change().await;
        }
        let inner = self.inner.clone();
        let changed = ids.clone();
        blocking(move || inner.replace(&ids, &articles, Utc::now(), up_to)).await?;
        self.forget_related(&changed).await;
        Ok(count)
    }

    /// Drops everything and indexes again every article readers may see now, from the
    /// store; returns the log position the index then reflects (read before the articles,
    /// so entries written meanwhile are applied again, harmlessly, by the next batch).
    pub async fn rebuild(
        &self,
        store: &dyn Store,
        mut progress: impl FnMut(RebuildProgress) + Send,
    ) -> SearchResult<i64> {
        let _one = self.inner.maintenance.lock().await;
        self.rebuild_locked(store, &mut progress).await
    }

    async fn rebuild_locked(
        &self,
        store: &dyn Store,
        progress: &mut (dyn FnMut(RebuildProgress) + Send),
    ) -> SearchResult<i64> {
        let position = store.last_change_seq().await?;
        let total = store.count_articles().await?;
        let now = Utc::now();
        self.inner.kept.before_change().await;
        {
            let inner = self.inner.clone();
            blocking(move || inner.with_writer(|w| w.writer.delete_all_documents().map(drop)))
                .await?;
        }
        let mut query = ArticleQuery {
            section: None,
            scope: Scope::VisibleAt(now),
            limit: REBUILD_PAGE,
            after: None,
            author: None,
            tag: None,
        };
        let mut indexed = 0u64;
        loop {
            let page = store.list_articles(&query).await?;
            indexed += page.items.len() as u64;
            let inner = self.inner.clone();
            let items = page.items;
            let added = blocking(move || inner.add(&items, now)).await;
            if let Err(e) = added {
                let inner = self.inner.clone();
                let _ =
                    blocking(move || inner.with_writer(|w| w.writer.rollback().map(drop))).await;
                return Err(e);
            }
            progress(RebuildProgress { indexed, total });
            match page.next {
                Some(next) => query.after = Some(next),
                None => break,
            }
        }
        let inner = self.inner.clone();
        blocking(move || inner.commit(position)).await?;
        // Lists worked out before (from the old index) are not kept either.
        self.inner.kept.forget_all().await;
        // The index is whole without the merge, only slower to query: a failed merge (a
        // full disk, say) is reported, not a failed rebuild.
        let inner = self.inner.clone();
        if let Err(error) = blocking(move || inner.merge_all()).await {
            tracing::warn!(%error, "search index rebuilt but its segments not merged");
        }
        tracing::info!(articles = indexed, position, "search index rebuilt");
        Ok(position)
    }

    /// Indexes `articles` directly (those visible at `now`; others are removed) and
    /// commits without moving the log position: for loading an index without a store
    /// (evaluation, benchmarks). Blocking.
    pub fn add_articles(&self, articles: &[Article], now: DateTime<Utc>) -> SearchResult<()> {
        let ids: Vec<ArticleId> = articles.iter().map(|a| a.id).collect();
        let position = self.position().unwrap_or(0);
        self.inner.replace(&ids, articles, now, position)
    }
}

impl Inner {
    fn with_writer<T>(&self, f: impl FnOnce(&mut Writer) -> tantivy::Result<T>) -> SearchResult<T> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| SearchError::Task("the index writer was poisoned".into()))?;
        Ok(f(&mut writer)?)
    }

    fn add(&self, articles: &[Article], now: DateTime<Utc>) -> SearchResult<()> {
        self.with_writer(|w| {
            for article in articles {
                w.writer.delete_term(self.fields.id_term(article.id));
                if let Some(from) = article.visible_from().filter(|from| *from <= now) {
                    w.writer
                        .add_document(schema::document(&self.fields, article, from))?;
                }
            }
            Ok(())
        })
    }

    /// Removes `ids`, adds back those of `articles` visible at `now`, commits at `up_to`.
    fn replace(
        &self,
        ids: &[ArticleId],
        articles: &[Article],
        now: DateTime<Utc>,
        up_to: i64,
    ) -> SearchResult<()> {
        if ids.is_empty() {
            let committed = self.with_writer(|w| Ok(w.committed))?;
            self.position.fetch_max(up_to, Ordering::AcqRel);
            if committed.is_none_or(|c| up_to - c >= LAZY_COMMIT_ENTRIES) {
                self.commit(up_to)?;
            }
            return Ok(());
        }
        self.with_writer(|w| {
            for id in ids {
                w.writer.delete_term(self.fields.id_term(*id));
            }
            Ok(())
        })?;
        self.add(articles, now)?;
        self.commit(up_to)
    }

    /// Merges every segment into one. A rebuild leaves as many segments as the writer's
    /// memory budget cut it into (five at a million articles), and every query pays per
    /// segment: a term looked up in each dictionary, a scorer per term in each. The
    /// related articles of a cold article page ask for a hundred terms. The merge keeps
    /// the commit's payload (the log position).
    fn merge_all(&self) -> SearchResult<()> {
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            self.with_writer(|w| w.writer.merge(&segments).wait().map(drop))?;
            self.reader.reload()?;
        }
        Ok(())
    }

    fn commit(&self, position: i64) -> SearchResult<()> {
        let payload = serde_json::to_string(&Payload {
            schema: SCHEMA_VERSION,
            analyzer: ANALYZER_VERSION,
            position,
        })
        .map_err(|e| SearchError::Task(e.to_string()))?;
        self.with_writer(|w| {
            let mut prepared = w.writer.prepare_commit()?;
            prepared.set_payload(&payload);
            prepared.commit()?;
            w.committed = Some(position);
            Ok(())
        })?;
        self.reader.reload()?;
        self.position.store(position, Ordering::Release);
        Ok(())
    }
}

fn read_payload(index: &Index) -> Option<Payload> {
    let meta = index.load_metas().ok()?;
    serde_json::from_str(meta.payload.as_deref()?).ok()
}

/// Runs index work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> SearchResult<T> + Send + 'static,
) -> SearchResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SearchError::Task(e.to_string()))?
}

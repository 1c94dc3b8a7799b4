//! What a node keeps in memory from the store, and how it follows the change log: the
//! position it has applied, rendered pages (each with what it shows, refreshed or
//! dropped when a change touches it), renditions, the media readers may see, and the
//! snapshot of sections and agencies.
//!
//! The follower is the only thing that moves the position or reloads the snapshot, so a
//! request never asks the store whether anything changed: a cached page costs no query.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use chrono::Utc;
use warraq_domain::{Agency, ArticleId, MediaId, RelatedLink, Section};
use warraq_store::{DynStore, Entity, StoreResult};

use crate::follower::{AppliedPosition, ChangeBatch, ChangeSubscriber};
use crate::images::RenditionCache;
use crate::media_cache::VisibleMediaCache;
use crate::page_cache::purge::Purge;
use crate::page_cache::{PageCache, changes};

/// What almost every page needs and rarely changes: the sections (navigation, labels)
/// and the agencies (credits). Reloaded by the follower when either changes.
#[derive(Debug)]
pub struct Snapshot {
    pub sections: Vec<Section>,
    pub agencies: Vec<Agency>,
}

impl Snapshot {
    async fn load(store: &DynStore) -> StoreResult<Snapshot> {
        Ok(Snapshot {
            sections: store.list_sections().await?,
            agencies: store.list_agencies().await?,
        })
    }
}

pub struct NodeCaches {
    store: DynStore,
    position: Arc<AppliedPosition>,
    pub pages: PageCache,
    pub renditions: RenditionCache,
    pub media: VisibleMediaCache,
    snapshot: RwLock<Arc<Snapshot>>,
    /// Where the surrogate keys of touched pages are sent (a CDN), if anywhere.
    purge: Purge,
}

impl NodeCaches {
    /// Empty caches and a fresh snapshot, at the log's current position.
    pub async fn load(store: DynStore) -> StoreResult<NodeCaches> {
        // The position first: the snapshot read next is at least as new as it.
        let position = store.last_change_seq().await?;
        let snapshot = Snapshot::load(&store).await?;
        Ok(NodeCaches {
            store,
            position: Arc::new(AppliedPosition::new(position)),
            pages: PageCache::default(),
            renditions: RenditionCache::default(),
            media: VisibleMediaCache::default(),
            snapshot: RwLock::new(Arc::new(snapshot)),
            purge: Purge::from_env(),
        })
    }

    /// The log position every cache reflects.
    pub fn position(&self) -> i64 {
        self.position.get()
    }

    pub fn applied_position(&self) -> Arc<AppliedPosition> {
        self.position.clone()
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Reads the editors' picks of the kept article pages' articles not known yet.
    async fn learn_related(&self) -> StoreResult<()> {
        let unknown = self.pages.unknown_related();
        for ids in unknown.chunks(500) {
            let asked: Vec<ArticleId> = ids.iter().copied().map(ArticleId).collect();
            let related: HashMap<i64, Vec<i64>> = self
                .store
                .articles_by_ids(&asked)
                .await?
                .into_iter()
                .map(|a| {
                    let picks = a
                        .related
                        .iter()
                        .filter_map(|r| match r {
                            RelatedLink::Article { id } => Some(id.0),
                            _ => None,
                        })
                        .collect();
                    (a.id.0, picks)
                })
                .collect();
            self.pages.learn_related(ids, &related);
        }
        Ok(())
    }

    async fn reload_snapshot(&self) -> StoreResult<()> {
        let fresh = Arc::new(Snapshot::load(&self.store).await?);
        *self.snapshot.write().unwrap_or_else(|p| p.into_inner()) = fresh;
        Ok(())
    }
}

#[async_trait]
impl ChangeSubscriber for NodeCaches {
    fn name(&self) -> &'static str {
        "node caches"
    }

    async fn apply(&self, batch: &ChangeBatch) -> anyhow::Result<()> {
        // The one step that asks the store goes first, so a failure leaves nothing half
        // done (the batch comes again anyway).
        if batch.touches(Entity::Section) || batch.touches(Entity::Agency) {
            self.reload_snapshot().await?;
        }
        // What the batch touches among kept pages, and the editors' picks of the kept
        // article pages when an article that appeared may be one (store reads first too).
        let touch = changes::touch_of(batch, self.store.as_ref(), Utc::now()).await?;
        if touch.needs_related() {
            self.learn_related().await?;
        }
        // Invalidations take effect before the position moves: a request that read the
        // old state cannot put it back (see the `observed` guards and page tickets).
        self.renditions
            .invalidate(batch.ids_of(Entity::Blob), batch.up_to);
        if batch.touches(Entity::Article) || batch.touches(Entity::Person) {
            // Which pictures an article showed before the change is not in the log, nor
            // which photo a person had (a picture may stop being anyone's photo).
            self.media.clear(batch.up_to);
        } else {
            let changed = batch
                .ids_of(Entity::Media)
                .into_iter()
                .filter_map(|id| id.parse().ok().map(MediaId));
            self.media.forget(changed, batch.up_to);
        }
        if !touch.is_empty() {
            // Touched pages read recently are rendered again now, the old ones served
            // meanwhile unless they may show what readers must no longer see; once the
            // position moves, none of them is left as it was.
            self.purge.send(&touch, &self.pages);
            let hot = self.pages.invalidate(batch.up_to, touch);
            let wanted = hot.len();
            let started = std::time::Instant::now();
            let done = self.pages.refresh(hot, batch.up_to).await;
            self.pages.finish();
            if wanted > 0 {
                tracing::debug!(
                    wanted,
                    done,
                    ms = started.elapsed().as_millis() as u64,
                    "pages refreshed"
                );
            }
        }
        Ok(())
    }

    async fn rebuild(&self, position: i64) -> anyhow::Result<()> {
        self.reload_snapshot().await?;
        self.renditions.clear(position);
        self.media.clear(position);
        self.pages.clear();
        Ok(())
    }
}

//! What a node keeps in memory from the store, and how it follows the change log: the
//! position it has applied, rendered pages (keyed on that position), renditions, the
//! media readers may see, and the snapshot of sections and agencies.
//!
//! The follower is the only thing that moves the position or reloads the snapshot, so a
//! request never asks the store whether anything changed: a cached page costs no query.

use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use warraq_domain::{Agency, MediaId, Section};
use warraq_store::{DynStore, Entity, StoreResult};

use crate::follower::{AppliedPosition, ChangeBatch, ChangeSubscriber};
use crate::images::RenditionCache;
use crate::media_cache::VisibleMediaCache;
use crate::page_cache::PageCache;

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
        // Invalidations take effect before the position moves: a request that read the
        // old state cannot put it back (see the `observed` guards).
        self.renditions
            .invalidate(batch.ids_of(Entity::Blob), batch.up_to);
        if batch.touches(Entity::Article) {
            // Which pictures an article showed before the change is not in the log.
            self.media.clear(batch.up_to);
        } else {
            let changed = batch
                .ids_of(Entity::Media)
                .into_iter()
                .filter_map(|id| id.parse().ok().map(MediaId));
            self.media.forget(changed, batch.up_to);
        }
        // Rendered pages are keyed on the position: moving it (the follower does, once
        // every subscriber applied the batch) retires them all, since any change may show
        // on any page (navigation, home, related items).
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

//! The node's search index as a follower of the change log, its start-up catch-up, and
//! the related articles it suggests when editors picked none.

use std::time::Instant;

use async_trait::async_trait;
use tokio_util::sync::CancellationToken;
use warraq_domain::{Article, RelatedLink};
use warraq_search::{Applied, SearchIndex};
use warraq_store::DynStore;

use crate::error::AppError;
use crate::follower::{ChangeBatch, ChangeSubscriber};
use crate::state::AppState;

/// How many related articles the index suggests for an article without editors' picks.
pub const SUGGESTED_RELATED: usize = 4;

/// Hands the follower's batches to the search index.
pub struct SearchSubscriber {
    index: SearchIndex,
    store: DynStore,
}

impl SearchSubscriber {
    pub fn new(index: SearchIndex, store: DynStore) -> Self {
        SearchSubscriber { index, store }
    }
}

#[async_trait]
impl ChangeSubscriber for SearchSubscriber {
    fn name(&self) -> &'static str {
        "search index"
    }

    async fn apply(&self, batch: &ChangeBatch) -> anyhow::Result<()> {
        // `Deferred` while the start-up catch-up runs: it reads these entries itself.
        self.index
            .apply(&batch.changes, batch.up_to, &*self.store)
            .await?;
        Ok(())
    }

    async fn rebuild(&self, _position: i64) -> anyhow::Result<()> {
        // The index keeps its own position: it rebuilds only if it too fell behind.
        self.index.catch_up(&*self.store).await?;
        Ok(())
    }
}

/// Brings the index up to the end of the log without holding anything up (a first build
/// takes about 40 s per 100,000 articles); stops with the node.
pub async fn catch_up_in_background(
    index: SearchIndex,
    store: DynStore,
    shutdown: CancellationToken,
) {
    let started = Instant::now();
    tokio::select! {
        () = shutdown.cancelled() => {}
        applied = index.catch_up(&*store) => match applied {
            Ok(Applied::Rebuilt { reason, position }) => tracing::info!(
                ?reason, position, articles = index.len(),
                seconds = started.elapsed().as_secs_f32(), "search index built"
            ),
            Ok(applied) => tracing::info!(?applied, "search index caught up"),
            // The follower's next batch tries again (an index without a position catches up).
            Err(error) => tracing::warn!(%error, "search index catch-up failed"),
        },
    }
}

/// Fills the related links of articles whose editors picked none with the index's
/// suggestions, kept with the index once worked out (only visible articles are indexed;
/// the resolver checks again). Returns whether the index was ready, so that pages made
/// without it are not kept.
pub async fn with_suggestions(
    state: &AppState,
    mut articles: Vec<Article>,
) -> Result<(Vec<Article>, bool), AppError> {
    let Some(index) = state.search().cloned() else {
        return Ok((articles, true));
    };
    let wanted: Vec<_> = articles
        .iter()
        .filter(|a| a.related.is_empty())
        .map(|a| a.id)
        .collect();
    if wanted.is_empty() {
        return Ok((articles, true));
    }
    let ready = state.search_ready();
    let suggestions = index.suggested(&wanted, SUGGESTED_RELATED).await?;
    for (id, related) in suggestions {
        if let Some(article) = articles.iter_mut().find(|a| a.id == id) {
            article.content.related = related
                .into_iter()
                .map(|id| RelatedLink::Article { id })
                .collect();
        }
    }
    Ok((articles, ready))
}

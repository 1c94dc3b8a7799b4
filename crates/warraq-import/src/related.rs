//! Related stories: one whose title is the headline of an article we hold becomes a link
//! to that article; any other is kept as an external reference, never dropped.
//!
//! Any article we hold may be linked, whatever its state: pages and the API resolve links
//! for the moment they are shown (`resolve_article` with `visible_at`), so a link to an
//! article readers cannot see yet appears when it goes live.
//!
//! These are reads of what is committed, made before the item's transaction begins.

use warraq_domain::{ArticleId, ExternalRelated, RelatedLink};
use warraq_store::{ArticleStore, StoreResult};

/// Resolves each related item in order. `own_id` (the article being imported, when it
/// exists already) is never linked to itself.
pub async fn resolve_related(
    store: &dyn ArticleStore,
    related: &[ExternalRelated],
    own_id: Option<ArticleId>,
) -> StoreResult<Vec<RelatedLink>> {
    let mut links = Vec::with_capacity(related.len());
    for item in related {
        links.push(match matching_article(store, &item.title, own_id).await? {
            Some(id) => RelatedLink::Article { id },
            None => RelatedLink::External(item.clone()),
        });
    }
    Ok(links)
}

/// Whether any external entry of `links` now names an article we hold: after a batch,
/// items imported before the article they point to are linked in a second pass.
pub async fn relink(
    store: &dyn ArticleStore,
    links: &[RelatedLink],
    own_id: ArticleId,
) -> StoreResult<Option<Vec<RelatedLink>>> {
    let mut changed = false;
    let mut out = Vec::with_capacity(links.len());
    for link in links {
        match link {
            RelatedLink::External(item) => {
                match matching_article(store, &item.title, Some(own_id)).await? {
                    Some(id) => {
                        changed = true;
                        out.push(RelatedLink::Article { id });
                    }
                    None => out.push(link.clone()),
                }
            }
            RelatedLink::Article { .. } => out.push(link.clone()),
        }
    }
    Ok(changed.then_some(out))
}

async fn matching_article(
    store: &dyn ArticleStore,
    title: &str,
    own_id: Option<ArticleId>,
) -> StoreResult<Option<ArticleId>> {
    if title.trim().is_empty() {
        return Ok(None);
    }
    let ids = store.find_articles_by_headline(title).await?;
    Ok(ids.into_iter().find(|id| Some(*id) != own_id))
}

//! Loads an article together with everything its page, its ninjs document or its export
//! shows: section, hero photo, bureau, authors, related articles, body pictures.

use std::collections::HashMap;

use warraq_domain::{
    Article, ArticleId, Block, MediaId, RelatedLink, ResolvedArticle, ResolvedRelated, SectionId,
};

use crate::error::StoreResult;
use crate::store::Store;

/// Resolves one article. Related links to missing or unpublished articles are dropped
/// when `published_only` is set (reader pages); kept otherwise (newsroom, export).
pub async fn resolve_article(
    store: &dyn Store,
    article: Article,
    published_only: bool,
) -> StoreResult<ResolvedArticle> {
    let sections: HashMap<SectionId, _> = store
        .list_sections()
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let section = match sections.get(&article.section_id) {
        Some(s) => s.clone(),
        None => store.section(article.section_id).await?,
    };

    let related_ids: Vec<ArticleId> = article
        .related
        .iter()
        .filter_map(|r| match r {
            RelatedLink::Article { id } => Some(*id),
            RelatedLink::External(_) => None,
        })
        .collect();
    let related_articles: HashMap<ArticleId, Article> = store
        .articles_by_ids(&related_ids)
        .await?
        .into_iter()
        .filter(|a| !published_only || a.is_published())
        .map(|a| (a.id, a))
        .collect();

    let mut media_ids: Vec<MediaId> = article.hero_id.into_iter().collect();
    media_ids.extend(related_articles.values().filter_map(|a| a.hero_id));
    media_ids.extend(article.body.iter().filter_map(|b| match b {
        Block::Image { media_id, .. } => Some(*media_id),
        _ => None,
    }));
    let media: HashMap<MediaId, _> = store
        .media_many(&media_ids)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();

    let mut bureau_ids: Vec<_> = article.bureau_id.into_iter().collect();
    bureau_ids.extend(related_articles.values().filter_map(|a| a.bureau_id));
    let mut bureaus = HashMap::new();
    for id in bureau_ids {
        if let std::collections::hash_map::Entry::Vacant(slot) = bureaus.entry(id) {
            match store.bureau(id).await {
                Ok(b) => {
                    slot.insert(b);
                }
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
    }

    let mut authors = Vec::new();
    for id in &article.author_ids {
        match store.person(*id).await {
            Ok(p) => authors.push(p),
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e),
        }
    }

    let related = article
        .related
        .iter()
        .filter_map(|link| match link {
            RelatedLink::Article { id } => {
                let target = related_articles.get(id)?;
                let section = sections.get(&target.section_id)?.clone();
                Some(ResolvedRelated::Article {
                    thumbnail: target.hero_id.and_then(|m| media.get(&m).cloned()),
                    bureau: target.bureau_id.and_then(|b| bureaus.get(&b).cloned()),
                    article: Box::new(target.clone()),
                    section,
                })
            }
            RelatedLink::External(external) => Some(ResolvedRelated::External(external.clone())),
        })
        .collect();

    let body_media = article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Image { media_id, .. } => media.get(media_id).cloned(),
            _ => None,
        })
        .collect();

    Ok(ResolvedArticle {
        hero: article.hero_id.and_then(|m| media.get(&m).cloned()),
        bureau: article.bureau_id.and_then(|b| bureaus.get(&b).cloned()),
        section,
        authors,
        related,
        body_media,
        article,
    })
}

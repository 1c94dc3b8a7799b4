//! Loads articles together with everything their pages, ninjs documents or exports show:
//! section, hero photo, bureau, authors (and their photos), related articles, body
//! pictures.
//!
//! Lists resolve in one batch: the sections, related articles, pictures, bureaus and
//! people of every article are loaded once for the whole list, not once per article.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use warraq_domain::{
    Article, ArticleId, Bureau, BureauId, Media, MediaId, Person, PersonId, RelatedLink,
    ResolvedArticle, ResolvedRelated, Section, SectionId,
};

use crate::error::{StoreError, StoreResult};
use crate::store::Store;

/// Resolves one article. With `visible_at` (reader pages, the API), related links to
/// articles readers may not see at that moment are dropped; without it (newsroom,
/// export) they are kept.
pub async fn resolve_article(
    store: &dyn Store,
    article: Article,
    visible_at: Option<DateTime<Utc>>,
) -> StoreResult<ResolvedArticle> {
    let mut resolved = resolve_articles(store, vec![article], visible_at).await?;
    resolved
        .pop()
        .ok_or_else(|| StoreError::Corrupt("resolving one article gave none".into()))
}

/// Resolves a list of articles, in their order, with one lookup per kind of record.
pub async fn resolve_articles(
    store: &dyn Store,
    articles: Vec<Article>,
    visible_at: Option<DateTime<Utc>>,
) -> StoreResult<Vec<ResolvedArticle>> {
    if articles.is_empty() {
        return Ok(Vec::new());
    }
    let sections: HashMap<SectionId, Section> = store
        .list_sections()
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();

    let related_ids: Vec<ArticleId> = unique(articles.iter().flat_map(|a| {
        a.related.iter().filter_map(|r| match r {
            RelatedLink::Article { id } => Some(*id),
            RelatedLink::External(_) => None,
        })
    }));
    let related_articles: HashMap<ArticleId, Article> = store
        .articles_by_ids(&related_ids)
        .await?
        .into_iter()
        .filter(|a| visible_at.is_none_or(|now| a.is_visible_at(now)))
        .map(|a| (a.id, a))
        .collect();

    let author_ids = unique(articles.iter().flat_map(|a| a.author_ids.iter().copied()));
    let people: HashMap<PersonId, Person> = store
        .people_many(&author_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();

    let media_ids = unique(
        articles
            .iter()
            .flat_map(|a| a.media_ids())
            .chain(related_articles.values().filter_map(|a| a.hero_id))
            .chain(people.values().filter_map(|p| p.photo)),
    );
    let media: HashMap<MediaId, Media> = store
        .media_many(&media_ids)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();

    let bureau_ids = unique(
        articles
            .iter()
            .filter_map(|a| a.bureau_id)
            .chain(related_articles.values().filter_map(|a| a.bureau_id)),
    );
    let bureaus: HashMap<BureauId, Bureau> = store
        .bureaus_many(&bureau_ids)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();

    let mut resolved = Vec::with_capacity(articles.len());
    for article in articles {
        let section = match sections.get(&article.section_id) {
            Some(s) => s.clone(),
            None => store.section(article.section_id).await?,
        };
        resolved.push(assemble(
            article,
            section,
            &Lookups {
                sections: &sections,
                related: &related_articles,
                media: &media,
                bureaus: &bureaus,
                people: &people,
            },
        ));
    }
    Ok(resolved)
}

struct Lookups<'a> {
    sections: &'a HashMap<SectionId, Section>,
    related: &'a HashMap<ArticleId, Article>,
    media: &'a HashMap<MediaId, Media>,
    bureaus: &'a HashMap<BureauId, Bureau>,
    people: &'a HashMap<PersonId, Person>,
}

fn assemble(article: Article, section: Section, found: &Lookups<'_>) -> ResolvedArticle {
    let related = article
        .related
        .iter()
        .filter_map(|link| match link {
            RelatedLink::Article { id } => {
                let target = found.related.get(id)?;
                let section = found.sections.get(&target.section_id)?.clone();
                Some(ResolvedRelated::Article {
                    thumbnail: target.hero_id.and_then(|m| found.media.get(&m).cloned()),
                    bureau: target
                        .bureau_id
                        .and_then(|b| found.bureaus.get(&b).cloned()),
                    article: Box::new(target.clone()),
                    section,
                })
            }
            RelatedLink::External(external) => Some(ResolvedRelated::External(external.clone())),
        })
        .collect();
    let authors: Vec<Person> = article
        .author_ids
        .iter()
        .filter_map(|id| found.people.get(id).cloned())
        .collect();
    ResolvedArticle {
        hero: article.hero_id.and_then(|m| found.media.get(&m).cloned()),
        bureau: article
            .bureau_id
            .and_then(|b| found.bureaus.get(&b).cloned()),
        author_photos: authors
            .iter()
            .filter_map(|p| p.photo.and_then(|m| found.media.get(&m).cloned()))
            .collect(),
        authors,
        body_media: article
            .body_media_ids()
            .filter_map(|id| found.media.get(&id).cloned())
            .collect(),
        related,
        section,
        article,
    }
}

/// The distinct ids, in first-seen order.
fn unique<T: Copy + Eq + std::hash::Hash>(ids: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

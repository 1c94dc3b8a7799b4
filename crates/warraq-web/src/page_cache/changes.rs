//! From a batch of the change log to the pages it touches ([`Touch`]). The log names the
//! records that changed, not what they were, so the store is asked for the articles as
//! they are now and for the revision before the last save (where an article was before:
//! its section, tags, authors, whether readers could see it).
//!
//! An article change touches the pages that show it (they link it), its home, the
//! site-wide lists, and the lists of its section, tags and authors before and after; once
//! visible, also the pages of the articles relating to it (editors' picks) and the page
//! of the article now before it in reading order. A draft readers never saw touches
//! nothing else. Sections and agencies (navigation, credits) and edits of people and
//! bureaus (bylines) touch every page.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use warraq_domain::arabic::slugify;
use warraq_domain::{Article, ArticleDraft, ArticleId, MediaId, PersonId};
use warraq_store::{
    ArticleQuery, Change, ChangeKind, Cursor, Entity, Store, StoreError, StoreResult,
};

use super::deps::Dep;
use super::touch::{Mode, Touch};
use crate::follower::ChangeBatch;

/// The pages `batch` touches, judged at `now`.
pub async fn touch_of(
    batch: &ChangeBatch,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> StoreResult<Touch> {
    let mut touch = Touch::default();
    let mut media = Vec::new();
    for change in &batch.changes {
        let mode = match change.kind {
            ChangeKind::Deleted => Mode::Drop,
            _ => Mode::Refresh,
        };
        match change.entity {
            Entity::Article => {}
            // Pages show pictures through their records, never a blob's bytes;
            // redirects lead to pages without being kept themselves.
            Entity::Blob | Entity::Redirect => {}
            // Nothing shows a new picture, person or bureau until an article does (and
            // that article's change touches its pages).
            Entity::Media | Entity::Person | Entity::Bureau
                if change.kind == ChangeKind::Created => {}
            Entity::Media if change.kind == ChangeKind::Updated => media.push(change),
            // Bylines and bureaus show on any article anywhere (teasers, related items);
            // sections and agencies are the navigation and credits of every page; and a
            // kind of record this cache does not know might show anywhere.
            _ => touch.everything(mode),
        }
    }
    touch_articles(&mut touch, batch, store, now).await?;
    touch_media(&mut touch, &media, store).await?;
    Ok(touch)
}

async fn touch_media(touch: &mut Touch, changes: &[&Change], store: &dyn Store) -> StoreResult<()> {
    let ids: Vec<MediaId> = changes
        .iter()
        .filter_map(|c| c.entity_id.parse().ok().map(MediaId))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let found: HashMap<MediaId, _> = store
        .media_many(&ids)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    for id in ids {
        match found.get(&id) {
            // A picture we can show is linked as `/media/{id}` wherever it appears.
            Some(m)
                if m.file.is_some()
                    || m.source_url
                        .as_deref()
                        .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://")) =>
            {
                touch.add(Dep::Media(id.0), Mode::Refresh);
                touch.add(Dep::Many, Mode::Refresh);
            }
            // Only its caption and credit are shown, unlinked: no page records it.
            Some(_) => touch.everything(Mode::Refresh),
            None => touch.everything(Mode::Drop),
        }
    }
    Ok(())
}

/// Where an article was before the changes of this batch.
enum Before {
    /// It did not exist.
    Nothing,
    /// Its content is as created (only the go-live may have moved its status).
    Same,
    Content(Box<ArticleDraft>),
    Unknown,
}

impl Before {
    fn maybe_visible(&self, now: DateTime<Utc>) -> bool {
        match self {
            Before::Nothing => false,
            Before::Content(draft) => draft.is_visible_at(now),
            Before::Same | Before::Unknown => true,
        }
    }
}

async fn before_of(
    store: &dyn Store,
    article: &Article,
    changes: &[&Change],
) -> StoreResult<Before> {
    if changes.iter().all(|c| c.kind == ChangeKind::Created) {
        return Ok(Before::Nothing);
    }
    if article.version <= 1 {
        return Ok(Before::Same);
    }
    // Every save is a revision; the go-live changes the status alone, without one.
    match store.revision(article.id, article.version - 1).await {
        Ok(revision) => Ok(Before::Content(Box::new(revision.content))),
        Err(StoreError::NotFound { .. }) => Ok(Before::Unknown),
        Err(error) => Err(error),
    }
}

async fn touch_articles(
    touch: &mut Touch,
    batch: &ChangeBatch,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut changes: HashMap<ArticleId, Vec<&Change>> = HashMap::new();
    for change in batch.changes.iter().filter(|c| c.entity == Entity::Article) {
        if let Ok(id) = change.entity_id.parse() {
            changes.entry(ArticleId(id)).or_default().push(change);
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    let ids: Vec<ArticleId> = changes.keys().copied().collect();
    let found: HashMap<ArticleId, Article> = store
        .articles_by_ids(&ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut people = People::default();
    for (id, changes) in &changes {
        let Some(article) = found.get(id) else {
            // Deleted: whatever showed it goes; where it was listed is not known.
            touch.add(Dep::Article(id.0), Mode::Drop);
            touch_lists(touch);
            touch.every_scoped_list(Mode::Refresh);
            continue;
        };
        let visible = article.is_visible_at(now);
        // The pages showing it: out of date if readers may still see it, wrong if not.
        let mode = if visible { Mode::Refresh } else { Mode::Drop };
        touch.add(Dep::Article(id.0), mode);
        let before = before_of(store, article, changes).await?;
        if !visible && !before.maybe_visible(now) && changes.len() == 1 {
            // A draft (or a story still scheduled) that readers never saw: no list holds it.
            continue;
        }
        touch_lists(touch);
        touch_scoped_lists(touch, article, store, &mut people).await?;
        match &before {
            Before::Content(draft) => touch_scoped_lists(touch, draft, store, &mut people).await?,
            Before::Unknown => touch.every_scoped_list(Mode::Refresh),
            Before::Nothing | Before::Same => {}
        }
        if visible {
            touch.relaters_of(id.0);
            let next = store
                .list_articles(&ArticleQuery {
                    limit: 1,
                    after: Some(Cursor::of(article)),
                    ..ArticleQuery::visible_at(now)
                })
                .await?;
            if let Some(next) = next.items.first() {
                touch.next_of(next.id.0);
            }
        }
    }
    Ok(())
}

/// Lists of everything: the home page, feeds, sitemaps, the API list.
fn touch_lists(touch: &mut Touch) {
    for dep in [Dep::Home, Dep::Lists, Dep::Many] {
        touch.add(dep, Mode::Refresh);
    }
}

/// The lists of the section, tags and authors of `draft`.
async fn touch_scoped_lists(
    touch: &mut Touch,
    draft: &ArticleDraft,
    store: &dyn Store,
    people: &mut People,
) -> StoreResult<()> {
    touch.add(Dep::Section(draft.section_id.0), Mode::Refresh);
    for tag in &draft.tags {
        let slug = slugify(tag);
        if !slug.is_empty() {
            touch.add(Dep::Tag(slug), Mode::Refresh);
        }
    }
    for id in &draft.author_ids {
        match people.slug(store, *id).await? {
            Some(slug) => touch.add(Dep::Author(slug), Mode::Refresh),
            None => touch.every_scoped_list(Mode::Refresh),
        }
    }
    Ok(())
}

/// People's slugs (author pages are known by them), read once per batch.
#[derive(Default)]
struct People(HashMap<PersonId, Option<String>>);

impl People {
    async fn slug(&mut self, store: &dyn Store, id: PersonId) -> StoreResult<Option<String>> {
        if let Some(slug) = self.0.get(&id) {
            return Ok(slug.clone());
        }
        let slug = match store.person(id).await {
            Ok(person) => Some(person.slug),
            Err(StoreError::NotFound { .. }) => None,
            Err(error) => return Err(error),
        };
        self.0.insert(id, slug.clone());
        Ok(slug)
    }
}

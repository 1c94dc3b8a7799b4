//! Importing units into the store, one transaction per item: read what the store holds
//! under the item's key, create the section, bureau, people and pictures it brings, upsert
//! the article, record redirects from its old addresses, commit. A refused item rolls its
//! transaction back, so it leaves nothing behind; what the report counts and what the
//! resolver caches take effect only once the transaction has committed.

use chrono::{DateTime, Utc};
use warraq_domain::arabic::normalize_text;
use warraq_domain::{
    Actor, ArticleDraft, ArticleId, ExternalRelated, IncomingMedia, MediaId, RelatedLink,
};
use warraq_store::{Store, StoreError, UpsertOutcome, WriteTx};

use crate::args::ImportAs;
use crate::draft::{Previous, ResolvedRefs, build_draft};
use crate::error::ImportError;
use crate::media::{MediaOutcome, media_draft, source_url_of, store_media};
use crate::related::{relink, resolve_related};
use crate::report::{ImportReport, ItemEntry, ItemOutcome, Warning};
use crate::resolver::{FALLBACK_SECTION, StoreResolver, section_name_of};
use crate::unit::{ArticleUnit, Origin};

/// Why one item failed: refused by the import's own checks, or by the store (refused, or
/// fatal when the store is gone).
enum ItemError {
    Refused(String),
    Store(StoreError),
}

impl From<StoreError> for ItemError {
    fn from(e: StoreError) -> Self {
        ItemError::Store(e)
    }
}

impl ItemError {
    /// The reason the item is refused, or the error that stops the whole import.
    fn into_refusal(self) -> Result<String, ImportError> {
        match self {
            ItemError::Refused(reason) => Ok(reason),
            ItemError::Store(e) => match e {
                StoreError::Unavailable(_) | StoreError::SchemaTooNew { .. } => Err(e.into()),
                other => Ok(other.to_string()),
            },
        }
    }

    /// A record another import added while this item's transaction ran: trying the item
    /// once more, in a new transaction, finds it.
    fn is_race(&self) -> bool {
        matches!(self, ItemError::Store(StoreError::Duplicate { .. }))
    }
}

/// An article stored with related items still external, to link in a second pass when
/// the batch itself held the articles they name.
struct PendingLinks {
    origin: Origin,
    source_key: String,
    id: ArticleId,
    related: Vec<RelatedLink>,
}

/// What one item's transaction did, applied to the report and the importer only after it
/// committed.
#[derive(Default)]
struct ItemWrites {
    sections_created: Vec<String>,
    media: Vec<(MediaId, MediaOutcome)>,
    warnings: Vec<Warning>,
    pending: Option<PendingLinks>,
}

struct Written {
    id: ArticleId,
    outcome: UpsertOutcome,
    writes: ItemWrites,
}

pub struct StoreImporter<'a> {
    store: &'a dyn Store,
    resolver: StoreResolver,
    mode: ImportAs,
    now: DateTime<Utc>,
    pending: Vec<PendingLinks>,
    /// Every picture this import stored or found again, for `--fetch-media`.
    touched_media: Vec<MediaId>,
}

impl<'a> StoreImporter<'a> {
    /// Prepares an import into `store`. A store that has never been used gets the default
    /// sections and agencies first, so the items are filed among them rather than each
    /// creating its own section.
    pub async fn new(
        store: &'a dyn Store,
        mode: ImportAs,
        now: DateTime<Utc>,
    ) -> Result<Self, ImportError> {
        store.seed_defaults().await?;
        Ok(Self {
            store,
            resolver: StoreResolver::new(store).await?,
            mode,
            now,
            pending: Vec::new(),
            touched_media: Vec::new(),
        })
    }

    /// The pictures this import stored or found again, each once, in the order met.
    pub fn touched_media(&self) -> Vec<MediaId> {
        let mut seen = std::collections::HashSet::new();
        self.touched_media
            .iter()
            .copied()
            .filter(|id| seen.insert(*id))
            .collect()
    }

    pub fn section_names(&self) -> Vec<String> {
        self.resolver.section_names()
    }

    /// Imports one article and records the outcome in `report`. Errors only when the
    /// store cannot be reached at all.
    pub async fn article(
        &mut self,
        unit: &ArticleUnit,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        let mut result = self.try_article(unit).await;
        if result.as_ref().is_err_and(ItemError::is_race) {
            result = self.try_article(unit).await;
        }
        match result {
            Ok(written) => {
                self.apply(written.writes, report);
                let outcome = match written.outcome {
                    UpsertOutcome::Created => ItemOutcome::Created,
                    UpsertOutcome::Updated => ItemOutcome::Updated,
                    UpsertOutcome::Unchanged => ItemOutcome::Unchanged,
                };
                let mut entry = ItemEntry::new(outcome, &unit.origin);
                entry.article_id = Some(written.id.0);
                entry.headline = Some(unit.incoming.headline.clone());
                report.push(entry);
                Ok(())
            }
            Err(e) => {
                let mut entry = ItemEntry::refused(&unit.origin, e.into_refusal()?);
                entry.headline =
                    Some(unit.incoming.headline.clone()).filter(|h| !h.trim().is_empty());
                report.push(entry);
                Ok(())
            }
        }
    }

    /// What a committed item's transaction made now counts.
    fn apply(&mut self, writes: ItemWrites, report: &mut ImportReport) {
        report.sections_created.extend(writes.sections_created);
        for (id, outcome) in writes.media {
            count_media(report, outcome);
            self.touched_media.push(id);
        }
        for warning in writes.warnings {
            report.warn(warning);
        }
        self.pending.extend(writes.pending);
    }

    /// One attempt at the item, in a transaction of its own.
    async fn try_article(&mut self, unit: &ArticleUnit) -> Result<Written, ItemError> {
        let incoming = &unit.incoming;
        let key = incoming.source_key.trim();
        if key.is_empty() {
            return Err(ItemError::Refused(
                "the item has no source key, so it could not be imported idempotently".into(),
            ));
        }
        if incoming.headline.trim().is_empty() {
            return Err(ItemError::Refused("the item has no headline".into()));
        }
        // Matching related titles reads what is committed, before the transaction begins.
        let known_id = self.store.article_id_by_key(key).await?;
        let related = resolve_related(self.store, &incoming.related, known_id).await?;

        let mut tx = self.store.begin(Actor::Import).await?;
        let written = self.write_item(tx.as_mut(), unit, key, related).await;
        let written = match written {
            Ok(written) => written,
            Err(e) => {
                // Dropping the transaction rolls back everything the item wrote.
                drop(tx);
                self.resolver.forget();
                return Err(e);
            }
        };
        if let Err(e) = tx.commit().await {
            self.resolver.forget();
            return Err(e.into());
        }
        self.resolver.keep();
        Ok(written)
    }

    async fn write_item(
        &mut self,
        tx: &mut dyn WriteTx,
        unit: &ArticleUnit,
        key: &str,
        related: Vec<RelatedLink>,
    ) -> Result<Written, ItemError> {
        let incoming = &unit.incoming;
        let mut writes = ItemWrites::default();
        let own_id = tx.article_id_by_key(key).await?;
        let previous = match own_id {
            Some(id) => Previous::of(&tx.article(id).await?.content),
            None => Previous::default(),
        };

        let section_name = match section_name_of(&incoming.sections) {
            Some(name) => name,
            None => {
                writes.warnings.push(Warning::new(
                    &unit.origin,
                    format!("no section given: filed under «{FALLBACK_SECTION}»"),
                ));
                FALLBACK_SECTION.to_string()
            }
        };
        let (section_id, created) = self.resolver.section(tx, &section_name).await?;
        if created {
            writes.sections_created.push(section_name);
        }
        let bureau_id = match incoming
            .bureau
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(city) => Some(self.resolver.bureau(tx, city).await?),
            None => None,
        };
        let mut author_ids = Vec::new();
        for name in incoming
            .authors
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            let id = self.resolver.person(tx, name).await?;
            if !author_ids.contains(&id) {
                author_ids.push(id);
            }
        }
        let hero_id = match &incoming.hero {
            Some(media) => Some(item_media(tx, media, key, "hero", &mut writes).await?),
            None => None,
        };
        for (i, media) in incoming.other_media.iter().enumerate() {
            item_media(tx, media, key, &format!("media/{}", i + 1), &mut writes).await?;
        }
        for (i, portrait) in incoming.author_photos.iter().enumerate() {
            let name = normalize_text(portrait.person.trim());
            if !incoming
                .authors
                .iter()
                .any(|a| normalize_text(a.trim()) == name)
            {
                writes.warnings.push(Warning::new(
                    &unit.origin,
                    format!("a photo of «{name}», who is not among the authors, was left out"),
                ));
                continue;
            }
            let person = self.resolver.person(tx, &name).await?;
            let slot = format!("author-photo/{}", i + 1);
            let photo = item_media(tx, &portrait.photo, key, &slot, &mut writes).await?;
            // A photo the newsroom chose is never replaced by a source's.
            if tx.person(person).await?.photo.is_none() {
                tx.set_person_photo(person, Some(photo)).await?;
            }
        }

        let refs = ResolvedRefs {
            section_id,
            bureau_id,
            author_ids,
            hero_id,
            related: never_itself(related, &incoming.related, own_id),
        };
        let draft = build_draft(
            incoming,
            refs,
            self.mode,
            unit.source_status,
            previous,
            self.now,
        );
        draft
            .validate()
            .map_err(|e| ItemError::Refused(e.to_string()))?;
        let (article, outcome) = tx.upsert_article_by_key(key, &draft).await?;

        for path in incoming
            .old_paths
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
        {
            match tx.redirect(path).await? {
                Some(existing) if existing == article.id => {}
                Some(other) => writes.warnings.push(Warning::new(
                    &unit.origin,
                    format!(
                        "old address {path} already redirects to article {other}; left as it is"
                    ),
                )),
                None => tx.add_redirect(path, article.id).await?,
            }
        }
        if draft
            .related
            .iter()
            .any(|r| matches!(r, RelatedLink::External(_)))
        {
            writes.pending = Some(PendingLinks {
                origin: unit.origin.clone(),
                source_key: key.to_string(),
                id: article.id,
                related: draft.related,
            });
        }
        Ok(Written {
            id: article.id,
            outcome,
            writes,
        })
    }

    /// A picture the source lists on its own (a WXR attachment), in a transaction of its
    /// own.
    pub async fn standalone_media(
        &mut self,
        origin: &Origin,
        media: &IncomingMedia,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        if media
            .source_url
            .as_deref()
            .is_none_or(|u| u.trim().is_empty())
        {
            report.warn(Warning::new(origin, "a picture without a URL was left out"));
            return Ok(());
        }
        let draft = media_draft(media, source_url_of(media, "", "attachment"));
        let stored = async {
            let mut tx = self.store.begin(Actor::Import).await?;
            let stored = store_media(tx.as_mut(), &draft).await?;
            tx.commit().await?;
            Ok(stored)
        };
        match stored.await {
            Ok((stored, outcome)) => {
                count_media(report, outcome);
                self.touched_media.push(stored.id);
                Ok(())
            }
            Err(e) => {
                let reason = ItemError::Store(e).into_refusal()?;
                report.warn(Warning::new(
                    origin,
                    format!("picture not stored: {reason}"),
                ));
                Ok(())
            }
        }
    }

    /// Second pass: links related items to articles the same batch brought in after the
    /// article that names them, one transaction per article. The item's reported outcome
    /// stays that of its first write.
    pub async fn link_within_batch(
        &mut self,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        for pending in std::mem::take(&mut self.pending) {
            let linked = match relink(self.store, &pending.related, pending.id).await {
                Ok(None) => Ok(()),
                Ok(Some(related)) => self.store_links(&pending, related).await,
                Err(e) => Err(e),
            };
            if let Err(e) = linked {
                let reason = ItemError::Store(e).into_refusal()?;
                report.warn(Warning::new(
                    &pending.origin,
                    format!("related items not linked: {reason}"),
                ));
            }
        }
        Ok(())
    }

    /// Replaces the article's related items with `related`, unless they changed since the
    /// first pass wrote them (the batch held the item twice, or someone edited it).
    async fn store_links(
        &self,
        pending: &PendingLinks,
        related: Vec<RelatedLink>,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.begin(Actor::Import).await?;
        let current = tx.article(pending.id).await?;
        if current.related != pending.related {
            return Ok(());
        }
        let draft = ArticleDraft {
            related,
            ..current.content.clone()
        };
        tx.upsert_article_by_key(&pending.source_key, &draft)
            .await?;
        tx.commit().await
    }
}

/// Stores one picture of the item in its transaction; counted once it commits.
async fn item_media(
    tx: &mut dyn WriteTx,
    media: &IncomingMedia,
    source_key: &str,
    slot: &str,
    writes: &mut ItemWrites,
) -> Result<MediaId, ItemError> {
    let draft = media_draft(media, source_url_of(media, source_key, slot));
    let (stored, outcome) = store_media(tx, &draft).await?;
    writes.media.push((stored.id, outcome));
    Ok(stored.id)
}

/// `links` (made from `items`, one for one) without a link of the article to itself: the
/// related titles were matched before the transaction, which may find the article's id
/// only now. Such an item stays external.
fn never_itself(
    links: Vec<RelatedLink>,
    items: &[ExternalRelated],
    own_id: Option<ArticleId>,
) -> Vec<RelatedLink> {
    links
        .into_iter()
        .zip(items)
        .map(|(link, item)| match link {
            RelatedLink::Article { id } if Some(id) == own_id => {
                RelatedLink::External(item.clone())
            }
            other => other,
        })
        .collect()
}

fn count_media(report: &mut ImportReport, outcome: MediaOutcome) {
    match outcome {
        MediaOutcome::Created => report.media.created += 1,
        MediaOutcome::Updated => report.media.updated += 1,
        MediaOutcome::Reused => report.media.reused += 1,
    }
}

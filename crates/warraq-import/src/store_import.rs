//! Importing units into the store: resolve names, store pictures, upsert the article by
//! its source key (one transaction per item), record redirects from old addresses.

use chrono::{DateTime, Utc};
use warraq_domain::{ArticleDraft, ArticleId, IncomingMedia, MediaId, RelatedLink};
use warraq_store::{Store, StoreError, UpsertOutcome};

use crate::args::ImportAs;
use crate::draft::{Previous, ResolvedRefs, build_draft};
use crate::error::ImportError;
use crate::media::{MediaOutcome, media_draft, source_url_of, store_media};
use crate::related::{relink, resolve_related};
use crate::report::{ImportReport, ItemEntry, ItemOutcome, Warning};
use crate::resolver::{FALLBACK_SECTION, StoreResolver, section_name_of};
use crate::unit::{ArticleUnit, Origin};

/// Why one item failed: refused (the rest goes on) or the store is gone (stop).
enum ItemError {
    Refused(String),
    Fatal(ImportError),
}

impl From<StoreError> for ItemError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(_) | StoreError::SchemaTooNew { .. } => {
                ItemError::Fatal(e.into())
            }
            other => ItemError::Refused(other.to_string()),
        }
    }
}

/// An article stored with related items still external, to link in a second pass when
/// the batch itself held the articles they name.
struct PendingLinks {
    origin: Origin,
    source_key: String,
    id: ArticleId,
    draft: ArticleDraft,
}

pub struct StoreImporter<'a> {
    store: &'a dyn Store,
    resolver: StoreResolver<'a>,
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
        match self.try_article(unit, report).await {
            Ok((id, outcome)) => {
                let outcome = match outcome {
                    UpsertOutcome::Created => ItemOutcome::Created,
                    UpsertOutcome::Updated => ItemOutcome::Updated,
                    UpsertOutcome::Unchanged => ItemOutcome::Unchanged,
                };
                let mut entry = ItemEntry::new(outcome, &unit.origin);
                entry.article_id = Some(id.0);
                entry.headline = Some(unit.incoming.headline.clone());
                report.push(entry);
                Ok(())
            }
            Err(ItemError::Refused(reason)) => {
                let mut entry = ItemEntry::refused(&unit.origin, reason);
                entry.headline =
                    Some(unit.incoming.headline.clone()).filter(|h| !h.trim().is_empty());
                report.push(entry);
                Ok(())
            }
            Err(ItemError::Fatal(e)) => Err(e),
        }
    }

    async fn try_article(
        &mut self,
        unit: &ArticleUnit,
        report: &mut ImportReport,
    ) -> Result<(ArticleId, UpsertOutcome), ItemError> {
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
        let own_id = self.store.article_id_by_key(key).await?;
        let previous = match own_id {
            Some(id) => {
                let article = self.store.article(id).await?;
                Previous {
                    status: Some(article.status),
                    published_at: article.published_at,
                }
            }
            None => Previous::default(),
        };

        let section_name = match section_name_of(&incoming.sections) {
            Some(name) => name,
            None => {
                report.warn(Warning::new(
                    &unit.origin,
                    format!("no section given: filed under «{FALLBACK_SECTION}»"),
                ));
                FALLBACK_SECTION.to_string()
            }
        };
        let (section_id, created) = self.resolver.section(&section_name).await?;
        if created {
            report.sections_created.push(section_name);
        }
        let bureau_id = match incoming
            .bureau
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(city) => Some(self.resolver.bureau(city).await?),
            None => None,
        };
        let mut author_ids = Vec::new();
        for name in incoming
            .authors
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            let id = self.resolver.person(name).await?;
            if !author_ids.contains(&id) {
                author_ids.push(id);
            }
        }
        let hero_id = match &incoming.hero {
            Some(media) => Some(self.media(media, key, "hero", report).await?),
            None => None,
        };
        for (i, media) in incoming.other_media.iter().enumerate() {
            self.media(media, key, &format!("media/{}", i + 1), report)
                .await?;
        }
        let related = resolve_related(self.store, &incoming.related, own_id).await?;

        let refs = ResolvedRefs {
            section_id,
            bureau_id,
            author_ids,
            hero_id,
            related,
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
        let (article, outcome) = self.store.upsert_article_by_key(key, &draft).await?;

        for path in incoming
            .old_paths
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
        {
            self.redirect(path, article.id, &unit.origin, report)
                .await?;
        }
        if draft
            .related
            .iter()
            .any(|r| matches!(r, RelatedLink::External(_)))
        {
            self.pending.push(PendingLinks {
                origin: unit.origin.clone(),
                source_key: key.to_string(),
                id: article.id,
                draft,
            });
        }
        Ok((article.id, outcome))
    }

    async fn media(
        &mut self,
        media: &IncomingMedia,
        source_key: &str,
        slot: &str,
        report: &mut ImportReport,
    ) -> Result<MediaId, ItemError> {
        let draft = media_draft(media, source_url_of(media, source_key, slot));
        let (stored, outcome) = store_media(self.store, &draft).await?;
        count_media(report, outcome);
        self.touched_media.push(stored.id);
        Ok(stored.id)
    }

    /// A picture the source lists on its own (a WXR attachment).
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
        match store_media(self.store, &draft).await {
            Ok((stored, outcome)) => {
                count_media(report, outcome);
                self.touched_media.push(stored.id);
                Ok(())
            }
            Err(e) => match ItemError::from(e) {
                ItemError::Fatal(e) => Err(e),
                ItemError::Refused(reason) => {
                    report.warn(Warning::new(
                        origin,
                        format!("picture not stored: {reason}"),
                    ));
                    Ok(())
                }
            },
        }
    }

    async fn redirect(
        &mut self,
        path: &str,
        id: ArticleId,
        origin: &Origin,
        report: &mut ImportReport,
    ) -> Result<(), ItemError> {
        match self.store.redirect(path).await? {
            Some(existing) if existing == id => Ok(()),
            Some(other) => {
                report.warn(Warning::new(
                    origin,
                    format!(
                        "old address {path} already redirects to article {other}; left as it is"
                    ),
                ));
                Ok(())
            }
            None => Ok(self.store.add_redirect(path, id).await?),
        }
    }

    /// Second pass: links related items to articles the same batch brought in after the
    /// article that names them. The item's reported outcome stays that of its first write.
    pub async fn link_within_batch(
        &mut self,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        for pending in std::mem::take(&mut self.pending) {
            let relinked = match relink(self.store, &pending.draft.related, pending.id).await {
                Ok(r) => r,
                Err(e) => match ItemError::from(e) {
                    ItemError::Fatal(e) => return Err(e),
                    ItemError::Refused(reason) => {
                        report.warn(Warning::new(
                            &pending.origin,
                            format!("related items not linked: {reason}"),
                        ));
                        continue;
                    }
                },
            };
            if let Some(related) = relinked {
                let draft = ArticleDraft {
                    related,
                    ..pending.draft
                };
                if let Err(e) = self
                    .store
                    .upsert_article_by_key(&pending.source_key, &draft)
                    .await
                {
                    match ItemError::from(e) {
                        ItemError::Fatal(e) => return Err(e),
                        ItemError::Refused(reason) => report.warn(Warning::new(
                            &pending.origin,
                            format!("related items not linked: {reason}"),
                        )),
                    }
                }
            }
        }
        Ok(())
    }
}

fn count_media(report: &mut ImportReport, outcome: MediaOutcome) {
    match outcome {
        MediaOutcome::Created => report.media.created += 1,
        MediaOutcome::Updated => report.media.updated += 1,
        MediaOutcome::Reused => report.media.reused += 1,
    }
}

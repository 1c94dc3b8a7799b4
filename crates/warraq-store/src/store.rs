//! The storage contract, in focused parts: what can be read about articles, the catalog
//! (sections, agencies, people, bureaus), media and the change log, and one write
//! transaction ([`WriteTx`]) through which every change goes with its actor.
//!
//! New capabilities (users, sessions, audit) add a part of their own beside these.

use std::ops::RangeInclusive;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use warraq_domain::{
    Actor, Agency, Article, ArticleDraft, ArticleId, Bureau, BureauId, Media, MediaDraft, MediaId,
    Person, PersonId, Revision, Section, SectionDraft, SectionId,
};

use crate::accounts::{AccountStore, AccountWrites};
use crate::change::Change;
use crate::error::StoreResult;
use crate::query::{ArticlePage, ArticleQuery, UpsertOutcome};
use crate::sitemap::{SitemapEntry, SitemapFile};
use crate::webhooks::WebhookStore;

pub type DynStore = Arc<dyn Store>;

/// Everything warraq keeps. Reads come from the parts this trait extends; every write
/// goes through a transaction from [`Store::begin`], which commits the change together
/// with its change-log entries (and, for articles, the revision), or nothing at all.
///
/// Text is stored as given: callers normalise (NFC) through the domain before writing.
#[async_trait]
pub trait Store:
    CatalogStore + ArticleStore + MediaStore + ChangeLogStore + AccountStore + WebhookStore
{
    /// `sqlite` or `postgres`, for logs and the health check.
    fn backend(&self) -> &'static str;

    /// Starts a write transaction acting as `actor`. Dropping it without
    /// [`WriteTx::commit`] rolls everything back.
    async fn begin(&self, actor: Actor) -> StoreResult<Box<dyn WriteTx>>;

    /// Adds what a new site starts with (the default sections and the known agencies)
    /// when the store holds no section yet. Safe to call on every start and from several
    /// processes at once.
    async fn seed_defaults(&self) -> StoreResult<()>;

    /// Records that scheduled and embargoed articles whose moment has come (at `now`) are
    /// live: their status becomes published and the change log says so, acting as
    /// `system`, so that every node's caches follow. Readers already see them from their
    /// moment on (the visibility rule asks the clock); this only tells the followers.
    /// Returns the articles it moved; several nodes may call it at once.
    async fn record_go_live(&self, now: DateTime<Utc>) -> StoreResult<Vec<ArticleId>>;
}

/// Sections, agencies, people and bureaus.
#[async_trait]
pub trait CatalogStore: Send + Sync + 'static {
    /// Ordered by (parent, position, id).
    async fn list_sections(&self) -> StoreResult<Vec<Section>>;
    async fn section(&self, id: SectionId) -> StoreResult<Section>;
    async fn section_by_slug(&self, slug: &str) -> StoreResult<Section>;
    /// Keyed by code.
    async fn list_agencies(&self) -> StoreResult<Vec<Agency>>;
    async fn person(&self, id: PersonId) -> StoreResult<Person>;
    /// The people that exist among `ids`, in no particular order (one query for a list's
    /// bylines).
    async fn people_many(&self, ids: &[PersonId]) -> StoreResult<Vec<Person>>;
    /// The person whose page is `/author/{slug}`: slugs are unique (a name whose slug is
    /// taken gets `-2`, `-3`...), so one person answers.
    async fn person_by_slug(&self, slug: &str) -> StoreResult<Person>;
    async fn list_people(&self) -> StoreResult<Vec<Person>>;
    async fn bureau(&self, id: BureauId) -> StoreResult<Bureau>;
    /// The bureaus that exist among `ids`, in no particular order.
    async fn bureaus_many(&self, ids: &[BureauId]) -> StoreResult<Vec<Bureau>>;
    async fn list_bureaus(&self) -> StoreResult<Vec<Bureau>>;
}

/// Articles, their revisions, import keys and old addresses.
#[async_trait]
pub trait ArticleStore: Send + Sync + 'static {
    async fn article(&self, id: ArticleId) -> StoreResult<Article>;
    /// The articles that exist among `ids`, in no particular order.
    async fn articles_by_ids(&self, ids: &[ArticleId]) -> StoreResult<Vec<Article>>;
    /// Newest first (see [`Article::sort_at`], then id), paged by cursor.
    async fn list_articles(&self, query: &ArticleQuery) -> StoreResult<ArticlePage>;
    async fn count_articles(&self) -> StoreResult<u64>;
    /// Articles whose headline matches `headline` once both are folded for matching
    /// (hamza forms, diacritics, digits), newest first.
    async fn find_articles_by_headline(&self, headline: &str) -> StoreResult<Vec<ArticleId>>;
    async fn article_id_by_key(&self, source_key: &str) -> StoreResult<Option<ArticleId>>;
    /// The article an old address (from a WordPress import) redirects to.
    async fn redirect(&self, path: &str) -> StoreResult<Option<ArticleId>>;
    /// Every saved state of the article, oldest first.
    async fn revisions(&self, id: ArticleId) -> StoreResult<Vec<Revision>>;
    /// The article as it was saved at `version`.
    async fn revision(&self, id: ArticleId, version: i64) -> StoreResult<Revision>;
    /// The article sitemap files (see [`SitemapFile`]) numbered within `numbers` that hold
    /// an article readers may see at `now`, at `per_file` ids a file, by number. Its cost
    /// follows the files asked for, not the store.
    async fn sitemap_files(
        &self,
        now: DateTime<Utc>,
        per_file: u32,
        numbers: RangeInclusive<u32>,
    ) -> StoreResult<Vec<SitemapFile>>;
    /// The number of the last article sitemap file at `per_file` ids a file: the file the
    /// newest article id falls in, whether readers may see it or not; 0 with no article.
    async fn last_sitemap_file(&self, per_file: u32) -> StoreResult<u32>;
    /// The articles readers may see at `now` in sitemap file `number` (from 1) at
    /// `per_file` ids a file, newest id first; empty for a file with none.
    async fn sitemap_entries(
        &self,
        now: DateTime<Utc>,
        number: u32,
        per_file: u32,
    ) -> StoreResult<Vec<SitemapEntry>>;
}

/// Media records and the bytes of the files we hold.
#[async_trait]
pub trait MediaStore: Send + Sync + 'static {
    async fn media(&self, id: MediaId) -> StoreResult<Media>;
    /// The records that exist among `ids`, in no particular order.
    async fn media_many(&self, ids: &[MediaId]) -> StoreResult<Vec<Media>>;
    /// Finds a picture by the URL it was imported from (idempotent imports).
    async fn media_by_source_url(&self, url: &str) -> StoreResult<Option<Media>>;
    /// The MIME type and bytes stored under `key`.
    async fn blob(&self, key: &str) -> StoreResult<(String, Vec<u8>)>;
    /// The media library, newest first: records whose caption, credit or alt text contain
    /// `text` (folded like headlines: hamza forms, diacritics, digits), or all of them;
    /// paged by id (`before`).
    async fn search_media(
        &self,
        text: Option<&str>,
        before: Option<MediaId>,
        limit: u32,
    ) -> StoreResult<Vec<Media>>;
    /// Whether readers may see the picture at `now`: an article visible at `now` shows it
    /// (as its hero photo or in its body), or it is the photo of a person whose name an
    /// article visible at `now` carries (their author page shows it).
    async fn media_is_visible(&self, id: MediaId, now: DateTime<Utc>) -> StoreResult<bool>;
}

/// The change log every write appends to, read by the followers on every node.
#[async_trait]
pub trait ChangeLogStore: Send + Sync + 'static {
    /// Entries with a sequence number greater than `after`, oldest first, at most `limit`.
    async fn changes_since(&self, after: i64, limit: u32) -> StoreResult<Vec<Change>>;
    /// The highest sequence number written so far (0 for an empty log).
    async fn last_change_seq(&self) -> StoreResult<i64>;
    /// The lowest sequence number still kept (0 for an empty log). A follower whose
    /// position is below `oldest - 1` has missed pruned entries and must rebuild.
    async fn oldest_change_seq(&self) -> StoreResult<i64>;
    /// Deletes entries written before `before`, always keeping the newest one (so the
    /// sequence never seems to go back). Returns how many were deleted.
    async fn prune_changes(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

/// One transaction acting as one actor.
///
/// Besides the change log, the store writes an audit entry (`article.status`, detail
/// `{"from": .., "to": ..}`; `from` is null on creation) whenever a write changes an
/// article's status, whoever the actor (a person, an import, the scheduler's go-live). Every method that writes appends its change-log
/// entry (with the actor) in the same transaction; nothing is visible to anyone else
/// until [`commit`](WriteTx::commit), and dropping the transaction undoes everything.
///
/// After a method fails, the transaction must be dropped: on PostgreSQL a failed
/// statement ends it.
#[async_trait]
pub trait WriteTx: CatalogWrites + MediaWrites + ArticleWrites + AccountWrites {
    fn actor(&self) -> Actor;
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

#[async_trait]
pub trait CatalogWrites: Send {
    async fn list_sections(&mut self) -> StoreResult<Vec<Section>>;
    /// Fails with `Duplicate` when the slug is taken.
    async fn create_section(&mut self, draft: &SectionDraft) -> StoreResult<Section>;
    async fn upsert_agency(&mut self, agency: &Agency) -> StoreResult<()>;
    /// Matches on the exact (normalised) name.
    async fn find_or_create_person(
        &mut self,
        name: &str,
        title: Option<&str>,
    ) -> StoreResult<Person>;
    /// Matches on the exact (normalised) city.
    async fn find_or_create_bureau(&mut self, city: &str) -> StoreResult<Bureau>;
    async fn person(&mut self, id: PersonId) -> StoreResult<Person>;
    /// Gives the person `photo` (a picture of the media library) or, with `None`, takes
    /// their photo away; writes nothing when it is already so. `NotFound` for an unknown
    /// person or picture.
    async fn set_person_photo(
        &mut self,
        id: PersonId,
        photo: Option<MediaId>,
    ) -> StoreResult<Person>;
}

#[async_trait]
pub trait MediaWrites: Send {
    async fn create_media(&mut self, draft: &MediaDraft) -> StoreResult<Media>;
    async fn update_media(&mut self, id: MediaId, draft: &MediaDraft) -> StoreResult<Media>;
    async fn media_by_source_url(&mut self, url: &str) -> StoreResult<Option<Media>>;
    /// Stores (or replaces) the bytes under `key`; logged so that renditions follow.
    async fn put_blob(&mut self, key: &str, mime: &str, bytes: &[u8]) -> StoreResult<()>;
}

#[async_trait]
pub trait ArticleWrites: Send {
    async fn article(&mut self, id: ArticleId) -> StoreResult<Article>;
    async fn article_id_by_key(&mut self, source_key: &str) -> StoreResult<Option<ArticleId>>;
    /// Creates the article and its first revision.
    async fn create_article(&mut self, draft: &ArticleDraft) -> StoreResult<Article>;
    /// Replaces the content and keeps a revision. With `expected_version`, fails with
    /// `Conflict` when someone else saved in between (no lost update).
    async fn update_article(
        &mut self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Article>;
    /// Creates or replaces the article imported under `source_key` (a ninjs uri, a WXR
    /// GUID, a content hash). Never duplicates; writes nothing when the content is the
    /// same.
    async fn upsert_article_by_key(
        &mut self,
        source_key: &str,
        draft: &ArticleDraft,
    ) -> StoreResult<(Article, UpsertOutcome)>;
    async fn redirect(&mut self, path: &str) -> StoreResult<Option<ArticleId>>;
    /// Points `path` at `target`; re-adding the same redirect writes nothing.
    async fn add_redirect(&mut self, path: &str, target: ArticleId) -> StoreResult<()>;
}

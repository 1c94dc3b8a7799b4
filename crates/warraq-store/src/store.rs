use std::sync::Arc;

use async_trait::async_trait;
use warraq_domain::{
    Agency, Article, ArticleDraft, ArticleId, Bureau, BureauId, Media, MediaDraft, MediaId, Person,
    PersonId, Section, SectionDraft, SectionId,
};

use crate::change::Change;
use crate::error::StoreResult;
use crate::query::{ArticlePage, ArticleQuery, UpsertOutcome};

pub type DynStore = Arc<dyn Store>;

/// Everything warraq keeps. Every method that writes also appends its change-log entry in
/// the same transaction, so a follower of the log never misses or invents a change.
///
/// Text is stored as given: callers normalise (NFC) through the domain before writing.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`, for logs and the health check.
    fn backend(&self) -> &'static str;

    /// Adds what a new site starts with (the default sections and the known agencies)
    /// when the store holds no section yet. Safe to call on every start.
    async fn seed_defaults(&self) -> StoreResult<()>;

    // Sections, ordered by (parent, position, id).
    async fn list_sections(&self) -> StoreResult<Vec<Section>>;
    async fn section(&self, id: SectionId) -> StoreResult<Section>;
    async fn section_by_slug(&self, slug: &str) -> StoreResult<Section>;
    /// Fails with `Duplicate` when the slug is taken.
    async fn create_section(&self, draft: &SectionDraft) -> StoreResult<Section>;

    // Agencies, keyed by code.
    async fn list_agencies(&self) -> StoreResult<Vec<Agency>>;
    async fn upsert_agency(&self, agency: &Agency) -> StoreResult<()>;

    // People and bureaus. `find_or_create_*` match on the exact (normalised) name.
    async fn person(&self, id: PersonId) -> StoreResult<Person>;
    async fn list_people(&self) -> StoreResult<Vec<Person>>;
    async fn find_or_create_person(&self, name: &str, title: Option<&str>) -> StoreResult<Person>;
    async fn bureau(&self, id: BureauId) -> StoreResult<Bureau>;
    async fn list_bureaus(&self) -> StoreResult<Vec<Bureau>>;
    async fn find_or_create_bureau(&self, city: &str) -> StoreResult<Bureau>;

    // Media records and the bytes of the files we hold.
    async fn create_media(&self, draft: &MediaDraft) -> StoreResult<Media>;
    async fn update_media(&self, id: MediaId, draft: &MediaDraft) -> StoreResult<Media>;
    async fn media(&self, id: MediaId) -> StoreResult<Media>;
    /// The records that exist among `ids`, in no particular order.
    async fn media_many(&self, ids: &[MediaId]) -> StoreResult<Vec<Media>>;
    /// Finds a picture by the URL it was imported from (idempotent imports).
    async fn media_by_source_url(&self, url: &str) -> StoreResult<Option<Media>>;
    async fn put_blob(&self, key: &str, mime: &str, bytes: &[u8]) -> StoreResult<()>;
    /// The MIME type and bytes stored under `key`.
    async fn blob(&self, key: &str) -> StoreResult<(String, Vec<u8>)>;

    // Articles.
    async fn create_article(&self, draft: &ArticleDraft) -> StoreResult<Article>;
    /// Replaces the content. With `expected_version`, fails with `Conflict` when someone
    /// else saved in between (no lost update).
    async fn update_article(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Article>;
    async fn article(&self, id: ArticleId) -> StoreResult<Article>;
    /// The articles that exist among `ids`, in no particular order.
    async fn articles_by_ids(&self, ids: &[ArticleId]) -> StoreResult<Vec<Article>>;
    /// Newest first (publication time, then id), paged by cursor.
    async fn list_articles(&self, query: &ArticleQuery) -> StoreResult<ArticlePage>;
    async fn count_articles(&self) -> StoreResult<u64>;
    /// Articles whose headline matches `headline` once both are folded for matching
    /// (hamza forms, diacritics, digits), newest first.
    async fn find_articles_by_headline(&self, headline: &str) -> StoreResult<Vec<ArticleId>>;
    /// Creates or replaces the article imported under `source_key` (a ninjs uri, a WXR
    /// GUID, a content hash), in one transaction. Never duplicates.
    async fn upsert_article_by_key(
        &self,
        source_key: &str,
        draft: &ArticleDraft,
    ) -> StoreResult<(Article, UpsertOutcome)>;
    async fn article_id_by_key(&self, source_key: &str) -> StoreResult<Option<ArticleId>>;

    // Old URLs (from a WordPress import) that redirect to an article.
    async fn add_redirect(&self, path: &str, target: ArticleId) -> StoreResult<()>;
    async fn redirect(&self, path: &str) -> StoreResult<Option<ArticleId>>;

    // The change log.
    /// Entries with a sequence number greater than `after`, oldest first, at most `limit`.
    async fn changes_since(&self, after: i64, limit: u32) -> StoreResult<Vec<Change>>;
    /// The highest sequence number written so far (0 for an empty log).
    async fn last_change_seq(&self) -> StoreResult<i64>;
}

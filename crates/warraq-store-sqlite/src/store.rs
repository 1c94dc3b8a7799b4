//! `Store` for [`SqliteStore`]: each method delegates to the module that owns its table.

use async_trait::async_trait;
use warraq_domain::{
    Agency, Article, ArticleDraft, ArticleId, Bureau, BureauId, Media, MediaDraft, MediaId, Person,
    PersonId, Section, SectionDraft, SectionId,
};
use warraq_store::{ArticlePage, ArticleQuery, Change, Store, StoreResult, UpsertOutcome};

use crate::open::SqliteStore;
use crate::{articles, catalog, changes, media, redirects};

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn seed_defaults(&self) -> StoreResult<()> {
        catalog::seed_defaults(&self.pool).await
    }

    async fn list_sections(&self) -> StoreResult<Vec<Section>> {
        catalog::list_sections(&self.pool).await
    }

    async fn section(&self, id: SectionId) -> StoreResult<Section> {
        catalog::section(&self.pool, id).await
    }

    async fn section_by_slug(&self, slug: &str) -> StoreResult<Section> {
        catalog::section_by_slug(&self.pool, slug).await
    }

    async fn create_section(&self, draft: &SectionDraft) -> StoreResult<Section> {
        catalog::create_section(&self.pool, draft).await
    }

    async fn list_agencies(&self) -> StoreResult<Vec<Agency>> {
        catalog::list_agencies(&self.pool).await
    }

    async fn upsert_agency(&self, agency: &Agency) -> StoreResult<()> {
        catalog::upsert_agency(&self.pool, agency).await
    }

    async fn person(&self, id: PersonId) -> StoreResult<Person> {
        catalog::person(&self.pool, id).await
    }

    async fn list_people(&self) -> StoreResult<Vec<Person>> {
        catalog::list_people(&self.pool).await
    }

    async fn find_or_create_person(&self, name: &str, title: Option<&str>) -> StoreResult<Person> {
        catalog::find_or_create_person(&self.pool, name, title).await
    }

    async fn bureau(&self, id: BureauId) -> StoreResult<Bureau> {
        catalog::bureau(&self.pool, id).await
    }

    async fn list_bureaus(&self) -> StoreResult<Vec<Bureau>> {
        catalog::list_bureaus(&self.pool).await
    }

    async fn find_or_create_bureau(&self, city: &str) -> StoreResult<Bureau> {
        catalog::find_or_create_bureau(&self.pool, city).await
    }

    async fn create_media(&self, draft: &MediaDraft) -> StoreResult<Media> {
        media::create_media(&self.pool, draft).await
    }

    async fn update_media(&self, id: MediaId, draft: &MediaDraft) -> StoreResult<Media> {
        media::update_media(&self.pool, id, draft).await
    }

    async fn media(&self, id: MediaId) -> StoreResult<Media> {
        media::media(&self.pool, id).await
    }

    async fn media_many(&self, ids: &[MediaId]) -> StoreResult<Vec<Media>> {
        media::media_many(&self.pool, ids).await
    }

    async fn media_by_source_url(&self, url: &str) -> StoreResult<Option<Media>> {
        media::media_by_source_url(&self.pool, url).await
    }

    async fn put_blob(&self, key: &str, mime: &str, bytes: &[u8]) -> StoreResult<()> {
        media::put_blob(&self.pool, key, mime, bytes).await
    }

    async fn blob(&self, key: &str) -> StoreResult<(String, Vec<u8>)> {
        media::blob(&self.pool, key).await
    }

    async fn create_article(&self, draft: &ArticleDraft) -> StoreResult<Article> {
        articles::create_article(&self.pool, draft).await
    }

    async fn update_article(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Article> {
        articles::update_article(&self.pool, id, draft, expected_version).await
    }

    async fn article(&self, id: ArticleId) -> StoreResult<Article> {
        articles::article(&self.pool, id).await
    }

    async fn articles_by_ids(&self, ids: &[ArticleId]) -> StoreResult<Vec<Article>> {
        articles::articles_by_ids(&self.pool, ids).await
    }

    async fn list_articles(&self, query: &ArticleQuery) -> StoreResult<ArticlePage> {
        articles::list_articles(&self.pool, query).await
    }

    async fn count_articles(&self) -> StoreResult<u64> {
        articles::count_articles(&self.pool).await
    }

    async fn find_articles_by_headline(&self, headline: &str) -> StoreResult<Vec<ArticleId>> {
        articles::find_articles_by_headline(&self.pool, headline).await
    }

    async fn upsert_article_by_key(
        &self,
        source_key: &str,
        draft: &ArticleDraft,
    ) -> StoreResult<(Article, UpsertOutcome)> {
        articles::upsert_article_by_key(&self.pool, source_key, draft).await
    }

    async fn article_id_by_key(&self, source_key: &str) -> StoreResult<Option<ArticleId>> {
        articles::article_id_by_key(&self.pool, source_key).await
    }

    async fn add_redirect(&self, path: &str, target: ArticleId) -> StoreResult<()> {
        redirects::add_redirect(&self.pool, path, target).await
    }

    async fn redirect(&self, path: &str) -> StoreResult<Option<ArticleId>> {
        redirects::redirect(&self.pool, path).await
    }

    async fn changes_since(&self, after: i64, limit: u32) -> StoreResult<Vec<Change>> {
        changes::since(&self.pool, after, limit).await
    }

    async fn last_change_seq(&self) -> StoreResult<i64> {
        changes::last_seq(&self.pool).await
    }
}

//! [`SqlStore`]: the `Store` of warraq on either database. Each method takes a connection
//! (or a write transaction) and hands it to the module that owns the table.

use std::ops::RangeInclusive;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use warraq_domain::{
    Actor, Agency, Article, ArticleId, Bureau, BureauId, Media, MediaId, Person, PersonId,
    Revision, Section, SectionId,
};
use warraq_store::{
    ArticlePage, ArticleQuery, ArticleStore, CatalogStore, Change, ChangeLogStore, MediaStore,
    SitemapEntry, SitemapFile, Store, StoreResult, WriteTx,
};

use crate::codec::Time;
use crate::db::{Dialect, Pool};
use crate::tx::SqlTx;
use crate::{articles, catalog, changes, media};

/// warraq's store in SQLite or PostgreSQL. Cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct SqlStore {
    pub(crate) pool: Pool,
    /// The private schema of a store made by [`SqlStore::connect_postgres_isolated`].
    pub(crate) schema: Option<String>,
}

/// Runs `$read` (a function of `&mut Conn`) on a connection from the pool: reads, and the
/// few writes that need no write transaction (sessions, token use).
macro_rules! read {
    ($store:ident, $read:path $(, $arg:expr)*) => {{
        let mut pooled = $store.pool.acquire().await?;
        $read(&mut pooled.conn() $(, $arg)*).await
    }};
}
pub(crate) use read;

impl SqlStore {
    pub(crate) fn dialect(&self) -> Dialect {
        self.pool.dialect()
    }

    /// Closes every connection, waiting for running queries to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn begin_as(&self, actor: Actor) -> StoreResult<SqlTx> {
        Ok(SqlTx::new(self.pool.begin_write().await?, actor))
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        self.dialect().name()
    }

    async fn begin(&self, actor: Actor) -> StoreResult<Box<dyn WriteTx>> {
        Ok(Box::new(self.begin_as(actor).await?))
    }

    async fn seed_defaults(&self) -> StoreResult<()> {
        let mut tx = self.begin_as(Actor::System).await?;
        catalog::seed_defaults(&mut tx).await?;
        Box::new(tx).commit().await
    }

    async fn record_go_live(&self, now: DateTime<Utc>) -> StoreResult<Vec<ArticleId>> {
        // Every node asks about once a second: a read first, so that the write lock is
        // taken only when something is due.
        if !read!(self, articles::any_go_live_due, Time(now))? {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_as(Actor::System).await?;
        let moved = articles::record_go_live(&mut tx, Time(now)).await?;
        Box::new(tx).commit().await?;
        Ok(moved)
    }
}

#[async_trait]
impl CatalogStore for SqlStore {
    async fn list_sections(&self) -> StoreResult<Vec<Section>> {
        read!(self, catalog::list_sections)
    }

    async fn section(&self, id: SectionId) -> StoreResult<Section> {
        read!(self, catalog::section, id)
    }

    async fn section_by_slug(&self, slug: &str) -> StoreResult<Section> {
        read!(self, catalog::section_by_slug, slug)
    }

    async fn list_agencies(&self) -> StoreResult<Vec<Agency>> {
        read!(self, catalog::list_agencies)
    }

    async fn person(&self, id: PersonId) -> StoreResult<Person> {
        read!(self, catalog::person, id)
    }

    async fn people_many(&self, ids: &[PersonId]) -> StoreResult<Vec<Person>> {
        read!(self, catalog::people_many, ids)
    }

    async fn person_by_slug(&self, slug: &str) -> StoreResult<Person> {
        read!(self, catalog::person_by_slug, slug)
    }

    async fn list_people(&self) -> StoreResult<Vec<Person>> {
        read!(self, catalog::list_people)
    }

    async fn bureau(&self, id: BureauId) -> StoreResult<Bureau> {
        read!(self, catalog::bureau, id)
    }

    async fn bureaus_many(&self, ids: &[BureauId]) -> StoreResult<Vec<Bureau>> {
        read!(self, catalog::bureaus_many, ids)
    }

    async fn list_bureaus(&self) -> StoreResult<Vec<Bureau>> {
        read!(self, catalog::list_bureaus)
    }
}

#[async_trait]
impl ArticleStore for SqlStore {
    async fn article(&self, id: ArticleId) -> StoreResult<Article> {
        read!(self, articles::article, id)
    }

    async fn articles_by_ids(&self, ids: &[ArticleId]) -> StoreResult<Vec<Article>> {
        read!(self, articles::articles_by_ids, ids)
    }

    async fn list_articles(&self, query: &ArticleQuery) -> StoreResult<ArticlePage> {
        read!(self, articles::list_articles, query)
    }

    async fn count_articles(&self) -> StoreResult<u64> {
        read!(self, articles::count_articles)
    }

    async fn find_articles_by_headline(&self, headline: &str) -> StoreResult<Vec<ArticleId>> {
        read!(self, articles::find_articles_by_headline, headline)
    }

    async fn article_id_by_key(&self, source_key: &str) -> StoreResult<Option<ArticleId>> {
        read!(self, articles::article_id_by_key, source_key)
    }

    async fn redirect(&self, path: &str) -> StoreResult<Option<ArticleId>> {
        read!(self, articles::redirect, path)
    }

    async fn revisions(&self, id: ArticleId) -> StoreResult<Vec<Revision>> {
        read!(self, articles::revisions, id)
    }

    async fn revision(&self, id: ArticleId, version: i64) -> StoreResult<Revision> {
        read!(self, articles::revision, id, version)
    }

    async fn sitemap_files(
        &self,
        now: DateTime<Utc>,
        per_file: u32,
        numbers: RangeInclusive<u32>,
    ) -> StoreResult<Vec<SitemapFile>> {
        articles::sitemap_files(&self.pool, Time(now), per_file, numbers).await
    }

    async fn last_sitemap_file(&self, per_file: u32) -> StoreResult<u32> {
        read!(self, articles::last_sitemap_file, per_file)
    }

    async fn sitemap_entries(
        &self,
        now: DateTime<Utc>,
        number: u32,
        per_file: u32,
    ) -> StoreResult<Vec<SitemapEntry>> {
        read!(self, articles::sitemap_entries, Time(now), number, per_file)
    }
}

#[async_trait]
impl MediaStore for SqlStore {
    async fn media(&self, id: MediaId) -> StoreResult<Media> {
        read!(self, media::media, id)
    }

    async fn media_many(&self, ids: &[MediaId]) -> StoreResult<Vec<Media>> {
        read!(self, media::media_many, ids)
    }

    async fn media_by_source_url(&self, url: &str) -> StoreResult<Option<Media>> {
        read!(self, media::media_by_source_url, url)
    }

    async fn blob(&self, key: &str) -> StoreResult<(String, Vec<u8>)> {
        read!(self, media::blob, key)
    }

    async fn media_is_visible(&self, id: MediaId, now: DateTime<Utc>) -> StoreResult<bool> {
        read!(self, media::media_is_visible, id, now)
    }

    async fn search_media(
        &self,
        text: Option<&str>,
        before: Option<MediaId>,
        limit: u32,
    ) -> StoreResult<Vec<Media>> {
        read!(self, media::search_media, text, before, limit)
    }
}

#[async_trait]
impl ChangeLogStore for SqlStore {
    async fn changes_since(&self, after: i64, limit: u32) -> StoreResult<Vec<Change>> {
        read!(self, changes::since, after, limit)
    }

    async fn last_change_seq(&self) -> StoreResult<i64> {
        read!(self, changes::last_seq)
    }

    async fn oldest_change_seq(&self) -> StoreResult<i64> {
        read!(self, changes::oldest_seq)
    }

    async fn prune_changes(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        // Pruning is maintenance, not a change to content: it is not itself logged.
        let mut pooled = self.pool.acquire().await?;
        changes::prune(&mut pooled.conn(), Time(before)).await
    }
}

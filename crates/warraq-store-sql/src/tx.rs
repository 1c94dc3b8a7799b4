//! [`SqlTx`]: one write transaction acting as one actor, and the [`WriteTx`] methods that
//! delegate to the module owning each table.

use std::fmt::Display;

use async_trait::async_trait;
use warraq_domain::{
    Actor, Agency, Article, ArticleDraft, ArticleId, Bureau, Media, MediaDraft, MediaId, Person,
    PersonId, Section, SectionDraft,
};
use warraq_store::{
    ArticleWrites, CatalogWrites, ChangeKind, Entity, MediaWrites, StoreResult, UpsertOutcome,
    WriteTx,
};

use crate::codec::Time;
use crate::db::{Conn, Tx};
use crate::{articles, catalog, changes, media};

pub(crate) struct SqlTx {
    tx: Tx,
    actor: Actor,
}

impl SqlTx {
    pub(crate) fn new(tx: Tx, actor: Actor) -> Self {
        SqlTx { tx, actor }
    }

    pub(crate) fn conn(&mut self) -> Conn<'_> {
        self.tx.conn()
    }

    /// The actor as kept in the change log and revisions.
    pub(crate) fn actor_text(&self) -> String {
        self.actor.to_string()
    }

    /// Appends the change-log entry of a change this transaction made, with its actor.
    pub(crate) async fn log(
        &mut self,
        entity: Entity,
        entity_id: impl Display,
        kind: ChangeKind,
        at: Time,
    ) -> StoreResult<()> {
        let actor = self.actor;
        let entry = (entity, entity_id.to_string(), kind);
        changes::record(&mut self.conn(), actor, entry, at).await
    }
}

#[async_trait]
impl WriteTx for SqlTx {
    fn actor(&self) -> Actor {
        self.actor
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await
    }
}

#[async_trait]
impl CatalogWrites for SqlTx {
    async fn list_sections(&mut self) -> StoreResult<Vec<Section>> {
        catalog::list_sections(&mut self.conn()).await
    }

    async fn create_section(&mut self, draft: &SectionDraft) -> StoreResult<Section> {
        catalog::create_section(self, draft).await
    }

    async fn upsert_agency(&mut self, agency: &Agency) -> StoreResult<()> {
        catalog::upsert_agency(self, agency).await
    }

    async fn find_or_create_person(
        &mut self,
        name: &str,
        title: Option<&str>,
    ) -> StoreResult<Person> {
        catalog::find_or_create_person(self, name, title).await
    }

    async fn find_or_create_bureau(&mut self, city: &str) -> StoreResult<Bureau> {
        catalog::find_or_create_bureau(self, city).await
    }

    async fn person(&mut self, id: PersonId) -> StoreResult<Person> {
        catalog::person(&mut self.conn(), id).await
    }

    async fn set_person_photo(
        &mut self,
        id: PersonId,
        photo: Option<MediaId>,
    ) -> StoreResult<Person> {
        catalog::set_person_photo(self, id, photo).await
    }
}

#[async_trait]
impl MediaWrites for SqlTx {
    async fn create_media(&mut self, draft: &MediaDraft) -> StoreResult<Media> {
        media::create_media(self, draft).await
    }

    async fn update_media(&mut self, id: MediaId, draft: &MediaDraft) -> StoreResult<Media> {
        media::update_media(self, id, draft).await
    }

    async fn media_by_source_url(&mut self, url: &str) -> StoreResult<Option<Media>> {
        media::media_by_source_url(&mut self.conn(), url).await
    }

    async fn put_blob(&mut self, key: &str, mime: &str, bytes: &[u8]) -> StoreResult<()> {
        media::put_blob(self, key, mime, bytes).await
    }
}

#[async_trait]
impl ArticleWrites for SqlTx {
    async fn article(&mut self, id: ArticleId) -> StoreResult<Article> {
        articles::article(&mut self.conn(), id).await
    }

    async fn article_id_by_key(&mut self, source_key: &str) -> StoreResult<Option<ArticleId>> {
        articles::article_id_by_key(&mut self.conn(), source_key).await
    }

    async fn create_article(&mut self, draft: &ArticleDraft) -> StoreResult<Article> {
        articles::create_article(self, draft).await
    }

    async fn update_article(
        &mut self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Article> {
        articles::update_article(self, id, draft, expected_version).await
    }

    async fn upsert_article_by_key(
        &mut self,
        source_key: &str,
        draft: &ArticleDraft,
    ) -> StoreResult<(Article, UpsertOutcome)> {
        articles::upsert_article_by_key(self, source_key, draft).await
    }

    async fn redirect(&mut self, path: &str) -> StoreResult<Option<ArticleId>> {
        articles::redirect(&mut self.conn(), path).await
    }

    async fn add_redirect(&mut self, path: &str, target: ArticleId) -> StoreResult<()> {
        articles::add_redirect(self, path, target).await
    }
}

//! Writes of one action each: a transaction with one operation, committed. What most
//! callers need; an import that brings several records for one item uses
//! [`Store::begin`] itself so that they commit together.

use async_trait::async_trait;
use warraq_domain::{
    Actor, Agency, Article, ArticleDraft, ArticleId, Bureau, Media, MediaDraft, MediaId, Person,
    PersonId, Section, SectionDraft,
};

use crate::error::StoreResult;
use crate::query::UpsertOutcome;
use crate::store::Store;

/// Begins a transaction as `$actor`, runs `$op` on it (bound to `$tx`), commits.
macro_rules! in_one_transaction {
    ($store:ident, $actor:ident, |$tx:ident| $op:expr) => {{
        let mut $tx = $store.begin($actor).await?;
        let out = $op.await?;
        $tx.commit().await?;
        Ok(out)
    }};
}

/// One-transaction writes on any [`Store`], each acting as the given actor.
#[async_trait]
pub trait StoreWrites {
    async fn create_section(&self, actor: Actor, draft: &SectionDraft) -> StoreResult<Section>;
    async fn upsert_agency(&self, actor: Actor, agency: &Agency) -> StoreResult<()>;
    async fn find_or_create_person(
        &self,
        actor: Actor,
        name: &str,
        title: Option<&str>,
    ) -> StoreResult<Person>;
    async fn find_or_create_bureau(&self, actor: Actor, city: &str) -> StoreResult<Bureau>;
    async fn set_person_photo(
        &self,
        actor: Actor,
        id: PersonId,
        photo: Option<MediaId>,
    ) -> StoreResult<Person>;
    async fn create_media(&self, actor: Actor, draft: &MediaDraft) -> StoreResult<Media>;
    async fn update_media(
        &self,
        actor: Actor,
        id: MediaId,
        draft: &MediaDraft,
    ) -> StoreResult<Media>;
    async fn put_blob(&self, actor: Actor, key: &str, mime: &str, bytes: &[u8]) -> StoreResult<()>;
    async fn create_article(&self, actor: Actor, draft: &ArticleDraft) -> StoreResult<Article>;
    async fn update_article(
        &self,
        actor: Actor,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Article>;
    async fn upsert_article_by_key(
        &self,
        actor: Actor,
        source_key: &str,
        draft: &ArticleDraft,
    ) -> StoreResult<(Article, UpsertOutcome)>;
    async fn add_redirect(&self, actor: Actor, path: &str, target: ArticleId) -> StoreResult<()>;
}

#[async_trait]
impl<S: Store + ?Sized> StoreWrites for S {
    async fn create_section(&self, actor: Actor, draft: &SectionDraft) -> StoreResult<Section> {
        in_one_transaction!(self, actor, |tx| tx.create_section(draft))
    }

    async fn upsert_agency(&self, actor: Actor, agency: &Agency) -> StoreResult<()> {
        in_one_transaction!(self, actor, |tx| tx.upsert_agency(agency))
    }

    async fn find_or_create_person(
        &self,
        actor: Actor,
        name: &str,
        title: Option<&str>,
    ) -> StoreResult<Person> {
        in_one_transaction!(self, actor, |tx| tx.find_or_create_person(name, title))
    }

    async fn find_or_create_bureau(&self, actor: Actor, city: &str) -> StoreResult<Bureau> {
        in_one_transaction!(self, actor, |tx| tx.find_or_create_bureau(city))
    }

    async fn set_person_photo(
        &self,
        actor: Actor,
        id: PersonId,
        photo: Option<MediaId>,
    ) -> StoreResult<Person> {
        in_one_transaction!(self, actor, |tx| tx.set_person_photo(id, photo))
    }

    async fn create_media(&self, actor: Actor, draft: &MediaDraft) -> StoreResult<Media> {
        in_one_transaction!(self, actor, |tx| tx.create_media(draft))
    }

    async fn update_media(
        &self,
        actor: Actor,
        id: MediaId,
        draft: &MediaDraft,
    ) -> StoreResult<Media> {
        in_one_transaction!(self, actor, |tx| tx.update_media(id, draft))
    }

    async fn put_blob(&self, actor: Actor, key: &str, mime: &str, bytes: &[u8]) -> StoreResult<()> {
        in_one_transaction!(self, actor, |tx| tx.put_blob(key, mime, bytes))
    }

    async fn create_article(&self, actor: Actor, draft: &ArticleDraft) -> StoreResult<Article> {
        in_one_transaction!(self, actor, |tx| tx.create_article(draft))
    }

    async fn update_article(
        &self,
        actor: Actor,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: Option<i64>,
    ) -> StoreResult<Article> {
        in_one_transaction!(self, actor, |tx| tx.update_article(
            id,
            draft,
            expected_version
        ))
    }

    async fn upsert_article_by_key(
        &self,
        actor: Actor,
        source_key: &str,
        draft: &ArticleDraft,
    ) -> StoreResult<(Article, UpsertOutcome)> {
        in_one_transaction!(self, actor, |tx| tx
            .upsert_article_by_key(source_key, draft))
    }

    async fn add_redirect(&self, actor: Actor, path: &str, target: ArticleId) -> StoreResult<()> {
        in_one_transaction!(self, actor, |tx| tx.add_redirect(path, target))
    }
}

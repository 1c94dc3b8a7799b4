//! How an article is laid out in its row.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{Article, ArticleDraft, ArticleId, BureauId, MediaId, SectionId, Status};
use warraq_store::{StoreError, StoreResult};

use crate::codec::{from_json, json, micros};

/// `SELECT <every article column> FROM articles <tail>`, as one static string.
macro_rules! article_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, headline, subheadline, slug, lede, body, section_id, tags, author_ids, byline, \
             bureau_id, wire_sources, hero_id, related, status, published_at, extra, version, \
             created_at, updated_at FROM articles ",
            $tail
        )
    };
}
pub(crate) use article_select;

#[derive(FromRow)]
pub(crate) struct ArticleRow {
    id: i64,
    headline: String,
    subheadline: Option<String>,
    slug: String,
    lede: String,
    body: serde_json::Value,
    section_id: i64,
    tags: serde_json::Value,
    author_ids: serde_json::Value,
    byline: Option<String>,
    bureau_id: Option<i64>,
    wire_sources: serde_json::Value,
    hero_id: Option<i64>,
    related: serde_json::Value,
    status: String,
    published_at: Option<DateTime<Utc>>,
    extra: serde_json::Value,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ArticleRow {
    pub(crate) fn into_article(self) -> StoreResult<Article> {
        let id = self.id;
        let what = |column: &str| format!("article {id} {column}");
        let status = Status::parse(&self.status)
            .map_err(|e| StoreError::Corrupt(format!("article {id}: {e}")))?;
        Ok(Article {
            id: ArticleId(id),
            content: ArticleDraft {
                headline: self.headline,
                subheadline: self.subheadline,
                slug: self.slug,
                lede: self.lede,
                body: from_json(self.body, &what("body"))?,
                section_id: SectionId(self.section_id),
                tags: from_json(self.tags, &what("tags"))?,
                author_ids: from_json(self.author_ids, &what("author_ids"))?,
                byline: self.byline,
                bureau_id: self.bureau_id.map(BureauId),
                wire_sources: from_json(self.wire_sources, &what("wire_sources"))?,
                hero_id: self.hero_id.map(MediaId),
                related: from_json(self.related, &what("related"))?,
                status,
                published_at: self.published_at,
                extra: from_json(self.extra, &what("extra"))?,
            },
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// The derived content columns, in the order `bind_content` binds them.
pub(crate) struct EncodedContent {
    headline_folded: String,
    published_at: Option<DateTime<Utc>>,
    sort_at: DateTime<Utc>,
}

impl EncodedContent {
    /// `created_at` places an unpublished article in the list order.
    pub(crate) fn new(draft: &ArticleDraft, created_at: DateTime<Utc>) -> StoreResult<Self> {
        Ok(EncodedContent {
            headline_folded: fold_for_matching(&draft.headline),
            published_at: draft.published_at.map(micros),
            sort_at: micros(draft.published_at.unwrap_or(created_at)),
        })
    }
}

type PgQuery<'q> =
    sqlx::query::Query<'q, sqlx::Postgres, <sqlx::Postgres as sqlx::Database>::Arguments>;

/// Binds headline, headline_folded, subheadline, slug, lede, body, section_id, tags,
/// author_ids, byline, bureau_id, wire_sources, hero_id, related, status, published_at,
/// extra, sort_at: the 18 content columns, in this order.
pub(crate) fn bind_content<'q>(
    query: PgQuery<'q>,
    draft: &ArticleDraft,
    enc: &EncodedContent,
) -> PgQuery<'q> {
    query
        .bind(&draft.headline)
        .bind(&enc.headline_folded)
        .bind(&draft.subheadline)
        .bind(&draft.slug)
        .bind(&draft.lede)
        .bind(json(&draft.body))
        .bind(draft.section_id.0)
        .bind(json(&draft.tags))
        .bind(json(&draft.author_ids))
        .bind(&draft.byline)
        .bind(draft.bureau_id.map(|b| b.0))
        .bind(json(&draft.wire_sources))
        .bind(draft.hero_id.map(|h| h.0))
        .bind(json(&draft.related))
        .bind(draft.status.as_str())
        .bind(enc.published_at)
        .bind(json(&draft.extra))
        .bind(enc.sort_at)
}

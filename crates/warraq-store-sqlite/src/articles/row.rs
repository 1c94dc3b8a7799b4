//! How an article is laid out in its row.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{Article, ArticleDraft, ArticleId, BureauId, MediaId, SectionId, Status};
use warraq_store::{StoreError, StoreResult};

use crate::codec::{from_json, micros, opt_time, time, to_json};

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
    body: String,
    section_id: i64,
    tags: String,
    author_ids: String,
    byline: Option<String>,
    bureau_id: Option<i64>,
    wire_sources: String,
    hero_id: Option<i64>,
    related: String,
    status: String,
    published_at: Option<i64>,
    extra: String,
    version: i64,
    created_at: i64,
    updated_at: i64,
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
                body: from_json(&self.body, &what("body"))?,
                section_id: SectionId(self.section_id),
                tags: from_json(&self.tags, &what("tags"))?,
                author_ids: from_json(&self.author_ids, &what("author_ids"))?,
                byline: self.byline,
                bureau_id: self.bureau_id.map(BureauId),
                wire_sources: from_json(&self.wire_sources, &what("wire_sources"))?,
                hero_id: self.hero_id.map(MediaId),
                related: from_json(&self.related, &what("related"))?,
                status,
                published_at: opt_time(self.published_at, &what("published_at"))?,
                extra: from_json(&self.extra, &what("extra"))?,
            },
            version: self.version,
            created_at: time(self.created_at, &what("created_at"))?,
            updated_at: time(self.updated_at, &what("updated_at"))?,
        })
    }
}

/// The values of the content columns, in the order `bind_content` binds them.
pub(crate) struct EncodedContent {
    headline_folded: String,
    body: String,
    tags: String,
    author_ids: String,
    wire_sources: String,
    related: String,
    extra: String,
    published_at: Option<i64>,
    sort_at: i64,
}

impl EncodedContent {
    /// `created_at` places an unpublished article in the list order.
    pub(crate) fn new(draft: &ArticleDraft, created_at: DateTime<Utc>) -> StoreResult<Self> {
        Ok(EncodedContent {
            headline_folded: fold_for_matching(&draft.headline),
            body: to_json(&draft.body, "article body")?,
            tags: to_json(&draft.tags, "article tags")?,
            author_ids: to_json(&draft.author_ids, "article author_ids")?,
            wire_sources: to_json(&draft.wire_sources, "article wire_sources")?,
            related: to_json(&draft.related, "article related")?,
            extra: to_json(&draft.extra, "article extra")?,
            published_at: draft.published_at.map(micros),
            sort_at: micros(draft.published_at.unwrap_or(created_at)),
        })
    }
}

type SqliteQuery<'q> =
    sqlx::query::Query<'q, sqlx::Sqlite, <sqlx::Sqlite as sqlx::Database>::Arguments>;

/// Binds headline, headline_folded, subheadline, slug, lede, body, section_id, tags,
/// author_ids, byline, bureau_id, wire_sources, hero_id, related, status, published_at,
/// extra, sort_at: the 18 content columns, in this order.
pub(crate) fn bind_content<'q>(
    query: SqliteQuery<'q>,
    draft: &ArticleDraft,
    enc: &EncodedContent,
) -> SqliteQuery<'q> {
    query
        .bind(&draft.headline)
        .bind(&enc.headline_folded)
        .bind(&draft.subheadline)
        .bind(&draft.slug)
        .bind(&draft.lede)
        .bind(&enc.body)
        .bind(draft.section_id.0)
        .bind(&enc.tags)
        .bind(&enc.author_ids)
        .bind(&draft.byline)
        .bind(draft.bureau_id.map(|b| b.0))
        .bind(&enc.wire_sources)
        .bind(draft.hero_id.map(|h| h.0))
        .bind(&enc.related)
        .bind(draft.status.as_str())
        .bind(enc.published_at)
        .bind(&enc.extra)
        .bind(enc.sort_at)
}

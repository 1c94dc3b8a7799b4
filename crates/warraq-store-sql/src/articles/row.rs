//! How an article is laid out in its row.

use sqlx::FromRow;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{
    Article, ArticleDraft, ArticleId, Block, BureauId, Correction, MediaId, PersonId, RelatedLink,
    SectionId, Status,
};
use warraq_store::{StoreError, StoreResult};

use crate::codec::{Json, Time};

/// `SELECT <every article column> FROM articles <tail>`, as one static string.
macro_rules! article_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, headline, subheadline, slug, lede, body, section_id, tags, author_ids, \
             byline, bureau_id, wire_sources, hero_id, related, status, published_at, \
             embargo_until, extra, corrections, version, created_at, updated_at FROM articles ",
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
    body: Json<Vec<Block>>,
    section_id: i64,
    tags: Json<Vec<String>>,
    author_ids: Json<Vec<PersonId>>,
    byline: Option<String>,
    bureau_id: Option<i64>,
    wire_sources: Json<Vec<String>>,
    hero_id: Option<i64>,
    related: Json<Vec<RelatedLink>>,
    status: String,
    published_at: Option<Time>,
    embargo_until: Option<Time>,
    extra: Json<serde_json::Map<String, serde_json::Value>>,
    corrections: Json<Vec<Correction>>,
    version: i64,
    created_at: Time,
    updated_at: Time,
}

impl ArticleRow {
    pub(crate) fn into_article(self) -> StoreResult<Article> {
        let status = Status::parse(&self.status)
            .map_err(|e| StoreError::Corrupt(format!("article {}: {e}", self.id)))?;
        Ok(Article {
            id: ArticleId(self.id),
            content: ArticleDraft {
                headline: self.headline,
                subheadline: self.subheadline,
                slug: self.slug,
                lede: self.lede,
                body: self.body.0,
                section_id: SectionId(self.section_id),
                tags: self.tags.0,
                author_ids: self.author_ids.0,
                byline: self.byline,
                bureau_id: self.bureau_id.map(BureauId),
                wire_sources: self.wire_sources.0,
                hero_id: self.hero_id.map(MediaId),
                related: self.related.0,
                status,
                published_at: self.published_at.map(|t| t.0),
                embargo_until: self.embargo_until.map(|t| t.0),
                corrections: self.corrections.0,
                extra: self.extra.0,
            },
            version: self.version,
            created_at: self.created_at.0,
            updated_at: self.updated_at.0,
        })
    }
}

/// The columns computed from the content: the folded headline (for matching), the
/// moment readers may see the article (the visibility rule) and its place in lists.
pub(crate) struct Derived {
    pub headline_folded: String,
    pub visible_from: Option<Time>,
    pub sort_at: Time,
}

impl Derived {
    /// `created_at` places an article that is not meant for readers in the list order.
    pub(crate) fn of(draft: &ArticleDraft, created_at: Time) -> Self {
        let visible_from = draft.visible_from().map(Time);
        Derived {
            headline_folded: fold_for_matching(&draft.headline),
            visible_from,
            sort_at: visible_from.unwrap_or(created_at),
        }
    }
}

/// Binds the 21 content columns of `$draft` and `$derived` to `$query`, in this order:
/// headline, headline_folded, subheadline, slug, lede, body, section_id, tags, author_ids,
/// byline, bureau_id, wire_sources, hero_id, related, status, published_at, embargo_until,
/// extra, visible_from, sort_at, corrections. A macro rather than a function because the query type
/// differs per database.
macro_rules! bind_content {
    ($query:expr, $draft:expr, $derived:expr) => {
        $query
            .bind(&$draft.headline)
            .bind(&$derived.headline_folded)
            .bind(&$draft.subheadline)
            .bind(&$draft.slug)
            .bind(&$draft.lede)
            .bind($crate::codec::Json(&$draft.body))
            .bind($draft.section_id.0)
            .bind($crate::codec::Json(&$draft.tags))
            .bind($crate::codec::Json(&$draft.author_ids))
            .bind(&$draft.byline)
            .bind($draft.bureau_id.map(|b| b.0))
            .bind($crate::codec::Json(&$draft.wire_sources))
            .bind($draft.hero_id.map(|h| h.0))
            .bind($crate::codec::Json(&$draft.related))
            .bind($draft.status.as_str())
            .bind($crate::codec::opt_time($draft.published_at))
            .bind($crate::codec::opt_time($draft.embargo_until))
            .bind($crate::codec::Json(&$draft.extra))
            .bind($derived.visible_from)
            .bind($derived.sort_at)
            .bind($crate::codec::Json(&$draft.corrections))
    };
}
pub(crate) use bind_content;

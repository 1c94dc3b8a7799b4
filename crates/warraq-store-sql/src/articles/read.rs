//! Reading articles: by id, in pages, by headline, by import key, by old address.

use warraq_domain::{Article, ArticleId};
use warraq_store::{ArticlePage, ArticleQuery, Cursor, StoreResult};

use super::row::{ArticleRow, article_select};
use crate::codec::Json;
use crate::db::{Conn, Dialect, on_conn};
use crate::error::{backend, db_error};

/// The largest page a list returns, whatever the caller asks.
const MAX_PAGE: u32 = 200;

/// The page size of `query`, within what a list returns.
pub(crate) fn list_limit(query: &ArticleQuery) -> u32 {
    query.limit.clamp(1, MAX_PAGE)
}

pub(crate) async fn article(conn: &mut Conn<'_>, id: ArticleId) -> StoreResult<Article> {
    on_conn!(conn, |c| sqlx::query_as::<_, ArticleRow>(article_select!(
        "WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "article", id))?
    .into_article()
}

pub(crate) async fn articles_by_ids(
    conn: &mut Conn<'_>,
    ids: &[ArticleId],
) -> StoreResult<Vec<Article>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    // The ids travel as one JSON array parameter: no SQL is built from values.
    let sql = match conn.dialect() {
        Dialect::Sqlite => article_select!("WHERE id IN (SELECT value FROM json_each($1))"),
        Dialect::Postgres => {
            article_select!("WHERE id IN (SELECT jsonb_array_elements_text($1)::BIGINT)")
        }
    };
    let rows: Vec<ArticleRow> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(Json(&ids))
        .fetch_all(c)
        .await)
    .map_err(backend)?;
    rows.into_iter().map(ArticleRow::into_article).collect()
}

/// Builds the list query of `$query` (at most `$limit` rows) for `$dialect` after
/// `$select`, the column list and `FROM articles` (prefixed with `EXPLAIN` by the plan
/// checks). Only the
/// conditions asked for are added, so each query shape can use its index; every value is
/// a bound parameter. A tag's or an author's list is driven by `article_tags` /
/// `article_authors`, whose rows carry the article's `sort_at` (migration 0007): the page
/// is an index walk in list order from the cursor, whatever the size of the store. A
/// macro because the builder's type differs per database.
macro_rules! list_sql {
    ($select:expr, $dialect:expr, $query:expr, $limit:expr) => {{
        let query: &warraq_store::ArticleQuery = $query;
        let mut sql = sqlx::QueryBuilder::new($select);
        let (at, id) = if let Some(tag) = &query.tag {
            sql.push(" JOIN article_tags o ON o.article_id = articles.id WHERE o.tag_slug = ")
                .push_bind(tag.clone());
            ("o.sort_at", "o.article_id")
        } else if let Some(author) = query.author {
            sql.push(" JOIN article_authors o ON o.article_id = articles.id WHERE o.person_id = ")
                .push_bind(author.0);
            ("o.sort_at", "o.article_id")
        } else {
            // SQLite with statistics (after an ANALYZE) may prefer a skip-scan of the
            // section index and a sort of every older article for a page from a cursor;
            // the reader lists name the index that walks in their order.
            let reader = !matches!(query.scope, warraq_store::Scope::Status(_));
            if reader && $dialect == $crate::db::Dialect::Sqlite {
                sql.push(if query.section.is_some() {
                    " INDEXED BY articles_by_section_sort"
                } else {
                    " INDEXED BY articles_by_sort"
                });
            }
            sql.push(" WHERE TRUE");
            ("articles.sort_at", "articles.id")
        };
        if let (Some(author), Some(_)) = (query.author, &query.tag) {
            sql.push(
                " AND articles.id IN (SELECT article_id FROM article_authors WHERE person_id = ",
            )
            .push_bind(author.0)
            .push(")");
        }
        if let Some(section) = query.section {
            sql.push(" AND articles.section_id = ").push_bind(section.0);
        }
        match query.scope {
            // The visibility rule: see ArticleDraft::visible_from.
            warraq_store::Scope::VisibleAt(now) => {
                sql.push(" AND articles.visible_from <= ")
                    .push_bind($crate::codec::Time(now));
            }
            warraq_store::Scope::Status(status) => {
                sql.push(" AND articles.status = ")
                    .push_bind(status.as_str());
            }
            warraq_store::Scope::All => {}
        }
        if let Some(after) = query.after {
            sql.push(format_args!(" AND ({at}, {id}) < ("))
                .push_bind($crate::codec::Time(after.at))
                .push(", ")
                .push_bind(after.id.0)
                .push(")");
        }
        sql.push(format_args!(" ORDER BY {at} DESC, {id} DESC LIMIT "))
            .push_bind(i64::from($limit));
        sql
    }};
}
pub(crate) use list_sql;

pub(crate) async fn list_articles(
    conn: &mut Conn<'_>,
    query: &ArticleQuery,
) -> StoreResult<ArticlePage> {
    let limit = list_limit(query);
    let dialect = conn.dialect();
    // One more than the page, to know whether a next page exists.
    let rows: Vec<ArticleRow> = on_conn!(conn, |c| list_sql!(
        article_select!(""),
        dialect,
        query,
        limit + 1
    )
    .build_query_as()
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    let mut items = rows
        .into_iter()
        .map(ArticleRow::into_article)
        .collect::<StoreResult<Vec<_>>>()?;
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(Cursor::of)
    } else {
        None
    };
    Ok(ArticlePage { items, next })
}

pub(crate) async fn count_articles(conn: &mut Conn<'_>) -> StoreResult<u64> {
    let count: i64 = on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM articles"
    )
    .fetch_one(c)
    .await)
    .map_err(backend)?;
    Ok(count.unsigned_abs())
}

pub(crate) async fn find_articles_by_headline(
    conn: &mut Conn<'_>,
    headline: &str,
) -> StoreResult<Vec<ArticleId>> {
    let folded = warraq_domain::arabic::fold_for_matching(headline);
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT id FROM articles WHERE headline_folded = $1 ORDER BY sort_at DESC, id DESC"
    )
    .bind(&folded)
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    Ok(ids.into_iter().map(ArticleId).collect())
}

pub(crate) async fn article_id_by_key(
    conn: &mut Conn<'_>,
    source_key: &str,
) -> StoreResult<Option<ArticleId>> {
    let id: Option<i64> = on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT article_id FROM source_keys WHERE key = $1"
    )
    .bind(source_key)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "article source key", source_key))?;
    Ok(id.map(ArticleId))
}

pub(crate) async fn redirect(conn: &mut Conn<'_>, path: &str) -> StoreResult<Option<ArticleId>> {
    let id: Option<i64> = on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT article_id FROM redirects WHERE path = $1"
    )
    .bind(path)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "redirect", path))?;
    Ok(id.map(ArticleId))
}

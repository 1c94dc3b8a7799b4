//! Reading articles: by id, in pages, by headline, by import key.

use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use warraq_domain::{Article, ArticleId};
use warraq_store::{ArticlePage, ArticleQuery, Cursor, StoreResult};

use super::row::{ArticleRow, article_select};
use super::write::load;
use crate::codec::{micros, to_json};
use crate::error::{backend, db_error};

/// The largest page a list returns, whatever the caller asks.
const MAX_PAGE: u32 = 200;

pub(crate) async fn article(pool: &SqlitePool, id: ArticleId) -> StoreResult<Article> {
    let mut conn = pool.acquire().await.map_err(backend)?;
    load(&mut conn, id).await
}

pub(crate) async fn articles_by_ids(
    pool: &SqlitePool,
    ids: &[ArticleId],
) -> StoreResult<Vec<Article>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    // The ids travel as one JSON array parameter: no SQL is built from values.
    let rows: Vec<ArticleRow> = sqlx::query_as(article_select!(
        "WHERE id IN (SELECT value FROM json_each(?))"
    ))
    .bind(to_json(&ids, "article ids")?)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter().map(ArticleRow::into_article).collect()
}

pub(crate) async fn list_articles(
    pool: &SqlitePool,
    query: &ArticleQuery,
) -> StoreResult<ArticlePage> {
    let limit = query.limit.clamp(1, MAX_PAGE);
    // Only the conditions asked for are added, so each query shape can use its index;
    // every value is a bound parameter.
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(article_select!("WHERE 1 = 1"));
    if let Some(section) = query.section {
        sql.push(" AND section_id = ").push_bind(section.0);
    }
    if let Some(status) = query.status {
        sql.push(" AND status = ").push_bind(status.as_str());
    }
    if let Some(after) = query.after {
        sql.push(" AND (sort_at, id) < (")
            .push_bind(micros(after.at))
            .push(", ")
            .push_bind(after.id.0)
            .push(")");
    }
    // One more than the page, to know whether a next page exists.
    sql.push(" ORDER BY sort_at DESC, id DESC LIMIT ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<ArticleRow> = sql
        .build_query_as()
        .fetch_all(pool)
        .await
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

pub(crate) async fn count_articles(pool: &SqlitePool) -> StoreResult<u64> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    Ok(count.unsigned_abs())
}

pub(crate) async fn find_articles_by_headline(
    pool: &SqlitePool,
    headline: &str,
) -> StoreResult<Vec<ArticleId>> {
    let folded = warraq_domain::arabic::fold_for_matching(headline);
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM articles WHERE headline_folded = ? ORDER BY sort_at DESC, id DESC",
    )
    .bind(folded)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    Ok(ids.into_iter().map(ArticleId).collect())
}

pub(crate) async fn article_id_by_key(
    pool: &SqlitePool,
    source_key: &str,
) -> StoreResult<Option<ArticleId>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT article_id FROM source_keys WHERE key = ?")
        .bind(source_key)
        .fetch_optional(pool)
        .await
        .map_err(|e| db_error(e, "article source key", source_key))?;
    Ok(id.map(ArticleId))
}

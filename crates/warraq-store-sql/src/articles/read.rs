//! Reading articles: by id, in pages, by headline, by import key, by old address.

use sqlx::QueryBuilder;
use warraq_domain::{Article, ArticleId};
use warraq_store::{ArticlePage, ArticleQuery, Cursor, Scope, StoreResult};

use super::row::{ArticleRow, article_select};
use crate::codec::{Json, Time};
use crate::db::{Conn, Dialect, on_conn};
use crate::error::{backend, db_error};

/// The largest page a list returns, whatever the caller asks.
const MAX_PAGE: u32 = 200;

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

pub(crate) async fn list_articles(
    conn: &mut Conn<'_>,
    query: &ArticleQuery,
) -> StoreResult<ArticlePage> {
    let limit = query.limit.clamp(1, MAX_PAGE);
    // Only the conditions asked for are added, so each query shape can use its index;
    // every value is a bound parameter.
    let rows: Vec<ArticleRow> = on_conn!(conn, |c| {
        let mut sql = QueryBuilder::new(article_select!("WHERE TRUE"));
        if let Some(section) = query.section {
            sql.push(" AND section_id = ").push_bind(section.0);
        }
        if let Some(author) = query.author {
            sql.push(" AND id IN (SELECT article_id FROM article_authors WHERE person_id = ")
                .push_bind(author.0)
                .push(")");
        }
        if let Some(tag) = &query.tag {
            sql.push(" AND id IN (SELECT article_id FROM article_tags WHERE tag_slug = ")
                .push_bind(tag.clone())
                .push(")");
        }
        match query.scope {
            // The visibility rule: see ArticleDraft::visible_from.
            Scope::VisibleAt(now) => {
                sql.push(" AND visible_from <= ").push_bind(Time(now));
            }
            Scope::Status(status) => {
                sql.push(" AND status = ").push_bind(status.as_str());
            }
            Scope::All => {}
        }
        if let Some(after) = query.after {
            sql.push(" AND (sort_at, id) < (")
                .push_bind(Time(after.at))
                .push(", ")
                .push_bind(after.id.0)
                .push(")");
        }
        // One more than the page, to know whether a next page exists.
        sql.push(" ORDER BY sort_at DESC, id DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        sql.build_query_as().fetch_all(c).await
    })
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

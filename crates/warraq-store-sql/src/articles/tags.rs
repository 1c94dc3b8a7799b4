//! `article_tags`: the slug of each tag an article carries, so that a tag's page finds its
//! articles through an index. Rewritten with every save, in the caller's transaction;
//! rows for articles saved before migration 0005 are made as the store opens. Each row
//! carries its article's place in the list order (`sort_at`, migration 0007), so that a
//! tag's page walks the index `(tag_slug, sort_at, article_id)` in order.

use warraq_domain::ArticleId;
use warraq_domain::arabic::slugify;
use warraq_store::StoreResult;

use crate::codec::{Json, Time};
use crate::db::{Conn, Pool, on_conn};
use crate::error::{backend, db_error};

/// Articles indexed per transaction when filling at start-up, so that the writers' lock is
/// never held for long.
const FILL_BATCH: i64 = 200;

/// The distinct, non-empty slugs of `tags`: `كوريا الشمالية` and `كوريا الشماليّة` are
/// one tag. A tag of punctuation alone has no slug, and so no page.
pub(crate) fn tag_slugs(tags: &[String]) -> Vec<String> {
    let mut slugs: Vec<String> = tags
        .iter()
        .map(|t| slugify(t))
        .filter(|s| !s.is_empty())
        .collect();
    slugs.sort_unstable();
    slugs.dedup();
    slugs
}

/// Makes the `article_tags` rows of `article` exactly the slugs of `tags`, at `sort_at`
/// (the article's place in the list order).
pub(super) async fn replace_tags(
    conn: &mut Conn<'_>,
    article: ArticleId,
    sort_at: Time,
    tags: &[String],
) -> StoreResult<()> {
    on_conn!(conn, |c| sqlx::query(
        "DELETE FROM article_tags WHERE article_id = $1"
    )
    .bind(article.0)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "article", article))?;
    for slug in tag_slugs(tags) {
        on_conn!(conn, |c| sqlx::query(
            "INSERT INTO article_tags (article_id, tag_slug, sort_at) VALUES ($1, $2, $3)"
        )
        .bind(article.0)
        .bind(&slug)
        .bind(sort_at)
        .execute(c)
        .await
        .map(|done| done.rows_affected()))
        .map_err(|e| db_error(e, "article tag", &slug))?;
    }
    Ok(())
}

/// Indexes the tags of the articles migration 0005 listed in `article_tags_pending`, in
/// small transactions, emptying the list. Idempotent, and one cheap query when there is
/// nothing to do: several nodes may run it as they start.
pub(crate) async fn index_pending_tags(pool: &Pool) -> StoreResult<()> {
    const ANY_PENDING: &str = "SELECT EXISTS (SELECT 1 FROM article_tags_pending)";
    let any: bool = {
        let mut pooled = pool.acquire().await?;
        on_conn!(&mut pooled.conn(), |c| sqlx::query_scalar(ANY_PENDING)
            .fetch_one(c)
            .await)
        .map_err(backend)?
    };
    if !any {
        return Ok(());
    }
    loop {
        let mut tx = pool.begin_write().await?;
        let rows: Vec<(i64, Time, Json<Vec<String>>)> = on_conn!(&mut tx.conn(), |c| sqlx::query_as(
            "SELECT a.id, a.sort_at, a.tags FROM article_tags_pending p JOIN articles a ON a.id = p.article_id \
             ORDER BY a.id LIMIT $1"
        )
        .bind(FILL_BATCH)
        .fetch_all(c)
        .await)
        .map_err(backend)?;
        if rows.is_empty() {
            return Ok(());
        }
        for (id, sort_at, tags) in rows {
            let id = ArticleId(id);
            replace_tags(&mut tx.conn(), id, sort_at, &tags.0).await?;
            on_conn!(&mut tx.conn(), |c| sqlx::query(
                "DELETE FROM article_tags_pending WHERE article_id = $1"
            )
            .bind(id.0)
            .execute(c)
            .await
            .map(|done| done.rows_affected()))
            .map_err(|e| db_error(e, "article", id))?;
        }
        tx.commit().await?;
    }
}

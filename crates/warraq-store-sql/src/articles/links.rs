//! The tables that list, per article, ids its content holds (`article_media`,
//! `article_authors`), so that queries find articles by them through an index. Rewritten
//! with every save, in the caller's transaction. `article_authors` rows also carry the
//! article's place in the list order (`sort_at`, migration 0007), so that an author's page
//! walks an index in order.

use warraq_domain::ArticleId;
use warraq_store::StoreResult;

use crate::codec::Time;
use crate::db::on_conn;
use crate::error::db_error;
use crate::tx::SqlTx;

/// The tables that list, per article, ids its content holds, so that queries can find
/// articles by them through an index.
#[derive(Clone, Copy)]
pub(super) enum Links {
    /// `article_media`: the pictures an article shows (hero and body).
    Media,
    /// `article_authors`: the people who sign it (`author_ids`).
    Authors,
}

impl Links {
    fn sql(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Links::Media => (
                "DELETE FROM article_media WHERE article_id = $1",
                "INSERT INTO article_media (article_id, media_id) VALUES ($1, $2)",
                "article_media",
            ),
            Links::Authors => (
                "DELETE FROM article_authors WHERE article_id = $1",
                "INSERT INTO article_authors (article_id, person_id, sort_at) VALUES ($1, $2, $3)",
                "article_authors",
            ),
        }
    }
}

/// Makes the `links` rows of `article` exactly `ids` (duplicates ignored); `sort_at` is
/// the article's place in the list order, kept beside its authors.
pub(super) async fn replace_links(
    tx: &mut SqlTx,
    links: Links,
    article: ArticleId,
    sort_at: Time,
    ids: impl Iterator<Item = i64>,
) -> StoreResult<()> {
    let (delete, insert, table) = links.sql();
    on_conn!(&mut tx.conn(), |c| sqlx::query(delete)
        .bind(article.0)
        .execute(c)
        .await
        .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "article", article))?;
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        on_conn!(&mut tx.conn(), |c| {
            let query = sqlx::query(insert).bind(article.0).bind(id);
            match links {
                Links::Media => query,
                Links::Authors => query.bind(sort_at),
            }
            .execute(c)
            .await
            .map(|done| done.rows_affected())
        })
        .map_err(|e| db_error(e, table, id))?;
    }
    Ok(())
}

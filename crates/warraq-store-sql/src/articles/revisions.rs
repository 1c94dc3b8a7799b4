//! Revisions: every save keeps the whole content, who saved it and when.

use sqlx::FromRow;
use warraq_domain::{Actor, Article, ArticleDraft, ArticleId, Revision};
use warraq_store::{StoreError, StoreResult};

use crate::codec::{Json, Time};
use crate::db::{Conn, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

#[derive(FromRow)]
struct RevisionRow {
    article_id: i64,
    version: i64,
    actor: String,
    at: Time,
    content: Json<ArticleDraft>,
}

impl RevisionRow {
    fn into_revision(self) -> StoreResult<Revision> {
        let actor = Actor::parse(&self.actor).map_err(|e| {
            StoreError::Corrupt(format!(
                "revision {} of article {}: {e}",
                self.version, self.article_id
            ))
        })?;
        Ok(Revision {
            article_id: ArticleId(self.article_id),
            version: self.version,
            actor,
            at: self.at.0,
            content: self.content.0,
        })
    }
}

/// Keeps `article` as it now stands as the revision of its version.
pub(crate) async fn save_revision(tx: &mut SqlTx, article: &Article) -> StoreResult<()> {
    let actor = tx.actor_text();
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "INSERT INTO revisions (article_id, version, actor, at, content) \
         VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(article.id.0)
    .bind(article.version)
    .bind(&actor)
    .bind(Time(article.updated_at))
    .bind(Json(&article.content))
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "revision", article.id))?;
    Ok(())
}

pub(crate) async fn revisions(conn: &mut Conn<'_>, id: ArticleId) -> StoreResult<Vec<Revision>> {
    let rows: Vec<RevisionRow> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT article_id, version, actor, at, content FROM revisions \
         WHERE article_id = $1 ORDER BY version"
    )
    .bind(id.0)
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    rows.into_iter().map(RevisionRow::into_revision).collect()
}

pub(crate) async fn revision(
    conn: &mut Conn<'_>,
    id: ArticleId,
    version: i64,
) -> StoreResult<Revision> {
    on_conn!(conn, |c| sqlx::query_as::<_, RevisionRow>(
        "SELECT article_id, version, actor, at, content FROM revisions \
         WHERE article_id = $1 AND version = $2"
    )
    .bind(id.0)
    .bind(version)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "revision", format!("{id} v{version}")))?
    .into_revision()
}

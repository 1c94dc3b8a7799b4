//! Old URLs (from a WordPress import) that redirect to an article.

use sqlx::PgPool;
use warraq_domain::{ArticleId, DomainError};
use warraq_store::{ChangeKind, Entity, StoreResult};

use crate::catalog::{RefTable, require};
use crate::changes::record;
use crate::codec::now;
use crate::error::{backend, db_error};
use crate::tx::begin_write;

/// Points `path` at `target`; re-adding the same redirect writes nothing.
pub(crate) async fn add_redirect(pool: &PgPool, path: &str, target: ArticleId) -> StoreResult<()> {
    if path.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "redirect.path",
        }
        .into());
    }
    let mut tx = begin_write(pool).await?;
    require(&mut tx, RefTable::Articles, target.0, "redirect.target").await?;
    let current: Option<i64> =
        sqlx::query_scalar("SELECT article_id FROM redirects WHERE path = $1")
            .bind(path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    let kind = match current {
        Some(id) if id == target.0 => return Ok(()),
        Some(_) => ChangeKind::Updated,
        None => ChangeKind::Created,
    };
    sqlx::query(
        "INSERT INTO redirects (path, article_id) VALUES ($1, $2) \
         ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id",
    )
    .bind(path)
    .bind(target.0)
    .execute(&mut *tx)
    .await
    .map_err(|e| db_error(e, "redirect", path))?;
    record(&mut tx, Entity::Redirect, path, kind, now()).await?;
    tx.commit().await.map_err(backend)
}

pub(crate) async fn redirect(pool: &PgPool, path: &str) -> StoreResult<Option<ArticleId>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT article_id FROM redirects WHERE path = $1")
        .bind(path)
        .fetch_optional(pool)
        .await
        .map_err(|e| db_error(e, "redirect", path))?;
    Ok(id.map(ArticleId))
}

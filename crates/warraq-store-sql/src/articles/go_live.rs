//! The go-live of scheduled and embargoed articles: their status becomes published once
//! their moment has come, so that followers and the audit log learn of it.

use warraq_domain::{ArticleId, Status};
use warraq_store::{ChangeKind, Entity, StoreError, StoreResult};

use super::write::audit_status;
use crate::codec::Time;
use crate::db::{Conn, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

/// Whether a scheduled or embargoed article's moment has come.
pub(crate) async fn any_go_live_due(conn: &mut Conn<'_>, now: Time) -> StoreResult<bool> {
    on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE status IN ($1, $2) AND visible_from <= $3)"
    )
    .bind(Status::Scheduled.as_str())
    .bind(Status::Embargoed.as_str())
    .bind(now)
    .fetch_one(c)
    .await)
    .map_err(backend)
}

/// Moves scheduled and embargoed articles whose moment has come to published, logging
/// each as an update and auditing the status change. Their content and version stay:
/// readers already see them (the visibility rule asks the clock), and an editor's open
/// copy is not made stale.
pub(crate) async fn record_go_live(tx: &mut SqlTx, now: Time) -> StoreResult<Vec<ArticleId>> {
    // Read first for the status each leaves (the audit's `from`); the write transaction
    // holds the write lock, so nothing moves them in between.
    let due: Vec<(i64, String)> = on_conn!(&mut tx.conn(), |c| sqlx::query_as(
        "SELECT id, status FROM articles \
         WHERE status IN ($1, $2) AND visible_from <= $3 ORDER BY id"
    )
    .bind(Status::Scheduled.as_str())
    .bind(Status::Embargoed.as_str())
    .bind(now)
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    let mut moved = Vec::with_capacity(due.len());
    for (id, from) in due {
        let from =
            Status::parse(&from).map_err(|e| StoreError::Corrupt(format!("article {id}: {e}")))?;
        on_conn!(&mut tx.conn(), |c| sqlx::query(
            "UPDATE articles SET status = $1 WHERE id = $2"
        )
        .bind(Status::Published.as_str())
        .bind(id)
        .execute(c)
        .await
        .map(|done| done.rows_affected()))
        .map_err(|e| db_error(e, "article", id))?;
        tx.log(Entity::Article, id, ChangeKind::Updated, now)
            .await?;
        audit_status(tx, ArticleId(id), Some(from), Status::Published, now).await?;
        moved.push(ArticleId(id));
    }
    Ok(moved)
}

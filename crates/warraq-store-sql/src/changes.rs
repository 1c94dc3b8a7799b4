//! The change log: appended inside every writing transaction, read by followers.

use warraq_domain::Actor;
use warraq_store::{Change, ChangeKind, Entity, StoreError, StoreResult};

use crate::codec::Time;
use crate::db::{Conn, on_conn};
use crate::error::backend;

/// Most entries one call returns, whatever the caller asks.
const MAX_PAGE: u32 = 1000;

/// Appends one entry. Called by [`crate::tx::SqlTx::log`], inside the transaction that
/// made the change.
pub(crate) async fn record(
    conn: &mut Conn<'_>,
    actor: Actor,
    (entity, entity_id, kind): (Entity, String, ChangeKind),
    at: Time,
) -> StoreResult<()> {
    on_conn!(conn, |c| sqlx::query(
        "INSERT INTO change_log (entity, entity_id, kind, at, actor) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(entity.as_str())
    .bind(&entity_id)
    .bind(kind.as_str())
    .bind(at)
    .bind(actor.to_string())
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(backend)?;
    Ok(())
}

type ChangeRow = (i64, String, String, String, Time, String);

pub(crate) async fn since(conn: &mut Conn<'_>, after: i64, limit: u32) -> StoreResult<Vec<Change>> {
    let rows: Vec<ChangeRow> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT seq, entity, entity_id, kind, at, actor FROM change_log \
         WHERE seq > $1 ORDER BY seq LIMIT $2"
    )
    .bind(after)
    .bind(i64::from(limit.min(MAX_PAGE)))
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    rows.into_iter().map(into_change).collect()
}

fn into_change((seq, entity, entity_id, kind, at, actor): ChangeRow) -> StoreResult<Change> {
    let corrupt = |what: String| StoreError::Corrupt(format!("change {seq}: {what}"));
    Ok(Change {
        seq,
        entity: Entity::parse(&entity)
            .ok_or_else(|| corrupt(format!("unknown entity `{entity}`")))?,
        kind: ChangeKind::parse(&kind).ok_or_else(|| corrupt(format!("unknown kind `{kind}`")))?,
        entity_id,
        at: at.0,
        actor: Actor::parse(&actor).map_err(|e| corrupt(e.to_string()))?,
    })
}

pub(crate) async fn last_seq(conn: &mut Conn<'_>) -> StoreResult<i64> {
    let seq: Option<i64> = on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT MAX(seq) FROM change_log"
    )
    .fetch_one(c)
    .await)
    .map_err(backend)?;
    Ok(seq.unwrap_or(0))
}

pub(crate) async fn oldest_seq(conn: &mut Conn<'_>) -> StoreResult<i64> {
    let seq: Option<i64> = on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT MIN(seq) FROM change_log"
    )
    .fetch_one(c)
    .await)
    .map_err(backend)?;
    Ok(seq.unwrap_or(0))
}

/// Deletes entries older than `before` but never the newest one.
pub(crate) async fn prune(conn: &mut Conn<'_>, before: Time) -> StoreResult<u64> {
    let deleted = on_conn!(conn, |c| sqlx::query(
        "DELETE FROM change_log WHERE at < $1 AND seq < (SELECT MAX(seq) FROM change_log)"
    )
    .bind(before)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(backend)?;
    Ok(deleted)
}

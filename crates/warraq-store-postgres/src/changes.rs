//! The change log: appended inside every writing transaction, read by followers.

use std::fmt::Display;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use warraq_store::{Change, ChangeKind, Entity, StoreError, StoreResult};

use crate::error::backend;

/// Most entries one call returns, whatever the caller asks.
const MAX_PAGE: u32 = 1000;

/// Appends one entry. Call it inside a transaction from `tx::begin_write`, whose lock
/// keeps sequence numbers in commit order.
pub(crate) async fn record(
    conn: &mut PgConnection,
    entity: Entity,
    entity_id: impl Display,
    kind: ChangeKind,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO change_log (entity, entity_id, kind, at) VALUES ($1, $2, $3, $4)")
        .bind(entity.as_str())
        .bind(entity_id.to_string())
        .bind(kind.as_str())
        .bind(at)
        .execute(conn)
        .await
        .map_err(backend)?;
    Ok(())
}

pub(crate) async fn since(pool: &PgPool, after: i64, limit: u32) -> StoreResult<Vec<Change>> {
    let rows: Vec<(i64, String, String, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT seq, entity, entity_id, kind, at FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(i64::from(limit.min(MAX_PAGE)))
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter()
        .map(|(seq, entity, entity_id, kind, at)| {
            Ok(Change {
                seq,
                entity: Entity::parse(&entity).ok_or_else(|| {
                    StoreError::Corrupt(format!("change {seq}: unknown entity `{entity}`"))
                })?,
                kind: ChangeKind::parse(&kind).ok_or_else(|| {
                    StoreError::Corrupt(format!("change {seq}: unknown kind `{kind}`"))
                })?,
                entity_id,
                at,
            })
        })
        .collect()
}

pub(crate) async fn last_seq(pool: &PgPool) -> StoreResult<i64> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM change_log")
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    Ok(seq.unwrap_or(0))
}

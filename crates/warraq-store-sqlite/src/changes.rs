//! The change log: appended inside every writing transaction, read by followers.

use std::fmt::Display;

use chrono::{DateTime, Utc};
use sqlx::{SqliteConnection, SqlitePool};
use warraq_store::{Change, ChangeKind, Entity, StoreError, StoreResult};

use crate::codec::{micros, time};
use crate::error::backend;

/// Most entries one call returns, whatever the caller asks.
const MAX_PAGE: u32 = 1000;

/// Appends one entry. Call it inside the transaction that made the change.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    entity: Entity,
    entity_id: impl Display,
    kind: ChangeKind,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO change_log (entity, entity_id, kind, at) VALUES (?, ?, ?, ?)")
        .bind(entity.as_str())
        .bind(entity_id.to_string())
        .bind(kind.as_str())
        .bind(micros(at))
        .execute(conn)
        .await
        .map_err(backend)?;
    Ok(())
}

pub(crate) async fn since(pool: &SqlitePool, after: i64, limit: u32) -> StoreResult<Vec<Change>> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT seq, entity, entity_id, kind, at FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?",
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
                at: time(at, "change_log.at")?,
            })
        })
        .collect()
}

pub(crate) async fn last_seq(pool: &SqlitePool) -> StoreResult<i64> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM change_log")
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    Ok(seq.unwrap_or(0))
}

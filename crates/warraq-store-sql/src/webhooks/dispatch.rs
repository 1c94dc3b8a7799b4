//! Where the dispatcher is in the change log and what it last announced of each article.
//! A batch (deliveries, announcements, the new position) is one transaction that first
//! moves the position from where the dispatcher read it: a second dispatcher that read
//! the same entries finds the position moved and writes nothing, so no event is enqueued
//! twice, and a crash before the commit leaves the entries to be read again.

use warraq_domain::ArticleId;
use warraq_store::{Announced, StoreError, StoreResult, WebhookBatch};

use crate::codec::{Json, Time};
use crate::db::{Conn, Dialect, Pool, Tx, on_conn};
use crate::error::{backend, db_error};

pub(super) async fn position(conn: &mut Conn<'_>) -> StoreResult<i64> {
    on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT position FROM webhook_dispatch WHERE id = 1"
    )
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "webhook dispatch", 1))
}

pub(super) async fn announced(
    conn: &mut Conn<'_>,
    ids: &[ArticleId],
) -> StoreResult<Vec<Announced>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    // The ids travel as one JSON array parameter: no SQL is built from values.
    let sql = match conn.dialect() {
        Dialect::Sqlite => {
            "SELECT article_id, visible, version FROM webhook_announced \
             WHERE article_id IN (SELECT value FROM json_each($1))"
        }
        Dialect::Postgres => {
            "SELECT article_id, visible, version FROM webhook_announced \
             WHERE article_id IN (SELECT jsonb_array_elements_text($1)::BIGINT)"
        }
    };
    let rows: Vec<(i64, bool, i64)> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(Json(&ids))
        .fetch_all(c)
        .await)
    .map_err(backend)?;
    Ok(rows
        .into_iter()
        .map(|(article, visible, version)| Announced {
            article: ArticleId(article),
            visible,
            version,
        })
        .collect())
}

/// A transaction for the dispatcher's own tables. Not [`Pool::begin_write`]: nothing here
/// touches the change log, so on PostgreSQL it need not wait for the content writers'
/// lock (publishing is never slowed by the dispatcher); on SQLite it takes the write lock
/// at once, as every writer must.
pub(super) async fn begin(pool: &Pool) -> StoreResult<Tx> {
    Ok(match pool {
        Pool::Sqlite(pool) => {
            Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?)
        }
        Pool::Postgres(pool) => Tx::Postgres(pool.begin().await.map_err(backend)?),
    })
}

pub(super) async fn record_batch(pool: &Pool, batch: &WebhookBatch) -> StoreResult<()> {
    let mut tx = begin(pool).await?;
    let moved = on_conn!(&mut tx.conn(), |c| sqlx::query(
        "UPDATE webhook_dispatch SET position = $1 WHERE id = 1 AND position = $2"
    )
    .bind(batch.up_to)
    .bind(batch.after)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(backend)?;
    if moved != 1 {
        let found = position(&mut tx.conn()).await?;
        return Err(StoreError::Conflict {
            entity: "webhook dispatch",
            key: "position".into(),
            expected: batch.after,
            found,
        });
    }
    let now = Time::now();
    for d in &batch.deliveries {
        // An endpoint removed since the dispatcher listed them gets nothing.
        on_conn!(&mut tx.conn(), |c| sqlx::query(
            "INSERT INTO webhook_deliveries \
             (endpoint_id, event_id, event_type, article_id, body, created_at, attempts, \
              next_attempt_at) \
             SELECT $1, $2, $3, $4, $5, $6, 0, $6 \
             WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = $1 AND active = $7) \
             ON CONFLICT (endpoint_id, event_id) DO NOTHING"
        )
        .bind(d.endpoint_id)
        .bind(&d.event_id)
        .bind(&d.event_type)
        .bind(d.article_id.map(|a| a.0))
        .bind(&d.body)
        .bind(now)
        .bind(true)
        .execute(c)
        .await
        .map(|done| done.rows_affected()))
        .map_err(|e| db_error(e, "webhook delivery", &d.event_id))?;
    }
    for a in &batch.announced {
        on_conn!(&mut tx.conn(), |c| sqlx::query(
            "INSERT INTO webhook_announced (article_id, visible, version) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id) DO UPDATE SET visible = $2, version = $3"
        )
        .bind(a.article.0)
        .bind(a.visible)
        .bind(a.version)
        .execute(c)
        .await
        .map(|done| done.rows_affected()))
        .map_err(|e| db_error(e, "article", a.article.0))?;
    }
    tx.commit().await
}

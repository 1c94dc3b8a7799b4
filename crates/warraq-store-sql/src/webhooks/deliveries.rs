//! The delivery log: claiming what is due, recording attempts, listing for operators.

use sqlx::{FromRow, QueryBuilder};
use warraq_domain::ArticleId;
use warraq_store::{
    AttemptOutcome, Delivery, DeliveryAttempt, DeliveryQuery, DueDelivery, StoreError, StoreResult,
};

use super::endpoints::endpoint;
use crate::codec::{Time, opt_time, unsigned};
use crate::db::{Conn, on_conn};
use crate::error::{backend, db_error};

/// The largest page [`deliveries`] returns, whatever the caller asks.
const MAX_PAGE: u32 = 500;

/// Every delivery column, in [`DeliveryRow`]'s order.
macro_rules! columns {
    () => {
        "id, endpoint_id, event_id, event_type, article_id, body, created_at, attempts, \
         next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, given_up_at"
    };
}

#[derive(FromRow)]
struct DeliveryRow {
    id: i64,
    endpoint_id: i64,
    event_id: String,
    event_type: String,
    article_id: Option<i64>,
    body: String,
    created_at: Time,
    attempts: i32,
    next_attempt_at: Option<Time>,
    last_attempt_at: Option<Time>,
    last_status: Option<i32>,
    last_error: Option<String>,
    delivered_at: Option<Time>,
    given_up_at: Option<Time>,
}

impl DeliveryRow {
    fn into_delivery(self) -> StoreResult<Delivery> {
        let what = format!("webhook delivery {}", self.id);
        Ok(Delivery {
            id: self.id,
            endpoint_id: self.endpoint_id,
            event_id: self.event_id,
            event_type: self.event_type,
            article_id: self.article_id.map(ArticleId),
            body: self.body,
            created_at: self.created_at.0,
            attempts: unsigned(Some(i64::from(self.attempts)), &what)?.unwrap_or(0),
            next_attempt_at: self.next_attempt_at.map(|t| t.0),
            last_attempt_at: self.last_attempt_at.map(|t| t.0),
            last_status: unsigned(self.last_status.map(i64::from), &what)?,
            last_error: self.last_error,
            delivered_at: self.delivered_at.map(|t| t.0),
            given_up_at: self.given_up_at.map(|t| t.0),
        })
    }
}

/// Makes due deliveries of an active endpoint due again only at `until` and returns them.
/// The outer `next_attempt_at <= now` is checked again on the row as it is locked, so two
/// claims at once on PostgreSQL never take the same delivery.
pub(super) async fn claim_due(
    conn: &mut Conn<'_>,
    endpoint_id: i64,
    now: Time,
    until: Time,
    limit: u32,
) -> StoreResult<Vec<DueDelivery>> {
    let target = endpoint(conn, endpoint_id).await?;
    if !target.active || limit == 0 {
        return Ok(Vec::new());
    }
    // The sender asks every second: a read first, so that SQLite's write lock is taken
    // only when something is due.
    let any_due: bool = on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM webhook_deliveries \
         WHERE endpoint_id = $1 AND next_attempt_at <= $2)"
    )
    .bind(endpoint_id)
    .bind(now)
    .fetch_one(c)
    .await)
    .map_err(backend)?;
    if !any_due {
        return Ok(Vec::new());
    }
    let sql = concat!(
        "UPDATE webhook_deliveries SET next_attempt_at = $1 \
         WHERE id IN (SELECT id FROM webhook_deliveries \
                      WHERE endpoint_id = $2 AND next_attempt_at <= $3 \
                      ORDER BY next_attempt_at, id LIMIT $4) \
           AND next_attempt_at <= $3 RETURNING ",
        columns!()
    );
    let mut rows: Vec<DeliveryRow> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(until)
        .bind(endpoint_id)
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(c)
        .await)
    .map_err(backend)?;
    rows.sort_by_key(|r| r.id);
    rows.into_iter()
        .map(|row| {
            Ok(DueDelivery {
                delivery: row.into_delivery()?,
                endpoint: target.clone(),
            })
        })
        .collect()
}

pub(super) async fn record_attempt(
    conn: &mut Conn<'_>,
    id: i64,
    attempt: &DeliveryAttempt,
) -> StoreResult<()> {
    let at = Time(attempt.at);
    let (next, delivered, given_up) = match attempt.outcome {
        AttemptOutcome::Delivered => (None, Some(at), None),
        AttemptOutcome::RetryAt(next) => (opt_time(Some(next)), None, None),
        AttemptOutcome::GaveUp => (None, None, Some(at)),
    };
    let updated = on_conn!(conn, |c| sqlx::query(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $1, \
         last_status = $2, last_error = $3, next_attempt_at = $4, delivered_at = $5, \
         given_up_at = $6 WHERE id = $7"
    )
    .bind(at)
    .bind(attempt.status.map(i32::from))
    .bind(attempt.error.as_deref())
    .bind(next)
    .bind(delivered)
    .bind(given_up)
    .bind(id)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "webhook delivery", id))?;
    if updated == 0 {
        return Err(StoreError::not_found("webhook delivery", id));
    }
    Ok(())
}

/// Newest first.
pub(super) async fn deliveries(
    conn: &mut Conn<'_>,
    query: &DeliveryQuery,
) -> StoreResult<Vec<Delivery>> {
    let rows: Vec<DeliveryRow> = on_conn!(conn, |c| {
        let mut sql = QueryBuilder::new(concat!(
            "SELECT ",
            columns!(),
            " FROM webhook_deliveries WHERE TRUE"
        ));
        if let Some(endpoint) = query.endpoint {
            sql.push(" AND endpoint_id = ").push_bind(endpoint);
        }
        if query.failed_only {
            sql.push(" AND delivered_at IS NULL AND (given_up_at IS NOT NULL OR attempts > 0)");
        }
        if let Some(before) = query.before {
            sql.push(" AND id < ").push_bind(before);
        }
        sql.push(" ORDER BY id DESC LIMIT ")
            .push_bind(i64::from(query.limit.clamp(1, MAX_PAGE)));
        sql.build_query_as().fetch_all(c).await
    })
    .map_err(backend)?;
    rows.into_iter().map(DeliveryRow::into_delivery).collect()
}

//! Webhook endpoints and the WebSub hub. Adding and removing one is audited (never with
//! its secret), in a write transaction like every audited change.

use serde_json::json;
use sqlx::FromRow;
use warraq_domain::DomainError;
use warraq_store::{EndpointKind, StoreError, StoreResult, WebhookEndpoint};

use crate::accounts::audit;
use crate::codec::Time;
use crate::db::{Conn, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

/// `SELECT <every endpoint column> FROM webhook_endpoints <tail>`.
macro_rules! endpoint_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, kind, url, secret, created_at, active FROM webhook_endpoints ",
            $tail
        )
    };
}

#[derive(FromRow)]
struct EndpointRow {
    id: i64,
    kind: String,
    url: String,
    secret: String,
    created_at: Time,
    active: bool,
}

impl EndpointRow {
    fn into_endpoint(self) -> StoreResult<WebhookEndpoint> {
        let kind = EndpointKind::parse(&self.kind).ok_or_else(|| {
            StoreError::Corrupt(format!("webhook {}: unknown kind `{}`", self.id, self.kind))
        })?;
        Ok(WebhookEndpoint {
            id: self.id,
            kind,
            url: self.url,
            secret: self.secret,
            created_at: self.created_at.0,
            active: self.active,
        })
    }
}

fn subject(id: i64) -> String {
    format!("webhook:{id}")
}

pub(super) async fn endpoint(conn: &mut Conn<'_>, id: i64) -> StoreResult<WebhookEndpoint> {
    on_conn!(conn, |c| sqlx::query_as::<_, EndpointRow>(
        endpoint_select!("WHERE id = $1")
    )
    .bind(id)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "webhook", id))?
    .into_endpoint()
}

pub(super) async fn endpoints(
    conn: &mut Conn<'_>,
    include_removed: bool,
) -> StoreResult<Vec<WebhookEndpoint>> {
    let rows: Vec<EndpointRow> = if include_removed {
        on_conn!(conn, |c| sqlx::query_as(endpoint_select!("ORDER BY id"))
            .fetch_all(c)
            .await)
    } else {
        on_conn!(conn, |c| sqlx::query_as(endpoint_select!(
            "WHERE active = $1 ORDER BY id"
        ))
        .bind(true)
        .fetch_all(c)
        .await)
    }
    .map_err(backend)?;
    rows.into_iter().map(EndpointRow::into_endpoint).collect()
}

/// Audit `webhook.created`; `Duplicate` when an active endpoint of the kind has the URL.
pub(super) async fn add(
    tx: &mut SqlTx,
    kind: EndpointKind,
    url: &str,
    secret: &str,
) -> StoreResult<WebhookEndpoint> {
    let url = url.trim();
    if url.is_empty() {
        return Err(DomainError::Empty {
            field: "webhook.url",
        }
        .into());
    }
    if kind == EndpointKind::Webhook && secret.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "webhook.secret",
        }
        .into());
    }
    let created_at = Time::now();
    let id: i64 = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "INSERT INTO webhook_endpoints (kind, url, secret, created_at, active) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id"
    )
    .bind(kind.as_str())
    .bind(url)
    .bind(secret)
    .bind(created_at)
    .bind(true)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "webhook", url))?;
    let detail = json!({ "kind": kind.as_str(), "url": url });
    audit::record(tx, created_at, "webhook.created", &subject(id), &detail).await?;
    Ok(WebhookEndpoint {
        id,
        kind,
        url: url.to_string(),
        secret: secret.to_string(),
        created_at: created_at.0,
        active: true,
    })
}

/// Audit `webhook.removed`; what was waiting for the endpoint is given up.
pub(super) async fn remove(tx: &mut SqlTx, id: i64) -> StoreResult<()> {
    let stored = endpoint(&mut tx.conn(), id).await?;
    if !stored.active {
        return Ok(());
    }
    let now = Time::now();
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "UPDATE webhook_endpoints SET active = $1 WHERE id = $2"
    )
    .bind(false)
    .bind(id)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "webhook", id))?;
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "UPDATE webhook_deliveries SET next_attempt_at = NULL, given_up_at = $1, \
         last_error = $2 WHERE endpoint_id = $3 AND next_attempt_at IS NOT NULL"
    )
    .bind(now)
    .bind("endpoint removed")
    .bind(id)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "webhook", id))?;
    let detail = json!({ "kind": stored.kind.as_str(), "url": stored.url });
    audit::record(tx, now, "webhook.removed", &subject(id), &detail).await
}

/// Keeps `hub` as the one active WebSub endpoint (or none).
pub(super) async fn set_websub_hub(
    tx: &mut SqlTx,
    hub: Option<&str>,
) -> StoreResult<Option<WebhookEndpoint>> {
    let hub = hub.map(str::trim).filter(|h| !h.is_empty());
    let mut kept = None;
    for existing in endpoints(&mut tx.conn(), false).await? {
        if existing.kind != EndpointKind::WebSub {
            continue;
        }
        if Some(existing.url.as_str()) == hub && kept.is_none() {
            kept = Some(existing);
        } else {
            remove(tx, existing.id).await?;
        }
    }
    match (kept, hub) {
        (Some(kept), _) => Ok(Some(kept)),
        (None, Some(hub)) => add(tx, EndpointKind::WebSub, hub, "").await.map(Some),
        (None, None) => Ok(None),
    }
}

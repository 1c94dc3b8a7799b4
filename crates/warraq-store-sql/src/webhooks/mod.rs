//! Webhooks and WebSub: [`WebhookStore`] for [`SqlStore`], handing over to the module
//! owning each table. Endpoint changes are audited in a write transaction; the
//! dispatcher's own writes (position, deliveries, attempts) change no content, so they
//! neither take the writers' lock on PostgreSQL nor appear in the change log.

mod deliveries;
mod dispatch;
mod endpoints;
mod lease;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use warraq_domain::{Actor, ArticleId};
use warraq_store::{
    Announced, Delivery, DeliveryAttempt, DeliveryQuery, DueDelivery, EndpointKind, StoreResult,
    WebhookBatch, WebhookEndpoint, WebhookLease, WebhookStore, WriteTx,
};

use crate::codec::Time;
use crate::store::{SqlStore, read};
use crate::tx::SqlTx;

impl SqlStore {
    async fn audited_tx(&self, actor: Actor) -> StoreResult<SqlTx> {
        Ok(SqlTx::new(self.pool.begin_write().await?, actor))
    }
}

#[async_trait]
impl WebhookStore for SqlStore {
    async fn add_webhook_endpoint(
        &self,
        actor: Actor,
        kind: EndpointKind,
        url: &str,
        secret: &str,
    ) -> StoreResult<WebhookEndpoint> {
        let mut tx = self.audited_tx(actor).await?;
        let added = endpoints::add(&mut tx, kind, url, secret).await?;
        Box::new(tx).commit().await?;
        Ok(added)
    }

    async fn webhook_endpoint(&self, id: i64) -> StoreResult<WebhookEndpoint> {
        read!(self, endpoints::endpoint, id)
    }

    async fn webhook_endpoints(&self, include_removed: bool) -> StoreResult<Vec<WebhookEndpoint>> {
        read!(self, endpoints::endpoints, include_removed)
    }

    async fn remove_webhook_endpoint(&self, actor: Actor, id: i64) -> StoreResult<()> {
        let mut tx = self.audited_tx(actor).await?;
        endpoints::remove(&mut tx, id).await?;
        Box::new(tx).commit().await
    }

    async fn set_websub_hub(
        &self,
        actor: Actor,
        hub: Option<&str>,
    ) -> StoreResult<Option<WebhookEndpoint>> {
        let mut tx = self.audited_tx(actor).await?;
        let active = endpoints::set_websub_hub(&mut tx, hub).await?;
        Box::new(tx).commit().await?;
        Ok(active)
    }

    async fn webhook_position(&self) -> StoreResult<i64> {
        read!(self, dispatch::position)
    }

    async fn announced(&self, ids: &[ArticleId]) -> StoreResult<Vec<Announced>> {
        read!(self, dispatch::announced, ids)
    }

    async fn record_webhook_batch(&self, batch: &WebhookBatch) -> StoreResult<()> {
        dispatch::record_batch(&self.pool, batch).await
    }

    async fn claim_due_deliveries(
        &self,
        endpoint: i64,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<DueDelivery>> {
        read!(
            self,
            deliveries::claim_due,
            endpoint,
            Time(now),
            Time(until),
            limit
        )
    }

    async fn record_delivery_attempt(&self, id: i64, attempt: &DeliveryAttempt) -> StoreResult<()> {
        read!(self, deliveries::record_attempt, id, attempt)
    }

    async fn deliveries(&self, query: &DeliveryQuery) -> StoreResult<Vec<Delivery>> {
        read!(self, deliveries::deliveries, query)
    }

    async fn try_webhook_lease(&self) -> StoreResult<Option<Box<dyn WebhookLease>>> {
        lease::try_lease(&self.pool).await
    }
}

//! The webhooks part of the contract: endpoints an operator registered (and the WebSub
//! hub), the dispatcher's position in the change log with what it last announced of each
//! article, the delivery log, and the lease that lets one node at a time send.
//!
//! The dispatcher (crate `warraq-webhooks`) decides events; the store only keeps them so
//! that a crash or a second node never loses or repeats one: a batch of events is written
//! together with the new position ([`WebhookStore::record_webhook_batch`]), and the write
//! fails when the position moved under the caller.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use warraq_domain::{Actor, ArticleId};

use crate::error::StoreResult;

/// Where deliveries go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointKind {
    /// An operator's endpoint: signed JSON events.
    Webhook,
    /// The WebSub hub of `--websub-hub`: `hub.mode=publish` pings, unsigned.
    WebSub,
}

impl EndpointKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointKind::Webhook => "webhook",
            EndpointKind::WebSub => "websub",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "webhook" => Some(EndpointKind::Webhook),
            "websub" => Some(EndpointKind::WebSub),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub kind: EndpointKind,
    pub url: String,
    /// The HMAC key of a webhook (`whsec_…`); empty for a WebSub hub.
    #[serde(skip)]
    pub secret: String,
    pub created_at: DateTime<Utc>,
    /// Removed endpoints stay (the delivery log names them) but receive nothing.
    pub active: bool,
}

/// What the dispatcher last told the endpoints about one article: whether readers could
/// see it, and which version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Announced {
    pub article: ArticleId,
    pub visible: bool,
    pub version: i64,
}

/// One delivery to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    pub endpoint_id: i64,
    /// The same for every endpoint that receives the event, and stable across retries, so
    /// that a receiver can recognise a repeat. Unique per endpoint: enqueueing it twice
    /// keeps the first.
    pub event_id: String,
    /// `article.published`, `article.updated`, `article.unpublished`, `websub.publish`.
    pub event_type: String,
    pub article_id: Option<ArticleId>,
    /// Exactly the bytes that are sent (and signed).
    pub body: String,
}

/// The outcome of reading the change log up to `up_to`, written at once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebhookBatch {
    /// The position the dispatcher read from; the write fails with `Conflict` when the
    /// stored position is no longer this (another dispatcher got there first).
    pub after: i64,
    pub up_to: i64,
    pub deliveries: Vec<NewDelivery>,
    pub announced: Vec<Announced>,
}

/// One entry of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub id: i64,
    pub endpoint_id: i64,
    pub event_id: String,
    pub event_type: String,
    pub article_id: Option<ArticleId>,
    #[serde(skip)]
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    /// When it is due next; `None` once delivered or given up.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The HTTP status of the last answer (none when there was no answer).
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub given_up_at: Option<DateTime<Utc>>,
}

impl Delivery {
    /// Given up, or waiting for a retry after a failed attempt.
    pub fn has_failed(&self) -> bool {
        self.delivered_at.is_none() && (self.given_up_at.is_some() || self.attempts > 0)
    }
}

/// A delivery taken for sending, with where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    pub delivery: Delivery,
    pub endpoint: WebhookEndpoint,
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    pub at: DateTime<Utc>,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub outcome: AttemptOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    Delivered,
    RetryAt(DateTime<Utc>),
    GaveUp,
}

/// Which deliveries to list, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryQuery {
    pub endpoint: Option<i64>,
    /// Only those given up or waiting for a retry.
    pub failed_only: bool,
    /// Only those with an id below this one (the next page).
    pub before: Option<i64>,
    pub limit: u32,
}

impl Default for DeliveryQuery {
    fn default() -> Self {
        DeliveryQuery {
            endpoint: None,
            failed_only: false,
            before: None,
            limit: 50,
        }
    }
}

/// The right to dispatch, held by one dispatcher at a time across every process on the
/// database. Lost when its holder dies (PostgreSQL: the session ends; SQLite: it is not
/// renewed in time), so that another takes over.
#[async_trait]
pub trait WebhookLease: Send {
    /// Whether the lease is still held; renews it where it would expire. Call it at least
    /// every few seconds, and stop dispatching as soon as it says no (or fails).
    async fn renew(&mut self) -> StoreResult<bool>;
    /// Gives it up at once.
    async fn release(self: Box<Self>);
}

#[async_trait]
pub trait WebhookStore: Send + Sync + 'static {
    /// Registers an endpoint (audit: `webhook.created`, without the secret). Fails with
    /// `Duplicate` when an active endpoint of this kind has this URL.
    async fn add_webhook_endpoint(
        &self,
        actor: Actor,
        kind: EndpointKind,
        url: &str,
        secret: &str,
    ) -> StoreResult<WebhookEndpoint>;
    async fn webhook_endpoint(&self, id: i64) -> StoreResult<WebhookEndpoint>;
    /// The active endpoints (or every one, removed too), ordered by id.
    async fn webhook_endpoints(&self, include_removed: bool) -> StoreResult<Vec<WebhookEndpoint>>;
    /// Stops sending to the endpoint: it receives no new event and what was waiting for it
    /// is given up (audit: `webhook.removed`). Removing a removed endpoint writes nothing.
    async fn remove_webhook_endpoint(&self, actor: Actor, id: i64) -> StoreResult<()>;
    /// Makes `hub` the one active WebSub endpoint (or none): another hub configured before
    /// is removed. Returns the active one.
    async fn set_websub_hub(
        &self,
        actor: Actor,
        hub: Option<&str>,
    ) -> StoreResult<Option<WebhookEndpoint>>;

    /// The last change-log entry the dispatcher has dealt with.
    async fn webhook_position(&self) -> StoreResult<i64>;
    /// What was last announced of these articles (those never announced are missing).
    async fn announced(&self, ids: &[ArticleId]) -> StoreResult<Vec<Announced>>;
    /// Enqueues the deliveries (to endpoints still active), keeps what was announced and
    /// moves the position to `up_to`, in one transaction. Fails with `Conflict` when the
    /// position is no longer `batch.after`.
    async fn record_webhook_batch(&self, batch: &WebhookBatch) -> StoreResult<()>;

    /// Takes up to `limit` deliveries to this active endpoint that are due at `now`
    /// (oldest first) and makes them due again only at `until`, so that an attempt cut
    /// short (the process died) is retried then and no one else sends them meanwhile.
    async fn claim_due_deliveries(
        &self,
        endpoint: i64,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<DueDelivery>>;
    /// Records an attempt: the count, its answer, and whether (and when) to try again.
    async fn record_delivery_attempt(&self, id: i64, attempt: &DeliveryAttempt) -> StoreResult<()>;
    /// The delivery log, newest first.
    async fn deliveries(&self, query: &DeliveryQuery) -> StoreResult<Vec<Delivery>>;

    /// The dispatching lease, when no one else holds it.
    async fn try_webhook_lease(&self) -> StoreResult<Option<Box<dyn WebhookLease>>>;
}

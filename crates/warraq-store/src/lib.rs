//! The storage contract of warraq: the [`Store`] trait and its parts, the write
//! transaction ([`WriteTx`]) every change goes through with its actor, the change log that
//! every write appends to in the same transaction, and (feature `testsuite`) the one test
//! suite that every backend runs.
//!
//! Depends only on the domain. Handlers and importers hold an `Arc<dyn Store>` and never
//! know which database is behind it.

mod accounts;
mod change;
mod error;
mod one_shot;
mod query;
mod resolve;
mod sitemap;
mod store;
pub mod stored;
#[cfg(feature = "testsuite")]
pub mod testsuite;
mod webhooks;

pub use accounts::{AccountStore, AccountWrites, AuditQuery};
pub use change::{Change, ChangeKind, Entity};
pub use error::{StoreError, StoreResult};
pub use one_shot::StoreWrites;
pub use query::{ArticlePage, ArticleQuery, Cursor, Scope, UpsertOutcome};
pub use resolve::{resolve_article, resolve_articles};
pub use sitemap::{SitemapEntry, SitemapFile, sitemap_id_range};
pub use store::{
    ArticleStore, ArticleWrites, CatalogStore, CatalogWrites, ChangeLogStore, DynStore, MediaStore,
    MediaWrites, Store, WriteTx,
};
pub use webhooks::{
    Announced, AttemptOutcome, Delivery, DeliveryAttempt, DeliveryQuery, DueDelivery, EndpointKind,
    NewDelivery, WebhookBatch, WebhookEndpoint, WebhookLease, WebhookStore,
};

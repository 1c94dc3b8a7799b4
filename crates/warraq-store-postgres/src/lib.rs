//! warraq's production store: PostgreSQL, migrated on connect.
//!
//! The schema has the same shape as the SQLite one, with native types (TIMESTAMPTZ kept
//! to the microsecond, JSONB documents). Every write runs in a transaction that holds the
//! change-log advisory lock and appends its change-log entry, so sequence numbers follow
//! commit order (see `tx.rs`).

mod articles;
mod catalog;
mod changes;
mod codec;
mod connect;
mod error;
mod media;
mod redirects;
mod store;
mod tx;

pub use connect::PostgresStore;

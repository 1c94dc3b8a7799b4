//! warraq's default store: one SQLite file in WAL mode, migrated on open.
//!
//! Times are stored as unix microseconds, JSON documents as text. Every write runs in a
//! `BEGIN IMMEDIATE` transaction that also appends its change-log entry; SQLite has a
//! single writer, so change-log sequence numbers follow commit order.

mod articles;
mod catalog;
mod changes;
mod codec;
mod error;
mod media;
mod open;
mod redirects;
mod store;
mod tx;

pub use open::SqliteStore;

//! warraq's store on SQLite (the default: one file in the data folder, WAL) and
//! PostgreSQL (production, and several warraq nodes on one database).
//!
//! The queries are written once ([`db::on_conn!`] runs the same code on either
//! connection) with `$1` parameters and column codecs both databases share
//! ([`codec::Time`], JSON). Only connecting, locking, a list of ids as a parameter and the
//! migrations (one folder per database) differ.
//!
//! Every write goes through a transaction acting as an actor: the change, its change-log
//! entry and (for articles) its revision commit together, or not at all.

mod accounts;
mod articles;
mod bulk;
mod catalog;
mod changes;
mod codec;
mod db;
mod error;
mod media;
mod migrate;
mod plans;
mod postgres;
mod scratch;
mod sqlite;
mod store;
mod tx;
mod webhooks;

pub use plans::plan_problems;
pub use scratch::drop_scratch_schema;
pub use store::SqlStore;

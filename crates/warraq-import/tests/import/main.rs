//! Import and export against both backends: every test runs once on a SQLite file and once
//! on an isolated PostgreSQL database.

mod support;

mod author_photos;
mod dry_run;
mod examples;
mod fetch_media;
mod go_live;
mod idempotence;
mod refusals;
mod round_trip;
mod throughput;
mod transactions;
mod wire_text;
mod wxr;

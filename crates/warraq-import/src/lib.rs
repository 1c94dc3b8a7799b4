//! `warraq import` and `warraq export`: the pipeline between files and the store.
//!
//! An import reads files, folders (recursively) or standard input, recognises each file's
//! format (wire text, ninjs 2.x/3.x, WordPress WXR), turns every item into an
//! [`IncomingArticle`](warraq_domain::IncomingArticle) with the parsers of `warraq-ingest`
//! and `warraq-ninjs`, then resolves names against the store (sections, bureaus, people,
//! photos, related stories) and upserts each article by its source key, one transaction per
//! item, so running the same import twice never duplicates anything.
//!
//! A dry run resolves in memory instead and prints the items as ninjs 3.1 documents.
//! An export writes every stored article as one ninjs 3.1 file.
//!
//! Nothing here panics on input: every file or item that cannot be imported becomes a
//! refused entry of the [`ImportReport`] that names the file and, for JSON, the path inside it.

mod args;
mod draft;
mod dry_run;
mod error;
mod export;
mod fetch;
mod ingest_input;
mod inputs;
mod media;
mod ninjs_input;
mod own_links;
mod pipeline;
mod progress;
mod publication;
mod related;
mod report;
mod resolver;
mod store_import;
mod unit;

pub use args::{ExportArgs, ExportFormat, ImportArgs, ImportAs, ImportFormat};
pub use error::ImportError;
pub use export::{ExportReport, run_export, run_export_to};
pub use pipeline::{run_import, run_import_to};
pub use report::{Counts, ImportReport, ItemEntry, ItemOutcome, MediaCounts, Warning};

use std::io;
use std::path::PathBuf;

use thiserror::Error;
use warraq_store::StoreError;

/// Why an import or an export could not go on at all. Problems with one file or one item
/// are not errors: they become refused entries of the report and the rest goes on.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("an import that writes needs a store; pass --dry-run to only parse")]
    NoStore,
    #[error("the store failed: {0}")]
    Store(#[from] StoreError),
    #[error("cannot create the export folder {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    WriteFile { path: PathBuf, source: io::Error },
    #[error("cannot write the {what}: {source}")]
    Output {
        what: &'static str,
        source: io::Error,
    },
    #[error("cannot prepare picture downloads: {0}")]
    Fetch(String),
    #[error("cannot encode {what} as JSON: {source}")]
    Encode {
        what: String,
        source: serde_json::Error,
    },
}

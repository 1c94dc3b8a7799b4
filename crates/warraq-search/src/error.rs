use std::path::PathBuf;

use thiserror::Error;
use warraq_store::StoreError;

pub type SearchResult<T> = Result<T, SearchError>;

/// Why the search index could not do what was asked.
#[derive(Debug, Error)]
pub enum SearchError {
    #[error("search index folder `{path}`: {reason}")]
    Folder { path: PathBuf, reason: String },
    #[error(
        "the search index in `{0}` is open in another process (each node keeps its own folder)"
    )]
    Locked(PathBuf),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("reading articles for the search index: {0}")]
    Store(#[from] StoreError),
    #[error("kept related articles: {0}")]
    Kept(String),
    #[error("search index task stopped: {0}")]
    Task(String),
}

//! warraq's search: the Arabic analyzer, a tantivy index that follows the change log,
//! search with highlighted snippets, and related articles.
//!
//! Depends on the domain and the storage contract only (never on a database or the web):
//! the index is driven by whoever follows the change log, with any `Store`.

pub mod analyzer;
mod error;
mod index;
mod schema;

pub use error::{SearchError, SearchResult};
pub use index::{Applied, IndexOptions, RebuildProgress, RebuildReason, SearchIndex};
mod highlight;
mod search;

pub use search::{MAX_LIMIT, SearchHit, SearchQuery, SearchResults, SortOrder};
mod related;

pub use related::RelatedArticle;

//! warraq's search: the Arabic analyzer, a tantivy index that follows the change log,
//! search with highlighted snippets, and related articles.
//!
//! Depends on the domain and the storage contract only (never on a database, the web or
//! the CLI): the index is driven by whoever follows the change log, with any `Store`.
//!
//! # Driving the index
//!
//! ```text
//! let index = SearchIndex::open(&data.join("search"), IndexOptions::default())?;
//! index.catch_up(&*store).await?;            // at start-up: rebuilds a new or stale index,
//!                                            // or applies what the log holds after its position
//! // on every change-log batch (the follower, about five times a second):
//! index.apply(&batch.changes, batch.up_to, &*store).await?;
//! // when the follower finds the log pruned past its own position:
//! index.catch_up(&*store).await?;            // the index rebuilds only if it too is behind
//! ```
//!
//! The index remembers, in each commit, the log position it reflects
//! ([`SearchIndex::position`]); it indexes only what readers may see at the moment it
//! applies a change, and every query also filters `visible_from <= now`. Searching
//! ([`SearchIndex::search`], [`SearchIndex::related`]) is synchronous and takes a few
//! milliseconds; call it from `spawn_blocking` under load.
//!
//! The analyzer ([`analyzer`]) is the same for documents and queries; changing a rule
//! bumps [`analyzer::ANALYZER_VERSION`], and an index written under another version is
//! rebuilt when opened.

pub mod analyzer;
mod error;
mod highlight;
mod index;
mod related;
mod schema;
mod search;
mod suggestions;

pub use error::{SearchError, SearchResult};
pub use index::{Applied, IndexOptions, RebuildProgress, RebuildReason, SearchIndex};
pub use related::RelatedArticle;
pub use search::{MAX_LIMIT, SearchHit, SearchQuery, SearchResults, SortOrder};
pub use suggestions::{Dropped, MAX_SEARCHED_CHANGES, NEIGHBOURS};

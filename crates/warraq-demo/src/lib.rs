//! Demo content for `warraq serve --demo`: a small Arabic newsroom (articles written for
//! the project, fictional but plausible, across the default sections) with hero pictures
//! drawn by code, written into any store through the `Store` trait.
//!
//! The words live in `content/` as JSON, not in code; this crate depends only on the
//! domain and the store contract, never on a backend.

pub mod content;
pub mod picture;
mod seed;

use thiserror::Error;

pub use seed::seed_demo;

/// What one call of [`seed_demo`] added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoReport {
    pub articles: usize,
    /// Sections that received demo articles.
    pub sections: usize,
    /// Media records created (hero and body pictures).
    pub media: usize,
    /// The store already had articles, so nothing was added.
    pub skipped: bool,
}

#[derive(Debug, Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] warraq_store::StoreError),
    #[error("cannot draw a demo picture: {0}")]
    Image(String),
    #[error(transparent)]
    Content(#[from] content::ContentError),
    #[error("the demo files articles under the section `{0}`, which the store does not have")]
    UnknownSection(String),
}

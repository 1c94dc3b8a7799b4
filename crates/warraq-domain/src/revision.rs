//! Revisions: every save of an article keeps the whole content, who saved it and when, so
//! that the newsroom can list, compare and restore them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::article::ArticleDraft;
use crate::ids::ArticleId;

/// One saved state of an article: the content as it was stored at `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub article_id: ArticleId,
    /// The article's version this save produced (1 for the creation).
    pub version: i64,
    pub actor: Actor,
    pub at: DateTime<Utc>,
    pub content: ArticleDraft,
}

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use warraq_domain::{Article, ArticleId, PersonId, SectionId, Status};

/// A position in the newest-first article order ([`Article::sort_at`], then id). Lists
/// return the items strictly after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: ArticleId,
}

impl Cursor {
    /// The position of `article` in the order, to list what comes after it (continuous
    /// reading: the next article is the first one after the current).
    pub fn of(article: &Article) -> Self {
        Cursor {
            at: article.sort_at(),
            id: article.id,
        }
    }

    /// An opaque text form for URLs: `<unix microseconds>.<id>` (the store keeps times to the
    /// microsecond; anything coarser could skip articles published in the same millisecond).
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at.timestamp_micros(), self.id.0)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let (micros, id) = text.split_once('.')?;
        Some(Cursor {
            at: DateTime::from_timestamp_micros(micros.parse().ok()?)?,
            id: ArticleId(id.parse().ok()?),
        })
    }
}

/// Which articles a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// What readers may see at this moment (the visibility rule): every reader-facing
    /// list, page, feed and index asks for this.
    VisibleAt(DateTime<Utc>),
    /// Articles in one state, whatever their times (the newsroom).
    Status(Status),
    /// Every article (exports, maintenance).
    All,
}

/// Which articles to list, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleQuery {
    pub section: Option<SectionId>,
    /// Only articles this person signs (one of `author_ids`).
    pub author: Option<PersonId>,
    /// Only articles with a tag whose slug ([`warraq_domain::arabic::slugify`] of the tag)
    /// is this: spellings that differ only in diacritics, tatweel or digits share a tag.
    pub tag: Option<String>,
    pub scope: Scope,
    pub limit: u32,
    pub after: Option<Cursor>,
}

impl ArticleQuery {
    /// The first page of what readers may see at `now`.
    pub fn visible_at(now: DateTime<Utc>) -> Self {
        Self {
            section: None,
            author: None,
            tag: None,
            scope: Scope::VisibleAt(now),
            limit: 20,
            after: None,
        }
    }
}

impl Default for ArticleQuery {
    /// What readers may see now.
    fn default() -> Self {
        Self::visible_at(Utc::now())
    }
}

/// One page of a list and where the next one starts (`None` on the last page).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticlePage {
    pub items: Vec<Article>,
    pub next: Option<Cursor>,
}

/// What an idempotent import did with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpsertOutcome {
    Created,
    Updated,
    /// The stored article already had exactly this content; nothing was written.
    Unchanged,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_through_text_and_rejects_garbage() {
        let c = Cursor {
            at: DateTime::from_timestamp_micros(1_730_000_000_123_456).unwrap(),
            id: ArticleId(42),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("abc"), None);
        assert_eq!(Cursor::decode("1.x"), None);
    }
}

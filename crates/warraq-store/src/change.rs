use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use warraq_domain::Actor;

/// What kind of record a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Article,
    Section,
    Media,
    Person,
    Bureau,
    Agency,
    Redirect,
    /// The bytes of a file (`entity_id` is the blob key).
    Blob,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Article => "article",
            Entity::Section => "section",
            Entity::Media => "media",
            Entity::Person => "person",
            Entity::Bureau => "bureau",
            Entity::Agency => "agency",
            Entity::Redirect => "redirect",
            Entity::Blob => "blob",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "article" => Entity::Article,
            "section" => Entity::Section,
            "media" => Entity::Media,
            "person" => Entity::Person,
            "bureau" => Entity::Bureau,
            "agency" => Entity::Agency,
            "redirect" => Entity::Redirect,
            "blob" => Entity::Blob,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Created,
    Updated,
    Deleted,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Updated => "updated",
            ChangeKind::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "created" => ChangeKind::Created,
            "updated" => ChangeKind::Updated,
            "deleted" => ChangeKind::Deleted,
            _ => return None,
        })
    }
}

/// One entry of the change log. Sequence numbers increase strictly in commit order within
/// a backend; caches, the search index and feeds follow the log from the last number they
/// have seen, so everything derived can be rebuilt from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub seq: i64,
    pub entity: Entity,
    /// The record's id as text (numeric ids, agency codes, redirect paths).
    pub entity_id: String,
    pub kind: ChangeKind,
    pub at: DateTime<Utc>,
    /// Who made the change.
    pub actor: Actor,
}

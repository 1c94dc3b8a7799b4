//! Who did something: every write is recorded with its actor.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::UserId;

/// Who made a change: a newsroom account, an import, or warraq itself (the scheduler that
/// records a go-live, the demo seed, maintenance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Actor {
    User(UserId),
    Import,
    System,
}

impl fmt::Display for Actor {
    /// `user:12`, `import` or `system`: the form kept in the change log and revisions.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::User(id) => write!(f, "user:{id}"),
            Actor::Import => f.write_str("import"),
            Actor::System => f.write_str("system"),
        }
    }
}

impl Actor {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        match text {
            "import" => Ok(Actor::Import),
            "system" => Ok(Actor::System),
            _ => text
                .strip_prefix("user:")
                .and_then(|id| id.parse().ok())
                .map(|id| Actor::User(UserId(id)))
                .ok_or_else(|| DomainError::Invalid {
                    field: "actor",
                    reason: format!("`{text}` is not `user:<id>`, `import` or `system`"),
                }),
        }
    }
}

impl From<Actor> for String {
    fn from(actor: Actor) -> String {
        actor.to_string()
    }
}

impl TryFrom<String> for Actor {
    type Error = DomainError;
    fn try_from(text: String) -> Result<Self, DomainError> {
        Actor::parse(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_round_trip_through_text_and_garbage_is_refused() {
        for actor in [Actor::User(UserId(12)), Actor::Import, Actor::System] {
            assert_eq!(Actor::parse(&actor.to_string()), Ok(actor));
        }
        for bad in ["", "user:", "user:x", "editor"] {
            assert!(Actor::parse(bad).is_err(), "{bad}");
        }
    }
}

//! Typed identifiers, so an article id can never be passed where a section id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(/// Identifies an article in the store.
    ArticleId);
id_type!(/// Identifies a section (العالم العربي، رياضة، ...).
    SectionId);
id_type!(/// Identifies a person: a writer, an editor, a photographer.
    PersonId);
id_type!(/// Identifies a bureau (the dateline city of a story).
    BureauId);
id_type!(/// Identifies a media record (a photo with its caption and credit).
    MediaId);
id_type!(/// Identifies a newsroom account.
    UserId);

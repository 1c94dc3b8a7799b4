use serde::{Deserialize, Serialize};

use crate::ids::{BureauId, MediaId, PersonId};

/// A person credited on articles: a writer, a correspondent, a photographer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub slug: String,
    /// What they do, as shown under their name (مراسل، محرر الشؤون الاقتصادية...).
    pub title: Option<String>,
    /// Their photo, a picture of the media library (so it has renditions like any other),
    /// shown on their author page. Readers may see it only while an article they may see
    /// carries the person's name, like the person's page itself.
    #[serde(default)]
    pub photo: Option<MediaId>,
}

/// A bureau: the city a story is filed from, shown as its dateline (`(واشنطن)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bureau {
    pub id: BureauId,
    pub city: String,
    pub slug: String,
}

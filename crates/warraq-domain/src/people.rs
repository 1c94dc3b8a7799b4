use serde::{Deserialize, Serialize};

use crate::ids::{BureauId, PersonId};

/// A person credited on articles: a writer, a correspondent, a photographer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub slug: String,
    /// What they do, as shown under their name (مراسل، محرر الشؤون الاقتصادية...).
    pub title: Option<String>,
}

/// A bureau: the city a story is filed from, shown as its dateline (`(واشنطن)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bureau {
    pub id: BureauId,
    pub city: String,
    pub slug: String,
}

use serde::{Deserialize, Serialize};

use crate::arabic::{normalize_text, slugify};
use crate::error::DomainError;
use crate::ids::SectionId;

/// A section of the site (العالم العربي، رياضة، ...), possibly nested under a parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: SectionId,
    pub name: String,
    pub slug: String,
    pub parent_id: Option<SectionId>,
    /// Position among its siblings in navigation, smallest first.
    pub position: i32,
}

/// A section not yet stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDraft {
    pub name: String,
    pub slug: String,
    pub parent_id: Option<SectionId>,
    pub position: i32,
}

impl SectionDraft {
    /// A top-level section whose slug is made from its name.
    pub fn new(name: &str, position: i32) -> Self {
        let name = normalize_text(name);
        Self {
            slug: slugify(&name),
            name,
            parent_id: None,
            position,
        }
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        if self.name.trim().is_empty() {
            return Err(DomainError::Empty {
                field: "section.name",
            });
        }
        if self.slug.is_empty() {
            return Err(DomainError::Empty {
                field: "section.slug",
            });
        }
        Ok(())
    }
}

/// The sections of an Arabic daily, in navigation order: what a new site starts with.
pub fn default_sections() -> Vec<SectionDraft> {
    [
        "العالم العربي",
        "الخليج",
        "آسيا",
        "أوروبا",
        "الولايات المتحدة",
        "أفريقيا",
        "أميركا اللاتينية",
        "اقتصاد",
        "رياضة",
        "ثقافة وفنون",
        "يوميات الشرق",
        "علوم",
        "صحة",
        "تكنولوجيا",
        "رأي",
        "منوعات",
    ]
    .iter()
    .enumerate()
    .map(|(i, name)| SectionDraft::new(name, i as i32))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_sections_are_those_of_an_arabic_daily_with_unique_slugs() {
        let sections = default_sections();
        assert_eq!(sections.len(), 16);
        assert_eq!(sections[4].name, "الولايات المتحدة");
        assert_eq!(sections[4].slug, "الولايات-المتحدة");
        let mut slugs: Vec<_> = sections.iter().map(|s| s.slug.clone()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 16);
        assert!(sections.iter().all(|s| s.validate().is_ok()));
    }
}

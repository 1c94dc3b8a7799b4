//! Resolves the names an incoming article carries (section, bureau, authors) to records of
//! the store, creating what is missing. Lookups are cached for the run: an import of ten
//! thousand items from one agency asks the store for its bureau once.

use std::collections::HashMap;

use warraq_domain::arabic::{fold_for_matching, normalize_text};
use warraq_domain::{BureauId, PersonId, Section, SectionDraft, SectionId};
use warraq_store::{Store, StoreError, StoreResult};

/// Where an article with no section goes: the catch-all section of the default set.
pub const FALLBACK_SECTION: &str = "منوعات";

/// Sections by folded name, so `الاقتصاد`-style spelling variants (hamza forms,
/// diacritics, taa marbuta) find the same section.
#[derive(Debug, Default)]
pub struct SectionIndex {
    sections: Vec<Section>,
    by_fold: HashMap<String, usize>,
}

impl SectionIndex {
    pub fn new(sections: Vec<Section>) -> Self {
        let mut index = Self::default();
        for section in sections {
            index.insert(section);
        }
        index
    }

    pub fn insert(&mut self, section: Section) {
        let key = fold_for_matching(&section.name);
        self.by_fold.entry(key).or_insert(self.sections.len());
        self.sections.push(section);
    }

    pub fn find(&self, name: &str) -> Option<&Section> {
        self.by_fold
            .get(&fold_for_matching(name))
            .map(|&i| &self.sections[i])
    }

    pub fn names(&self) -> Vec<String> {
        self.sections.iter().map(|s| s.name.clone()).collect()
    }

    /// The position a new top-level section takes: after the existing ones.
    pub fn next_position(&self) -> i32 {
        self.sections
            .iter()
            .filter(|s| s.parent_id.is_none())
            .map(|s| s.position + 1)
            .max()
            .unwrap_or(0)
    }
}

/// The name an article is filed under: its first non-empty section, else the fallback.
pub fn section_name_of(sections: &[String]) -> Option<String> {
    sections
        .iter()
        .map(|s| normalize_text(s))
        .find(|s| !s.is_empty())
}

pub struct StoreResolver<'a> {
    store: &'a dyn Store,
    sections: SectionIndex,
    bureaus: HashMap<String, BureauId>,
    people: HashMap<String, PersonId>,
}

impl<'a> StoreResolver<'a> {
    pub async fn new(store: &'a dyn Store) -> StoreResult<Self> {
        Ok(Self {
            store,
            sections: SectionIndex::new(store.list_sections().await?),
            bureaus: HashMap::new(),
            people: HashMap::new(),
        })
    }

    pub fn section_names(&self) -> Vec<String> {
        self.sections.names()
    }

    /// The section named `name` (folded match), created when missing. The flag says
    /// whether it was created.
    pub async fn section(&mut self, name: &str) -> StoreResult<(SectionId, bool)> {
        if let Some(section) = self.sections.find(name) {
            return Ok((section.id, false));
        }
        let draft = SectionDraft::new(name, self.sections.next_position());
        let (section, created) = match self.store.create_section(&draft).await {
            Ok(section) => (section, true),
            // Another name with the same slug (differing only in punctuation) exists.
            Err(StoreError::Duplicate { .. }) => {
                (self.store.section_by_slug(&draft.slug).await?, false)
            }
            Err(e) => return Err(e),
        };
        let id = section.id;
        self.sections.insert(section);
        Ok((id, created))
    }

    pub async fn bureau(&mut self, city: &str) -> StoreResult<BureauId> {
        let city = normalize_text(city);
        if let Some(id) = self.bureaus.get(&city) {
            return Ok(*id);
        }
        let bureau = self.store.find_or_create_bureau(&city).await?;
        self.bureaus.insert(city, bureau.id);
        Ok(bureau.id)
    }

    pub async fn person(&mut self, name: &str) -> StoreResult<PersonId> {
        let name = normalize_text(name);
        if let Some(id) = self.people.get(&name) {
            return Ok(*id);
        }
        let person = self.store.find_or_create_person(&name, None).await?;
        self.people.insert(name, person.id);
        Ok(person.id)
    }
}

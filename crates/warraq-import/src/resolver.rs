//! Resolves the names an incoming article carries (section, bureau, authors) to records of
//! the store, creating what is missing in the item's transaction. Lookups are cached for
//! the run: an import of ten thousand items from one agency asks the store for its bureau
//! once. Only what a committed transaction made enters the cache.

use std::collections::HashMap;

use warraq_domain::arabic::{fold_for_matching, normalize_text};
use warraq_domain::{BureauId, PersonId, Section, SectionDraft, SectionId};
use warraq_store::{Store, StoreResult, WriteTx};

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

/// Resolves names inside the transaction of one item. What it finds or creates there is
/// held aside until [`keep`](Self::keep) (after the commit); [`forget`](Self::forget)
/// (after a rollback) drops it, so the cache never names a record that was rolled back.
pub struct StoreResolver {
    sections: SectionIndex,
    bureaus: HashMap<String, BureauId>,
    people: HashMap<String, PersonId>,
    item: ItemNames,
}

/// What the current item's transaction found or created.
#[derive(Default)]
struct ItemNames {
    sections: Vec<Section>,
    bureaus: HashMap<String, BureauId>,
    people: HashMap<String, PersonId>,
}

impl StoreResolver {
    /// Starts from the sections the store holds (committed).
    pub async fn new(store: &dyn Store) -> StoreResult<Self> {
        Ok(Self {
            sections: SectionIndex::new(store.list_sections().await?),
            bureaus: HashMap::new(),
            people: HashMap::new(),
            item: ItemNames::default(),
        })
    }

    pub fn section_names(&self) -> Vec<String> {
        self.sections.names()
    }

    /// The item's transaction committed: what it found or created is now known to exist.
    pub fn keep(&mut self) {
        let item = std::mem::take(&mut self.item);
        for section in item.sections {
            self.sections.insert(section);
        }
        self.bureaus.extend(item.bureaus);
        self.people.extend(item.people);
    }

    /// The item's transaction was rolled back: forget what it made.
    pub fn forget(&mut self) {
        self.item = ItemNames::default();
    }

    /// The section named `name` (folded match), created in `tx` when missing. The flag says
    /// whether it was created.
    pub async fn section(
        &mut self,
        tx: &mut dyn WriteTx,
        name: &str,
    ) -> StoreResult<(SectionId, bool)> {
        if let Some(section) = self.find_section(name) {
            return Ok((section.id, false));
        }
        let position = self.next_position();
        let draft = SectionDraft::new(name, position);
        // Another import may have added it since this one started, under this name or under
        // another with the same slug (differing only in punctuation). Asking first keeps
        // the transaction clean: on PostgreSQL a failed insert would end it.
        let existing = tx.list_sections().await?.into_iter().find(|s| {
            s.slug == draft.slug || fold_for_matching(&s.name) == fold_for_matching(name)
        });
        let (section, created) = match existing {
            Some(section) => (section, false),
            None => (tx.create_section(&draft).await?, true),
        };
        let id = section.id;
        self.item.sections.push(section);
        Ok((id, created))
    }

    pub async fn bureau(&mut self, tx: &mut dyn WriteTx, city: &str) -> StoreResult<BureauId> {
        let city = normalize_text(city);
        if let Some(id) = self.bureaus.get(&city).or(self.item.bureaus.get(&city)) {
            return Ok(*id);
        }
        let bureau = tx.find_or_create_bureau(&city).await?;
        self.item.bureaus.insert(city, bureau.id);
        Ok(bureau.id)
    }

    pub async fn person(&mut self, tx: &mut dyn WriteTx, name: &str) -> StoreResult<PersonId> {
        let name = normalize_text(name);
        if let Some(id) = self.people.get(&name).or(self.item.people.get(&name)) {
            return Ok(*id);
        }
        let person = tx.find_or_create_person(&name, None).await?;
        self.item.people.insert(name, person.id);
        Ok(person.id)
    }

    fn find_section(&self, name: &str) -> Option<&Section> {
        let folded = fold_for_matching(name);
        self.sections.find(name).or_else(|| {
            self.item
                .sections
                .iter()
                .find(|s| fold_for_matching(&s.name) == folded)
        })
    }

    fn next_position(&self) -> i32 {
        let pending = self
            .item
            .sections
            .iter()
            .filter(|s| s.parent_id.is_none())
            .map(|s| s.position + 1)
            .max()
            .unwrap_or(0);
        self.sections.next_position().max(pending)
    }
}

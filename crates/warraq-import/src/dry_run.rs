//! A dry run resolves items in memory (every id 0, sections matched by name against the
//! default sections) and renders each as the ninjs 3.1 document an export would write.

use chrono::{DateTime, Utc};
use serde_json::Value;
use warraq_domain::arabic::{normalize_text, slugify};
use warraq_domain::{
    Agency, Article, ArticleId, Bureau, BureauId, MediaId, Person, PersonId, RelatedLink,
    ResolvedArticle, ResolvedRelated, Section, SectionId, default_sections,
};
use warraq_ninjs::{ExportContext, NinjsVersion, article_to_ninjs, validate};

use crate::args::ImportAs;
use crate::draft::{Previous, ResolvedRefs, build_draft};
use crate::media::{media_draft, source_url_of};
use crate::resolver::{FALLBACK_SECTION, SectionIndex, section_name_of};
use crate::unit::ArticleUnit;

pub struct DryRun {
    sections: SectionIndex,
    agencies: Vec<Agency>,
    base_url: String,
    site_name: String,
    mode: ImportAs,
    now: DateTime<Utc>,
}

impl DryRun {
    pub fn new(
        base_url: &str,
        site_name: &str,
        agencies: Vec<Agency>,
        mode: ImportAs,
        now: DateTime<Utc>,
    ) -> Self {
        let sections = default_sections()
            .into_iter()
            .map(|d| Section {
                id: SectionId(0),
                name: d.name,
                slug: d.slug,
                parent_id: d.parent_id,
                position: d.position,
            })
            .collect();
        Self {
            sections: SectionIndex::new(sections),
            agencies,
            base_url: base_url.to_string(),
            site_name: site_name.to_string(),
            mode,
            now,
        }
    }

    pub fn section_names(&self) -> Vec<String> {
        self.sections.names()
    }

    /// The ninjs 3.1 document of the item, or why it cannot be one (the checks an import
    /// would make, and the schema itself).
    pub fn document(&self, unit: &ArticleUnit) -> Result<Value, String> {
        let resolved = self.resolve(unit)?;
        let context = ExportContext {
            base_url: &self.base_url,
            site_name: &self.site_name,
            agencies: &self.agencies,
        };
        let doc = article_to_ninjs(&resolved, &context);
        if let Err(violations) = validate(&doc, NinjsVersion::V3_1) {
            let list: Vec<String> = violations.iter().take(5).map(ToString::to_string).collect();
            return Err(format!(
                "the ninjs 3.1 document made from this item is not valid: {}",
                list.join("; ")
            ));
        }
        Ok(doc)
    }

    fn resolve(&self, unit: &ArticleUnit) -> Result<ResolvedArticle, String> {
        let incoming = &unit.incoming;
        let name =
            section_name_of(&incoming.sections).unwrap_or_else(|| FALLBACK_SECTION.to_string());
        let section = self
            .sections
            .find(&name)
            .cloned()
            .unwrap_or_else(|| Section {
                id: SectionId(0),
                slug: slugify(&name),
                name: normalize_text(&name),
                parent_id: None,
                position: self.sections.next_position(),
            });
        let bureau = incoming
            .bureau
            .as_deref()
            .map(normalize_text)
            .filter(|c| !c.is_empty())
            .map(|city| Bureau {
                id: BureauId(0),
                slug: slugify(&city),
                city,
            });
        let authors: Vec<Person> = incoming
            .authors
            .iter()
            .map(|n| normalize_text(n))
            .filter(|n| !n.is_empty())
            .map(|name| Person {
                id: PersonId(0),
                slug: slugify(&name),
                name,
                title: None,
                photo: None,
            })
            .collect();
        let hero = incoming.hero.as_ref().map(|m| {
            let draft = media_draft(m, source_url_of(m, &incoming.source_key, "hero"));
            warraq_domain::Media {
                id: MediaId(0),
                file: draft.file,
                source_url: draft.source_url,
                mime: draft.mime,
                width: draft.width,
                height: draft.height,
                byte_size: draft.byte_size,
                alt: draft.alt,
                caption: draft.caption,
                credit: draft.credit,
                archive: draft.archive,
                created_at: self.now,
            }
        });
        let refs = ResolvedRefs {
            section_id: section.id,
            bureau_id: bureau.as_ref().map(|b| b.id),
            author_ids: authors.iter().map(|p| p.id).collect(),
            hero_id: hero.as_ref().map(|m| m.id),
            related: incoming
                .related
                .iter()
                .cloned()
                .map(RelatedLink::External)
                .collect(),
        };
        let draft = build_draft(
            incoming,
            refs,
            self.mode,
            unit.source_status,
            Previous::default(),
            self.now,
        );
        draft.validate().map_err(|e| e.to_string())?;
        let related = incoming
            .related
            .iter()
            .cloned()
            .map(ResolvedRelated::External)
            .collect();
        let article = Article {
            id: ArticleId(0),
            content: draft,
            created_at: self.now,
            updated_at: self.now,
            version: 1,
        };
        Ok(ResolvedArticle {
            article,
            section,
            hero,
            bureau,
            authors,
            related,
            body_media: Vec::new(),
            author_photos: Vec::new(),
        })
    }
}

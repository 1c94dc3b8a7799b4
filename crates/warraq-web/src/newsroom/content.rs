//! The part of an article the editor page edits ([`EditorContent`]), as JSON for the page
//! script and from the page's form when it is posted without the script.
//!
//! Saving lays these fields over the stored article, so what the page does not show (the
//! slug, the byline, import leftovers in `extra`) is kept, and the workflow's fields
//! (state, times, corrections) are the service's to change.

use serde::{Deserialize, Serialize};
use warraq_domain::{ArticleDraft, Block, BureauId, MediaId, PersonId, RelatedLink, SectionId};

use super::error::PageError;
use super::forms::{field, fields, list, number};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorContent {
    pub headline: String,
    #[serde(default)]
    pub subheadline: String,
    #[serde(default)]
    pub lede: String,
    #[serde(default)]
    pub body: Vec<Block>,
    pub section_id: SectionId,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub author_ids: Vec<PersonId>,
    #[serde(default)]
    pub bureau_id: Option<BureauId>,
    #[serde(default)]
    pub wire_sources: Vec<String>,
    #[serde(default)]
    pub hero_id: Option<MediaId>,
    #[serde(default)]
    pub related: Vec<RelatedLink>,
}

impl EditorContent {
    pub fn of(draft: &ArticleDraft) -> EditorContent {
        EditorContent {
            headline: draft.headline.clone(),
            subheadline: draft.subheadline.clone().unwrap_or_default(),
            lede: draft.lede.clone(),
            body: draft.body.clone(),
            section_id: draft.section_id,
            tags: draft.tags.clone(),
            author_ids: draft.author_ids.clone(),
            bureau_id: draft.bureau_id,
            wire_sources: draft.wire_sources.clone(),
            hero_id: draft.hero_id,
            related: draft.related.clone(),
        }
    }

    /// This content over `draft` (the stored article, or a new one).
    pub fn apply_to(self, draft: &mut ArticleDraft) {
        draft.headline = self.headline;
        draft.subheadline = Some(self.subheadline).filter(|s| !s.trim().is_empty());
        draft.lede = self.lede;
        draft.body = self.body;
        draft.section_id = self.section_id;
        draft.tags = self.tags;
        draft.author_ids = self.author_ids;
        draft.bureau_id = self.bureau_id;
        draft.wire_sources = self.wire_sources;
        draft.hero_id = self.hero_id;
        draft.related = self.related;
    }

    /// A new article with this content (a draft; the service decides the rest).
    pub fn into_new_draft(self) -> ArticleDraft {
        let mut draft = ArticleDraft::new(&self.headline, self.section_id);
        self.apply_to(&mut draft);
        draft
    }

    /// The editor form's fields, as posted without the script: `headline`, `subheadline`,
    /// `lede`, `body` (the body's JSON, kept up to date by the script), `section_id`,
    /// `tags` and `wire_sources` (comma lists), `author_ids` (repeated), `bureau_id`,
    /// `hero_id`, `related` (JSON).
    pub fn from_form(pairs: &[(String, String)]) -> Result<EditorContent, PageError> {
        let text = |name| field(pairs, name).unwrap_or("").to_string();
        let json = |name: &'static str| -> Result<Option<serde_json::Value>, PageError> {
            match field(pairs, name).map(str::trim) {
                None | Some("") => Ok(None),
                Some(raw) => serde_json::from_str(raw)
                    .map(Some)
                    .map_err(|e| PageError::bad_input(name, e.to_string())),
            }
        };
        let body = match json("body")? {
            Some(value) => serde_json::from_value(value)
                .map_err(|e| PageError::bad_input("body", e.to_string()))?,
            None => Vec::new(),
        };
        let related = match json("related")? {
            Some(value) => serde_json::from_value(value)
                .map_err(|e| PageError::bad_input("related", e.to_string()))?,
            None => Vec::new(),
        };
        let section_id = number("section_id", &text("section_id"))?
            .map(SectionId)
            .ok_or_else(|| PageError::bad_input("section_id", "choose a section"))?;
        let mut author_ids = Vec::new();
        for raw in fields(pairs, "author_ids") {
            if let Some(id) = number("author_ids", raw)? {
                author_ids.push(PersonId(id));
            }
        }
        Ok(EditorContent {
            headline: text("headline"),
            subheadline: text("subheadline"),
            lede: text("lede"),
            body,
            section_id,
            tags: list(&text("tags")),
            author_ids,
            bureau_id: number("bureau_id", &text("bureau_id"))?.map(BureauId),
            wire_sources: list(&text("wire_sources")),
            hero_id: number("hero_id", &text("hero_id"))?.map(MediaId),
            related,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_form_gives_the_same_content_as_the_script() {
        let form = pairs(&[
            ("csrf", "x"),
            ("headline", "عنوان"),
            ("lede", "مقدمة"),
            ("body", r#"[{"type":"paragraph","text":"فقرة"}]"#),
            ("section_id", "٢"),
            ("tags", "سياسة، اقتصاد"),
            ("author_ids", "3"),
            ("author_ids", "5"),
            ("bureau_id", ""),
            ("wire_sources", "AFP"),
            ("hero_id", "7"),
            ("related", r#"[{"kind":"article","id":4}]"#),
        ]);
        let content = EditorContent::from_form(&form).unwrap();
        assert_eq!(content.section_id, SectionId(2));
        assert_eq!(content.tags, ["سياسة", "اقتصاد"]);
        assert_eq!(content.author_ids, [PersonId(3), PersonId(5)]);
        assert_eq!(content.bureau_id, None);
        assert_eq!(content.hero_id, Some(MediaId(7)));
        assert_eq!(content.body, [Block::paragraph("فقرة")]);
        let json = serde_json::to_value(&content).unwrap();
        let again: EditorContent = serde_json::from_value(json).unwrap();
        assert_eq!(again, content);
        assert!(EditorContent::from_form(&pairs(&[("headline", "x")])).is_err());
    }

    #[test]
    fn saving_keeps_what_the_page_does_not_show() {
        let mut stored = ArticleDraft::new("قديم", SectionId(1));
        stored.slug = "slug-kept".into();
        stored.byline = Some("«وكالة»".into());
        let mut edited = EditorContent::of(&stored);
        edited.headline = "جديد".into();
        edited.apply_to(&mut stored);
        assert_eq!(stored.headline, "جديد");
        assert_eq!(stored.slug, "slug-kept");
        assert_eq!(stored.byline.as_deref(), Some("«وكالة»"));
    }
}

//! The related-articles module (`مقالات ذات صلة`): section label, thumbnail with its credit,
//! title, lede and the outlet-and-bureau byline, for our articles and for stories known
//! only by what an imported page showed of them.

use std::collections::HashMap;

use serde::Serialize;
use warraq_domain::urls::{article_path, section_path};
use warraq_domain::{ExternalRelated, Person, PersonId, ResolvedRelated};

use super::paths::author_link;
use super::picture::{CaptionView, PictureView, SIZES_THUMB};
use super::{LinkView, RenderContext};

#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    pub section: Option<LinkView>,
    pub thumbnail: Option<PictureView>,
    /// An external item has no picture we hold, only its caption and credit.
    pub thumbnail_text: Option<CaptionView>,
    pub title: LinkView,
    pub lede: Option<String>,
    pub outlet: Option<String>,
    pub bureau: Option<String>,
    /// The people who sign one of our articles, linked to their pages (those known in
    /// `people` when the view was made).
    pub authors: Vec<LinkView>,
    pub external: bool,
}

impl RelatedView {
    pub fn of(
        related: &ResolvedRelated,
        people: &HashMap<PersonId, Person>,
        ctx: &RenderContext<'_>,
    ) -> Self {
        match related {
            ResolvedRelated::Article {
                article,
                section,
                thumbnail,
                bureau,
            } => RelatedView {
                section: Some(LinkView::section(section)),
                thumbnail: thumbnail
                    .as_ref()
                    .map(|m| PictureView::of(m, ctx.agencies, SIZES_THUMB, false)),
                thumbnail_text: None,
                title: LinkView {
                    label: article.headline.clone(),
                    url: Some(article_path(article)),
                },
                lede: Some(article.summary()).filter(|l| !l.trim().is_empty()),
                outlet: Some(ctx.outlet()),
                bureau: bureau.as_ref().map(|b| b.city.clone()),
                authors: article
                    .author_ids
                    .iter()
                    .filter_map(|id| people.get(id))
                    .map(author_link)
                    .collect(),
                external: false,
            },
            ResolvedRelated::External(external) => Self::external(external, ctx),
        }
    }

    fn external(item: &ExternalRelated, ctx: &RenderContext<'_>) -> Self {
        let section = item
            .section
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|label| LinkView {
                label: label.to_string(),
                url: ctx.section_named(label).map(section_path),
            });
        let caption = item.thumbnail_caption.as_deref().unwrap_or("");
        let thumbnail_text = CaptionView::new(
            caption,
            item.thumbnail_credit.as_ref(),
            item.thumbnail_archive,
            ctx.agencies,
        );
        RelatedView {
            section,
            thumbnail: None,
            thumbnail_text: (!thumbnail_text.is_empty()).then_some(thumbnail_text),
            title: LinkView {
                label: item.title.clone(),
                url: item.url.clone().filter(|u| is_followable(u)),
            },
            lede: item.lede.clone().filter(|l| !l.trim().is_empty()),
            outlet: item.outlet.clone().filter(|o| !o.trim().is_empty()),
            bureau: item.bureau.clone().filter(|b| !b.trim().is_empty()),
            authors: Vec::new(),
            external: true,
        }
    }
}

/// Only web links and site paths are rendered as links; anything else (`javascript:`,
/// a bare word from an import) would be a dead or dangerous link.
fn is_followable(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("https://")
        || url.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_followable() {
        assert!(is_followable("https://example.org/a"));
        assert!(is_followable("/article/1/x"));
        assert!(!is_followable("javascript:alert(1)"));
        assert!(!is_followable("//evil.example"));
        assert!(!is_followable(""));
    }
}

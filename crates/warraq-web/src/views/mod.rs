//! View models: plain serialisable structs built from domain records, so templates only
//! lay out what Rust has already decided (URLs, widths, labels, dates).

pub mod alternates;
pub mod article;
pub mod dates;
pub mod meta;
pub mod paths;
pub mod picture;
pub mod related;
pub mod site_meta;
pub mod teaser;

use serde::Serialize;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::urls::section_path;
use warraq_domain::{Agency, Section};

use crate::config::SiteConfig;

/// What every view builder needs to know about the site at the moment of rendering.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    pub site: &'a SiteConfig,
    pub agencies: &'a [Agency],
    pub sections: &'a [Section],
}

impl RenderContext<'_> {
    /// A section known by its shown name (an imported related item's label).
    pub fn section_named(&self, name: &str) -> Option<&Section> {
        let wanted = fold_for_matching(name);
        self.sections
            .iter()
            .find(|s| fold_for_matching(&s.name) == wanted)
    }

    /// The outlet as bylines write it: `«ورّاق»`.
    pub fn outlet(&self) -> String {
        format!("«{}»", self.site.site_name)
    }
}

/// A labelled link; `url` is absent when there is nowhere to go (never a dead link).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkView {
    pub label: String,
    pub url: Option<String>,
}

impl LinkView {
    pub fn section(section: &Section) -> Self {
        LinkView {
            label: section.name.clone(),
            url: Some(section_path(section)),
        }
    }
}

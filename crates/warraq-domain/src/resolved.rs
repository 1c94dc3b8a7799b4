//! An article together with the records it points to, as pages, the content API and
//! exports need it. Built by the store's resolver, or in memory by an import dry run.

use serde::Serialize;

use crate::article::{Article, ExternalRelated};
use crate::media::Media;
use crate::people::{Bureau, Person};
use crate::section::Section;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedArticle {
    pub article: Article,
    pub section: Section,
    pub hero: Option<Media>,
    pub bureau: Option<Bureau>,
    /// In the order of `article.author_ids`; missing people are left out.
    pub authors: Vec<Person>,
    /// In the order of `article.related`; links to articles that no longer exist or are
    /// not published are left out.
    pub related: Vec<ResolvedRelated>,
    /// The pictures that `Block::Image` blocks of the body refer to.
    pub body_media: Vec<Media>,
    /// The photos of the `authors` who have one (`Person::photo`), in their order.
    pub author_photos: Vec<Media>,
}

/// One entry of the related-articles module, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolvedRelated {
    Article {
        article: Box<Article>,
        section: Section,
        thumbnail: Option<Media>,
        bureau: Option<Bureau>,
    },
    External(ExternalRelated),
}

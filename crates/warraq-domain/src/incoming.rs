//! What an importer hands over before anything is stored: an article whose section,
//! bureau, authors, photo and related stories are still names and texts. The import
//! pipeline resolves them against the store (creating sections and bureaus, matching
//! related titles, mapping credits to agencies) and writes one article per item.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::article::{Block, ExternalRelated};
use crate::media::Credit;

/// One article as parsed from wire text, a ninjs document or a WordPress post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IncomingArticle {
    /// What makes a re-import of the same item update it instead of duplicating it:
    /// the ninjs `uri`, a WXR GUID, or a content hash of wire text.
    pub source_key: String,
    pub headline: String,
    pub subheadline: Option<String>,
    /// Kept from the source when it had one (WordPress slugs), else made from the headline.
    pub slug: Option<String>,
    pub lede: Option<String>,
    pub body: Vec<Block>,
    /// Section names (the first is the article's section; more become tags).
    pub sections: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub byline: Option<String>,
    /// Dateline city (`واشنطن`).
    pub bureau: Option<String>,
    /// Agency codes credited in the text (`AFP`).
    pub wire_sources: Vec<String>,
    pub hero: Option<IncomingMedia>,
    /// Pictures that are not the hero (other ninjs picture associations).
    pub other_media: Vec<IncomingMedia>,
    /// Photos of the item's authors (ninjs picture associations related as
    /// `author-photo`), each naming its person.
    pub author_photos: Vec<IncomingPortrait>,
    pub related: Vec<ExternalRelated>,
    pub published_at: Option<DateTime<Utc>>,
    /// Readers may not see the item before this moment (ninjs `embargoedUntil`).
    pub embargo_until: Option<DateTime<Utc>>,
    /// A publication date inferred from hints (weekday words, a date in a caption), for the
    /// editor to confirm; used when `published_at` is absent.
    pub proposed_published_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Old addresses (paths) of this article elsewhere, to redirect to its new page.
    pub old_paths: Vec<String>,
    /// Interchange fields we do not model, given back on export.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A person's photo as the source gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IncomingPortrait {
    /// The person's name, as among the item's authors.
    pub person: String,
    pub photo: IncomingMedia,
}

/// A picture as described by the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IncomingMedia {
    pub source_url: Option<String>,
    pub caption: String,
    pub alt: Option<String>,
    pub credit: Option<Credit>,
    pub archive: bool,
    pub mime: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

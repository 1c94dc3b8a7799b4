//! IPTC ninjs ("news in JSON") for warraq: the official schemas (2.0 to 3.1) shipped in the
//! binary, validation against them without network access, and the mapping both ways
//! between ninjs documents and warraq articles.
//!
//! - [`validate`] / [`detect_version`]: check a document against the schema of its version.
//! - [`article_to_ninjs`]: one stored article as a ninjs 3.1 document.
//! - [`ninjs_to_incoming`]: a ninjs 2.x or 3.x document as an [`IncomingArticle`] for the
//!   import pipeline, or the reason it is not an article (events, planning, pictures).
//!
//! [`IncomingArticle`]: warraq_domain::IncomingArticle

mod error;
mod schema;
mod version;

pub use error::NinjsError;
pub use schema::{SchemaViolation, schema_text, validate};
pub use version::{NinjsVersion, detect_version};

mod export;
mod import;
mod names;

pub use export::{AUTHOR_PHOTO_REL, ExportContext, article_to_ninjs};
pub use import::html::{OwnMedia, no_own_media};
pub use import::{
    NinjsItem, ninjs_to_incoming, ninjs_to_incoming_with_media, ninjs_to_incoming_with_warnings,
};

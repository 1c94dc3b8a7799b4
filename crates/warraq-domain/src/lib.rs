//! warraq's news domain: what an article, a section, a person, a bureau, a photo and a news
//! agency are, the rules they obey, and the Arabic text handling (normalisation, slugs,
//! digits, Gregorian and Hijri dates) that every other crate relies on.
//!
//! This crate does no I/O and depends on no storage, web or parsing crate: it is the
//! vocabulary the rest of warraq speaks.

pub mod accounts;
pub mod actor;
pub mod agency;
pub mod arabic;
pub mod article;
pub mod error;
pub mod html;
pub mod ids;
pub mod incoming;
pub mod marks;
pub mod media;
pub mod people;
pub mod resolved;
pub mod revision;
pub mod section;
pub mod urls;

pub use accounts::{ApiToken, AuditEntry, NewUser, Role, Session, User, UserUpdate};
pub use actor::Actor;
pub use agency::{Agency, default_agencies};
pub use article::{Article, ArticleDraft, Block, Correction, ExternalRelated, RelatedLink, Status};
pub use error::DomainError;
pub use ids::{ArticleId, BureauId, MediaId, PersonId, SectionId, UserId};
pub use incoming::{IncomingArticle, IncomingMedia, IncomingPortrait};
pub use marks::{Mark, MarkKind};
pub use media::{Credit, Media, MediaDraft};
pub use people::{Bureau, Person};
pub use resolved::{ResolvedArticle, ResolvedRelated};
pub use revision::Revision;
pub use section::{Section, SectionDraft, default_sections};

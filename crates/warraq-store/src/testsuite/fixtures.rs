//! Sample content for the suite (written for it; no real story's text).

use chrono::{DateTime, Utc};
use warraq_domain::{Actor, ArticleDraft, Section, SectionDraft, SectionId, Status, UserId};

use crate::one_shot::StoreWrites;
use crate::store::Store;

/// Who the suite's writes act as: a user, so that tests can see the actor recorded.
pub(crate) const ACTOR: Actor = Actor::User(UserId(7));

/// A UTC time from RFC 3339 text; the suite only passes valid literals.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t.with_timezone(&Utc),
        Err(e) => panic!("bad time literal `{text}` in the test suite: {e}"),
    }
}

pub(crate) async fn section(store: &dyn Store, name: &str, position: i32) -> Section {
    store
        .create_section(ACTOR, &SectionDraft::new(name, position))
        .await
        .expect("create a section")
}

pub(crate) fn draft(headline: &str, section: SectionId) -> ArticleDraft {
    let mut draft = ArticleDraft::new(headline, section);
    draft.lede = format!("موجز: {headline}");
    draft
}

pub(crate) fn published(headline: &str, section: SectionId, when: &str) -> ArticleDraft {
    let mut draft = draft(headline, section);
    draft.status = Status::Published;
    draft.published_at = Some(at(when));
    draft
}

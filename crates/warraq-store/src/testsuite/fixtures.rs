//! Sample content for the suite (written for it; no real story's text).

use chrono::{DateTime, Utc};
use warraq_domain::{ArticleDraft, Section, SectionDraft, SectionId, Status};

use crate::store::Store;

/// A UTC time from RFC 3339 text; the suite only passes valid literals.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t.with_timezone(&Utc),
        Err(e) => panic!("bad time literal `{text}` in the test suite: {e}"),
    }
}

pub(crate) async fn section(store: &dyn Store, name: &str, position: i32) -> Section {
    store
        .create_section(&SectionDraft::new(name, position))
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

//! Rules every backend applies the same way when it writes article content, kept here so
//! the SQLite and PostgreSQL stores cannot drift apart on them.

use chrono::{DateTime, SubsecRound, Utc};
use warraq_domain::{ArticleDraft, Status};

/// The draft as it will read back when written at `now`: times cut to the microseconds
/// both backends keep, and a published article whose moment is still ahead stored as
/// what it is, scheduled (or embargoed, when an embargo holds it back), so that the
/// status always tells the truth and the scheduler records its go-live.
pub fn stored_form(draft: &ArticleDraft, now: DateTime<Utc>) -> ArticleDraft {
    let mut stored = draft.clone();
    stored.published_at = stored.published_at.map(|at| at.trunc_subsecs(6));
    stored.embargo_until = stored.embargo_until.map(|at| at.trunc_subsecs(6));
    if stored.status == Status::Published && !stored.is_visible_at(now) {
        stored.status = if stored.embargo_until.is_some_and(|until| until > now) {
            Status::Embargoed
        } else {
            Status::Scheduled
        };
    }
    stored
}

/// Whether two drafts hold the same content, compared as their JSON documents (so the
/// order of keys in `extra`, which JSONB does not keep, does not count as a change).
pub fn same_content(a: &ArticleDraft, b: &ArticleDraft) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use warraq_domain::SectionId;

    use super::*;

    #[test]
    fn a_published_article_whose_moment_is_ahead_is_stored_scheduled_or_embargoed() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mut draft = ArticleDraft::new("خبر", SectionId(1));
        draft.publish(now + chrono::Duration::hours(1));
        assert_eq!(stored_form(&draft, now).status, Status::Scheduled);
        draft.published_at = Some(now);
        assert_eq!(stored_form(&draft, now).status, Status::Published);
        draft.embargo_until = Some(now + chrono::Duration::minutes(5));
        assert_eq!(stored_form(&draft, now).status, Status::Embargoed);
        draft.embargo_until = Some(now - chrono::Duration::minutes(5));
        assert_eq!(stored_form(&draft, now).status, Status::Published);
    }

    #[test]
    fn stored_form_keeps_microseconds_and_same_content_ignores_key_order() {
        let mut draft = ArticleDraft::new("خبر", SectionId(1));
        draft.published_at = DateTime::from_timestamp(1_730_000_000, 123_456_789);
        let stored = stored_form(&draft, Utc::now());
        assert_eq!(
            stored.published_at.map(|t| t.timestamp_subsec_nanos()),
            Some(123_456_000)
        );
        assert!(
            !same_content(&draft, &stored),
            "nanoseconds are a difference"
        );

        let mut a = stored.clone();
        a.extra.insert("b".into(), 1.into());
        a.extra.insert("a".into(), 2.into());
        let mut b = stored.clone();
        b.extra.insert("a".into(), 2.into());
        b.extra.insert("b".into(), 1.into());
        assert!(same_content(&a, &b));
        b.headline.push('!');
        assert!(!same_content(&a, &b));
    }
}

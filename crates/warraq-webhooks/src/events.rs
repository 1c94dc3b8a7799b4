//! Which event a change makes, and what it says.
//!
//! The dispatcher compares what readers may see now (the one visibility rule,
//! [`warraq_domain::ArticleDraft::is_visible_at`]) with what it last announced: an article
//! becoming visible is published, a visible one with a new version is updated, one no
//! longer visible is unpublished. So a scheduled or embargoed article makes no event
//! until its moment (the go-live entry the scheduler writes then brings it), and
//! changes nobody may see yet (drafts, reviews) make none.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use warraq_domain::Article;
use warraq_store::Announced;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Published,
    Updated,
    Unpublished,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Published => "article.published",
            EventType::Updated => "article.updated",
            EventType::Unpublished => "article.unpublished",
        }
    }
}

/// The event for an article that is (or is not) visible now at `version`, given what was
/// last announced of it (`None`: never).
pub fn decide(visible: bool, version: i64, last: Option<&Announced>) -> Option<EventType> {
    let was_visible = last.is_some_and(|a| a.visible);
    match (was_visible, visible) {
        (false, true) => Some(EventType::Published),
        (true, true) if last.is_some_and(|a| a.version != version) => Some(EventType::Updated),
        (true, false) => Some(EventType::Unpublished),
        _ => None,
    }
}

/// Stable for the event (the change-log entry and the article), so that a receiver
/// recognises a repeat after a retry or a crash.
pub fn event_id(seq: i64, article: &Article) -> String {
    format!("evt_{seq}_{}", article.id)
}

/// The JSON body of a webhook event, with the article as a ninjs 3.1 document.
pub fn payload(
    id: &str,
    event: EventType,
    created: DateTime<Utc>,
    article: &Article,
    ninjs: Value,
) -> String {
    json!({
        "id": id,
        "type": event.as_str(),
        "created_at": created.to_rfc3339_opts(SecondsFormat::Millis, true),
        "article_id": article.id,
        "version": article.version,
        "ninjs": ninjs,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use warraq_domain::ArticleId;

    use super::*;

    fn announced(visible: bool, version: i64) -> Announced {
        Announced {
            article: ArticleId(1),
            visible,
            version,
        }
    }

    #[test]
    fn visible_now_against_last_announced_decides_the_event() {
        use EventType::*;
        assert_eq!(decide(true, 1, None), Some(Published));
        assert_eq!(decide(false, 1, None), None, "a draft is never announced");
        assert_eq!(decide(true, 2, Some(&announced(false, 1))), Some(Published));
        assert_eq!(decide(true, 3, Some(&announced(true, 2))), Some(Updated));
        assert_eq!(
            decide(true, 2, Some(&announced(true, 2))),
            None,
            "a go-live of an article already announced, or the same change read again"
        );
        assert_eq!(
            decide(false, 3, Some(&announced(true, 2))),
            Some(Unpublished)
        );
        assert_eq!(decide(false, 4, Some(&announced(false, 3))), None);
    }
}

//! The state an imported article gets (draft, in review, scheduled, embargoed, published,
//! unpublished) with its publication time and embargo, from the import mode, what the
//! source says and what the store already holds under the item's key.

use chrono::{DateTime, Utc};
use warraq_domain::{ArticleDraft, IncomingArticle, Status};

use crate::args::ImportAs;

/// What the store already holds under the item's key, read in the item's transaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Previous {
    pub status: Option<Status>,
    pub published_at: Option<DateTime<Utc>>,
    pub embargo_until: Option<DateTime<Utc>>,
    /// From when readers may see it (the domain's one visibility rule).
    pub visible_from: Option<DateTime<Utc>>,
}

impl Previous {
    pub fn of(article: &ArticleDraft) -> Self {
        Self {
            status: Some(article.status),
            published_at: article.published_at,
            embargo_until: article.embargo_until,
            visible_from: article.visible_from(),
        }
    }

    fn is_visible_at(&self, now: DateTime<Utc>) -> bool {
        self.visible_from.is_some_and(|from| from <= now)
    }
}

/// An article's state and the times that go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publication {
    pub status: Status,
    pub published_at: Option<DateTime<Utc>>,
    pub embargo_until: Option<DateTime<Utc>>,
}

/// The state of an imported article. The item's embargo (`embargoedUntil`) is kept in every
/// mode, except on an article readers already see (below).
///
/// - `published`, and `source` when the source says `usable`: the item goes live at its
///   publication time (the item's, else the proposed one, else the time it was first
///   published here, else `now`): embargoed while its embargo is ahead of `now`,
///   scheduled while its publication time is, else published.
/// - `draft`: a new article is a draft without a publication time (publishing it later sets
///   one). An article the store holds keeps its state: one in review or unpublished stays
///   so, and one meant for readers (scheduled, embargoed, published) stays live at its own
///   publication time. A draft import never takes an article offline nor brings its
///   go-live forward: an article readers see keeps its embargo as it was; one they do not
///   see yet takes the item's embargo (an agency may extend or lift it).
/// - `source`: `withheld` makes a draft and `canceled` an unpublished article, as the
///   source says; a document without `pubStatus` is imported as `draft`.
pub fn publication(
    incoming: &IncomingArticle,
    mode: ImportAs,
    source_status: Option<Status>,
    previous: Previous,
    now: DateTime<Utc>,
) -> Publication {
    let publication_time = incoming
        .published_at
        .or(incoming.proposed_published_at)
        .or(previous.published_at)
        .unwrap_or(now);
    let embargo_until = incoming.embargo_until;
    let keep_previous = match (mode, source_status) {
        (ImportAs::Published, _) | (ImportAs::Source, Some(Status::Published)) => {
            return live(Some(publication_time), embargo_until, now);
        }
        (ImportAs::Source, Some(Status::Unpublished)) => {
            return Publication {
                status: Status::Unpublished,
                published_at: Some(publication_time),
                embargo_until,
            };
        }
        (ImportAs::Source, Some(_)) => false,
        (ImportAs::Draft, _) | (ImportAs::Source, None) => previous.status.is_some(),
    };
    match previous.status {
        Some(status) if keep_previous && status.is_meant_for_readers() => {
            let embargo_until = if previous.is_visible_at(now) {
                previous.embargo_until
            } else {
                embargo_until
            };
            live(previous.published_at, embargo_until, now)
        }
        Some(status) if keep_previous => Publication {
            status,
            published_at: previous.published_at,
            embargo_until,
        },
        _ => Publication {
            status: Status::Draft,
            published_at: previous.published_at,
            embargo_until,
        },
    }
}

/// An article meant for readers, in the state its times give: embargoed while its embargo
/// is ahead of `now`, scheduled while its publication time is, else published.
fn live(
    published_at: Option<DateTime<Utc>>,
    embargo_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Publication {
    let status = if embargo_until.is_some_and(|embargo| embargo > now) {
        Status::Embargoed
    } else if published_at.is_some_and(|published| published > now) {
        Status::Scheduled
    } else {
        Status::Published
    };
    Publication {
        status,
        published_at,
        embargo_until,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("date")
            .with_timezone(&Utc)
    }

    const NOW: &str = "2025-06-01T12:00:00Z";

    fn item(published: Option<&str>, embargo: Option<&str>) -> IncomingArticle {
        IncomingArticle {
            source_key: "urn:x".into(),
            headline: "خبر".into(),
            published_at: published.map(at),
            embargo_until: embargo.map(at),
            ..IncomingArticle::default()
        }
    }

    fn stored(status: Status, published: Option<&str>, embargo: Option<&str>) -> Previous {
        let mut draft = ArticleDraft::new("خبر", warraq_domain::SectionId(1));
        draft.status = status;
        draft.published_at = published.map(at);
        draft.embargo_until = embargo.map(at);
        Previous::of(&draft)
    }

    fn state(
        incoming: &IncomingArticle,
        mode: ImportAs,
        source: Option<Status>,
        previous: Previous,
    ) -> (Status, Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let p = publication(incoming, mode, source, previous, at(NOW));
        (p.status, p.published_at, p.embargo_until)
    }

    #[test]
    fn an_item_going_live_is_embargoed_scheduled_or_published_by_its_times() {
        let live = [
            (ImportAs::Published, None),
            (ImportAs::Source, Some(Status::Published)),
        ];
        for (mode, source) in live {
            let new = Previous::default();
            let past = Some("2025-05-01T00:00:00Z");
            let ahead = Some("2030-01-01T00:00:00Z");
            let embargoed = item(past, ahead);
            assert_eq!(
                state(&embargoed, mode, source, new),
                (Status::Embargoed, past.map(at), ahead.map(at))
            );
            let scheduled = item(ahead, None);
            assert_eq!(
                state(&scheduled, mode, source, new),
                (Status::Scheduled, ahead.map(at), None)
            );
            let over = item(past, Some("2025-05-02T00:00:00Z"));
            assert_eq!(state(&over, mode, source, new).0, Status::Published);
            let undated = item(None, None);
            assert_eq!(
                state(&undated, mode, source, new),
                (Status::Published, Some(at(NOW)), None)
            );
        }
    }

    #[test]
    fn a_new_draft_import_keeps_the_embargo_without_a_publication_time() {
        let incoming = item(Some("2025-05-01T00:00:00Z"), Some("2030-01-01T00:00:00Z"));
        assert_eq!(
            state(&incoming, ImportAs::Draft, None, Previous::default()),
            (Status::Draft, None, Some(at("2030-01-01T00:00:00Z")))
        );
    }

    #[test]
    fn a_draft_import_keeps_an_article_readers_see_live_at_its_own_time_and_embargo() {
        let previous = stored(Status::Published, Some("2025-01-01T00:00:00Z"), None);
        let incoming = item(Some("2025-05-01T00:00:00Z"), Some("2030-01-01T00:00:00Z"));
        assert_eq!(
            state(&incoming, ImportAs::Draft, None, previous),
            (Status::Published, Some(at("2025-01-01T00:00:00Z")), None)
        );
        // A document without pubStatus imported as source is treated the same way.
        assert_eq!(
            state(&incoming, ImportAs::Source, None, previous).0,
            Status::Published
        );
    }

    #[test]
    fn a_draft_import_keeps_scheduled_and_embargoed_articles_live_and_follows_the_embargo() {
        let scheduled = stored(Status::Scheduled, Some("2029-01-01T00:00:00Z"), None);
        let plain = item(Some("2025-05-01T00:00:00Z"), None);
        assert_eq!(
            state(&plain, ImportAs::Draft, None, scheduled),
            (Status::Scheduled, Some(at("2029-01-01T00:00:00Z")), None),
            "a draft import does not bring the go-live forward"
        );
        let embargoed = stored(
            Status::Embargoed,
            Some("2025-01-01T00:00:00Z"),
            Some("2030-01-01T00:00:00Z"),
        );
        let extended = item(None, Some("2031-01-01T00:00:00Z"));
        assert_eq!(
            state(&extended, ImportAs::Draft, None, embargoed),
            (
                Status::Embargoed,
                Some(at("2025-01-01T00:00:00Z")),
                Some(at("2031-01-01T00:00:00Z"))
            )
        );
        let lifted = item(None, None);
        assert_eq!(
            state(&lifted, ImportAs::Draft, None, embargoed),
            (Status::Published, Some(at("2025-01-01T00:00:00Z")), None)
        );
    }

    #[test]
    fn a_draft_import_leaves_articles_in_review_or_unpublished_as_they_are() {
        for status in [Status::InReview, Status::Unpublished, Status::Draft] {
            let published = (status == Status::Unpublished).then_some("2025-01-01T00:00:00Z");
            let previous = stored(status, published, None);
            assert_eq!(
                state(&item(None, None), ImportAs::Draft, None, previous),
                (status, published.map(at), None)
            );
        }
    }

    #[test]
    fn the_source_status_wins_when_it_has_one() {
        let previous = stored(Status::Published, Some("2025-01-01T00:00:00Z"), None);
        let incoming = item(Some("2025-01-01T00:00:00Z"), None);
        assert_eq!(
            state(&incoming, ImportAs::Source, Some(Status::Draft), previous).0,
            Status::Draft
        );
        assert_eq!(
            state(
                &incoming,
                ImportAs::Source,
                Some(Status::Unpublished),
                previous
            ),
            (Status::Unpublished, Some(at("2025-01-01T00:00:00Z")), None)
        );
    }
}

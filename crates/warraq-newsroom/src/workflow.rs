//! The editorial workflow: which state an article may move to from which, and what moving
//! does to its times.
//!
//! ```text
//! draft ⇄ in_review → scheduled | embargoed | published → unpublished
//!                      scheduled | embargoed → published (now) | draft | unpublished
//!                      unpublished → published | scheduled | embargoed | draft
//! ```
//! A correction is not a state: a published article is saved again with a dated note.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use warraq_domain::{ArticleDraft, Status};

use crate::error::{NewsroomError, NewsroomResult};

/// A requested move: to a state, at a time for scheduled and embargoed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub to: Status,
    /// When a scheduled article goes live or an embargo ends (required for those two,
    /// refused for the others).
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// Whether the workflow allows `from` → `to` (permissions aside).
pub fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    match (from, to) {
        (Draft, InReview) | (InReview, Draft) => true,
        (Draft | InReview | Unpublished, Scheduled | Embargoed | Published) => true,
        (Scheduled | Embargoed, Published | Draft | Unpublished) => true,
        // Moving the time of a scheduled or embargoed article, or swapping one for the other.
        (Scheduled | Embargoed, Scheduled | Embargoed) => true,
        (Published, Unpublished) => true,
        (Unpublished, Draft) => true,
        _ => false,
    }
}

/// Applies `transition` to `draft` (currently in `draft.status`) at `now`: the status and
/// the times that go with it. Fails, naming the rule, when the move is not allowed or the
/// time is missing or past.
pub fn apply(
    draft: &mut ArticleDraft,
    transition: Transition,
    now: DateTime<Utc>,
) -> NewsroomResult<()> {
    let from = draft.status;
    let to = transition.to;
    if !allowed(from, to) {
        return Err(NewsroomError::TransitionNotAllowed { from, to });
    }
    let needs_time = matches!(to, Status::Scheduled | Status::Embargoed);
    let at = match (needs_time, transition.at) {
        (true, None) => {
            return Err(NewsroomError::invalid(
                "at",
                format!("a {} article needs a time", to.as_str()),
            ));
        }
        (true, Some(at)) if at <= now => {
            return Err(NewsroomError::invalid(
                "at",
                format!("{} is not in the future", at.to_rfc3339()),
            ));
        }
        (false, Some(_)) => {
            return Err(NewsroomError::invalid(
                "at",
                format!(
                    "a time is only for scheduled or embargoed, not {}",
                    to.as_str()
                ),
            ));
        }
        (_, at) => at,
    };
    match to {
        Status::Scheduled => {
            draft.published_at = at;
            draft.embargo_until = None;
        }
        Status::Embargoed => {
            // Released to partners now, readable from the end of the embargo.
            draft.published_at.get_or_insert(now);
            if from == Status::Scheduled {
                draft.published_at = Some(now);
            }
            draft.embargo_until = at;
        }
        Status::Published => {
            // Publishing now lifts an embargo and overrides a schedule; republishing a
            // withdrawn article keeps its first publication time.
            draft.embargo_until = None;
            if from == Status::Scheduled || draft.published_at.is_none_or(|p| p > now) {
                draft.published_at = Some(now);
            }
        }
        Status::Draft | Status::InReview | Status::Unpublished => {}
    }
    draft.status = to;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use warraq_domain::SectionId;

    use super::*;

    fn draft(status: Status) -> ArticleDraft {
        let mut d = ArticleDraft::new("خبر", SectionId(1));
        d.status = status;
        d
    }

    #[test]
    fn scheduling_needs_a_future_time_and_sets_the_publication_time() {
        let now = Utc::now();
        let mut d = draft(Status::InReview);
        let to = |at| Transition {
            to: Status::Scheduled,
            at,
        };
        assert!(apply(&mut d, to(None), now).is_err());
        assert!(apply(&mut d, to(Some(now - Duration::minutes(1))), now).is_err());
        assert_eq!(d.status, Status::InReview, "a refused move changes nothing");
        apply(&mut d, to(Some(now + Duration::hours(2))), now).unwrap();
        assert_eq!(d.status, Status::Scheduled);
        assert_eq!(d.published_at, Some(now + Duration::hours(2)));
        assert!(!d.is_visible_at(now));
        assert!(d.validate().is_ok());
    }

    #[test]
    fn an_embargo_hides_until_its_end_and_publishing_now_lifts_it() {
        let now = Utc::now();
        let mut d = draft(Status::InReview);
        apply(
            &mut d,
            Transition {
                to: Status::Embargoed,
                at: Some(now + Duration::hours(1)),
            },
            now,
        )
        .unwrap();
        assert!(!d.is_visible_at(now + Duration::minutes(59)));
        assert!(d.is_visible_at(now + Duration::hours(1)));
        let later = now + Duration::minutes(5);
        apply(
            &mut d,
            Transition {
                to: Status::Published,
                at: None,
            },
            later,
        )
        .unwrap();
        assert_eq!(d.embargo_until, None);
        assert!(d.is_visible_at(later));
    }

    #[test]
    fn republishing_keeps_the_first_publication_time() {
        let first = Utc::now() - Duration::days(2);
        let mut d = draft(Status::Published);
        d.published_at = Some(first);
        apply(
            &mut d,
            Transition {
                to: Status::Unpublished,
                at: None,
            },
            Utc::now(),
        )
        .unwrap();
        apply(
            &mut d,
            Transition {
                to: Status::Published,
                at: None,
            },
            Utc::now(),
        )
        .unwrap();
        assert_eq!(d.published_at, Some(first));
    }

    #[test]
    fn moves_outside_the_workflow_are_refused_by_name() {
        let now = Utc::now();
        let mut d = draft(Status::Draft);
        let err = apply(
            &mut d,
            Transition {
                to: Status::Unpublished,
                at: None,
            },
            now,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "an article cannot go from draft to unpublished"
        );
        let mut d = draft(Status::Published);
        assert!(
            apply(
                &mut d,
                Transition {
                    to: Status::InReview,
                    at: None
                },
                now
            )
            .is_err()
        );
        let mut d = draft(Status::Draft);
        assert!(
            apply(
                &mut d,
                Transition {
                    to: Status::InReview,
                    at: Some(now)
                },
                now
            )
            .is_err(),
            "a time only goes with scheduled or embargoed"
        );
    }
}

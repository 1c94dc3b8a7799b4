//! Who may do what. Every write of the newsroom pages, the write API and the command line
//! asks here first; nothing else decides.
//!
//! - A writer creates articles, and edits and submits their own while they are drafts or
//!   in review.
//! - An editor edits any article and moves any through the workflow (approve, schedule,
//!   embargo, publish, correct, unpublish, send back).
//! - A chief also manages accounts, API tokens and sections, and reads the audit log.

use warraq_domain::{Role, Status, User};

/// An article as far as permissions care: its state and who created it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleAccess {
    pub status: Status,
    /// The account that created it (its first revision's actor), when a person did.
    pub owned_by_user: bool,
}

/// What a user asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CreateArticle,
    EditArticle,
    /// Move an article to this state.
    MoveTo(Status),
    CorrectArticle,
    ManageAccounts,
    ManageSections,
    ReadAuditLog,
}

impl Action {
    /// How the refusal names it ("a writer may not publish an article").
    pub fn describe(self) -> String {
        match self {
            Action::CreateArticle => "create an article".into(),
            Action::EditArticle => "edit this article".into(),
            Action::MoveTo(Status::InReview) => "submit this article for review".into(),
            Action::MoveTo(Status::Draft) => "send this article back to draft".into(),
            Action::MoveTo(status) => {
                format!("make an article {}", status.as_str().replace('_', " "))
            }
            Action::CorrectArticle => "correct a published article".into(),
            Action::ManageAccounts => "manage accounts and API tokens".into(),
            Action::ManageSections => "manage sections".into(),
            Action::ReadAuditLog => "read the audit log".into(),
        }
    }
}

/// Whether `user` may do `action` (on `article`, for the actions about one).
pub fn may(user: &User, action: Action, article: Option<ArticleAccess>) -> bool {
    if user.disabled {
        return false;
    }
    let writer_owns_unpublished = article
        .is_some_and(|a| a.owned_by_user && matches!(a.status, Status::Draft | Status::InReview));
    match (user.role, action) {
        (_, Action::CreateArticle) => true,
        (Role::Writer, Action::EditArticle) => writer_owns_unpublished,
        (Role::Writer, Action::MoveTo(Status::InReview | Status::Draft)) => writer_owns_unpublished,
        (Role::Writer, _) => false,
        (Role::Editor | Role::Chief, Action::EditArticle | Action::MoveTo(_)) => true,
        (Role::Editor | Role::Chief, Action::CorrectArticle) => true,
        (Role::Editor, _) => false,
        (Role::Chief, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use warraq_domain::UserId;

    use super::*;

    fn user(role: Role) -> User {
        User {
            id: UserId(1),
            email: "a@x.org".into(),
            display_name: "أ".into(),
            role,
            person_id: None,
            disabled: false,
            created_at: Utc::now(),
        }
    }

    fn own(status: Status) -> Option<ArticleAccess> {
        Some(ArticleAccess {
            status,
            owned_by_user: true,
        })
    }

    #[test]
    fn a_writer_edits_and_submits_only_their_own_unpublished_articles() {
        let writer = user(Role::Writer);
        assert!(may(&writer, Action::EditArticle, own(Status::Draft)));
        assert!(may(
            &writer,
            Action::MoveTo(Status::InReview),
            own(Status::Draft)
        ));
        assert!(!may(&writer, Action::EditArticle, own(Status::Published)));
        let someone_elses = Some(ArticleAccess {
            status: Status::Draft,
            owned_by_user: false,
        });
        assert!(!may(&writer, Action::EditArticle, someone_elses));
        for status in [
            Status::Published,
            Status::Scheduled,
            Status::Embargoed,
            Status::Unpublished,
        ] {
            assert!(!may(&writer, Action::MoveTo(status), own(Status::InReview)));
        }
        assert!(!may(
            &writer,
            Action::CorrectArticle,
            own(Status::Published)
        ));
        assert!(!may(&writer, Action::ManageAccounts, None));
    }

    #[test]
    fn editors_run_the_workflow_and_chiefs_also_manage_the_newsroom() {
        let editor = user(Role::Editor);
        let chief = user(Role::Chief);
        let theirs = Some(ArticleAccess {
            status: Status::Published,
            owned_by_user: false,
        });
        for who in [&editor, &chief] {
            assert!(may(who, Action::EditArticle, theirs));
            assert!(may(who, Action::MoveTo(Status::Unpublished), theirs));
            assert!(may(who, Action::CorrectArticle, theirs));
        }
        for action in [
            Action::ManageAccounts,
            Action::ManageSections,
            Action::ReadAuditLog,
        ] {
            assert!(!may(&editor, action, None));
            assert!(may(&chief, action, None));
        }
    }

    #[test]
    fn a_disabled_account_may_do_nothing() {
        let mut chief = user(Role::Chief);
        chief.disabled = true;
        assert!(!may(&chief, Action::CreateArticle, None));
    }
}

//! Newsroom accounts: who may log in, with which role, and what they did (the audit log).
//!
//! Passwords, session and API tokens never appear here in clear: the store keeps an
//! argon2id hash of a password and a SHA-256 of a token, so a copy of the database lets
//! nobody in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::error::DomainError;
use crate::ids::{PersonId, UserId};

/// What an account may do. Each role may do everything the one before it may.
///
/// - a writer writes and submits their own articles;
/// - an editor edits, approves, schedules, embargoes, publishes and unpublishes any;
/// - a chief also manages accounts, API tokens and sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Writer,
    Editor,
    Chief,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Writer, Role::Editor, Role::Chief];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Editor => "editor",
            Role::Chief => "chief",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| DomainError::Invalid {
                field: "user.role",
                reason: format!("unknown role `{text}` (writer, editor or chief)"),
            })
    }
}

/// A newsroom account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    /// Lower-cased and trimmed ([`normalize_email`]); unique.
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The byline this account signs with, when it has one.
    pub person_id: Option<PersonId>,
    /// A disabled account cannot log in and its tokens and sessions stop working.
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// An account to create. `password_hash` is an argon2id PHC string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub person_id: Option<PersonId>,
    pub password_hash: String,
}

/// What a chief may change on an account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserUpdate {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub disabled: Option<bool>,
}

/// Lower-cases and trims an e-mail address and checks that it looks like one.
pub fn normalize_email(text: &str) -> Result<String, DomainError> {
    let email = text.trim().to_lowercase();
    let valid = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        && !email.chars().any(char::is_whitespace)
        && email.len() <= 254;
    if valid {
        Ok(email)
    } else {
        Err(DomainError::Invalid {
            field: "user.email",
            reason: format!("`{}` is not an e-mail address", text.trim()),
        })
    }
}

/// A logged-in browser. The cookie holds a random token; the store keeps its SHA-256
/// (`id_hash`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id_hash: String,
    pub user_id: UserId,
    /// Sent back with every form and `fetch` that changes something (synchroniser token).
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Where the session was opened from, for the account page.
    pub user_agent: Option<String>,
    pub address: Option<String>,
}

/// An API token acting as its user (`Authorization: Bearer <token>`). Only its SHA-256 is
/// kept; the token itself is shown once, when it is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: UserId,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// One line of the audit log: who did what to what, and when.
///
/// The store writes one for every change of an article's status (whoever made it: a
/// person, an import, the scheduler) and for every account and token change, in the same
/// transaction as the change itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// What happened, dotted: `article.status`, `article.restored`, `user.created`,
    /// `user.updated`, `user.password`, `token.created`, `token.revoked`, `sessions.revoked`.
    pub action: String,
    /// What it happened to: `article:12`, `user:3`, `token:5`.
    pub subject: String,
    /// The particulars, e.g. `{"from": "in_review", "to": "published"}`.
    pub detail: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_what_they_may_do_and_round_trip() {
        assert!(Role::Writer < Role::Editor && Role::Editor < Role::Chief);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert!(Role::parse("admin").is_err());
    }

    #[test]
    fn emails_are_normalised_and_garbage_refused() {
        assert_eq!(
            normalize_email("  Huda@Example.ORG ").as_deref(),
            Ok("huda@example.org")
        );
        for bad in ["", "huda", "@example.org", "huda@", "hu da@example.org"] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }
}

//! The accounts part of the contract: newsroom users, their browser sessions, API tokens
//! and the audit log.
//!
//! Sessions are written straight to the store (opening, refreshing and closing one changes
//! no content, so it is neither audited nor in the change log). Everything else that
//! changes an account goes through [`AccountWrites`] in a write transaction, which writes
//! its audit entry in the same transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use warraq_domain::{ApiToken, AuditEntry, NewUser, Session, User, UserId, UserUpdate};

use crate::error::StoreResult;

/// Which audit entries to read, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only entries about this subject (`article:12`, `user:3`).
    pub subject: Option<String>,
    /// Only entries with a sequence number below this one (the next page).
    pub before: Option<i64>,
    pub limit: u32,
}

impl Default for AuditQuery {
    fn default() -> Self {
        Self {
            subject: None,
            before: None,
            limit: 50,
        }
    }
}

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    async fn user(&self, id: UserId) -> StoreResult<User>;
    /// The account with this (already normalised) e-mail and its password hash.
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, String)>>;
    /// Ordered by id.
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    async fn count_users(&self) -> StoreResult<u64>;

    /// Keeps a new session (its times to the microsecond). Fails with `NotFound` for an
    /// unknown user and `Duplicate` for a hash already kept.
    async fn create_session(&self, session: &Session) -> StoreResult<()>;
    /// The session with this token hash, when it exists, has not expired at `now` and its
    /// user is not disabled.
    async fn session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>>;
    /// Records activity and moves the expiry (sliding sessions). Touching a session that
    /// is gone (logged out while a request was under way) is not an error.
    async fn touch_session(
        &self,
        id_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Logs one browser out. Deleting a session that is gone is not an error.
    async fn delete_session(&self, id_hash: &str) -> StoreResult<()>;
    /// Every session of the user ("log out everywhere"), newest first.
    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>>;
    /// Deletes sessions that expired before `now`; returns how many.
    async fn prune_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;

    /// The user a token (by its SHA-256) acts as, when the token exists, is not revoked and
    /// its user is not disabled; records its use at `now`, unless a use less than a minute
    /// earlier is recorded (so that a busy client's requests are not each a write).
    async fn user_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>>;
    /// Tokens of one user, or of everyone; ordered by id.
    async fn list_tokens(&self, user: Option<UserId>) -> StoreResult<Vec<ApiToken>>;

    /// Newest first.
    async fn audit_log(&self, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>>;
}

/// Account changes, inside a write transaction; each writes its own audit entry.
#[async_trait]
pub trait AccountWrites: Send {
    /// Fails with `Duplicate` when the e-mail is taken (audit: `user.created`).
    async fn create_user(&mut self, user: &NewUser) -> StoreResult<User>;
    /// Audit: `user.updated` with the fields that changed.
    async fn update_user(&mut self, id: UserId, update: &UserUpdate) -> StoreResult<User>;
    /// Audit: `user.password`.
    async fn set_password_hash(&mut self, id: UserId, hash: &str) -> StoreResult<()>;
    /// Deletes every session of the user ("log out everywhere"; audit: `sessions.revoked`).
    /// Returns how many there were.
    async fn revoke_sessions(&mut self, id: UserId) -> StoreResult<u64>;
    /// Keeps a token by its SHA-256 (audit: `token.created`).
    async fn create_token(
        &mut self,
        user: UserId,
        label: &str,
        token_hash: &str,
    ) -> StoreResult<ApiToken>;
    /// Audit: `token.revoked`. Revoking a revoked token writes nothing.
    async fn revoke_token(&mut self, id: i64) -> StoreResult<()>;
    /// Appends an entry written by the caller (e.g. `article.restored`), as the
    /// transaction's actor, at the current time.
    async fn audit(
        &mut self,
        action: &str,
        subject: &str,
        detail: &serde_json::Value,
    ) -> StoreResult<()>;
}

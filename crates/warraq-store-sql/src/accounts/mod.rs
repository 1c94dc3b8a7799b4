//! Accounts, sessions, API tokens and the audit log: [`AccountStore`] for [`SqlStore`]
//! and [`AccountWrites`] for [`SqlTx`], each handing over to the module owning the table.
//!
//! Session and token-use writes go straight to a pooled connection: they change no
//! content, so they need neither the writers' lock nor a change-log entry.

pub(crate) mod audit;
mod sessions;
mod tokens;
mod users;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use warraq_domain::{ApiToken, AuditEntry, NewUser, Session, User, UserId, UserUpdate};
use warraq_store::{AccountStore, AccountWrites, AuditQuery, StoreResult};

use crate::codec::Time;
use crate::store::{SqlStore, read};
use crate::tx::SqlTx;

#[async_trait]
impl AccountStore for SqlStore {
    async fn user(&self, id: UserId) -> StoreResult<User> {
        read!(self, users::user, id)
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, String)>> {
        read!(self, users::user_by_email, email)
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        read!(self, users::list_users)
    }

    async fn count_users(&self) -> StoreResult<u64> {
        read!(self, users::count_users)
    }

    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        read!(self, sessions::create_session, session)
    }

    async fn session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>> {
        read!(self, sessions::session, id_hash, Time(now))
    }

    async fn touch_session(
        &self,
        id_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        read!(
            self,
            sessions::touch_session,
            id_hash,
            Time(now),
            Time(expires_at)
        )
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        read!(self, sessions::delete_session, id_hash)
    }

    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>> {
        read!(self, sessions::sessions_of, user)
    }

    async fn prune_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        read!(self, sessions::prune_sessions, Time(now))
    }

    async fn user_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>> {
        read!(self, tokens::user_by_token, token_hash, Time(now))
    }

    async fn list_tokens(&self, user: Option<UserId>) -> StoreResult<Vec<ApiToken>> {
        read!(self, tokens::list_tokens, user)
    }

    async fn audit_log(&self, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        read!(self, audit::audit_log, query)
    }
}

#[async_trait]
impl AccountWrites for SqlTx {
    async fn create_user(&mut self, user: &NewUser) -> StoreResult<User> {
        users::create_user(self, user).await
    }

    async fn update_user(&mut self, id: UserId, update: &UserUpdate) -> StoreResult<User> {
        users::update_user(self, id, update).await
    }

    async fn set_password_hash(&mut self, id: UserId, hash: &str) -> StoreResult<()> {
        users::set_password_hash(self, id, hash).await
    }

    async fn revoke_sessions(&mut self, id: UserId) -> StoreResult<u64> {
        sessions::revoke_sessions(self, id).await
    }

    async fn create_token(
        &mut self,
        user: UserId,
        label: &str,
        token_hash: &str,
    ) -> StoreResult<ApiToken> {
        tokens::create_token(self, user, label, token_hash).await
    }

    async fn revoke_token(&mut self, id: i64) -> StoreResult<()> {
        tokens::revoke_token(self, id).await
    }

    async fn audit(
        &mut self,
        action: &str,
        subject: &str,
        detail: &serde_json::Value,
    ) -> StoreResult<()> {
        audit::append(self, action, subject, detail).await
    }
}

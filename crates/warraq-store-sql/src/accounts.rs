//! Accounts, sessions, API tokens and the audit log. PLACEHOLDER while issue 7's store
//! work is under way: every method fails until the migration and queries land.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use warraq_domain::{
    ApiToken, AuditEntry, Media, MediaId, NewUser, Session, User, UserId, UserUpdate,
};
use warraq_store::{AccountStore, AccountWrites, AuditQuery, StoreError, StoreResult};

use crate::store::SqlStore;
use crate::tx::SqlTx;

fn pending<T>() -> StoreResult<T> {
    Err(StoreError::Backend("accounts are not stored yet".into()))
}

impl SqlStore {
    pub(crate) async fn search_media_placeholder(
        &self,
        _text: Option<&str>,
        _before: Option<MediaId>,
        _limit: u32,
    ) -> StoreResult<Vec<Media>> {
        pending()
    }
}

#[async_trait]
impl AccountStore for SqlStore {
    async fn user(&self, _id: UserId) -> StoreResult<User> {
        pending()
    }
    async fn user_by_email(&self, _email: &str) -> StoreResult<Option<(User, String)>> {
        pending()
    }
    async fn list_users(&self) -> StoreResult<Vec<User>> {
        pending()
    }
    async fn count_users(&self) -> StoreResult<u64> {
        pending()
    }
    async fn create_session(&self, _session: &Session) -> StoreResult<()> {
        pending()
    }
    async fn session(&self, _id_hash: &str, _now: DateTime<Utc>) -> StoreResult<Option<Session>> {
        pending()
    }
    async fn touch_session(
        &self,
        _id_hash: &str,
        _now: DateTime<Utc>,
        _expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        pending()
    }
    async fn delete_session(&self, _id_hash: &str) -> StoreResult<()> {
        pending()
    }
    async fn sessions_of(&self, _user: UserId) -> StoreResult<Vec<Session>> {
        pending()
    }
    async fn prune_sessions(&self, _now: DateTime<Utc>) -> StoreResult<u64> {
        pending()
    }
    async fn user_by_token(
        &self,
        _token_hash: &str,
        _now: DateTime<Utc>,
    ) -> StoreResult<Option<User>> {
        pending()
    }
    async fn list_tokens(&self, _user: Option<UserId>) -> StoreResult<Vec<ApiToken>> {
        pending()
    }
    async fn audit_log(&self, _query: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        pending()
    }
}

#[async_trait]
impl AccountWrites for SqlTx {
    async fn create_user(&mut self, _user: &NewUser) -> StoreResult<User> {
        pending()
    }
    async fn update_user(&mut self, _id: UserId, _update: &UserUpdate) -> StoreResult<User> {
        pending()
    }
    async fn set_password_hash(&mut self, _id: UserId, _hash: &str) -> StoreResult<()> {
        pending()
    }
    async fn revoke_sessions(&mut self, _id: UserId) -> StoreResult<u64> {
        pending()
    }
    async fn create_token(
        &mut self,
        _user: UserId,
        _label: &str,
        _token_hash: &str,
    ) -> StoreResult<ApiToken> {
        pending()
    }
    async fn revoke_token(&mut self, _id: i64) -> StoreResult<()> {
        pending()
    }
    async fn audit(
        &mut self,
        _action: &str,
        _subject: &str,
        _detail: &serde_json::Value,
    ) -> StoreResult<()> {
        pending()
    }
}

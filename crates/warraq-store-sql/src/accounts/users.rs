//! Newsroom accounts: reading them, and the audited writes (creation, changes, password).

use serde_json::{Map, Value, json};
use sqlx::FromRow;
use warraq_domain::accounts::normalize_email;
use warraq_domain::{DomainError, NewUser, PersonId, Role, User, UserId, UserUpdate};
use warraq_store::{StoreError, StoreResult};

use super::audit;
use crate::catalog::{RefTable, require};
use crate::codec::Time;
use crate::db::{Conn, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

/// `SELECT <every user column but the password hash> FROM users <tail>`.
macro_rules! user_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, email, display_name, role, person_id, disabled, created_at FROM users ",
            $tail
        )
    };
}

#[derive(FromRow)]
pub(super) struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    person_id: Option<i64>,
    disabled: bool,
    created_at: Time,
}

impl UserRow {
    pub(super) fn into_user(self) -> StoreResult<User> {
        let role = Role::parse(&self.role)
            .map_err(|e| StoreError::Corrupt(format!("user {}: {e}", self.id)))?;
        Ok(User {
            id: UserId(self.id),
            email: self.email,
            display_name: self.display_name,
            role,
            person_id: self.person_id.map(PersonId),
            disabled: self.disabled,
            created_at: self.created_at.0,
        })
    }
}

#[derive(FromRow)]
struct UserWithHash {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

pub(super) async fn user(conn: &mut Conn<'_>, id: UserId) -> StoreResult<User> {
    on_conn!(conn, |c| sqlx::query_as::<_, UserRow>(user_select!(
        "WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "user", id))?
    .into_user()
}

/// Fails with `NotFound` when there is no such account, before anything refers to it.
pub(super) async fn require_user(conn: &mut Conn<'_>, id: UserId) -> StoreResult<()> {
    user(conn, id).await.map(|_| ())
}

pub(super) async fn user_by_email(
    conn: &mut Conn<'_>,
    email: &str,
) -> StoreResult<Option<(User, String)>> {
    let row: Option<UserWithHash> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT id, email, display_name, role, person_id, disabled, created_at, password_hash \
         FROM users WHERE email = $1"
    )
    .bind(email)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "user", email))?;
    row.map(|r| Ok((r.user.into_user()?, r.password_hash)))
        .transpose()
}

pub(super) async fn list_users(conn: &mut Conn<'_>) -> StoreResult<Vec<User>> {
    let rows: Vec<UserRow> = on_conn!(conn, |c| sqlx::query_as(user_select!("ORDER BY id"))
        .fetch_all(c)
        .await)
    .map_err(backend)?;
    rows.into_iter().map(UserRow::into_user).collect()
}

pub(super) async fn count_users(conn: &mut Conn<'_>) -> StoreResult<u64> {
    let count: i64 = on_conn!(conn, |c| sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(c)
        .await)
    .map_err(backend)?;
    Ok(count.unsigned_abs())
}

/// The e-mail must already be normalised: stored as given, it is what logging in looks
/// up, and a second spelling of one address would be a second account.
fn check_new_user(new: &NewUser) -> StoreResult<()> {
    if normalize_email(&new.email)? != new.email {
        return Err(DomainError::Invalid {
            field: "user.email",
            reason: format!("`{}` is not normalised (trimmed, lower-case)", new.email),
        }
        .into());
    }
    check_display_name(&new.display_name)?;
    check_password_hash(&new.password_hash)
}

fn check_display_name(name: &str) -> StoreResult<()> {
    if name.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "user.display_name",
        }
        .into());
    }
    Ok(())
}

fn check_password_hash(hash: &str) -> StoreResult<()> {
    if hash.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "user.password_hash",
        }
        .into());
    }
    Ok(())
}

fn subject(id: UserId) -> String {
    format!("user:{id}")
}

/// Fails with `Duplicate` when the e-mail is taken; audit `user.created`.
pub(super) async fn create_user(tx: &mut SqlTx, new: &NewUser) -> StoreResult<User> {
    check_new_user(new)?;
    if let Some(person) = new.person_id {
        require(&mut tx.conn(), RefTable::People, person.0, "user.person_id").await?;
    }
    let created_at = Time::now();
    let id: i64 = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "INSERT INTO users (email, display_name, role, password_hash, person_id, disabled, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(&new.email)
    .bind(&new.display_name)
    .bind(new.role.as_str())
    .bind(&new.password_hash)
    .bind(new.person_id.map(|p| p.0))
    .bind(false)
    .bind(created_at)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "user", &new.email))?;
    let user = User {
        id: UserId(id),
        email: new.email.clone(),
        display_name: new.display_name.clone(),
        role: new.role,
        person_id: new.person_id,
        disabled: false,
        created_at: created_at.0,
    };
    // Never the password hash: the audit log is read by more people than the accounts.
    let detail = json!({
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role.as_str(),
        "person_id": user.person_id,
    });
    audit::record(tx, created_at, "user.created", &subject(user.id), &detail).await?;
    Ok(user)
}

/// Applies the fields of `update` that differ; audit `user.updated` with each as
/// `{"from": .., "to": ..}`. Changing nothing writes nothing.
pub(super) async fn update_user(
    tx: &mut SqlTx,
    id: UserId,
    update: &UserUpdate,
) -> StoreResult<User> {
    let stored = user(&mut tx.conn(), id).await?;
    let mut changed = Map::new();
    let mut updated = stored.clone();
    if let Some(name) = update
        .display_name
        .as_ref()
        .filter(|n| **n != stored.display_name)
    {
        check_display_name(name)?;
        changed.insert(
            "display_name".into(),
            change(stored.display_name.as_str(), name.as_str()),
        );
        updated.display_name = name.clone();
    }
    if let Some(role) = update.role.filter(|r| *r != stored.role) {
        changed.insert("role".into(), change(stored.role.as_str(), role.as_str()));
        updated.role = role;
    }
    if let Some(disabled) = update.disabled.filter(|d| *d != stored.disabled) {
        changed.insert("disabled".into(), change(stored.disabled, disabled));
        updated.disabled = disabled;
    }
    if changed.is_empty() {
        return Ok(stored);
    }
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "UPDATE users SET display_name = $1, role = $2, disabled = $3 WHERE id = $4"
    )
    .bind(&updated.display_name)
    .bind(updated.role.as_str())
    .bind(updated.disabled)
    .bind(id.0)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "user", id))?;
    let detail = Value::Object(changed);
    audit::record(tx, Time::now(), "user.updated", &subject(id), &detail).await?;
    Ok(updated)
}

fn change(from: impl Into<Value>, to: impl Into<Value>) -> Value {
    json!({ "from": from.into(), "to": to.into() })
}

/// Audit `user.password`, without the hash.
pub(super) async fn set_password_hash(tx: &mut SqlTx, id: UserId, hash: &str) -> StoreResult<()> {
    check_password_hash(hash)?;
    let updated = on_conn!(&mut tx.conn(), |c| sqlx::query(
        "UPDATE users SET password_hash = $1 WHERE id = $2"
    )
    .bind(hash)
    .bind(id.0)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "user", id))?;
    if updated == 0 {
        return Err(StoreError::not_found("user", id));
    }
    audit::record(tx, Time::now(), "user.password", &subject(id), &json!({})).await
}

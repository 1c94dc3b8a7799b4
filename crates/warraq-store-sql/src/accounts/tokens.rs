//! API tokens, kept by their SHA-256. Creating and revoking one is audited; using one
//! records when it was last used.

use serde_json::json;
use sqlx::FromRow;
use warraq_domain::{ApiToken, DomainError, User, UserId};
use warraq_store::StoreResult;

use super::audit;
use super::users::{UserRow, require_user};
use crate::codec::Time;
use crate::db::{Conn, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

/// `SELECT <every token column> FROM api_tokens <tail>`.
macro_rules! token_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, user_id, label, created_at, last_used_at, revoked FROM api_tokens ",
            $tail
        )
    };
}

#[derive(FromRow)]
struct TokenRow {
    id: i64,
    user_id: i64,
    label: String,
    created_at: Time,
    last_used_at: Option<Time>,
    revoked: bool,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            user_id: UserId(r.user_id),
            label: r.label,
            created_at: r.created_at.0,
            last_used_at: r.last_used_at.map(|t| t.0),
            revoked: r.revoked,
        }
    }
}

#[derive(FromRow)]
struct TokenUser {
    token_id: i64,
    last_used_at: Option<Time>,
    #[sqlx(flatten)]
    user: UserRow,
}

fn subject(id: i64) -> String {
    format!("token:{id}")
}

/// A use this soon after the recorded one is not written: an API client making many
/// requests a second would otherwise make each of them a write (and on SQLite wait for
/// the one writer).
const USE_RECORDED_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// The user a live token acts as, recording its use at `now` (to the minute, see
/// [`USE_RECORDED_EVERY`]). Two statements without a transaction: a token revoked in
/// between may be used once more, as it would have been a moment earlier.
pub(super) async fn user_by_token(
    conn: &mut Conn<'_>,
    token_hash: &str,
    now: Time,
) -> StoreResult<Option<User>> {
    let found: Option<TokenUser> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT t.id AS token_id, t.last_used_at, u.id, u.email, u.display_name, u.role, u.person_id, \
         u.disabled, u.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND NOT t.revoked AND NOT u.disabled"
    )
    .bind(token_hash)
    .fetch_optional(c)
    .await)
    .map_err(backend)?;
    let Some(found) = found else {
        return Ok(None);
    };
    if found
        .last_used_at
        .is_some_and(|last| now.0 < last.0 + USE_RECORDED_EVERY)
    {
        return found.user.into_user().map(Some);
    }
    // Never moved back: requests finishing out of order keep the latest use.
    on_conn!(conn, |c| sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 \
         WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)"
    )
    .bind(now)
    .bind(found.token_id)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "token", found.token_id))?;
    found.user.into_user().map(Some)
}

/// Ordered by id.
pub(super) async fn list_tokens(
    conn: &mut Conn<'_>,
    user: Option<UserId>,
) -> StoreResult<Vec<ApiToken>> {
    let rows: Vec<TokenRow> = match user {
        Some(user) => on_conn!(conn, |c| sqlx::query_as(token_select!(
            "WHERE user_id = $1 ORDER BY id"
        ))
        .bind(user.0)
        .fetch_all(c)
        .await),
        None => on_conn!(conn, |c| sqlx::query_as(token_select!("ORDER BY id"))
            .fetch_all(c)
            .await),
    }
    .map_err(backend)?;
    Ok(rows.into_iter().map(ApiToken::from).collect())
}

async fn token(conn: &mut Conn<'_>, id: i64) -> StoreResult<ApiToken> {
    on_conn!(conn, |c| sqlx::query_as::<_, TokenRow>(token_select!(
        "WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(c)
    .await)
    .map(ApiToken::from)
    .map_err(|e| db_error(e, "token", id))
}

/// Audit `token.created`. Fails with `NotFound` for an unknown user and `Duplicate` for
/// a hash already kept.
pub(super) async fn create_token(
    tx: &mut SqlTx,
    user: UserId,
    label: &str,
    token_hash: &str,
) -> StoreResult<ApiToken> {
    for (field, value) in [("token.label", label), ("token.hash", token_hash)] {
        if value.trim().is_empty() {
            return Err(DomainError::Empty { field }.into());
        }
    }
    require_user(&mut tx.conn(), user).await?;
    let created_at = Time::now();
    let id: i64 = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, label, token_hash, created_at, revoked) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id"
    )
    .bind(user.0)
    .bind(label)
    .bind(token_hash)
    .bind(created_at)
    .bind(false)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "token", label))?;
    let detail = json!({ "user": user, "label": label });
    audit::record(tx, created_at, "token.created", &subject(id), &detail).await?;
    Ok(ApiToken {
        id,
        user_id: user,
        label: label.to_string(),
        created_at: created_at.0,
        last_used_at: None,
        revoked: false,
    })
}

/// Audit `token.revoked`; revoking a revoked token writes nothing.
pub(super) async fn revoke_token(tx: &mut SqlTx, id: i64) -> StoreResult<()> {
    let stored = token(&mut tx.conn(), id).await?;
    if stored.revoked {
        return Ok(());
    }
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "UPDATE api_tokens SET revoked = $1 WHERE id = $2"
    )
    .bind(true)
    .bind(id)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "token", id))?;
    let detail = json!({ "user": stored.user_id, "label": stored.label });
    audit::record(tx, Time::now(), "token.revoked", &subject(id), &detail).await
}

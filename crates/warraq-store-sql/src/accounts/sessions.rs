//! Browser sessions, kept by the SHA-256 of their cookie token. Opening, refreshing and
//! closing one changes no content: written straight to the store, neither audited nor in
//! the change log. Logging a user out everywhere is an account change and is audited.

use serde_json::json;
use sqlx::FromRow;
use warraq_domain::{Session, UserId};
use warraq_store::StoreResult;

use super::audit;
use super::users::require_user;
use crate::codec::Time;
use crate::db::{Conn, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

/// `SELECT <every session column, as s> FROM sessions s <tail>`.
macro_rules! session_select {
    ($tail:literal) => {
        concat!(
            "SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at, \
             s.last_seen_at, s.user_agent, s.address FROM sessions s ",
            $tail
        )
    };
}

#[derive(FromRow)]
struct SessionRow {
    id_hash: String,
    user_id: i64,
    csrf_token: String,
    created_at: Time,
    expires_at: Time,
    last_seen_at: Time,
    user_agent: Option<String>,
    address: Option<String>,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            id_hash: r.id_hash,
            user_id: UserId(r.user_id),
            csrf_token: r.csrf_token,
            created_at: r.created_at.0,
            expires_at: r.expires_at.0,
            last_seen_at: r.last_seen_at.0,
            user_agent: r.user_agent,
            address: r.address,
        }
    }
}

/// How a session is named in errors: the start of its hash is enough to tell it apart in
/// a log, and the log is no place for lookup keys.
fn label(id_hash: &str) -> String {
    let start: String = id_hash.chars().take(8).collect();
    format!("{start}…")
}

/// Fails with `NotFound` for an unknown user, `Duplicate` for a hash already kept.
pub(super) async fn create_session(conn: &mut Conn<'_>, session: &Session) -> StoreResult<()> {
    require_user(conn, session.user_id).await?;
    on_conn!(conn, |c| sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, \
         last_seen_at, user_agent, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(&session.id_hash)
    .bind(session.user_id.0)
    .bind(&session.csrf_token)
    .bind(Time(session.created_at))
    .bind(Time(session.expires_at))
    .bind(Time(session.last_seen_at))
    .bind(&session.user_agent)
    .bind(&session.address)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "session", label(&session.id_hash)))?;
    Ok(())
}

/// The session, unless it has expired at `now` or its user is disabled (a disabled
/// account is locked out at once, without waiting for its sessions to end).
pub(super) async fn session(
    conn: &mut Conn<'_>,
    id_hash: &str,
    now: Time,
) -> StoreResult<Option<Session>> {
    let row: Option<SessionRow> = on_conn!(conn, |c| sqlx::query_as(session_select!(
        "JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND NOT u.disabled"
    ))
    .bind(id_hash)
    .bind(now)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "session", label(id_hash)))?;
    Ok(row.map(Session::from))
}

/// Touching a session that is gone (logged out while a request was under way) is not an
/// error, as deleting one is not: the request was let in a moment before, and the next
/// one finds no session.
pub(super) async fn touch_session(
    conn: &mut Conn<'_>,
    id_hash: &str,
    now: Time,
    expires_at: Time,
) -> StoreResult<()> {
    on_conn!(conn, |c| sqlx::query(
        "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3"
    )
    .bind(now)
    .bind(expires_at)
    .bind(id_hash)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "session", label(id_hash)))?;
    Ok(())
}

pub(super) async fn delete_session(conn: &mut Conn<'_>, id_hash: &str) -> StoreResult<()> {
    on_conn!(conn, |c| sqlx::query(
        "DELETE FROM sessions WHERE id_hash = $1"
    )
    .bind(id_hash)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "session", label(id_hash)))?;
    Ok(())
}

/// Newest first, expired ones included until they are pruned.
pub(super) async fn sessions_of(conn: &mut Conn<'_>, user: UserId) -> StoreResult<Vec<Session>> {
    let rows: Vec<SessionRow> = on_conn!(conn, |c| sqlx::query_as(session_select!(
        "WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.id_hash DESC"
    ))
    .bind(user.0)
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    Ok(rows.into_iter().map(Session::from).collect())
}

pub(super) async fn prune_sessions(conn: &mut Conn<'_>, now: Time) -> StoreResult<u64> {
    on_conn!(conn, |c| sqlx::query(
        "DELETE FROM sessions WHERE expires_at < $1"
    )
    .bind(now)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(backend)
}

/// "Log out everywhere": audit `sessions.revoked` with how many there were, even none
/// (the request itself is worth knowing about).
pub(super) async fn revoke_sessions(tx: &mut SqlTx, user: UserId) -> StoreResult<u64> {
    require_user(&mut tx.conn(), user).await?;
    let deleted = on_conn!(&mut tx.conn(), |c| sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1"
    )
    .bind(user.0)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "user", user))?;
    let detail = json!({ "count": deleted });
    audit::record(
        tx,
        Time::now(),
        "sessions.revoked",
        &format!("user:{user}"),
        &detail,
    )
    .await?;
    Ok(deleted)
}

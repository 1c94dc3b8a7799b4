//! The audit log: who did what to what, appended in the transaction of the change it
//! records, so that an entry exists exactly when its change does.

use sqlx::QueryBuilder;
use warraq_domain::{Actor, AuditEntry, DomainError};
use warraq_store::{AuditQuery, StoreError, StoreResult};

use crate::codec::{Json, Time};
use crate::db::{Conn, on_conn};
use crate::error::backend;
use crate::tx::SqlTx;

/// The largest page [`audit_log`] returns, whatever the caller asks.
const MAX_PAGE: u32 = 500;

/// Appends an entry as the transaction's actor. Used by every audited write of the store.
pub(crate) async fn record(
    tx: &mut SqlTx,
    at: Time,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
) -> StoreResult<()> {
    let actor = tx.actor_text();
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(at)
    .bind(&actor)
    .bind(action)
    .bind(subject)
    .bind(Json(detail))
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(backend)?;
    Ok(())
}

/// An entry written by the caller ([`warraq_store::AccountWrites::audit`]), now.
pub(super) async fn append(
    tx: &mut SqlTx,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
) -> StoreResult<()> {
    for (field, value) in [("audit.action", action), ("audit.subject", subject)] {
        if value.trim().is_empty() {
            return Err(DomainError::Empty { field }.into());
        }
    }
    record(tx, Time::now(), action, subject, detail).await
}

type AuditRow = (i64, Time, String, String, String, Json<serde_json::Value>);

/// Newest first, optionally about one subject, below a sequence number.
pub(super) async fn audit_log(
    conn: &mut Conn<'_>,
    query: &AuditQuery,
) -> StoreResult<Vec<AuditEntry>> {
    let rows: Vec<AuditRow> = on_conn!(conn, |c| {
        let mut sql = QueryBuilder::new(
            "SELECT seq, at, actor, action, subject, detail FROM audit_log WHERE TRUE",
        );
        if let Some(subject) = &query.subject {
            sql.push(" AND subject = ").push_bind(subject.as_str());
        }
        if let Some(before) = query.before {
            sql.push(" AND seq < ").push_bind(before);
        }
        sql.push(" ORDER BY seq DESC LIMIT ")
            .push_bind(i64::from(query.limit.clamp(1, MAX_PAGE)));
        sql.build_query_as().fetch_all(c).await
    })
    .map_err(backend)?;
    rows.into_iter().map(into_entry).collect()
}

fn into_entry((seq, at, actor, action, subject, detail): AuditRow) -> StoreResult<AuditEntry> {
    let actor =
        Actor::parse(&actor).map_err(|e| StoreError::Corrupt(format!("audit entry {seq}: {e}")))?;
    Ok(AuditEntry {
        seq,
        at: at.0,
        actor,
        action,
        subject,
        detail: detail.0,
    })
}

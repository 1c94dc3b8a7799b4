use sqlx::{Sqlite, SqlitePool, Transaction};
use warraq_store::StoreResult;

use crate::error::backend;

/// Starts a transaction that takes the write lock at once. A deferred transaction that
/// reads first and writes later can fail with SQLITE_BUSY when another writer committed
/// in between (the busy timeout does not help there); `BEGIN IMMEDIATE` waits instead.
pub(crate) async fn begin_write(pool: &SqlitePool) -> StoreResult<Transaction<'static, Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)
}

use sqlx::{PgPool, Postgres, Transaction};
use warraq_store::StoreResult;

use crate::error::backend;

/// Every writer takes this transaction-scoped advisory lock (the bytes spell "warraqCL").
const CHANGE_LOG_LOCK: i64 = 0x7761_7272_6171_434C;

/// Starts a writing transaction, holding the change-log lock until it ends.
///
/// Why: change-log sequence numbers come from an identity column, which hands out numbers
/// when a row is inserted, not when its transaction commits. Two overlapping writers could
/// take 7 and 8 and commit 8 first; a follower that has read 8 then asks for `seq > 8`
/// and never sees 7. Holding one lock from before the change-log insert until commit
/// makes writers take numbers and commit in the same order, so every number below one a
/// follower has seen is already committed (or never will be).
///
/// The lock is taken at the start rather than right before the insert so that no writer
/// waits for it while holding row locks another writer under the lock needs (no
/// deadlocks), and so that reads inside the transaction see every earlier write. Writes
/// are thereby serialised, as they are in SQLite; a newsroom's write rate is far below
/// what that allows.
pub(crate) async fn begin_write(pool: &PgPool) -> StoreResult<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await.map_err(backend)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(CHANGE_LOG_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(tx)
}
